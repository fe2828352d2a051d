from odoo.addons.mail_tracking.controllers.main import MailTrackingController


class ClientDeskMailTrackingController(MailTrackingController):
    """An open counts only with the pixel's signature (models/mail_tracking_email.py); the
    blank image is answered either way, so the pixel tells nothing about the id."""

    def _tracking_open(self, env, tracking_id, event_type, **kw):
        tracking = env["mail.tracking.email"].browse(tracking_id).exists()
        if tracking and tracking._client_desk_pixel_signed(kw.get("signature")):
            return super()._tracking_open(env, tracking_id, event_type, **kw)
        return None
