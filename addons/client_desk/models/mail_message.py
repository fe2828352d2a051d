from odoo import fields, models

EVENT_KINDS = [
    ("message_in", "Message received"),
    ("message_out", "Message sent"),
    ("appointment_scheduled", "Appointment scheduled"),
    ("appointment_rescheduled", "Appointment rescheduled"),
    ("appointment_accepted", "Appointment accepted"),
    ("appointment_cancelled", "Appointment cancelled"),
    ("quote_sent", "Quote sent"),
    ("quote_accepted", "Quote accepted"),
    ("invoice_sent", "Invoice sent"),
    ("payment_received", "Payment received"),
    ("document_shared", "Document shared"),
    ("document_received", "Document received"),
    ("campaign_engaged", "Campaign engaged"),
]


class MailMessage(models.Model):
    """Messages of a client's conversation carry what kind of event they are and about what."""

    _inherit = "mail.message"

    client_desk_kind = fields.Selection(EVENT_KINDS, "Conversation event", index=True, readonly=True)
    client_desk_record_ref = fields.Char(
        "About", readonly=True, help="model,id of the appointment, invoice, document... the event is about."
    )
