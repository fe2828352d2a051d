from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..tools.ics import appointments_feed

FEED_PAST_DAYS, FEED_FUTURE_DAYS = 30, 365


class ResUsers(models.Model):
    """A private calendar feed per staff member: an unguessable, revocable .ics URL their
    phone subscribes to (the token is kept by client.desk.portal.mixin, unreadable by anyone)."""

    _name = "res.users"
    _inherit = ["res.users", "client.desk.portal.mixin"]

    @api.multi
    def _client_desk_check_feed_rights(self):
        self.ensure_one()
        if self.env.uid != self.id and not self.env.user.has_group("client_desk.group_client_desk_manager") \
                and self.env.uid != 1:
            raise AccessError(_("Only the staff member or a manager may manage this calendar feed."))

    @api.multi
    def client_desk_feed_url(self):
        """The feed's URL (made on first use)."""
        self._client_desk_check_feed_rights()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        return "%s/agenda/feed/%s/%s.ics" % (base, self.id, self.sudo()._client_desk_access_token())

    @api.multi
    def action_client_desk_open_feed(self):
        """Opens the feed's URL, to copy into a phone's calendar."""
        return {"type": "ir.actions.act_url", "url": self.client_desk_feed_url(), "target": "new"}

    @api.multi
    def action_client_desk_revoke_feed(self):
        """Revokes the feed: the old URL answers 403; a new one is made when asked."""
        self._client_desk_check_feed_rights()
        self.sudo()._client_desk_forget_token()
        return True

    @api.multi
    def _client_desk_feed_ics(self, now=None):
        """The staff member's live and done appointments around now, as one .ics (bytes)."""
        self.ensure_one()
        now = now or datetime.utcnow()
        events = self.env["calendar.event"].sudo().search([
            ("client_desk_staff_id", "=", self.id),
            ("client_desk_state", "in", ("requested", "confirmed", "done")),
            ("start", ">=", fields.Datetime.to_string(now - timedelta(days=FEED_PAST_DAYS))),
            ("start", "<=", fields.Datetime.to_string(now + timedelta(days=FEED_FUTURE_DAYS))),
        ], order="start")
        return appointments_feed([
            {
                "uid": "client-desk-appointment-%s@%s" % (event.id, self.env.cr.dbname),
                "start": fields.Datetime.from_string(event.start),
                "stop": fields.Datetime.from_string(event.stop),
                "summary": "%s – %s"
                % (event.client_desk_service_id.name or event.name, event.client_desk_partner_id.name),
                "location": event.location or "",
            }
            for event in events
        ], _("Appointments of %s") % self.name)
