"""The set-up says what to do, without a traceback, when the environment is wrong."""
import os
import socket
import subprocess
import sys

import psycopg2
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import odoo_db  # noqa: E402


def run(script, env_overrides, timeout=120):
    env = dict(os.environ, **env_overrides)
    return subprocess.run(
        ["bash", os.path.join(ROOT, "scripts", script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=timeout,
    )


def test_missing_python37_is_explained(tmp_path):
    result = run("setup_venv.sh", {
        "VENV": str(tmp_path / "venv"),
        "PYENV_ROOT": str(tmp_path / "no-pyenv"),
        "PATH": "/usr/bin:/bin",
    })
    assert result.returncode == 1
    assert "Python 3.7 is needed" in result.stdout
    assert "Traceback" not in result.stdout
    assert not (tmp_path / "venv").exists()


def test_postgres_port_taken_by_another_server_is_explained():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        result = run("setup_postgres.sh", {"PGPORT": str(port)})
    assert result.returncode == 1
    assert "port %d is taken by a server that does not answer as PostgreSQL" % port in result.stdout
    assert "PGPORT=" in result.stdout


@pytest.fixture
def scratch_db():
    name = "clientdesk_setup_check"
    odoo_db.drop(name)
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute('CREATE DATABASE "%s"' % name)
    conn.close()
    yield name
    odoo_db.drop(name)


def test_database_of_another_odoo_version_is_explained(scratch_db):
    conn = psycopg2.connect(dbname=scratch_db)
    with conn, conn.cursor() as cr:
        cr.execute("CREATE TABLE ir_module_module (name varchar, state varchar, latest_version varchar)")
        cr.execute("INSERT INTO ir_module_module VALUES ('base', 'installed', '12.0.1.3')")
    conn.close()
    with pytest.raises(odoo_db.SetupError) as caught:
        odoo_db.ensure(scratch_db)
    assert "made by Odoo 12.0" in str(caught.value)
    assert "make clean-db" in str(caught.value)


def test_database_that_is_not_odoo_is_explained(scratch_db):
    with pytest.raises(odoo_db.SetupError) as caught:
        odoo_db.ensure(scratch_db)
    assert "not an Odoo database" in str(caught.value)


def test_ensure_reports_error_without_traceback(scratch_db):
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "odoo_db.py"), "ensure", scratch_db],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=60,
    )
    assert result.returncode == 1
    assert "not an Odoo database" in result.stdout
    assert "Traceback" not in result.stdout


def test_code_hash_changes_with_the_code(tmp_path, monkeypatch):
    module = tmp_path / "client_desk_probe"
    module.mkdir()
    (module / "__manifest__.py").write_text("{'name': 'probe'}")
    monkeypatch.setattr(odoo_db, "ADDONS", str(tmp_path))
    before = odoo_db.code_hash("client_desk_probe")
    (module / "models.py").write_text("x = 1\n")
    assert odoo_db.code_hash("client_desk_probe") != before
    assert odoo_db.client_desk_modules() == ["client_desk_probe"]
