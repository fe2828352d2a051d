from odoo import fields, models


class ClientDeskCampaignRecipient(models.Model):
    """The appointment a client booked within the campaign's engagement window, and for a
    rebooking campaign, the last visit after which the client got it (one sending per gap)."""

    _inherit = "client.desk.campaign.recipient"

    client_desk_booked_date = fields.Datetime(
        "Booked on", readonly=True, help="The client booked an appointment within the campaign's engagement window.")
    client_desk_booked_event_id = fields.Many2one(
        "calendar.event", "Appointment booked", readonly=True, ondelete="set null")
    client_desk_rebook_visit_id = fields.Many2one(
        "calendar.event", "After the visit", readonly=True, ondelete="set null", index=True,
        help="Rebooking campaigns: the client's last visit when the campaign was queued for them.")
