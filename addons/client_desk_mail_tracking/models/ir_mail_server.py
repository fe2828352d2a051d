import re

from odoo import models

TRACKING_IMG = re.compile(r'<img[^>]*data-odoo-tracking-email=["\']([0-9]*)["\']')


class IrMailServer(models.Model):
    """mail_tracking 11.0 reads its pixel's id from every body it builds, and fails (the whole
    e-mail fails) on a body without a pixel: mail built outside mail.mail's own sending, such
    as a campaign's batch sender or a test e-mail."""

    _inherit = "ir.mail_server"

    def _tracking_email_id_body_get(self, body):
        match = TRACKING_IMG.search(body or "")
        return int(match.group(1)) if match and match.group(1) else False
