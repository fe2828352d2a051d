from email.utils import formataddr

from odoo import _, api, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """One continuous conversation per client (contract 2): everything that happens with a
    client is a mail.message on their partner, posted through _client_desk_event, with the
    subtype of its kind (see mail.message's client_desk_kind for how modules add kinds)."""

    _inherit = "res.partner"

    @api.multi
    def _client_desk_event(self, kind, body, record=None, author=None, subject=None, attachments=None):
        """Posts what happened with this client in their one conversation; returns the message.

        :param kind: a declared mail.message client_desk_kind (core: message_in, message_out,
            consent, profile, import; feature modules add theirs), posted with the subtype that
            declares the kind (mail.message.subtype client_desk_kind)
        :param body: HTML, escaped by the caller where it holds client text (sanitised anyway)
        :param record: the document it is about (appointment, invoice...), kept on the message
        :param author: res.partner who acted: the client, when the client did (portal, reply,
            booking); by default the user of the environment, i.e. the staff member who acted.
            Call before sudo() or pass author: under sudo the default is the superuser.
        """
        self.ensure_one()
        kinds = dict(self.env["mail.message"]._fields["client_desk_kind"].selection)
        if kind not in kinds:
            raise UserError(_("Unknown conversation event: %s") % kind)
        subtype = self.env["mail.message.subtype"].sudo().search([("client_desk_kind", "=", kind)], limit=1)
        if not subtype:
            raise UserError(_("No message subtype is declared for the conversation event %s.") % kind)
        author = author or self.env.user.partner_id
        values = {
            "body": body,
            "subject": subject,
            "message_type": "notification",
            "subtype_id": subtype.id,
            "attachments": attachments,
            "author_id": author.id,
            # Without it mail.message would take the sending address of the (super)user posting.
            "email_from": formataddr((author.name or "", author.email)) if author.email else False,
        }
        message = self.sudo().with_context(mail_create_nosubscribe=True).message_post(**values)
        message.sudo().write({
            "client_desk_kind": kind,
            "client_desk_record_ref": "%s,%s" % (record._name, record.id) if record else False,
        })
        return message

    @api.multi
    def message_post(self, *args, **kwargs):
        message = super().message_post(*args, **kwargs)
        # Plain chatter messages count in the conversation too: from the client, or to them.
        is_chat = message.message_type in ("comment", "email") and message.subtype_id == self.env.ref("mail.mt_comment")
        if len(self) == 1 and self.client_desk_is_client and not message.client_desk_kind and is_chat:
            # Mail from the gateway is the client writing, even from an address not on the card.
            kind = "message_in" if message.author_id == self or message.message_type == "email" else "message_out"
            message.sudo().write({"client_desk_kind": kind})
        return message

    @api.multi
    def action_client_desk_new_message(self):
        """Opens the e-mail composer on the client's conversation."""
        self.ensure_one()
        if not self.email:
            raise UserError(_("%s has no e-mail address.") % self.display_name)
        if self.client_desk_email_blocked:
            raise UserError(_("E-mail to %s is blocked.") % self.display_name)
        return {
            "type": "ir.actions.act_window",
            "name": _("New message"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_id": self.id,
                "default_partner_ids": [(6, 0, [self.id])],
                "default_composition_mode": "comment",
                "default_subtype_id": self.env.ref("mail.mt_comment").id,
                "mail_post_autofollow": False,
            },
        }
