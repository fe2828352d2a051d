#!/usr/bin/env python3
"""Creates, checks and updates the Client Desk databases (run with the venv's Python).

    odoo_db.py ensure DB        create DB with every Client Desk module and demo data, or
                                update the modules whose code changed since it was made
    odoo_db.py fresh DB [MOD..] drop DB and install MOD (default: every Client Desk module);
                                fails when the install logs an error or a warning
    odoo_db.py fresh-test DB    the same, with English as the default language (test database)
    odoo_db.py drop DB [DB..]   drop databases and their filestores
    odoo_db.py warm-assets DB   build the web asset bundles once (saves time in HTTP tests)
    odoo_db.py modules          list the Client Desk modules
    odoo_db.py depends          the modules they depend on that are not Client Desk's (a,b,c)

Odoo runs in a child process (scripts/odoo-bin); this script only talks to PostgreSQL.
"""
import ast
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

import psycopg2
import psycopg2.errors

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = os.path.join(ROOT, "addons")
VAR = os.path.join(ROOT, "var")
LOG_DIR = os.path.join(VAR, "log")
ODOO_SERIES = "11.0"
HASHES_KEY = "client_desk.dev_code_hashes"
# The first language loaded becomes the database's default: Dutch for the demo salon, English
# for the test database, so that tests read the source strings unless they ask for a language.
LANGUAGES = "nl_BE,fr_BE"
TEST_LANGUAGES = "en_US,nl_BE,fr_BE"
# The demo salon (make run) keeps Belgian books: the Belgian chart of accounts goes in before
# the Client Desk modules, whose demo invoices and payments need a chart to be booked, and
# after client_desk, whose demo makes the company Belgian (else accounting also installs the
# chart of the default country). One install step each, in this order.
DEMO_FIRST = ("client_desk", "l10n_be")
# Log lines that count as a failed install: anything at WARNING or above...
PROBLEM_LINE = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")
# ...except what stock Odoo 11 itself logs whatever the versions around it: account's demo
# invoices with l10n_be's tax-included "21% S. TTC" hit a known 11.0 bug in
# account.invoice.tax._compute_base_amount (fixed upstream only in later series).
STOCK_WARNINGS = (
    re.compile(
        r"odoo\.addons\.account\.models\.account_invoice: Tax Base Amount not computable probably due to "
        r"a change in an underlying tax \(21% S\. TTC\)\.$"
    ),
)


class SetupError(Exception):
    """A problem the user can fix; printed without a traceback."""


def manifest(module):
    with open(os.path.join(ADDONS, module, "__manifest__.py"), encoding="utf-8") as handle:
        return ast.literal_eval(handle.read())


def client_desk_modules():
    """Installable addons under addons/ whose name starts with client_desk."""
    return [
        name
        for name in (sorted(os.listdir(ADDONS)) if os.path.isdir(ADDONS) else [])
        if name.startswith("client_desk")
        and os.path.isfile(os.path.join(ADDONS, name, "__manifest__.py"))
        and manifest(name).get("installable", True)
    ]


# The feature modules of DESIGN.md; a bridge auto-installs when two of them are installed.
FEATURE_MODULES = (
    "client_desk_agenda",
    "client_desk_billing",
    "client_desk_campaigns",
    "client_desk_documents",
    "client_desk_inbox",
)


def glued_modules(module):
    """The feature modules a bridge glues (sorted): its Client Desk feature dependencies."""
    return sorted(set(manifest(module).get("depends", [])) & set(FEATURE_MODULES))


def bridge_modules():
    """The auto-installing modules that glue two feature modules."""
    return [
        name for name in client_desk_modules() if manifest(name).get("auto_install") and len(glued_modules(name)) >= 2
    ]


def outside_depends(modules=None):
    """The modules that Client Desk modules depend on directly and that are not theirs."""
    modules = modules or client_desk_modules()
    return sorted({name for module in modules for name in manifest(module).get("depends", [])} - set(modules))


def code_hash(module):
    """Digest of every source file of a module, to tell when it needs an update."""
    digest = hashlib.sha256()
    base = os.path.join(ADDONS, module)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, base).encode())
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def connect(dbname="postgres"):
    try:
        return psycopg2.connect(dbname=dbname)
    except psycopg2.OperationalError as error:
        raise SetupError("cannot connect to PostgreSQL database %r: %s" % (dbname, str(error).strip()))


@contextlib.contextmanager
def cursor(dbname, commit=False):
    """A cursor on dbname; commits at the end when asked, always closes the connection."""
    conn = connect(dbname)
    try:
        with conn.cursor() as cr:
            yield cr
        if commit:
            conn.commit()
    finally:
        conn.close()


def database_exists(dbname):
    with cursor("postgres") as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
        return bool(cr.fetchone())


def odoo_version(dbname):
    """Odoo series that made the database, or None when it is not an Odoo database."""
    with cursor(dbname) as cr:
        cr.execute("SELECT to_regclass('ir_module_module')")
        if cr.fetchone()[0] is None:
            return None
        cr.execute("SELECT latest_version FROM ir_module_module WHERE name = 'base' AND state = 'installed'")
        row = cr.fetchone()
        return (row[0] or "") if row else None


def installed_modules(dbname):
    with cursor(dbname) as cr:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        return {name for (name,) in cr.fetchall()}


def stored_hashes(dbname):
    with cursor(dbname) as cr:
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", (HASHES_KEY,))
        row = cr.fetchone()
        return json.loads(row[0]) if row else {}


def store_hashes(dbname, modules):
    hashes = stored_hashes(dbname)
    hashes.update({module: code_hash(module) for module in modules})
    with cursor(dbname, commit=True) as cr:
        cr.execute("DELETE FROM ir_config_parameter WHERE key = %s", (HASHES_KEY,))
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value, create_date, write_date)"
            " VALUES (%s, %s, now() at time zone 'UTC', now() at time zone 'UTC')",
            (HASHES_KEY, json.dumps(hashes, sort_keys=True)),
        )


def run_odoo(dbname, args, logfile, command=None, stdin=None):
    """Runs Odoo once (--stop-after-init) on dbname; returns its exit code.

    command: an odoo-bin command (e.g. "shell", which runs the Python script given as stdin).
    """
    os.makedirs(os.path.dirname(logfile), exist_ok=True)
    if os.path.exists(logfile):
        os.remove(logfile)
    command = (
        [
            sys.executable,
            os.path.join(ROOT, "scripts", "odoo-bin"),
        ]
        + ([command] if command else [])
        + [
            "-c",
            os.path.join(ROOT, "odoo.conf"),
            "-d",
            dbname,
            "--db-filter=^%s$" % re.escape(dbname),
            "--logfile=%s" % logfile,
            "--stop-after-init",
            "--max-cron-threads=0",
            "--http-port=0",
        ]
        + args
    )
    if stdin is None:
        return subprocess.call(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    result = subprocess.run(
        command, cwd=ROOT, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, universal_newlines=True
    )
    if result.returncode:
        with open(logfile, "a", encoding="utf-8") as handle:
            handle.write(result.stderr)  # the script's traceback, beside Odoo's log
    return result.returncode


def log_problems(logfile):
    with open(logfile, encoding="utf-8", errors="replace") as handle:
        return [
            line.rstrip()
            for line in handle
            if PROBLEM_LINE.match(line) and not any(known.search(line.rstrip()) for known in STOCK_WARNINGS)
        ]


def install(dbname, modules, logfile, demo=True, languages=LANGUAGES, addons_path=None):
    """Installs modules in a new database; raises SetupError on failure, warnings included.
    addons_path: instead of odoo.conf's (e.g. a folder without some modules, which Odoo then
    does not know: an auto-installing bridge stays out)."""
    args = ["-i", ",".join(modules)]
    if addons_path:
        args.append("--addons-path=%s" % addons_path)
    if not demo:
        args.append("--without-demo=all")
    if languages:
        args.append("--load-language=%s" % languages)
    code = run_odoo(dbname, args, logfile)
    problems = log_problems(logfile)
    if code or problems:
        raise SetupError(
            "installing %s in %r failed (exit %s); see %s:\n  %s"
            % (", ".join(modules), dbname, code, logfile, "\n  ".join(problems[:20]))
        )


UNINSTALL_SCRIPT = """
modules = env["ir.module.module"].search([("name", "in", %r), ("state", "=", "installed")])
assert len(modules) == %d, "not installed: %%s" %% modules.mapped("name")
modules.button_immediate_uninstall()
"""


def uninstall(dbname, modules, logfile):
    """Uninstalls modules (and what depends on them) as a user would, from Apps; raises
    SetupError when Odoo fails or logs a warning."""
    code = run_odoo(dbname, [], logfile, command="shell", stdin=UNINSTALL_SCRIPT % (list(modules), len(modules)))
    problems = log_problems(logfile)
    if code or problems:
        raise SetupError(
            "uninstalling %s from %r failed (exit %s); see %s:\n  %s"
            % (", ".join(modules), dbname, code, logfile, "\n  ".join(problems[:20]))
        )


def terminate_own_sessions(cr, dbname):
    """Ends this role's other sessions on dbname (e.g. a test server that is still open).

    Only this role's client sessions: PostgreSQL refuses (an error, not a skip) to end the
    sessions of other roles and superuser processes such as autovacuum workers, which
    DROP DATABASE ends itself; a database of another role is left alone.
    """
    cr.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()"
        " AND usename = current_user AND backend_type = 'client backend'",
        (dbname,),
    )


def drop(dbname, attempts=5):
    """Drops dbname (when it exists) and its filestore."""
    if database_exists(dbname):
        conn = connect()
        conn.autocommit = True
        try:
            with conn.cursor() as cr:
                for attempt in range(1, attempts + 1):
                    terminate_own_sessions(cr, dbname)
                    try:
                        cr.execute('DROP DATABASE IF EXISTS "%s"' % dbname.replace('"', '""'))
                        break
                    except psycopg2.errors.ObjectInUse as error:
                        # A session that just connected, or one of another role.
                        if attempt == attempts:
                            raise SetupError(
                                "cannot drop database %r: %s Close the program that uses it and try again."
                                % (dbname, str(error).strip())
                            )
                        time.sleep(attempt)
        finally:
            conn.close()
    shutil.rmtree(os.path.join(VAR, "odoo-data", "filestore", dbname), ignore_errors=True)


def copy(source, target):
    """target: a copy of database source and its filestore (source must have no session)."""
    drop(target)
    conn = connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            terminate_own_sessions(cr, source)
            cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (target.replace('"', '""'), source.replace('"', '""')))
    finally:
        conn.close()
    filestore = os.path.join(VAR, "odoo-data", "filestore")
    if os.path.isdir(os.path.join(filestore, source)):
        shutil.copytree(os.path.join(filestore, source), os.path.join(filestore, target))


def fresh(dbname, modules=None, demo=True, languages=LANGUAGES, first=()):
    """A new database with modules; those of `first` installed before them, one step each."""
    modules = modules or client_desk_modules()
    drop(dbname)
    for module in first:
        logfile = os.path.join(LOG_DIR, "install-%s-%s.log" % (module, dbname))
        install(dbname, [module], logfile, demo=demo, languages=languages)
    install(dbname, modules, os.path.join(LOG_DIR, "install-%s.log" % dbname), demo=demo, languages=languages)
    if languages:
        # The administrator works in the database's first language too (Odoo only gives it
        # to new partners and the company).
        with cursor(dbname, commit=True) as cr:
            cr.execute(
                "UPDATE res_partner SET lang = %s WHERE id = (SELECT partner_id FROM res_users WHERE id = 1)",
                (languages.split(",")[0],),
            )
    store_hashes(dbname, [m for m in modules if m in client_desk_modules()])


def warm_assets(dbname):
    """Builds and stores the web client's and website's asset bundles once, so that every
    HTTP test does not compile them again inside its rolled-back transaction."""
    import odoo

    odoo.tools.config.parse_config(["-c", os.path.join(ROOT, "odoo.conf"), "-d", dbname, "--log-level=warn"])
    registry = odoo.registry(dbname)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        for bundle in ("web.assets_common", "web.assets_backend", "web.assets_frontend"):
            files, remains = env["ir.qweb"]._get_asset_content(bundle, {})
            asset = env["ir.qweb"].get_asset_bundle(bundle, files, remains, env=env)
            asset.js()
            asset.css()


def ensure(dbname):
    """Creates the database, or brings its Client Desk modules up to date with the code."""
    modules = client_desk_modules()
    if not database_exists(dbname):
        print(
            "Creating database %r with %s and the demo salon (first run: a few minutes)..."
            % (dbname, ", ".join(modules)),
            flush=True,
        )
        fresh(dbname, modules, first=DEMO_FIRST)
        return
    version = odoo_version(dbname)
    if version is None:
        raise SetupError(
            "database %r exists but is not an Odoo database. Drop it (make clean-db) or choose"
            " another name: DB_NAME=other make run" % dbname
        )
    if not version.startswith(ODOO_SERIES + "."):
        raise SetupError(
            "database %r was made by Odoo %s, and Client Desk runs on Odoo %s. Drop it"
            " (make clean-db) or choose another name: DB_NAME=other make run"
            % (dbname, version.rsplit(".", 3)[0] if version.count(".") > 3 else version, ODOO_SERIES)
        )
    installed = installed_modules(dbname)
    for module in DEMO_FIRST:
        if module not in installed:
            print("Updating %r: install %s first..." % (dbname, module), flush=True)
            logfile = os.path.join(LOG_DIR, "update-%s-%s.log" % (module, dbname))
            if run_odoo(dbname, ["-i", module], logfile):
                raise SetupError("installing %s in %r failed; see %s" % (module, dbname, logfile))
    installed = installed_modules(dbname)
    hashes = stored_hashes(dbname)
    to_install = [m for m in modules if m not in installed]
    to_update = [m for m in modules if m in installed and hashes.get(m) != code_hash(m)]
    if not (to_install or to_update):
        return
    print(
        "Updating %r: install %s, update %s..."
        % (dbname, ", ".join(to_install) or "nothing", ", ".join(to_update) or "nothing"),
        flush=True,
    )
    args = []
    if to_install:
        args += ["-i", ",".join(to_install)]
    if to_update:
        args += ["-u", ",".join(to_update)]
    logfile = os.path.join(LOG_DIR, "update-%s.log" % dbname)
    if run_odoo(dbname, args, logfile):
        raise SetupError("updating %r failed; see %s" % (dbname, logfile))
    store_hashes(dbname, to_install + to_update)


def main(argv):
    if not argv or argv[0] not in ("ensure", "fresh", "fresh-test", "drop", "modules", "depends", "warm-assets"):
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    try:
        if command == "ensure":
            ensure(args[0])
        elif command == "fresh":
            fresh(args[0], args[1:] or None)
        elif command == "fresh-test":
            fresh(args[0], args[1:] or None, languages=TEST_LANGUAGES)
        elif command == "warm-assets":
            warm_assets(args[0])
        elif command == "drop":
            for dbname in args:
                drop(dbname)
        elif command == "depends":
            print(",".join(outside_depends()))
        else:
            print("\n".join(client_desk_modules()))
    except SetupError as error:
        print("\n\033[31mclient desk set-up: %s\033[0m\n" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
