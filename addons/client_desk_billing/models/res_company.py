from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    client_desk_reminder_days = fields.Char(
        "Payment reminder schedule", default="3,10,30",
        help="Days after the due date on which an unpaid invoice's client gets a reminder, "
             "separated by commas (e.g. 3,10,30). Empty: no automatic reminders.")

    @api.constrains("client_desk_reminder_days")
    def _check_client_desk_reminder_days(self):
        for company in self:
            try:
                company._client_desk_reminder_schedule()
            except ValueError:
                raise ValidationError(_(
                    "The payment reminder schedule is a list of whole numbers of days, "
                    "separated by commas, e.g. 3,10,30."))

    @api.multi
    def _client_desk_reminder_schedule(self):
        """The schedule as a sorted list of distinct positive days; ValueError when unreadable."""
        self.ensure_one()
        days = set()
        for part in (self.client_desk_reminder_days or "").split(","):
            if not part.strip():
                continue
            day = int(part.strip())
            if day <= 0 or day > 3650:
                raise ValueError(part)
            days.add(day)
        return sorted(days)
