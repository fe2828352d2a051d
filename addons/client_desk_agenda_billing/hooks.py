"""Uninstall steps Odoo's data files cannot express."""


def uninstall_hook(cr, registry):
    """Forgets this module's settings (ir.config_parameter is not module data), and the clients'
    package cards: sold cards keep a package from being deleted (ondelete restrict), which
    stopped Odoo removing the packages of the module's data (the demo's ten-visit card)."""
    cr.execute("DELETE FROM ir_config_parameter WHERE key LIKE %s", ("client_desk_agenda_billing.%",))
    cr.execute("DELETE FROM client_desk_package_card")
