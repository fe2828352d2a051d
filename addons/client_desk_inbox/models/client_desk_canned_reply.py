from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# What a canned reply may say where the client's first name goes.
FIRST_NAME = "{first_name}"


class ClientDeskCannedReply(models.Model):
    """A ready-made reply staff pick in the reply box: written in Dutch and French, sent in
    the client's language with their first name in place of {first_name}."""

    _name = "client.desk.canned.reply"
    _description = "Canned reply"
    _order = "sequence, name, id"

    name = fields.Char("Title", required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    body_nl = fields.Text("Text (Dutch)", required=True, help="Use {first_name} for the client's first name.")
    body_fr = fields.Text("Text (French)", required=True, help="Use {first_name} for the client's first name.")
    company_id = fields.Many2one(
        "res.company", "Company", default=lambda self: self.env.user.company_id, index=True)

    @api.constrains("body_nl", "body_fr")
    def _check_placeholders(self):
        for reply in self:
            for body in (reply.body_nl, reply.body_fr):
                if "{" in (body or "").replace(FIRST_NAME, ""):
                    raise ValidationError(_("A canned reply may only use the placeholder {first_name}."))

    @api.multi
    def client_desk_render(self, partner):
        """The text of this reply for partner (record or id): French for French-speaking
        clients, Dutch otherwise, with their first name (or their name). Returns a string."""
        self.ensure_one()
        partner = self.env["res.partner"].browse(int(partner)) if isinstance(partner, int) else partner
        body = self.body_fr if (partner.lang or "").startswith("fr") else self.body_nl
        first_name = partner.client_desk_first_name or (partner.name or "").split(" ")[0]
        return (body or "").replace(FIRST_NAME, first_name)
