"""Stock Odoo 11 routes that leak (SECURITY.md leaks 2 and 3), closed: each now opens its
document through the core's check (ownership or the document's token) before doing anything,
and a quote line must belong to the quote whose token was given."""
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.account_payment.controllers.payment import PaymentPortal as InvoicePaymentPortal
from odoo.addons.client_desk.tools.record_id import read_record_id
from odoo.addons.sale_payment.controllers.payment import PaymentPortal as SalePaymentPortal
from odoo.addons.website_quote.controllers.main import sale_quote

from .portal import check_document


def _published_acquirer(acquirer_id, company):
    """The acquirer when it is published for the document's company; NotFound otherwise."""
    acquirer = request.env["payment.acquirer"].sudo().browse(read_record_id(acquirer_id) or 0).exists()
    if not acquirer or not acquirer.website_published or acquirer.company_id != company:
        raise NotFound()
    return acquirer


class ClientDeskSaleQuote(sale_quote):
    @http.route()
    def update(self, line_id, remove=False, unlink=False, order_id=None, token=None, **post):
        order = check_document("sale.order", order_id, token)
        line = request.env["sale.order.line"].sudo().browse(read_record_id(line_id) or 0).exists()
        if not line or line.order_id != order:
            raise NotFound()
        return super().update(line.id, remove=remove, unlink=unlink, order_id=order.id,
                              token=order.access_token, **post)

    @http.route()
    def payment_transaction_token(self, acquirer_id, order_id, save_token=False, access_token=None, **kwargs):
        order = check_document("sale.order", order_id, access_token)
        _published_acquirer(acquirer_id, order.company_id)
        return super().payment_transaction_token(acquirer_id, order.id, save_token=False,
                                                 access_token=access_token, **kwargs)

    @http.route()
    def payment_token(self, order_id, pm_id=None, **kwargs):
        order = check_document("sale.order", order_id, kwargs.get("access_token"))
        token = request.env["payment.token"].sudo().browse(read_record_id(pm_id) or 0).exists()
        if not token or token.partner_id.commercial_partner_id != order.partner_id.commercial_partner_id:
            raise NotFound()
        return super().payment_token(order.id, pm_id=token.id, **kwargs)


class ClientDeskInvoicePaymentPortal(InvoicePaymentPortal):
    @http.route()
    def invoice_pay_form(self, acquirer_id, invoice_id, save_token=False, access_token=None, **kwargs):
        invoice = check_document("account.invoice", invoice_id, access_token)
        _published_acquirer(acquirer_id, invoice.company_id)
        return super().invoice_pay_form(acquirer_id, invoice.id, save_token=save_token,
                                        access_token=access_token, **kwargs)

    @http.route()
    def invoice_pay_token(self, invoice_id, pm_id=None, **kwargs):
        check_document("account.invoice", invoice_id, kwargs.get("access_token"))
        return super().invoice_pay_token(invoice_id, pm_id=pm_id, **kwargs)


class ClientDeskSalePaymentPortal(SalePaymentPortal):
    @http.route()
    def sale_pay_form(self, acquirer_id, order_id, save_token=False, access_token=None, **kwargs):
        order = check_document("sale.order", order_id, access_token)
        _published_acquirer(acquirer_id, order.company_id)
        return super().sale_pay_form(acquirer_id, order.id, save_token=save_token,
                                     access_token=access_token, **kwargs)

    @http.route()
    def sale_pay_token(self, order_id, pm_id=None, **kwargs):
        check_document("sale.order", order_id, kwargs.get("access_token"))
        return super().sale_pay_token(order_id, pm_id=pm_id, **kwargs)
