import uuid

from odoo import api, models


class ClientDeskBillingDocument(models.AbstractModel):
    """Quotes and invoices open in the portal through the core's check (DESIGN contract 5)
    with one token: the core's token and stock Odoo's `access_token` field are kept equal, so
    the links stock Odoo mails and the pages it serves agree with the core's check, and a
    rotated or revoked token stops working in stock's routes as well."""

    _name = "client.desk.billing.document"
    _inherit = "client.desk.portal.mixin"
    _description = "Client Desk quote or invoice in the portal"

    @api.multi
    def _client_desk_new_token_values(self):
        """A document's first core token is its stock token (links already sent keep working);
        afterwards stock's field follows the core's token."""
        values = super()._client_desk_new_token_values()
        stock = self.sudo().access_token
        if stock and not self._client_desk_token_revoked(stock):
            values["token"] = stock
        else:
            self.sudo().write({"access_token": values["token"]})
        return values

    @api.multi
    def _client_desk_forget_token(self):
        """Stock's field gets a fresh secret nobody was given: its routes refuse the old one."""
        result = super()._client_desk_forget_token()
        for record in self.sudo():
            record.write({"access_token": str(uuid.uuid4())})
        return result

    @api.multi
    def _client_desk_portal_url(self):
        """The document's portal page with its token, for e-mails and staff ("copy link")."""
        raise NotImplementedError()

    @api.multi
    def client_desk_portal_link(self):
        """The portal page's full address with the token, for e-mails (mail templates may call
        only public methods); whoever may read the document may have its link."""
        self.check_access_rights("read")
        self.check_access_rule("read")
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        return base.rstrip("/") + self._client_desk_portal_url()
