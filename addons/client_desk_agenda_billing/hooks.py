"""Uninstall steps Odoo's data files cannot express."""


def uninstall_hook(cr, registry):
    """Forgets this module's settings (ir.config_parameter is not module data)."""
    cr.execute("DELETE FROM ir_config_parameter WHERE key LIKE %s", ("client_desk_agenda_billing.%",))
