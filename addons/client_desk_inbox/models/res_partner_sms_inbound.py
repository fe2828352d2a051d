import logging
import unicodedata

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from odoo.addons.client_desk.models.client_desk_sms import STOP_WORDS
from odoo.addons.client_desk.tools.phone import to_e164

_logger = logging.getLogger(__name__)

BODY_LIMIT = 1600


class ResPartner(models.Model):
    """An SMS a client sent us, delivered by the gateway: STOP words go to the core's opt-out;
    anything else lands in the sender's conversation (an unknown number becomes a lead client,
    source SMS)."""

    _inherit = "res.partner"

    @api.model
    def _client_desk_inbox_sms_received(self, number, body):
        """Handles one incoming SMS. Returns ('optout', partner ids) or ('message', message id)."""
        body = (body or "").strip()
        number_e164 = to_e164(number or "")
        if not number_e164:
            raise UserError(_("The sender's number is not a valid phone number."))
        if not body or len(body) > BODY_LIMIT:
            raise UserError(_("An SMS must have a text of at most %d characters.") % BODY_LIMIT)
        word = unicodedata.normalize("NFC", body.strip(".!").strip()).casefold()
        if word in STOP_WORDS:
            partners = self.env["client.desk.sms"].sudo().client_desk_inbound(number_e164, body)
            return "optout", partners.ids
        partner = self._client_desk_inbox_sms_sender(number_e164)
        message = partner.with_context(client_desk_inbox_source="sms")._client_desk_event(
            "message_in", "<p>%s</p>" % html_escape(body).replace("\n", "<br/>"), author=partner,
            subject=_("SMS"))
        return "message", message.id

    @api.model
    def _client_desk_inbox_sms_sender(self, number_e164):
        """The client texting from number_e164 (an active client first), else a new lead."""
        partners = self.sudo()._client_desk_sms_partners(number_e164).filtered("client_desk_is_client")
        if partners:
            return partners.sorted(lambda partner: (not partner.active, partner.id))[0]
        _logger.info("Incoming SMS from an unknown number: a lead client is made")
        return self.sudo().client_desk_find_or_create({"name": number_e164, "mobile": number_e164}, "sms")
