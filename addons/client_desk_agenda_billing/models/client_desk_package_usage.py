from odoo import fields, models


class ClientDeskPackageUsage(models.Model):
    """One visit of a package used by one appointment: at most one per appointment, so
    marking an appointment done again never uses a second visit."""

    _name = "client.desk.package.usage"
    _description = "Package visit used"
    _order = "id desc"

    card_id = fields.Many2one("client.desk.package.card", "Package", required=True, index=True, ondelete="cascade")
    event_id = fields.Many2one("calendar.event", "Appointment", required=True, ondelete="cascade")
    date = fields.Datetime(related="event_id.start", readonly=True, store=True)

    _sql_constraints = [
        ("event_uniq", "unique (event_id)", "An appointment uses at most one package visit."),
    ]
