"""Who may do what: the one group check behind Client Desk's wizards and actions."""
from odoo import SUPERUSER_ID, _
from odoo.exceptions import AccessError

STAFF = "client_desk.group_client_desk_user"
MANAGER = "client_desk.group_client_desk_manager"


def require_group(env, group_xmlid, message=None):
    """Raises AccessError (translated) unless env's user is in the group; the superuser is.

    Transient models and actions are open to every user: wizards and actions that act on
    clients call this first.
    """
    if env.uid == SUPERUSER_ID:
        return
    if not env.user.has_group(group_xmlid):
        raise AccessError(message or (
            _("Only Client Desk managers may do this.") if group_xmlid == MANAGER
            else _("Only Client Desk staff may do this.")
        ))


def require_staff(env, message=None):
    """Client Desk user (staff) or manager."""
    require_group(env, STAFF, message)


def require_manager(env, message=None):
    """Client Desk manager."""
    require_group(env, MANAGER, message)
