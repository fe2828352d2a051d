"""Install and uninstall steps Odoo's data files cannot express."""
import logging

from psycopg2 import Error, sql

_logger = logging.getLogger(__name__)

CONSTRAINT = "calendar_event_client_desk_no_overlap"
# Stock calendar lets portal users read and change every attendee row (SECURITY leak 1):
# portal users read only their own and change none. Stock values restored on uninstall.
ATTENDEE_RULE_XMLID = ("calendar", "calendar_attendee_rule_my")
ATTENDEE_ACCESS_XMLID = ("calendar", "access_calendar_attendee_portal")
OWN_ATTENDEES = "[('partner_id', '=', user.partner_id.id)]"
STOCK_ATTENDEES = "[(1,'=',1)]"


def _record_id(cr, module, name):
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", (module, name))
    row = cr.fetchone()
    return row and row[0]


def _set_attendee_access(cr, domain, portal_write):
    rule_id = _record_id(cr, *ATTENDEE_RULE_XMLID)
    if rule_id:
        cr.execute("UPDATE ir_rule SET domain_force = %s WHERE id = %s", (domain, rule_id))
    access_id = _record_id(cr, *ATTENDEE_ACCESS_XMLID)
    if access_id:
        cr.execute("UPDATE ir_model_access SET perm_write = %s WHERE id = %s", (portal_write, access_id))


def post_init_hook(cr, registry):
    _set_attendee_access(cr, OWN_ATTENDEES, False)


def uninstall_hook(cr, registry):
    """Drops the no-overlap constraint, btree_gist when this module created it, and gives the
    attendee rule back its stock values."""
    cr.execute(sql.SQL("ALTER TABLE calendar_event DROP CONSTRAINT IF EXISTS {}").format(sql.Identifier(CONSTRAINT)))
    cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'client_desk_agenda.created_btree_gist'")
    if cr.fetchone():
        try:
            cr.execute("SAVEPOINT client_desk_agenda_extension")
            cr.execute("DROP EXTENSION IF EXISTS btree_gist")
            cr.execute("RELEASE SAVEPOINT client_desk_agenda_extension")
        except Error:
            # Something else uses it now: it stays.
            cr.execute("ROLLBACK TO SAVEPOINT client_desk_agenda_extension")
            _logger.info("btree_gist is used by other objects; kept")
        cr.execute("DELETE FROM ir_config_parameter WHERE key = 'client_desk_agenda.created_btree_gist'")
    _set_attendee_access(cr, STOCK_ATTENDEES, True)
    # The demo's opening hours are the company's working hours: give the company its stock
    # calendar back, else Odoo cannot delete the demo calendar.
    cr.execute(
        "UPDATE res_company SET resource_calendar_id = (SELECT res_id FROM ir_model_data"
        " WHERE module = 'resource' AND name = 'resource_calendar_std')"
        " WHERE resource_calendar_id IN (SELECT res_id FROM ir_model_data"
        " WHERE module = 'client_desk_agenda' AND model = 'resource.calendar')"
    )
    # Appointments stay as calendar events (calendar stays installed), without their service:
    # events made by code (other modules' demo, bookings) are not module data, and the
    # service a service-less event pointed at could not be deleted (ondelete restrict).
    cr.execute("UPDATE calendar_event SET client_desk_service_id = NULL WHERE client_desk_service_id IS NOT NULL")
