from odoo import api, models


class CalendarEvent(models.Model):
    """A done appointment of a service covered by the client's package uses one visit."""

    _inherit = "calendar.event"

    @api.multi
    def action_client_desk_done(self):
        result = super().action_client_desk_done()
        Card = self.env["client.desk.package.card"]
        for event in self:
            card = Card._client_desk_valid_card(event.client_desk_partner_id, event.client_desk_service_id,
                                                event.start[:10])
            if card:
                card.sudo(self.env.uid)._client_desk_use(event)
        return result
