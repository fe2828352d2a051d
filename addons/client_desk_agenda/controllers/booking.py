"""Online booking: /book → service → staff member and day → free slot → details → booked.

Pages only parse input, check it and call the service's model methods; GET never writes.
The booking itself runs in its own transaction through retrying() (serialization failures
are retried), is throttled per e-mail address and per remote address, and a slot taken
meanwhile answers 409 with the next free slots.
"""
from datetime import datetime, timedelta

from psycopg2 import IntegrityError
from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import _, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.client_desk.controllers.portal_access import client_desk_portal_record, client_desk_token_page_headers
from odoo.addons.client_desk.tools.record_id import read_record_id
from odoo.addons.client_desk.tools.transaction import retrying

# Bookings one e-mail address / one remote address may make per hour.
EMAIL_LIMIT, ADDRESS_LIMIT, WINDOW_MINUTES = 5, 20, 60
DETAIL_INPUTS = ("name", "email", "phone")


class BookingError(Exception):
    """Bad input: answered with a page carrying the message and this HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def parse_day(raw, default=None):
    """A date from YYYY-MM-DD, or default when empty; BookingError when malformed."""
    if not raw:
        return default
    try:
        return datetime.strptime(str(raw), "%Y-%m-%d").date()
    except ValueError:
        raise BookingError(_("This is not a valid date."))


def parse_start(raw):
    """A naive UTC datetime from "YYYY-MM-DD HH:MM:SS"; BookingError when malformed."""
    try:
        return datetime.strptime(str(raw or ""), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise BookingError(_("This is not a valid time."))


class ClientDeskBooking(http.Controller):

    # -- lookups ------------------------------------------------------------------------------

    def _service(self, service_id):
        service = request.env["client.desk.service"].sudo().browse(read_record_id(service_id) or 0).exists()
        if not service or not service.active or not service.online_bookable:
            raise NotFound()
        return service

    def _staff(self, service, raw):
        """(staff id or False for anyone); BookingError for an id that does not perform it."""
        if raw in (None, "", "any"):
            return False
        staff_id = read_record_id(raw)
        if not staff_id or staff_id not in service._client_desk_staff().ids:
            raise BookingError(_("This staff member does not perform this service."))
        return staff_id

    def _error(self, error):
        return request.render("client_desk_agenda.booking_error", {"message": error.message}, status=error.status)

    def _tz(self):
        return request.env["client.desk.service"].sudo()._client_desk_business_tz()

    # -- pages --------------------------------------------------------------------------------

    @http.route("/book", type="http", auth="public", website=True, methods=["GET"])
    def book(self, **kwargs):
        services = request.env["client.desk.service"].sudo().search([("online_bookable", "=", True)])
        return request.render("client_desk_agenda.booking_services", {"services": services})

    @http.route("/book/service/<service_id>", type="http", auth="public", website=True, methods=["GET"])
    def book_service(self, service_id, staff=None, day=None, **kwargs):
        service = self._service(service_id)
        try:
            staff_id = self._staff(service, staff)
            today = fields.Date.from_string(fields.Date.context_today(service.with_context(tz=self._tz())))
            chosen = parse_day(day, today)
            if chosen < today:
                raise BookingError(_("This day is in the past. Please choose a day from today on."))
            slots = service.client_desk_slots(staff_id, fields.Date.to_string(chosen))
        except BookingError as error:
            return self._error(error)
        days = [today + timedelta(days=offset) for offset in range(14)]
        return request.render("client_desk_agenda.booking_slots", {
            "service": service,
            "staff_members": service._client_desk_staff(),
            "staff_id": staff_id,
            "day": chosen,
            "days": days,
            "slots": slots,
            "tz": self._tz(),
            "query": lambda **values: url_encode(dict({"staff": staff_id or "any", "day": chosen}, **values)),
            "visitor": self._visitor_defaults(),
        })

    def _visitor_defaults(self):
        """Name, e-mail and phone of the logged-in client, for the forms; empty for the public."""
        user = request.env.user
        partner = user.partner_id.sudo() if not user._is_public() else request.env["res.partner"]
        return {"name": partner.name or "", "email": partner.email or "",
                "phone": partner.mobile or partner.phone or ""}

    def _details_values(self, service, staff_id, start, post=None, errors=None):
        post = post or {}
        user = request.env.user
        partner = user.partner_id.sudo() if not user._is_public() else request.env["res.partner"]
        fields_ = request.env["client.desk.field"].sudo()._client_desk_fields_for("booking")
        defaults = {
            "name": partner.name or "",
            "email": partner.email or "",
            "phone": partner.mobile or partner.phone or "",
        }
        return {
            "service": service,
            "staff_id": staff_id or "any",
            "start": start,
            "local": fields.Datetime.context_timestamp(service.with_context(tz=self._tz()), start),
            "tz": self._tz(),
            "values": {name: post.get(name, defaults[name]) for name in DETAIL_INPUTS},
            "custom_fields": fields_,
            "custom_values": fields_._client_desk_form_values(post, partner or None),
            "errors": errors or {},
        }

    @http.route("/book/service/<service_id>/details", type="http", auth="public", website=True, methods=["GET"])
    def book_details(self, service_id, staff=None, start=None, **kwargs):
        service = self._service(service_id)
        try:
            staff_id = self._staff(service, staff)
            moment = self._check_start(parse_start(start))
        except BookingError as error:
            return self._error(error)
        return request.render("client_desk_agenda.booking_details", self._details_values(service, staff_id, moment))

    def _check_start(self, moment):
        if moment <= datetime.utcnow():
            raise BookingError(_("This time is in the past. Please choose another slot."))
        return moment

    def _read_details(self, post):
        """{name, email, phone} typed in the form; BookingError when unusable."""
        values = {name: (post.get(name) or "").strip() for name in DETAIL_INPUTS}
        if not values["name"] or not values["email"]:
            raise BookingError(_("Please give your name and e-mail address."))
        if len(values["name"]) > 128 or len(values["email"]) > 254 or len(values["phone"]) > 64:
            raise BookingError(_("A field is too long."))
        return values

    def _throttled(self, email):
        hits = request.env["client.desk.throttle.hit"].sudo()
        address = request.httprequest.remote_addr
        return not (hits._hit_unless_throttled("booking_email", email, EMAIL_LIMIT, WINDOW_MINUTES)
                    and hits._hit_unless_throttled("booking_address", address, ADDRESS_LIMIT, WINDOW_MINUTES))

    @http.route("/book/service/<service_id>/confirm", type="http", auth="public", website=True, methods=["POST"])
    def book_confirm(self, service_id, staff=None, start=None, **post):
        service = self._service(service_id)
        try:
            staff_id = self._staff(service, staff)
            moment = self._check_start(parse_start(start))
            details = self._read_details(post)
            custom_fields = request.env["client.desk.field"].sudo()._client_desk_fields_for("booking")
            errors = custom_fields._client_desk_form_errors(post)
            if errors:
                page = self._details_values(service, staff_id, moment, post, errors)
                return request.render("client_desk_agenda.booking_details", page, status=400)
            if self._throttled(details["email"]):
                raise BookingError(_("Too many bookings from you in a short time. Please try again later "
                                     "or call us."), status=429)
        except BookingError as error:
            return self._error(error)
        user = request.env.user
        logged_partner_id = user.partner_id.id if not user._is_public() else False
        try:
            event_id, token = retrying(request.env.cr.dbname, lambda env: self._book(
                env, service.id, staff_id, moment, details, post, logged_partner_id),
                context={"lang": request.env.lang})
        except (ValidationError, UserError, IntegrityError) as error:
            message = error.name if hasattr(error, "name") else _("This slot was just taken.")
            page = self._details_values(service, staff_id, moment, post)
            page.update(taken=message, next_slots=self._next_slots(service, staff_id, moment))
            return request.render("client_desk_agenda.booking_details", page, status=409)
        return request.redirect("/book/confirmed/%s?%s" % (event_id, url_encode({"access_token": token})))

    @staticmethod
    def _booking_client(env, details, logged_partner_id):
        """The client who books or joins a waitlist: the logged-in user's partner (made a client
        if they were not one), or the client found or created from the form's details."""
        partners = env["res.partner"].sudo()
        if logged_partner_id:
            partner = partners.browse(logged_partner_id)
            if not partner.client_desk_is_client:
                partner.write({"client_desk_is_client": True, "client_desk_source": "booking"})
            return partner
        return partners.client_desk_find_or_create(
            {"name": details["name"], "email": details["email"], "mobile": details["phone"] or False}, "booking")

    @staticmethod
    def _book(env, service_id, staff_id, moment, details, post, logged_partner_id):
        """In its own transaction: the client (found or created), their custom answers and the
        appointment. Returns (event id, access token)."""
        partner = ClientDeskBooking._booking_client(env, details, logged_partner_id)
        fields_ = env["client.desk.field"].sudo()._client_desk_fields_for("booking")
        fields_._client_desk_form_save(post, partner)
        service = env["client.desk.service"].sudo().browse(service_id)
        event = service._client_desk_book_online(staff_id, fields.Datetime.to_string(moment), partner)
        return event.id, event._client_desk_access_token()

    def _next_slots(self, service, staff_id, moment):
        tz_day = fields.Datetime.context_timestamp(service.with_context(tz=self._tz()), moment).date()
        slots = service.client_desk_slots(staff_id, fields.Date.to_string(tz_day), days=7)
        return [slot for slot in slots if slot["start"] > fields.Datetime.to_string(moment)][:5]

    @http.route("/book/confirmed/<event_id>", type="http", auth="public", website=True, methods=["GET"])
    def book_confirmed(self, event_id, access_token=None, **kwargs):
        event = client_desk_portal_record("calendar.event", event_id, access_token)
        response = request.render("client_desk_agenda.booking_confirmed", {
            "event": event,
            "local": fields.Datetime.context_timestamp(event.with_context(tz=self._tz()),
                                                       fields.Datetime.from_string(event.start)),
            "tz": self._tz(),
            "access_token": access_token,
        })
        return client_desk_token_page_headers(response)
