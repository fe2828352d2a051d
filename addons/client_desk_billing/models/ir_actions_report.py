from odoo import api, models


class IrActionsReport(models.Model):
    """Billing's mails (invoice, reminder, receipt) attach their document as a PDF. On a server
    without wkhtmltopdf Odoo raises instead, which would fail the send and what it is part of
    (an online booking with a deposit, a payment, a reminder run): with the context key
    `client_desk_pdf_or_html` the document is attached as HTML then, as Odoo's own test mode does."""

    _inherit = "ir.actions.report"

    @api.multi
    def render_qweb_pdf(self, res_ids=None, data=None):
        if self.env.context.get("client_desk_pdf_or_html") and self.get_wkhtmltopdf_state() == "install":
            return self.render_qweb_html(res_ids, data=data)
        return super().render_qweb_pdf(res_ids, data=data)
