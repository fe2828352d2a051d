from werkzeug.urls import url_encode

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

MAX_SIGNATURE_LENGTH = 200
MAX_REASON_LENGTH = 2000


class SaleOrder(models.Model):
    """Quotes of Client Desk clients: sent, accepted (a name as signature) or declined in the
    portal, each an event in the client's conversation; an accepted quote is invoiced in one
    click."""

    _name = "sale.order"
    _inherit = ["sale.order", "client.desk.billing.document"]

    client_desk_signed_by = fields.Char("Accepted by", readonly=True, copy=False)
    client_desk_signed_on = fields.Datetime("Accepted on", readonly=True, copy=False)
    client_desk_decline_reason = fields.Text("Reason for declining", readonly=True, copy=False)

    @api.multi
    def write(self, vals):
        sent = self.browse() if vals.get("state") != "sent" else self.filtered(lambda o: o.state == "draft")
        result = super().write(vals)
        for order in sent:
            order._client_desk_post_event("quote_sent", _("Quote %s sent") % order.name)
        return result

    @api.multi
    def _client_desk_post_event(self, kind, text, author=None):
        """Posts kind about this quote in its client's conversation."""
        self.ensure_one()
        client = self.partner_id.commercial_partner_id
        body = "<p>%s</p>" % html_escape(text)
        return client._client_desk_event(kind, body, record=self, author=author)

    @api.multi
    def _client_desk_portal_url(self):
        self.ensure_one()
        return "/my/payments/quote/%d?%s" % (self.id, url_encode({"access_token": self._client_desk_access_token()}))

    @api.multi
    def _client_desk_check_answerable(self):
        """Raises UserError unless the client can still accept or decline this quote."""
        self.ensure_one()
        if self.state != "sent":
            raise UserError(_("This quote no longer waits for an answer."))
        if self.validity_date and self.validity_date < fields.Date.context_today(self):
            raise UserError(_("This quote has expired. Please ask us for a new one."))

    @api.multi
    def client_desk_accept(self, signature):
        """The client accepts the quote, signing with their name: the order is confirmed, staff
        are notified, and it is an event in the conversation. Returns True."""
        self.ensure_one()
        signature = (signature or "").strip()
        if not signature:
            raise UserError(_("Please type your name to accept the quote."))
        if len(signature) > MAX_SIGNATURE_LENGTH:
            raise UserError(_("Your name is too long."))
        self._client_desk_check_answerable()
        order = self.sudo()
        client = order.partner_id.commercial_partner_id
        order.write({"client_desk_signed_by": signature, "client_desk_signed_on": fields.Datetime.now()})
        order.action_confirm()
        text = _("Quote %(name)s accepted by %(signature)s") % {"name": order.name, "signature": signature}
        order._client_desk_post_event("quote_accepted", text, author=client)
        order._client_desk_notify_staff(text)
        return True

    @api.multi
    def client_desk_decline(self, reason):
        """The client declines the quote with a reason: the order is cancelled, staff are
        notified, and it is an event in the conversation. Returns True."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Please tell us why you decline the quote."))
        if len(reason) > MAX_REASON_LENGTH:
            raise UserError(_("The reason is too long."))
        self._client_desk_check_answerable()
        order = self.sudo()
        client = order.partner_id.commercial_partner_id
        order.write({"client_desk_decline_reason": reason})
        order.action_cancel()
        text = _("Quote %(name)s declined: %(reason)s") % {"name": order.name, "reason": reason}
        order._client_desk_post_event("quote_declined", text, author=client)
        order._client_desk_notify_staff(text)
        return True

    @api.multi
    def _client_desk_notify_staff(self, text):
        """Tells the salesperson (and the quote's followers) what the client did."""
        self.ensure_one()
        partners = self.user_id.partner_id
        self.sudo().message_post(
            body="<p>%s</p>" % html_escape(text), subtype="mail.mt_comment", message_type="notification",
            partner_ids=partners.ids, author_id=self.partner_id.commercial_partner_id.id,
        )

    @api.multi
    def action_client_desk_invoice(self):
        """One click from an accepted quote to its invoice; opens the invoice."""
        self.ensure_one()
        if self.state not in ("sale", "done"):
            raise UserError(_("Only an accepted quote can be invoiced."))
        if self.invoice_status != "to invoice":
            raise UserError(_("There is nothing left to invoice on this quote."))
        invoice_ids = self.action_invoice_create()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.invoice",
            "view_mode": "form",
            "res_id": invoice_ids[0],
            "views": [(self.env.ref("account.invoice_form").id, "form")],
        }

    @api.multi
    def action_client_desk_show_conversation(self):
        """Opens the client's card, where the conversation about this quote goes on."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id._client_desk_open_card()
