from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    client_desk_kind = fields.Selection(selection_add=[
        ("appointment_requested", "Appointment requested"),
        ("appointment_scheduled", "Appointment scheduled"),
        ("appointment_rescheduled", "Appointment rescheduled"),
        ("appointment_proposed", "New time proposed"),
        ("appointment_accepted", "Appointment accepted"),
        ("appointment_declined", "New time declined"),
        ("appointment_cancelled", "Appointment cancelled"),
        ("appointment_done", "Appointment done"),
        ("appointment_no_show", "Appointment no-show"),
        ("waitlist_joined", "Joined the waitlist"),
        ("waitlist_offered", "Waitlist slot offered"),
        ("waitlist_claimed", "Waitlist slot claimed"),
        ("waitlist_left", "Left the waitlist"),
    ])
