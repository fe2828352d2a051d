import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext, plaintext2html

from odoo.addons.client_desk.models.client_desk_sms import sms_segments

from ..tools.personalise import client_names, personalise_html, personalise_text

ACTIONS = [
    ("portal", "Visit the client portal"),
    ("book", "Book an appointment"),
    ("pay", "Pay"),
    ("document", "Share a document"),
    ("url", "Open a link"),
]
# Where each call to action leads; the modules that serve these pages add them.
ACTION_PATHS = {"portal": "/my", "book": "/book", "pay": "/my/payments", "document": "/my/documents"}
GALLERY = [
    ("salon", "Salon"),
    ("scissors", "Scissors"),
    ("gift", "Gift"),
    ("upload", "My own image"),
    ("none", "No image"),
]
URL_RE = re.compile(r"^https?://[^\s<>\"']+$")


class MailMassMailing(models.Model):
    """A Client Desk campaign is a mass mailing to clients built around one call to action
    (client_desk_action), sent by e-mail or SMS (client_desk_channel).

    Its e-mail is made from a small template (title, text, button to the action, image);
    {client_first_name} and {client_full_name} are put in per client. Mass mailings without
    a call to action are Odoo's own and behave as before.
    """

    _inherit = "mail.mass_mailing"

    client_desk_action = fields.Selection(ACTIONS, "Call to action", index=True, copy=True)
    client_desk_channel = fields.Selection([("email", "E-mail"), ("sms", "SMS")], "Send by", default="email")
    client_desk_url = fields.Char("Link", help="Where the button leads, for a campaign that opens a link.")
    client_desk_title = fields.Char("Title", help="The e-mail's subject and heading.")
    client_desk_text = fields.Text(
        "Text", help="What the campaign offers, why and how to use it. "
                     "{client_first_name} and {client_full_name} are replaced by the client's names.")
    client_desk_button_text = fields.Char("Button text")
    client_desk_image = fields.Selection(GALLERY, "Image", default="salon")
    client_desk_image_upload = fields.Binary("Uploaded image", attachment=True)
    client_desk_image_attachment_id = fields.Many2one("ir.attachment", "Image attachment", readonly=True, copy=False)
    client_desk_sms_body = fields.Text(
        "SMS text", help="{client_first_name} and {client_full_name} are replaced by the client's names; "
                         "how to stop receiving SMS is added at the end.")
    client_desk_sms_length = fields.Integer("Characters", compute="_compute_client_desk_sms_counter")
    client_desk_sms_segments = fields.Integer("SMS per client", compute="_compute_client_desk_sms_counter")
    client_desk_preview = fields.Html("Preview", compute="_compute_client_desk_preview", sanitize=False)

    # -- computed ------------------------------------------------------------------------------

    @api.depends("client_desk_sms_body")
    def _compute_client_desk_sms_counter(self):
        for mailing in self:
            text = mailing._client_desk_sms_text(mailing.client_desk_sms_body or "", client_names("", ""))
            mailing.client_desk_sms_length = len(text)
            mailing.client_desk_sms_segments = sms_segments(text)

    @api.depends("body_html", "client_desk_sms_body", "client_desk_channel")
    def _compute_client_desk_preview(self):
        names = client_names(self.env.user.partner_id.client_desk_first_name, self.env.user.partner_id.name)
        for mailing in self:
            if mailing.client_desk_channel == "sms":
                text = mailing._client_desk_sms_text(mailing.client_desk_sms_body or "", names)
                mailing.client_desk_preview = plaintext2html(text)
            else:
                mailing.client_desk_preview = personalise_html(mailing.body_html or "", names)

    # -- constraints -----------------------------------------------------------------------------

    @api.constrains("client_desk_action", "client_desk_url")
    def _check_client_desk_url(self):
        for mailing in self:
            if mailing.client_desk_action == "url" and not URL_RE.match((mailing.client_desk_url or "").strip()):
                raise ValidationError(_("A campaign that opens a link needs a web address starting with http:// "
                                        "or https://."))

    @api.constrains("client_desk_action", "client_desk_engage_days")
    def _check_client_desk_engage_days(self):
        for mailing in self:
            if mailing.client_desk_action and not 1 <= mailing.client_desk_engage_days <= 365:
                raise ValidationError(_("The engagement window is between 1 and 365 days."))

    # -- ORM -------------------------------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("default_client_desk_action") or values.get("client_desk_action"):
            values.update(self._client_desk_default_values(fields_list))
        return values

    @api.model
    def _client_desk_default_values(self, fields_list):
        """Defaults of a new Client Desk campaign: clients as recipients, replies to the company."""
        values = {
            "mailing_model_id": self.env.ref("base.model_res_partner").id,
            "reply_to_mode": "email",
            "client_desk_button_text": _("Let's go"),
            "client_desk_title": _("Enter the title here"),
            "client_desk_text": _("Hello {client_first_name},\n\nTell your clients what makes this offer special."),
        }
        return {key: value for key, value in values.items() if key in fields_list}

    @api.model
    def create(self, vals):
        if vals.get("client_desk_action"):
            vals = dict(vals)
            vals.setdefault("mailing_model_id", self.env.ref("base.model_res_partner").id)
            vals.setdefault("reply_to_mode", "email")
        mailing = super().create(vals)
        if mailing.client_desk_action:
            mailing._client_desk_refresh()
        return mailing

    @api.multi
    def write(self, vals):
        if "state" not in vals and any(
                mailing.client_desk_action and mailing.state != "draft" for mailing in self) and (
                set(vals) & set(self._client_desk_content_fields())):
            raise UserError(_("A campaign that was sent cannot be edited; duplicate it to send a new one."))
        result = super().write(vals)
        if not self.env.context.get("client_desk_refreshing") and set(vals) & set(self._client_desk_refresh_fields()):
            self.filtered("client_desk_action")._client_desk_refresh()
        return result

    @api.model
    def _client_desk_content_fields(self):
        return ("client_desk_action", "client_desk_channel", "client_desk_url", "client_desk_title",
                "client_desk_text", "client_desk_button_text", "client_desk_image", "client_desk_image_upload",
                "client_desk_sms_body", "body_html")

    @api.model
    def _client_desk_refresh_fields(self):
        """Fields the e-mail body and the recipients' domain are made from."""
        return self._client_desk_content_fields() + (
            "client_desk_audience", "client_desk_tag_ids", "client_desk_partner_ids", "client_desk_opt_in_only")

    @api.multi
    def _client_desk_refresh(self):
        """Rebuilds the e-mail body from the template fields and the stock recipient domain from
        the audience, so that Odoo's own views, test mailing and get_recipients() see them."""
        for mailing in self.with_context(client_desk_refreshing=True):
            vals = {"mailing_domain": repr(mailing._client_desk_audience_domain())}
            if mailing.client_desk_image == "upload" and mailing.client_desk_image_upload:
                vals["client_desk_image_attachment_id"] = mailing._client_desk_public_image().id
            mailing.write(vals)
            mailing.write({"body_html": mailing._client_desk_render_body()})

    # -- template --------------------------------------------------------------------------------

    @api.multi
    def _client_desk_public_image(self):
        """The uploaded image as a public attachment (e-mail clients fetch it without a session)."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        values = {"name": "campaign-%s-image" % self.id, "datas": self.client_desk_image_upload,
                  "datas_fname": "campaign-image.png", "public": True,
                  "res_model": self._name, "res_id": self.id}
        attachment = self.client_desk_image_attachment_id.sudo()
        if attachment:
            attachment.write(values)
            return attachment
        return Attachment.create(values)

    @api.multi
    def _client_desk_base_url(self):
        return self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")

    @api.multi
    def _client_desk_action_url(self):
        """Absolute address the campaign's button leads to."""
        self.ensure_one()
        if self.client_desk_action == "url":
            return (self.client_desk_url or "").strip()
        return self._client_desk_base_url() + ACTION_PATHS.get(self.client_desk_action, "/my")

    @api.multi
    def _client_desk_image_url(self):
        self.ensure_one()
        base = self._client_desk_base_url()
        if self.client_desk_image == "upload":
            attachment = self.client_desk_image_attachment_id
            return "%s/web/image/%s" % (base, attachment.id) if attachment else False
        if self.client_desk_image in (False, "none"):
            return False
        return "%s/client_desk_campaigns/static/src/img/gallery_%s.png" % (base, self.client_desk_image)

    @api.multi
    def _client_desk_render_body(self):
        """The campaign's e-mail HTML (placeholders kept; put in per client when sent)."""
        self.ensure_one()
        values = {
            "title": self.client_desk_title or self.name or "",
            "text": plaintext2html(self.client_desk_text or ""),
            "button_text": self.client_desk_button_text or _("Let's go"),
            "action_url": self._client_desk_action_url(),
            "image_url": self._client_desk_image_url(),
        }
        html = self.env["ir.qweb"].render("client_desk_campaigns.campaign_email_body", values)
        return html.decode() if isinstance(html, bytes) else html

    @api.multi
    def _client_desk_subject(self, names):
        self.ensure_one()
        return personalise_text(self.client_desk_title or self.name or "", names)

    @api.multi
    def _client_desk_sms_text(self, body, names):
        """The SMS a client gets: the text personalised, and how to stop (in the context's language)."""
        text = personalise_text(body, names).strip()
        return "%s\n%s" % (text, _("Reply STOP to stop receiving our SMS."))

    @api.multi
    def _client_desk_plain_body(self, html):
        return html2plaintext(html or "")

    # -- actions ---------------------------------------------------------------------------------

    @api.multi
    def action_client_desk_send_test(self):
        """Sends the campaign to the user themself: an e-mail to their address, or an SMS to
        their mobile. Returns True."""
        self.ensure_one()
        partner = self.env.user.partner_id
        if self.client_desk_channel == "sms":
            number = partner.mobile or partner.phone
            if not number:
                raise UserError(_("Add your mobile number to your preferences to receive a test SMS."))
            names = client_names(partner.client_desk_first_name, partner.name)
            sms = self.env["client.desk.sms"].client_desk_queue(
                number, self._client_desk_sms_text(self.client_desk_sms_body or "", names), marketing=False,
                record=self)
            sms._client_desk_send_after_commit()
            return True
        if not partner.email:
            raise UserError(_("Add your e-mail address to your preferences to receive a test e-mail."))
        self._client_desk_send_test_email(partner)
        return True
