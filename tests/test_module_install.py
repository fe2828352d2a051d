"""Every Client Desk module installs alone on a fresh database, and the Belgian accounting
localisation installs beside them, with no error or warning in Odoo's log."""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import odoo_db  # noqa: E402  (scripts/ is not a package)


def install_and_drop(dbname, modules, languages=None):
    logfile = os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname)
    odoo_db.drop(dbname)
    try:
        odoo_db.install(dbname, modules, logfile, demo=True, languages=languages)
        return odoo_db.installed_modules(dbname)
    finally:
        odoo_db.drop(dbname)


@pytest.mark.parametrize("module", odoo_db.client_desk_modules())
def test_module_installs_alone_with_demo_data(module):
    installed = install_and_drop("clientdesk_alone_%s" % module, [module])
    assert module in installed
    # Feature modules stay independent: only auto-installing bridges may come along.
    pulled_in = (installed & set(odoo_db.client_desk_modules())) - {module}
    assert not {name for name in pulled_in if not odoo_db.manifest(name).get("auto_install")}


def test_belgian_chart_of_accounts_installs_with_client_desk():
    modules = odoo_db.client_desk_modules() + ["account_invoicing", "l10n_be"]
    installed = install_and_drop("clientdesk_l10n_be", modules, languages="nl_BE,fr_BE")
    assert {"l10n_be", "account", "client_desk"} <= installed


def test_install_log_with_a_warning_fails(tmp_path):
    log = tmp_path / "install.log"
    log.write_text(
        "2026-01-01 10:00:00,000 1 INFO db odoo.modules.loading: loading 1 modules...\n"
        "2026-01-01 10:00:01,000 1 WARNING db py.warnings: something deprecated\n"
    )
    assert odoo_db.log_problems(str(log)) == [
        "2026-01-01 10:00:01,000 1 WARNING db py.warnings: something deprecated"
    ]


def test_known_stock_odoo_warning_is_not_ours(tmp_path):
    log = tmp_path / "install.log"
    log.write_text(
        "2026-01-01 10:00:01,000 1 WARNING db odoo.addons.account.models.account_invoice: Tax Base Amount not "
        "computable probably due to a change in an underlying tax (21% S. TTC).\n"
        "2026-01-01 10:00:02,000 1 WARNING db odoo.addons.account.models.account_invoice: Tax Base Amount not "
        "computable probably due to a change in an underlying tax (6% S.).\n"
    )
    assert len(odoo_db.log_problems(str(log))) == 1
