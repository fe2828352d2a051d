"""/my/appointments: the client's appointments, by ownership or by the appointment's token.

Cancel, move and answers to a proposed time are POSTs (CSRF checked by Odoo); GET never
writes. Cancel and move are allowed up to the cut-off before the appointment.
"""
from datetime import datetime, timedelta

from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.urls import url_encode

from odoo import _, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.client_desk.controllers.portal_access import client_desk_portal_access, client_desk_token_page_headers
from odoo.addons.portal.controllers.portal import CustomerPortal

from .booking import BookingError, parse_day, parse_start

LIVE = ("requested", "confirmed")


class ClientDeskAppointmentPortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        partner = request.env.user.partner_id.commercial_partner_id
        values["appointment_count"] = request.env["calendar.event"].sudo().search_count([
            ("client_desk_partner_id", "child_of", partner.id), ("client_desk_state", "!=", False)])
        return values

    # -- helpers ------------------------------------------------------------------------------

    def _appointment(self, event_id, access_token):
        event, how = client_desk_portal_access("calendar.event", event_id, access_token)
        if not event.client_desk_partner_id:
            raise NotFound()
        return event, how

    def _tz(self):
        return request.env["client.desk.service"].sudo()._client_desk_business_tz()

    def _cutoff_passed(self, event):
        hours = event._client_desk_param_cancel_hours()
        return fields.Datetime.from_string(event.start) - timedelta(hours=hours) <= datetime.utcnow()

    def _page_url(self, event, access_token):
        query = "?" + url_encode({"access_token": access_token}) if access_token else ""
        return "/my/appointments/%s%s" % (event.id, query)

    def _done_url(self, event, access_token, message):
        return self._page_url(event, access_token) + ("&" if access_token else "?") + "message=" + message

    def _local(self, event, value):
        return fields.Datetime.context_timestamp(event.with_context(tz=self._tz()), fields.Datetime.from_string(value))

    # -- pages --------------------------------------------------------------------------------

    @http.route("/my/appointments", type="http", auth="user", website=True, methods=["GET"])
    def my_appointments(self, **kwargs):
        partner = request.env.user.partner_id.commercial_partner_id
        events = request.env["calendar.event"].sudo().search([
            ("client_desk_partner_id", "child_of", partner.id), ("client_desk_state", "!=", False)], order="start desc")
        now = fields.Datetime.now()
        values = self._prepare_portal_layout_values()
        values.update({
            "upcoming": events.filtered(lambda e: e.start >= now and e.client_desk_state in LIVE).sorted("start"),
            "past": events.filtered(lambda e: e.start < now or e.client_desk_state not in LIVE),
            "waitlist": request.env["client.desk.waitlist"].sudo().search([
                ("partner_id", "child_of", partner.id), ("state", "in", ("waiting", "offered"))]),
            "local": self._local,
            "tz": self._tz(),
            "page_name": "appointments",
        })
        return request.render("client_desk_agenda.portal_my_appointments", values)

    @http.route("/my/appointments/<event_id>", type="http", auth="public", website=True, methods=["GET"])
    def my_appointment(self, event_id, access_token=None, message=None, **kwargs):
        event, _how = self._appointment(event_id, access_token)
        response = request.render("client_desk_agenda.portal_my_appointment", {
            "event": event,
            "access_token": access_token or "",
            "local": self._local,
            "tz": self._tz(),
            "can_change": event.client_desk_state in LIVE and not self._cutoff_passed(event),
            "policy": request.env["ir.config_parameter"].sudo().get_param("client_desk_agenda.policy") or "",
            "cancel_hours": event._client_desk_param_cancel_hours(),
            "message": message if message in ("cancelled", "moved", "accepted", "declined") else None,
        })
        return client_desk_token_page_headers(response)

    @http.route("/my/appointments/<event_id>/ics", type="http", auth="public", website=True, methods=["GET"])
    def my_appointment_ics(self, event_id, access_token=None, **kwargs):
        event, _how = self._appointment(event_id, access_token)
        return request.make_response(event._client_desk_ics(), headers=[
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Disposition", "attachment; filename=appointment.ics"),
            ("Cache-Control", "no-store"),
        ])

    def _refuse(self, message, status=400):
        return request.render("client_desk_agenda.booking_error", {"message": message}, status=status)

    @http.route("/my/appointments/<event_id>/cancel", type="http", auth="public", website=True, methods=["POST"])
    def my_appointment_cancel(self, event_id, access_token=None, **kwargs):
        event, _how = self._appointment(event_id, access_token)
        if event.client_desk_state not in LIVE:
            return self._refuse(_("This appointment cannot be cancelled any more."), 409)
        if self._cutoff_passed(event):
            return self._refuse(_("It is too late to cancel online. Please call us."), 409)
        event.client_desk_cancel((kwargs.get("reason") or "")[:500], by_client=True)
        return request.redirect(self._done_url(event, access_token, "cancelled"))

    @http.route("/my/appointments/<event_id>/move", type="http", auth="public", website=True, methods=["POST"])
    def my_appointment_move(self, event_id, access_token=None, start=None, **kwargs):
        """Moves the appointment to another free slot of the same service and staff member."""
        event, _how = self._appointment(event_id, access_token)
        if event.client_desk_state not in LIVE or self._cutoff_passed(event):
            return self._refuse(_("It is too late to move this appointment online. Please call us."), 409)
        try:
            moment = parse_start(start)
        except BookingError as error:
            return self._refuse(error.message, error.status)
        service = event.client_desk_service_id
        day = fields.Datetime.context_timestamp(event.with_context(tz=self._tz()), moment).date()
        if moment <= datetime.utcnow() or moment not in service._client_desk_free_slots(
                event.client_desk_staff_id, day, day, exclude_event_id=event.id):
            return self._refuse(_("This time is no longer available. Please choose another slot."), 409)
        try:
            event.write({
                "start": fields.Datetime.to_string(moment),
                "stop": fields.Datetime.to_string(moment + timedelta(minutes=service.duration_minutes)),
            })
        except ValidationError as error:
            return self._refuse(error.name, 409)
        return request.redirect(self._done_url(event, access_token, "moved"))

    @http.route("/my/appointments/<event_id>/proposal", type="http", auth="public", website=True, methods=["POST"])
    def my_appointment_proposal(self, event_id, access_token=None, answer=None, **kwargs):
        event, _how = self._appointment(event_id, access_token)
        if answer not in ("accept", "decline"):
            return self._refuse(_("Answer accept or decline."))
        try:
            event.client_desk_answer_proposal(answer == "accept")
        except (UserError, ValidationError) as error:
            return self._refuse(error.name, 409)
        message = "accepted" if answer == "accept" else "declined"
        return request.redirect(self._done_url(event, access_token, message))

    @http.route("/my/appointments/<event_id>/slots", type="http", auth="public", website=True, methods=["GET"])
    def my_appointment_slots(self, event_id, access_token=None, day=None, **kwargs):
        """Free slots to move the appointment to (same service and staff member)."""
        event, _how = self._appointment(event_id, access_token)
        if event.client_desk_state not in LIVE or self._cutoff_passed(event):
            raise Forbidden()
        try:
            today = fields.Date.from_string(fields.Date.context_today(event.with_context(tz=self._tz())))
            chosen = parse_day(day, today)
        except BookingError as error:
            return self._refuse(error.message, error.status)
        service = event.client_desk_service_id
        starts = service._client_desk_free_slots(event.client_desk_staff_id, chosen, chosen + timedelta(days=6),
                                                 exclude_event_id=event.id)
        response = request.render("client_desk_agenda.portal_my_appointment_slots", {
            "event": event,
            "access_token": access_token or "",
            "slots": [(fields.Datetime.to_string(start), self._local(event, fields.Datetime.to_string(start)))
                      for start in starts],
            "tz": self._tz(),
        })
        return client_desk_token_page_headers(response)
