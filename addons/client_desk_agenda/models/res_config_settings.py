from odoo import fields, models

APPROVAL = [("none", "Confirm every online booking"), ("new", "New clients need approval"),
            ("all", "Approve every online booking")]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    client_desk_agenda_approval = fields.Selection(
        APPROVAL, "Online bookings", config_parameter="client_desk_agenda.approval", default="none")
    client_desk_agenda_min_notice_hours = fields.Integer(
        "Minimum notice (hours)", config_parameter="client_desk_agenda.min_notice_hours", default=2)
    client_desk_agenda_horizon_days = fields.Integer(
        "Bookable up to (days ahead)", config_parameter="client_desk_agenda.horizon_days", default=60)
    client_desk_agenda_cancel_hours = fields.Integer(
        "Clients may cancel up to (hours before)", config_parameter="client_desk_agenda.cancel_hours", default=24)
    client_desk_agenda_reminder_hours = fields.Integer(
        "Reminder (hours before)", config_parameter="client_desk_agenda.reminder_hours", default=24)
    client_desk_agenda_followup_hours = fields.Integer(
        "Thank-you message (hours after)", config_parameter="client_desk_agenda.followup_hours", default=2)
    client_desk_agenda_quiet_start = fields.Integer(
        "Quiet hours from", config_parameter="client_desk_agenda.quiet_start", default=21)
    client_desk_agenda_quiet_end = fields.Integer(
        "Quiet hours until", config_parameter="client_desk_agenda.quiet_end", default=8)
    client_desk_agenda_policy = fields.Char(
        "Cancellation policy", config_parameter="client_desk_agenda.policy",
        help="Shown to clients where they cancel or move an appointment.")
