from odoo import _, api, fields, models


class ResPartner(models.Model):
    """The client card's Appointments and Treatments tabs, no-show count and delete guard."""

    _inherit = "res.partner"

    client_desk_appointment_ids = fields.One2many(
        "calendar.event", "client_desk_partner_id", "Appointments", groups="client_desk.group_client_desk_user")
    client_desk_appointment_count = fields.Integer(
        "Appointments", compute="_compute_client_desk_appointment_counts", groups="client_desk.group_client_desk_user")
    client_desk_no_show_count = fields.Integer(
        "No-shows", compute="_compute_client_desk_appointment_counts", groups="client_desk.group_client_desk_user")
    client_desk_treatment_ids = fields.One2many(
        "client.desk.treatment", "partner_id", "Treatments", groups="client_desk.group_client_desk_user")

    @api.multi
    def _compute_client_desk_appointment_counts(self):
        counts = {}
        if self.ids:
            self.env.cr.execute(
                "SELECT client_desk_partner_id, count(*), count(*) FILTER (WHERE client_desk_state = 'no_show')"
                " FROM calendar_event WHERE client_desk_partner_id IN %s AND active GROUP BY 1",
                (tuple(self.ids),),
            )
            counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for partner in self:
            partner.client_desk_appointment_count, partner.client_desk_no_show_count = counts.get(partner.id, (0, 0))

    @api.multi
    def action_client_desk_appointments(self):
        self.ensure_one()
        action = self.env.ref("client_desk_agenda.calendar_event_action_appointments").read()[0]
        action["domain"] = [("client_desk_partner_id", "=", self.id)]
        action["context"] = {"default_client_desk_partner_id": self.id, "virtual_id": False}
        action["view_mode"] = "tree,calendar,form"
        action["views"] = [(False, "tree"), (False, "calendar"), (False, "form")]
        return action

    @api.multi
    def _client_desk_unlink_blockers(self):
        reasons = super()._client_desk_unlink_blockers()
        # virtual_id=False: appointments never recur, and calendar's recurrence expansion
        # filters dates in Python (it missed upcoming appointments under Odoo's test runner).
        upcoming = self.env["calendar.event"].sudo().with_context(virtual_id=False).search_count([
            ("client_desk_partner_id", "=", self.id),
            ("client_desk_state", "in", ("requested", "confirmed")),
            ("start", ">=", fields.Datetime.now()),
        ])
        if upcoming:
            reasons.append(_("%d upcoming appointment(s); cancel them first.") % upcoming)
        return reasons

    @api.multi
    def _client_desk_gdpr_erase(self):
        """Treatment records (health and appearance notes, photos) and waitlist entries (notes):
        erased; appointments stay (for the books) without the client's name in their title or
        notes."""
        self.env["client.desk.treatment"].sudo().search([("partner_id", "in", self.ids)]).unlink()
        # Waitlist entries (with the client's notes) are of no use once erased.
        self.env["client.desk.waitlist"].sudo().search([("partner_id", "in", self.ids)]).unlink()
        events = self.env["calendar.event"].sudo().search([("client_desk_partner_id", "in", self.ids)])
        for event in events:
            event.with_context(client_desk_no_event=True).write({
                "name": event.client_desk_service_id.name or _("Appointment"),
                "description": False,
                "client_desk_cancel_reason": False,
            })
        return super()._client_desk_gdpr_erase()
