import logging
from email.utils import parseaddr

from odoo import _, api, models
from odoo.tools import html_escape, plaintext2html

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    """The event bus side of the inbox: every message of a client's thread reaches their
    conversation as it is posted; incoming mail to the business lands on the sender's card."""

    _inherit = "res.partner"

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "name" in vals or "parent_id" in vals:
            # The inbox list shows the name kept on the conversation: keep it current.
            for partner in self:
                self.env.cr.execute(
                    "UPDATE client_desk_conversation SET name = %s WHERE partner_id = %s",
                    (partner.display_name, partner.id))
        return result

    @api.multi
    def message_post(self, *args, **kwargs):
        if kwargs.get("message_type") == "email" and kwargs.get("attachments"):
            kwargs.update(self._client_desk_inbox_mail_attachments(kwargs["attachments"], kwargs.get("body") or ""))
        message = super().message_post(*args, **kwargs)
        if len(self) == 1 and not self.env.context.get("client_desk_inbox_deferred"):
            self.env["client.desk.conversation"]._client_desk_index_message(self, message)
        return message

    @api.multi
    def _client_desk_event(self, kind, body, record=None, author=None, subject=None, attachments=None):
        # The core posts first and sets the kind after: index once the kind is known.
        this = self.with_context(client_desk_inbox_deferred=True)
        message = super(ResPartner, this)._client_desk_event(
            kind, body, record=record, author=author, subject=subject, attachments=attachments)
        self.env["client.desk.conversation"]._client_desk_index_message(self, message)
        return message

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Mail to the business that answers nothing of ours: it lands in the sender's
        conversation; an unknown sender becomes a lead client (source e-mail)."""
        partner = self._client_desk_inbox_sender(msg_dict)
        # message_post is called next with this same dict: the client is its author.
        msg_dict["author_id"] = partner.id
        return partner

    @api.model
    def _client_desk_inbox_mail_attachments(self, attachments, body):
        """Incoming mail keeps the attachments within the upload limit; a larger one is left
        out with a log line and a word in the message. Returns the attachments and body to post."""
        limit = self.env["ir.http"]._client_desk_max_upload_bytes()
        kept, dropped = [], []
        for attachment in attachments:
            content = attachment[1] or b""
            if len(content) > limit:
                dropped.append((attachment[0] or "?", len(content)))
            else:
                kept.append(attachment)
        for name, size in dropped:
            _logger.info("Incoming mail: attachment %r of %d bytes left out (limit %d)", name, size, limit)
            body += "<p><em>%s</em></p>" % html_escape(
                _("The attachment %(name)s (%(size)d MB) was too large and was not kept.")
                % {"name": name, "size": size // (1024 * 1024)})
        return {"attachments": kept, "body": body}

    @api.model
    def _client_desk_inbox_sender(self, msg_dict):
        """The client who sent msg_dict (found by address, else created as a lead)."""
        name, address = parseaddr(msg_dict.get("email_from") or "")
        if msg_dict.get("author_id"):
            partner = self.sudo().browse(msg_dict["author_id"]).exists()
            if partner:
                if not partner.client_desk_is_client:
                    partner.write({"client_desk_is_client": True, "client_desk_source": "email"})
                return partner
        vals = {"name": name or address or _("Unknown sender")}
        if address and "@" in address:
            vals["email"] = address
        try:
            return self.sudo().client_desk_find_or_create(vals, "email")
        except Exception:  # a malformed address: keep the message, on a client without one
            _logger.info("Incoming mail from an unusable address %r: client created without it", address)
            return self.sudo().client_desk_find_or_create({"name": vals["name"]}, "email")

    # -- portal ------------------------------------------------------------------------------

    @api.model
    def _client_desk_portal_domain(self, partner):
        """What a client sees of their own thread: messages to and from them, no notes."""
        return [
            ("model", "=", "res.partner"), ("res_id", "=", partner.id),
            ("client_desk_kind", "in", ["message_in", "message_out"]),
            ("subtype_id.internal", "=", False),
        ]

    @api.model
    def _client_desk_portal_message_count(self, partner):
        return self.env["mail.message"].sudo().search_count(self._client_desk_portal_domain(partner))

    @api.multi
    def _client_desk_portal_messages(self, limit=100):
        """The client's messages for the portal, oldest first (sudo: portal users do not read
        mail.message of partners)."""
        self.ensure_one()
        return self.env["mail.message"].sudo().search(
            self._client_desk_portal_domain(self), order="id desc", limit=limit).sorted("id")

    @api.multi
    def _client_desk_portal_write(self, text):
        """What the client typed on the portal: a message from them (only the text, authored by
        the client, never by the user the request runs as), source portal."""
        self.ensure_one()
        return self.sudo().with_context(client_desk_inbox_source="portal").message_post(
            body=plaintext2html(text),
            message_type="comment",
            subtype="mail.mt_comment",
            author_id=self.id,
            email_from=self.email_formatted or False,
        )

    # -- forms -------------------------------------------------------------------------------

    @api.model
    def _client_desk_inbox_contact(self, values, text, source, url=None):
        """Someone wrote through a form (no account needed): their client card is found by
        e-mail or phone, else made as a lead, and the text lands in their conversation as a
        message from them, with source and page. Returns the message."""
        values = {key: value for key, value in values.items() if key in ("name", "email", "phone") and value}
        values.setdefault("name", values.get("email") or values.get("phone"))
        partner = self.sudo().client_desk_find_or_create(values, "website" if source == "website" else "portal")
        return partner.with_context(client_desk_inbox_source=source, client_desk_inbox_source_url=url).message_post(
            body=plaintext2html(text),
            message_type="comment",
            subtype="mail.mt_comment",
            author_id=partner.id,
            email_from=partner.email_formatted or False,
        )
