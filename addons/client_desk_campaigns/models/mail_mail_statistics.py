from odoo import _, api, fields, models


class MailMailStatistics(models.Model):
    """Opens, clicks and bounces of a campaign e-mail, as Odoo's mass mailing records them,
    also land on the Client Desk recipient row; a bounce blocks the client's e-mail."""

    _inherit = "mail.mail.statistics"

    def set_opened(self, mail_mail_ids=None, mail_message_ids=None):
        statistics = super().set_opened(mail_mail_ids=mail_mail_ids, mail_message_ids=mail_message_ids)
        statistics._client_desk_mark("opened_date")
        return statistics

    def set_clicked(self, mail_mail_ids=None, mail_message_ids=None):
        statistics = super().set_clicked(mail_mail_ids=mail_mail_ids, mail_message_ids=mail_message_ids)
        statistics._client_desk_mark("clicked_date")
        return statistics

    def set_bounced(self, mail_mail_ids=None, mail_message_ids=None):
        statistics = super().set_bounced(mail_mail_ids=mail_mail_ids, mail_message_ids=mail_message_ids)
        recipients = statistics._client_desk_mark("bounced_date")
        for partner in recipients.mapped("partner_id").filtered(lambda p: not p.client_desk_email_blocked):
            partner.sudo().client_desk_set_consent(
                "bounce", note=_("The campaign e-mail to %s bounced.") % (partner.email or ""),
                email_blocked=True, email_blocked_reason="bounced")
        return statistics

    @api.multi
    def _client_desk_mark(self, field):
        """Dates field on the recipient rows of these statistics that have none yet; returns them."""
        if not self:
            return self.env["client.desk.campaign.recipient"]
        recipients = self.env["client.desk.campaign.recipient"].sudo().search(
            [("statistics_id", "in", self.ids), (field, "=", False)])
        recipients.write({field: fields.Datetime.now()})
        return recipients
