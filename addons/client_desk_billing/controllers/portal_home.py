from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import client_invoices_domain, client_quotes_domain


class ClientDeskBillingPortalHome(CustomerPortal):
    """The count beside "Quotes and invoices" on the portal home: what /my/payments lists."""

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        client = request.env.user.partner_id.commercial_partner_id
        values["client_desk_payment_count"] = request.env["sale.order"].sudo().search_count(
            client_quotes_domain(client)) + request.env["account.invoice"].sudo().search_count(
            client_invoices_domain(client))
        return values
