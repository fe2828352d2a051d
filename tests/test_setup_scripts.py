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
        ["bash", os.path.join(ROOT, "scripts", script)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=timeout,
    )


def test_missing_python37_is_explained(tmp_path):
    result = run(
        "setup_venv.sh",
        {
            "VENV": str(tmp_path / "venv"),
            "PYENV_ROOT": str(tmp_path / "no-pyenv"),
            "PATH": "/usr/bin:/bin",
        },
    )
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
    name = "cdt_setup_check_%d" % os.getpid()  # unique: parallel runs never share it
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
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=60,
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


HOOK_PROBE = """
import odoo
from odoo import http
from odoo.modules.module import initialize_sys_path, load_openerp_module
from odoo.service import wsgi_server

odoo.tools.config.parse_config(["-c", "odoo.conf", "--log-level=warn"])
initialize_sys_path()


def wrapped():
    return (
        getattr(http.Root.get_request, "client_desk_wrapped", False),
        getattr(wsgi_server.wsgi_xmlrpc, "client_desk_wrapped", False),
    )


import odoo.addons.client_desk  # noqa: E402,F401

print("import", *wrapped())
load_openerp_module("client_desk")  # what a registry load or --load=client_desk does
print("post_load", *wrapped())
"""


def test_http_hardening_is_installed_by_post_load_not_by_import():
    result = subprocess.run(
        [sys.executable, "-c", HOOK_PROBE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-2:] == ["import False False", "post_load True True"]


def test_make_run_loads_client_desk_server_wide():
    """The hardening is in place before make run's server answers its first request (a
    registry is loaded only after the HTTP server has started)."""
    with open(os.path.join(ROOT, "scripts", "run_server.sh"), encoding="utf-8") as handle:
        assert "--load=web,client_desk" in handle.read()


def test_lint_hooks_run_offline_from_the_venv():
    """make lint runs pre-commit without network: every hook is local and its tool is in the
    venv, at the version STYLE.md pins."""
    import shlex

    import yaml

    with open(os.path.join(ROOT, ".pre-commit-config.yaml"), encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    assert {hook["language"] for hook in hooks} == {"system"}
    assert {"flake8", "isort", "black", "pylint-odoo", "oca-checks-odoo-module"} <= {hook["id"] for hook in hooks}
    venv_bin = os.path.dirname(sys.executable)
    for hook in hooks:
        words = shlex.split(hook["entry"])
        tool = shlex.split(words[2])[0] if words[:2] == ["bash", "-c"] else words[0]
        assert os.access(os.path.join(venv_bin, tool), os.X_OK), "%s is not in the venv" % tool
    with open(os.path.join(ROOT, "requirements-dev.txt"), encoding="utf-8") as handle:
        pins = {line.strip().lower() for line in handle if "==" in line}
    assert {
        "pylint-odoo==8.0.22",
        "oca-odoo-pre-commit-hooks==0.0.35",
        "flake8==5.0.4",
        "isort==5.11.5",
        "black==23.3.0",
    } <= pins


def odoo_test_log(tmp_path, *lines):
    log = tmp_path / "odoo-tests.log"
    log.write_text("".join("2026-01-01 10:00:00,000 1 %s db %s\n" % line for line in lines))
    return str(log)


def ran_every_test_file(module="client_desk"):
    """Log lines of a run in which every test file of module ran, one test each."""
    folder = os.path.join(ROOT, "addons", module, "tests")
    names = sorted(name[:-3] for name in os.listdir(folder) if name.startswith("test_") and name.endswith(".py"))
    lines = []
    for name in names:
        logger = "odoo.addons.%s.tests.%s" % (module, name)
        lines.append(("INFO", "odoo.modules.module: %s running tests." % logger))
        lines.append(("INFO", "%s: Ran 1 test in 0.010s" % logger))
    return lines


def test_odoo_test_log_passes_when_every_test_file_ran(tmp_path):
    import check_odoo_test_log

    stock_failure = [
        ("ERROR", "odoo.addons.base.tests.test_misc: FAIL: test_00_accepted_types"),
        ("ERROR", "odoo.modules.module: Module base: 1 failures, 0 errors"),
        ("ERROR", "odoo.sql_db: bad query: UPDATE res_partner ..."),  # provoked by a test
    ]
    log = odoo_test_log(tmp_path, *(ran_every_test_file() + stock_failure))
    failures, errors, count = check_odoo_test_log.check(log, ["client_desk"])
    assert failures == []
    assert len(errors) == 3  # shown, not failed on
    assert count > 0


def test_odoo_test_log_fails_on_our_failure_or_a_file_that_did_not_run(tmp_path):
    import check_odoo_test_log

    lines = ran_every_test_file()
    failed = lines + [
        ("ERROR", "odoo.addons.client_desk.tests.test_values: FAIL: test_x (TestValues)"),
        ("ERROR", "odoo.modules.module: Module client_desk: 1 failures, 0 errors"),
    ]
    assert len(check_odoo_test_log.check(odoo_test_log(tmp_path, *failed), ["client_desk"])[0]) == 2
    skipped = [line for line in lines if "test_values" not in line[1]]
    failures = check_odoo_test_log.check(odoo_test_log(tmp_path, *skipped), ["client_desk"])[0]
    assert failures == ["client_desk: these test files did not run: test_values"]
