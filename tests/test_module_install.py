"""Every Client Desk module but the bridges installs alone on a fresh database and uninstalls
without leaving anything behind, with no error or warning in Odoo's log (bridges, every module
together and the Belgian chart of accounts: test_module_subsets.py).

Database names are unique per run (the process id), so that two runs, or a `make run`
beside `make test`, never share or drop each other's databases.
"""
import os
import re
import sys

import psycopg2
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import odoo_db  # noqa: E402  (scripts/ is not a package)

# What an installed module may leave in the database, by kind: (label, query of names).
SCHEMA_QUERIES = (
    ("table", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"),
    (
        "column",
        "SELECT table_name || '.' || column_name FROM information_schema.columns" " WHERE table_schema = 'public'",
    ),
    ("index", "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"),
    (
        "constraint",
        "SELECT conrelid::regclass || '.' || conname FROM pg_constraint c"
        " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'",
    ),
    ("view", "SELECT viewname FROM pg_views WHERE schemaname = 'public'"),
    ("sequence", "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'"),
    ("model", "SELECT model FROM ir_model"),
    ("field", "SELECT model || '.' || name FROM ir_model_fields"),
    ("ui view", "SELECT id || ' ' || name FROM ir_ui_view"),
    ("menu", "SELECT id || ' ' || name FROM ir_ui_menu"),
    ("action", "SELECT id || ' ' || name FROM ir_actions"),
    ("group", "SELECT id || ' ' || name FROM res_groups"),
)


def unique_name(*parts):
    """A database name of this run only (PostgreSQL allows 63 characters)."""
    return ("cdt_%s_%s" % ("_".join(parts), os.getpid()))[:63]


def logfile(dbname, step):
    return os.path.join(odoo_db.LOG_DIR, "%s-%s.log" % (step, dbname))


def schema(dbname):
    """{(kind, name)} of the tables, columns, indexes... and Odoo's models, views, menus."""
    found = set()
    with odoo_db.cursor(dbname) as cr:
        for kind, query in SCHEMA_QUERIES:
            cr.execute(query)
            found.update((kind, name) for (name,) in cr.fetchall())
    return found


def module_data(dbname, module):
    with odoo_db.cursor(dbname) as cr:
        cr.execute("SELECT model || ' ' || name FROM ir_model_data WHERE module = %s", (module,))
        return sorted(name for (name,) in cr.fetchall())


DATE_RANGE_SEQUENCE = re.compile(r"^ir_sequence_(\d{3})_\d{3}$")


def left_behind(new, before):
    """What a module left behind, less the PostgreSQL sequences of the yearly ranges of an
    ir.sequence that existed before it: using accounting (the demo's invoices) opens the
    year's range of the journal's sequence, which belongs to accounting, not to the module."""
    return {
        (kind, name)
        for kind, name in new
        if not (
            kind == "sequence"
            and DATE_RANGE_SEQUENCE.match(name)
            and ("sequence", "ir_sequence_%s" % DATE_RANGE_SEQUENCE.match(name).group(1)) in before
        )
    }


def client_desk_depends(module):
    """The Client Desk modules that module needs, directly or through another."""
    ours, needed, todo = set(odoo_db.client_desk_modules()), set(), [module]
    while todo:
        for name in odoo_db.manifest(todo.pop()).get("depends", []):
            if name in ours and name not in needed:
                needed.add(name)
                todo.append(name)
    return needed


# Bridges install with the two modules they glue: test_module_subsets.py.
NOT_BRIDGES = [name for name in odoo_db.client_desk_modules() if name not in odoo_db.bridge_modules()]


@pytest.mark.parametrize("module", NOT_BRIDGES)
def test_module_installs_alone_and_uninstalls_cleanly(module):
    dbname = unique_name("alone", module)
    odoo_db.drop(dbname)
    try:
        # Its dependencies first, to know what the database held before the module.
        odoo_db.install(dbname, odoo_db.manifest(module)["depends"], logfile(dbname, "depends"), demo=True)
        before = schema(dbname)
        odoo_db.install(dbname, [module], logfile(dbname, "install"), demo=True)
        installed = odoo_db.installed_modules(dbname)
        assert module in installed
        # Feature modules stay independent: only auto-installing bridges may come along.
        pulled_in = (installed & set(odoo_db.client_desk_modules())) - {module} - client_desk_depends(module)
        assert not {name for name in pulled_in if not odoo_db.manifest(name).get("auto_install")}
        assert ("table", "client_desk_identity_claim") in schema(dbname) or module != "client_desk"

        odoo_db.uninstall(dbname, [module], logfile(dbname, "uninstall"))
        assert module not in odoo_db.installed_modules(dbname)
        assert sorted(left_behind(schema(dbname) - before, before)) == []
        assert module_data(dbname, module) == []
    finally:
        odoo_db.drop(dbname)


def test_drop_ends_own_sessions_on_that_database_only():
    """make test drops its databases while other programs (make run's server, psql) are
    connected elsewhere: it ends this role's sessions on the dropped database, nobody else's
    (PostgreSQL refuses to end other roles' and superuser processes: the drop failed)."""
    dropped, kept = unique_name("drop_me"), unique_name("keep_me")
    for name in (dropped, kept):
        odoo_db.drop(name)
        with odoo_db.cursor("postgres") as cr:
            cr.connection.autocommit = True
            cr.execute('CREATE DATABASE "%s"' % name)
    on_dropped = psycopg2.connect(dbname=dropped)
    on_kept = psycopg2.connect(dbname=kept)
    try:
        odoo_db.drop(dropped)
        assert not odoo_db.database_exists(dropped)
        with on_kept.cursor() as cr:  # the session elsewhere still works
            cr.execute("SELECT 1")
            assert cr.fetchone() == (1,)
        with pytest.raises(psycopg2.OperationalError):  # the one on the dropped database ended
            with on_dropped.cursor() as cr:
                cr.execute("SELECT 1")
    finally:
        on_dropped.close()
        on_kept.close()
        odoo_db.drop(kept)


def test_drop_leaves_processes_it_may_not_end(monkeypatch):
    """A superuser process on the database (an autovacuum worker after an install, another
    role's session) made the drop fail: "must be a superuser to terminate superuser process".
    Here such a process shows on the database through a temporary view that shadows
    pg_stat_activity in drop()'s sessions (PostgreSQL searches temporary relations first):
    the refusal is PostgreSQL's own, for a real superuser process."""
    dbname = unique_name("drop_busy")
    odoo_db.drop(dbname)
    with odoo_db.cursor("postgres") as cr:
        cr.connection.autocommit = True
        cr.execute('CREATE DATABASE "%s"' % dbname)
        cr.execute(
            "SELECT pid FROM pg_stat_activity WHERE usename IS DISTINCT FROM current_user"
            " AND usename IS NOT NULL LIMIT 1"
        )
        superuser_process = cr.fetchone()
    assert superuser_process, "no process of another role to show (PostgreSQL's launcher runs as its superuser)"
    connect = odoo_db.connect

    def connect_seeing_a_superuser_process(name="postgres"):
        conn = connect(name)
        with conn.cursor() as cr:
            cr.execute(
                "CREATE TEMP VIEW pg_stat_activity AS"
                " SELECT datname, pid, usename, backend_type FROM pg_catalog.pg_stat_activity"
                " UNION ALL SELECT %s::name, pid, usename, backend_type FROM pg_catalog.pg_stat_activity"
                " WHERE pid = %s",
                (dbname, superuser_process[0]),
            )
        conn.commit()
        return conn

    monkeypatch.setattr(odoo_db, "connect", connect_seeing_a_superuser_process)
    try:
        odoo_db.drop(dbname)
        assert not odoo_db.database_exists(dbname)
    finally:
        monkeypatch.undo()
        odoo_db.drop(dbname)


def test_install_log_with_a_warning_fails(tmp_path):
    log = tmp_path / "install.log"
    log.write_text(
        "2026-01-01 10:00:00,000 1 INFO db odoo.modules.loading: loading 1 modules...\n"
        "2026-01-01 10:00:01,000 1 WARNING db py.warnings: something deprecated\n"
    )
    assert odoo_db.log_problems(str(log)) == ["2026-01-01 10:00:01,000 1 WARNING db py.warnings: something deprecated"]


def test_known_stock_odoo_warning_is_not_ours(tmp_path):
    log = tmp_path / "install.log"
    log.write_text(
        "2026-01-01 10:00:01,000 1 WARNING db odoo.addons.account.models.account_invoice: Tax Base Amount not "
        "computable probably due to a change in an underlying tax (21% S. TTC).\n"
        "2026-01-01 10:00:02,000 1 WARNING db odoo.addons.account.models.account_invoice: Tax Base Amount not "
        "computable probably due to a change in an underlying tax (6% S.).\n"
    )
    assert len(odoo_db.log_problems(str(log))) == 1
