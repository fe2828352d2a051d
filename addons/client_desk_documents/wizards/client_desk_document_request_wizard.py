from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskDocumentRequestWizard(models.TransientModel):
    """Asks one or many clients for documents: a checklist with a due date, sent by e-mail with
    a link where they upload without a portal account."""

    _name = "client.desk.document.request.wizard"
    _inherit = "client.desk.document.client.mixin"
    _description = "Request documents"

    name = fields.Char("Subject", required=True, default=lambda self: _("Documents we need from you"))
    message = fields.Text()
    due_date = fields.Date("Due")
    line_ids = fields.One2many("client.desk.document.request.wizard.line", "wizard_id", "Checklist")

    @api.multi
    def action_send(self):
        """One request per client, posted in their conversation and e-mailed to them."""
        self.ensure_one()
        require_staff(self.env)
        if not self.line_ids:
            raise UserError(_("List at least one document to request."))
        partners = self._client_desk_clients()
        without_email = partners.filtered(lambda partner: not partner.email or partner.client_desk_email_blocked)
        if without_email:
            raise UserError(_("These clients cannot receive e-mail: %s") % ", ".join(without_email.mapped("name")))
        lines = [(0, 0, {"name": line.name, "note": line.note, "sequence": line.sequence}) for line in self.line_ids]
        requests = self.env["client.desk.document.request"]
        for partner in partners:
            requests |= requests.create({
                "name": self.name,
                "partner_id": partner.id,
                "message": self.message,
                "due_date": self.due_date,
                "line_ids": lines,
            })
        requests._client_desk_post_requested()
        requests.action_send()
        return {
            "type": "ir.actions.act_window",
            "name": _("Document requests"),
            "res_model": "client.desk.document.request",
            "view_mode": "tree,form",
            "domain": [("id", "in", requests.ids)],
        }
