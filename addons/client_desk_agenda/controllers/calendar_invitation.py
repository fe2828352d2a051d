"""Closes SECURITY leak 1 on the invitation side: calendar's token routes open an event, and
accept or decline it, for anyone holding an attendee token. For client appointments they
answer 404: clients use /my/appointments (by ownership or the appointment's own token)."""
from odoo import http
from odoo.http import request

from odoo.addons.calendar.controllers.main import CalendarController
from odoo.addons.client_desk.tools.record_id import read_record_id


def _is_appointment(event_id):
    event = request.env["calendar.event"].sudo().browse(read_record_id(event_id) or 0).exists()
    return not event or bool(event.client_desk_partner_id)


class ClientDeskCalendarController(CalendarController):

    @http.route()
    def accept(self, db, token, action, id, **kwargs):  # pylint: disable=redefined-builtin
        if _is_appointment(id):
            return request.not_found()
        return super().accept(db, token, action, id, **kwargs)

    @http.route()
    def declined(self, db, token, action, id):  # pylint: disable=redefined-builtin
        if _is_appointment(id):
            return request.not_found()
        return super().declined(db, token, action, id)

    @http.route()
    def view(self, db, token, action, id, view="calendar"):  # pylint: disable=redefined-builtin
        if _is_appointment(id):
            return request.not_found()
        return super().view(db, token, action, id, view=view)
