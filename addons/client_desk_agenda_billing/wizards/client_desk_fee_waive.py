from odoo import api, fields, models

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskFeeWaive(models.TransientModel):
    """Waives a no-show or late-cancellation fee with a reason (kept in the conversation)."""

    _name = "client.desk.fee.waive"
    _description = "Waive a fee"

    invoice_id = fields.Many2one(
        "account.invoice", "Fee", required=True,
        domain=[("client_desk_event_role", "in", ("no_show", "late_cancel")), ("state", "in", ("draft", "open"))])
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        context = self.env.context
        if context.get("active_model") == "calendar.event" and context.get("active_id"):
            event = self.env["calendar.event"].browse(context["active_id"])
            fees = event.client_desk_invoice_ids.filtered(
                lambda i: i.client_desk_event_role in ("no_show", "late_cancel") and i.state in ("draft", "open"))
            values.setdefault("invoice_id", fees[:1].id)
        elif context.get("active_model") == "account.invoice" and context.get("active_id"):
            values.setdefault("invoice_id", context["active_id"])
        return values

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        require_staff(self.env)
        self.invoice_id.client_desk_waive_fee(self.reason)
        return {"type": "ir.actions.act_window_close"}
