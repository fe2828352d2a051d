import hashlib
import hmac

from odoo import api, models


class MailTrackingEmail(models.Model):
    """The open pixel of mail_tracking carries a signature: its URL named only the sequential
    tracking id, so anyone could mark any e-mail as read by counting."""

    _inherit = "mail.tracking.email"

    @api.multi
    def _client_desk_pixel_signature(self):
        self.ensure_one()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        message = ("mail.tracking.email.open:%s" % self.id).encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]

    @api.multi
    def _client_desk_pixel_signed(self, signature):
        return bool(signature) and hmac.compare_digest(self._client_desk_pixel_signature(), signature)

    def _get_mail_tracking_img(self):
        img = super()._get_mail_tracking_img()
        return img.replace("/blank.gif\"", "/blank.gif?signature=%s\"" % self._client_desk_pixel_signature(), 1)
