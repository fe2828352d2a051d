"""/my/payments: a client's quotes and invoices in the portal, opened by login or by the
document's token through the core's check; accept or decline a quote, pay an invoice.

Pages are GET; everything that changes something is a POST with its CSRF token."""
from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.client_desk.controllers.portal_access import client_desk_portal_access, client_desk_token_page_headers
from odoo.addons.client_desk.tools.record_id import read_record_id


def client_quotes_domain(client):
    """The quotes a client sees on /my/payments (client: a commercial partner)."""
    return [("partner_id", "child_of", client.id), ("state", "in", ("sent", "sale", "done", "cancel"))]


def client_invoices_domain(client):
    """The invoices a client sees on /my/payments (client: a commercial partner)."""
    return [("commercial_partner_id", "=", client.id), ("type", "=", "out_invoice"), ("state", "in", ("open", "paid"))]


class ClientDeskBillingPortal(http.Controller):
    """The model methods called here check everything before they write, so a refusal leaves
    nothing half-done without a savepoint (a savepoint would not survive the commits Odoo's
    test cursor turns into savepoints of its own)."""

    # -- lists ---------------------------------------------------------------------------------

    @http.route("/my/payments", type="http", auth="user", website=True, methods=["GET"])
    def client_desk_my_payments(self, **kw):
        client = request.env.user.partner_id.commercial_partner_id
        orders = request.env["sale.order"].sudo().search(
            client_quotes_domain(client), limit=100, order="date_order desc, id desc")
        invoices = request.env["account.invoice"].sudo().search(
            client_invoices_domain(client), limit=100, order="date_invoice desc, id desc")
        return request.render("client_desk_billing.portal_my_payments", {"orders": orders, "invoices": invoices})

    # -- quotes --------------------------------------------------------------------------------

    def _quote_page(self, order, access_token, error=None, status=200, done=None):
        values = {"order": order, "access_token": access_token or "", "error": error, "done": done}
        response = request.render("client_desk_billing.portal_quote_page", values, status=status)
        return client_desk_token_page_headers(response)

    @http.route("/my/payments/quote/<string:order_id>", type="http", auth="public", website=True, methods=["GET"])
    def client_desk_quote(self, order_id, access_token=None, **kw):
        order, _access = client_desk_portal_access("sale.order", order_id, access_token)
        return self._quote_page(order, access_token)

    @http.route("/my/payments/quote/<string:order_id>/accept", type="http", auth="public", website=True,
                methods=["POST"])
    def client_desk_quote_accept(self, order_id, access_token=None, signature=None, **kw):
        order, _access = client_desk_portal_access("sale.order", order_id, access_token)
        try:
            order.client_desk_accept(signature)
        except UserError as error:
            return self._quote_page(order, access_token, error=error.name, status=400)
        return self._quote_page(order, access_token, done=_("Thank you: you accepted the quote."))

    @http.route("/my/payments/quote/<string:order_id>/decline", type="http", auth="public", website=True,
                methods=["POST"])
    def client_desk_quote_decline(self, order_id, access_token=None, reason=None, **kw):
        order, _access = client_desk_portal_access("sale.order", order_id, access_token)
        try:
            order.client_desk_decline(reason)
        except UserError as error:
            return self._quote_page(order, access_token, error=error.name, status=400)
        return self._quote_page(order, access_token, done=_("You declined the quote. Thank you for letting us know."))

    # -- invoices ------------------------------------------------------------------------------

    def _acquirers(self, invoice):
        if not invoice.client_desk_pay_online or invoice.state != "open":
            return request.env["payment.acquirer"]
        return request.env["payment.acquirer"].sudo().search([
            ("website_published", "=", True), ("company_id", "=", invoice.company_id.id),
            ("view_template_id", "!=", False)])

    def _invoice_page(self, invoice, access_token, error=None, status=200):
        values = {
            "invoice": invoice,
            "access_token": access_token or "",
            "acquirers": self._acquirers(invoice),
            "error": error,
            "paid": request.params.get("paid"),
        }
        response = request.render("client_desk_billing.portal_invoice_page", values, status=status)
        return client_desk_token_page_headers(response)

    @http.route("/my/payments/invoice/<string:invoice_id>", type="http", auth="public", website=True,
                methods=["GET"])
    def client_desk_invoice(self, invoice_id, access_token=None, **kw):
        invoice, _access = client_desk_portal_access("account.invoice", invoice_id, access_token)
        return self._invoice_page(invoice, access_token)

    @http.route("/my/payments/invoice/<string:invoice_id>/pay", type="http", auth="public", website=True,
                methods=["POST"])
    def client_desk_invoice_pay(self, invoice_id, access_token=None, acquirer_id=None, **kw):
        """Starts paying what is left with the chosen acquirer: shows the acquirer's form. The
        same form posted twice gives the same transaction."""
        invoice, _access = client_desk_portal_access("account.invoice", invoice_id, access_token)
        try:
            invoice._client_desk_check_payable()
        except UserError as error:
            return self._invoice_page(invoice, access_token, error=error.name, status=400)
        acquirer = self._acquirers(invoice).filtered(lambda a: a.id == read_record_id(acquirer_id))
        if not acquirer:
            return self._invoice_page(invoice, access_token, error=_("Choose a payment method."), status=400)
        try:
            tx = invoice._client_desk_payment_transaction(acquirer)
        except UserError as error:
            return self._invoice_page(invoice, access_token, error=error.name, status=400)
        return_url = "%s&paid=1" % invoice._client_desk_portal_url() if access_token else \
            "/my/payments/invoice/%d?paid=1" % invoice.id
        form = tx.acquirer_id.with_context(submit_class="btn btn-primary", submit_txt=_("Pay now")).sudo().render(
            tx.reference, tx.amount, tx.currency_id.id, values={"return_url": return_url,
                                                                "partner_id": invoice.partner_id.id})
        values = {"invoice": invoice, "tx": tx, "form": form, "action_url": acquirer.get_form_action_url()}
        response = request.render("client_desk_billing.portal_pay_page", values)
        return client_desk_token_page_headers(response)


def check_document(model_name, record_id, access_token):
    """The document (sudo) when the visitor owns it or holds its token; NotFound otherwise."""
    try:
        return client_desk_portal_access(model_name, record_id, access_token)[0]
    except (NotFound, Forbidden):
        raise NotFound()
