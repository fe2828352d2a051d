from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class CalendarAttendee(models.Model):
    """Closes SECURITY leak 1 on the attendee side: portal and public users change no
    attendee row (their reads are limited to their own by the record rule the install hook
    narrows), and client appointments never send calendar's own invitations, whose tokens
    open the event anonymously; the client gets Client Desk's messages instead."""

    _inherit = "calendar.attendee"

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        # The stock access line (portal may write) comes back with every update of calendar.
        if operation != "read" and self.env.uid != SUPERUSER_ID and self.env.user.share:
            if raise_exception:
                raise AccessError(_("Portal users cannot change calendar attendees."))
            return False
        return super().check_access_rights(operation, raise_exception=raise_exception)

    @api.multi
    def _send_mail_to_attendees(self, template_xmlid, force_send=False):
        others = self.filtered(lambda attendee: not attendee.event_id.client_desk_partner_id)
        if not others:
            return False
        return super(CalendarAttendee, others)._send_mail_to_attendees(template_xmlid, force_send=force_send)
