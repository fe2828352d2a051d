from odoo import api, fields, models


class ClientDeskTreatment(models.Model):
    """What was done at an appointment (products, colour formula, skin notes, photos): staff
    only, never shown on the portal."""

    _name = "client.desk.treatment"
    _description = "Treatment record"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", "Client", required=True, index=True, ondelete="cascade")
    event_id = fields.Many2one("calendar.event", "Appointment", index=True, ondelete="set null")
    service_id = fields.Many2one("client.desk.service", "Service", ondelete="set null")
    staff_id = fields.Many2one("res.users", "Staff member", default=lambda self: self.env.user)
    date = fields.Date(required=True, default=fields.Date.context_today)
    products = fields.Text("Products used")
    formula = fields.Text("Colour formula / skin notes")
    note = fields.Text("Notes")
    photo_before = fields.Binary("Photo before", attachment=True)
    photo_after = fields.Binary("Photo after", attachment=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.user.company_id)

    @api.multi
    def name_get(self):
        return [(record.id, "%s %s" % (record.date or "", record.service_id.name or "")) for record in self]
