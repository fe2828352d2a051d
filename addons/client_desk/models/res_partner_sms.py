from odoo import _, api, fields, models

from ..tools.phone import search_digits, to_e164

USER = "client_desk.group_client_desk_user"


class ResPartner(models.Model):
    """SMS on the client card: opt-out, the SMS sent to the client, and how to find a client
    by the number an SMS came from."""

    _inherit = "res.partner"

    client_desk_sms_ids = fields.One2many("client.desk.sms", "partner_id", "SMS", groups=USER)
    client_desk_sms_count = fields.Integer("SMS count", compute="_compute_client_desk_sms_count", groups=USER)
    client_desk_sms_waiting_reason = fields.Char(
        "SMS waiting", compute="_compute_client_desk_sms_waiting_reason", groups=USER,
        help="Why SMS to this client wait in the queue, e.g. no SMS gateway is set up.",
    )

    def _compute_client_desk_sms_count(self):
        counts = {}
        if self.ids:
            groups = self.env["client.desk.sms"].read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"]
            )
            counts = {group["partner_id"][0]: group["partner_id_count"] for group in groups}
        for partner in self:
            partner.client_desk_sms_count = counts.get(partner.id, 0)

    def _compute_client_desk_sms_waiting_reason(self):
        waiting = self.env["client.desk.sms"].browse()
        partner_ids = [partner_id for partner_id in self.ids if isinstance(partner_id, int)]  # not new ones
        if partner_ids:
            waiting = self.env["client.desk.sms"].search(
                [("partner_id", "in", partner_ids), ("waiting_for_gateway", "=", True)]
            )
        for partner in self:
            count = len(waiting.filtered(lambda sms: sms.partner_id == partner))
            partner.client_desk_sms_waiting_reason = _(
                "%s SMS to this client wait in the queue: no SMS gateway is set up. "
                "A manager adds one under Client Desk > Configuration > SMS gateways."
            ) % count if count else False

    @api.multi
    def _client_desk_sms_number(self):
        """The number to text this client at, as typed: the mobile, else the phone; False when
        neither is a valid number."""
        self.ensure_one()
        return next((number for number in (self.mobile, self.phone) if number and to_e164(number)), False)

    @api.model
    def _client_desk_sms_partners(self, number_e164):
        """Every partner (archived ones too) whose mobile or phone is this E.164 number."""
        key = search_digits(number_e164)
        if not key:
            return self.browse()
        # The stored search digits narrow down (indexed); the exact match is on the full number.
        candidates = self.with_context(active_test=False).search([("client_desk_phone_search", "like", key)])
        return self.browse(candidates.filtered(
            lambda partner: number_e164 in (to_e164(partner.mobile or ""), to_e164(partner.phone or ""))
        ).ids)

    @api.multi
    def action_client_desk_sms(self):
        """The SMS sent to this client (smart button)."""
        self.ensure_one()
        action = self.env.ref("client_desk.client_desk_sms_action").read()[0]
        action.update(
            name=_("SMS"),
            domain=[("partner_id", "=", self.id)],
            context={"default_partner_id": self.id},
        )
        return action
