"""The waitlist on the website and the portal.

A client joins a full day from /book (POST), follows their entry at /my/waitlist/<id> (by
ownership or by the entry's token), claims an offered time or leaves (POSTs, CSRF checked by
Odoo). GET never writes. Claims run in their own transaction through retrying(): the
no-overlap constraint decides a race, the loser gets a clear message and the next offer.
"""
from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import _, fields, http
from odoo.http import request

from odoo.addons.client_desk.controllers.portal_access import client_desk_portal_access, client_desk_token_page_headers
from odoo.addons.client_desk.tools.transaction import retrying

from .booking import BookingError, ClientDeskBooking, parse_day

MESSAGES = ("joined", "left")


class ClientDeskWaitlist(http.Controller):

    def _booking(self):
        return ClientDeskBooking()

    def _entry(self, entry_id, access_token):
        return client_desk_portal_access("client.desk.waitlist", entry_id, access_token)

    def _page_url(self, entry, access_token, message=None):
        query = {"access_token": access_token} if access_token else {}
        if message:
            query["message"] = message
        return "/my/waitlist/%s%s" % (entry.id, ("?" + url_encode(query)) if query else "")

    def _render(self, entry, access_token, message=None, error=None, status=200):
        tz_name = request.env["client.desk.service"].sudo()._client_desk_business_tz()
        response = request.render("client_desk_agenda.portal_my_waitlist_entry", {
            "entry": entry,
            "access_token": access_token or "",
            "tz": tz_name,
            "message": message if message in MESSAGES else None,
            "error": error,
        }, status=status)
        return client_desk_token_page_headers(response)

    @http.route("/book/service/<service_id>/waitlist", type="http", auth="public", website=True, methods=["POST"])
    def book_waitlist(self, service_id, staff=None, day=None, **post):
        """Joins the waitlist of a full day (the client is found or created as for a booking)."""
        booking = self._booking()
        service = booking._service(service_id)
        try:
            staff_id = booking._staff(service, staff)
            today = fields.Date.from_string(fields.Date.context_today(service.with_context(tz=booking._tz())))
            chosen = parse_day(day)
            if not chosen:
                raise BookingError(_("Choose the day you want to wait for."))
            if chosen < today:
                raise BookingError(_("This day is in the past. Please choose a day from today on."))
            details = booking._read_details(post)
            if booking._throttled(details["email"]):
                raise BookingError(_("Too many requests from you in a short time. Please try again later "
                                     "or call us."), status=429)
        except BookingError as error:
            return booking._error(error)
        user = request.env.user
        logged_partner_id = user.partner_id.id if not user._is_public() else False
        entry_id, token = retrying(request.env.cr.dbname, lambda env: self._join(
            env, service.id, staff_id, chosen, details, logged_partner_id), context={"lang": request.env.lang})
        query = url_encode({"access_token": token, "message": "joined"})
        return request.redirect("/my/waitlist/%s?%s" % (entry_id, query))

    @staticmethod
    def _join(env, service_id, staff_id, day, details, logged_partner_id):
        partner = ClientDeskBooking._booking_client(env, details, logged_partner_id)
        entries = env["client.desk.waitlist"].sudo()
        entry = entries.browse(entries.client_desk_join(
            partner.id, service_id, fields.Date.to_string(day), staff_id or False, source="online"))
        return entry.id, entry._client_desk_access_token()

    @http.route("/my/waitlist/<entry_id>", type="http", auth="public", website=True, methods=["GET"])
    def my_waitlist_entry(self, entry_id, access_token=None, message=None, **kwargs):
        entry, _how = self._entry(entry_id, access_token)
        return self._render(entry, access_token, message)

    @http.route("/my/waitlist/<entry_id>/claim", type="http", auth="public", website=True, methods=["POST"])
    def my_waitlist_claim(self, entry_id, access_token=None, start=None, **kwargs):
        """Claims the offered time: the appointment's page, or this page with why not (409)."""
        entry, _how = self._entry(entry_id, access_token)
        result = retrying(request.env.cr.dbname, lambda env: self._claim(env, entry.id, start),
                          context={"lang": request.env.lang})
        if not result["ok"]:
            request.env.cr.commit()  # nothing written on this cursor; see the entry as it is now
            entry.invalidate_cache()
            return self._render(entry, access_token, error=result["message"], status=409)
        return request.redirect("/my/appointments/%s?%s" % (result["event_id"], url_encode(
            {"access_token": result["token"]})))

    @staticmethod
    def _claim(env, entry_id, start):
        entry = env["client.desk.waitlist"].sudo().browse(entry_id)
        result = entry.client_desk_claim(start or None)
        if result["ok"]:
            result["token"] = env["calendar.event"].sudo().browse(result["event_id"])._client_desk_access_token()
        return result

    @http.route("/my/waitlist/<entry_id>/leave", type="http", auth="public", website=True, methods=["POST"])
    def my_waitlist_leave(self, entry_id, access_token=None, **kwargs):
        entry, _how = self._entry(entry_id, access_token)
        if entry.state not in ("waiting", "offered"):
            raise NotFound()
        entry.client_desk_leave(by_client=True)
        return request.redirect(self._page_url(entry, access_token, "left"))
