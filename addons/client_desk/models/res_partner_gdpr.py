import base64
import io
import json
import re
import zipfile

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools.access import require_manager
from ..tools.phone import to_e164

# Card fields in the export (those present on res.partner; modules may add theirs by super()).
GDPR_CARD_FIELDS = (
    "client_desk_number", "name", "client_desk_first_name", "client_desk_last_name", "title", "function",
    "client_desk_birthday", "email", "phone", "mobile", "street", "street2", "zip", "city", "state_id",
    "country_id", "website", "lang", "tz", "vat", "ref", "comment", "client_desk_note", "client_desk_status",
    "client_desk_source", "client_desk_staff_id", "client_desk_marketing_opt_in",
    "client_desk_marketing_opt_in_date", "client_desk_marketing_opt_in_source", "client_desk_email_blocked",
    "client_desk_email_blocked_reason", "client_desk_sms_opt_out", "active", "company_id", "create_date",
    "write_date",
)
# Personal data emptied by an erasure. The name gets a placeholder instead (it is required);
# vat and ref stay because invoices, kept by law, show them.
GDPR_ERASED_FIELDS = (
    "client_desk_first_name", "client_desk_last_name", "client_desk_birthday", "client_desk_note", "title",
    "function", "email", "phone", "mobile", "street", "street2", "zip", "city", "state_id", "country_id",
    "website", "comment", "image", "company_name",
)
# Marked the export files that earlier versions stored as attachments of the client (purged).
GDPR_EXPORT_MARKER = "client_desk_gdpr_export"
ERASED_BODY = "<p>%s</p>"


def selection_label(record, name):
    """The label of a selection field's value in the user's language (None when empty)."""
    value = record[name]
    return dict(record._fields[name]._description_selection(record.env)).get(value) if value else None


class ResPartner(models.Model):
    """Deleting with confirmation, and the GDPR right of access (export) and to erasure."""

    _inherit = "res.partner"

    @api.model
    def _client_desk_gdpr_require_manager(self):
        """Exporting and erasing personal data is for Client Desk managers, whatever the
        partner's flags (SECURITY.md checklist 17)."""
        require_manager(
            self.env, _("Only Client Desk managers may delete clients or export or erase their personal data.")
        )

    # -- export (right of access) ----------------------------------------------------------------

    @api.multi
    def _client_desk_gdpr_value(self, name):
        """A field's value as plain JSON data: names instead of ids, labels instead of keys."""
        self.ensure_one()
        field = self._fields[name]
        value = self[name]
        if field.type == "many2one":
            return value.display_name or None
        if field.type in ("one2many", "many2many"):
            return value.mapped("display_name")
        if field.type == "selection":
            return selection_label(self, name)
        if field.type == "html":
            return tools.html2plaintext(value or "").strip() or None
        if field.type == "binary":
            return None
        return value if value is not False or field.type == "boolean" else None

    @api.multi
    def _client_desk_gdpr_messages(self):
        """Messages of the clients' conversations and messages they wrote elsewhere (sudo)."""
        return self.env["mail.message"].sudo().search(
            ["|", "&", ("model", "=", "res.partner"), ("res_id", "in", self.ids), ("author_id", "in", self.ids)],
            order="date, id",
        )

    @api.multi
    def _client_desk_gdpr_export_attachments(self):
        """Files that go into the export: the client's own and those of their messages.
        Modules add theirs (shared documents...) by super()."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment.search([("res_model", "=", "res.partner"), ("res_id", "=", self.id)])
        return attachments | self._client_desk_gdpr_messages().mapped("attachment_ids")

    @api.model
    def _client_desk_gdpr_file_path(self, attachment):
        """Path of an attachment inside the export ZIP: unique and without folders of its own."""
        name = re.sub(r"[^\w.\- ]+", "_", attachment.datas_fname or attachment.name or "file").strip(". ") or "file"
        return "attachments/%s-%s" % (attachment.id, name)

    @api.multi
    def _client_desk_gdpr_export_data(self):
        """Everything stored about this client, as JSON-ready sections. Modules add their
        sections (appointments, invoices, documents...) by super()."""
        self.ensure_one()
        partner = self.sudo()
        card = {
            name: partner._client_desk_gdpr_value(name) for name in GDPR_CARD_FIELDS if name in partner._fields
        }
        kinds = dict(self.env["mail.message"]._fields["client_desk_kind"]._description_selection(self.env))
        messages = [{
            "date": message.date,
            "author": message.author_id.display_name or message.email_from or None,
            "type": message.message_type,
            "kind": kinds.get(message.client_desk_kind) if message.client_desk_kind else None,
            "about": message.record_name if (message.model, message.res_id) != ("res.partner", self.id) else None,
            "subject": message.subject or None,
            "body": tools.html2plaintext(message.body or "").strip(),
            "attachments": [self._client_desk_gdpr_file_path(a) for a in message.attachment_ids],
        } for message in partner._client_desk_gdpr_messages()]
        ledger = [{
            "date": event.date,
            "change": selection_label(event, "kind"),
            "source": selection_label(event, "source"),
            "blocked_because": selection_label(event, "email_blocked_reason"),
            "changed_by": event.user_id.display_name or None,
            "note": event.note or None,
        } for event in partner.client_desk_consent_event_ids.sorted(lambda e: (e.date, e.id))]
        activities = [{
            "type": activity.activity_type_id.display_name or None,
            "summary": activity.summary or None,
            "note": tools.html2plaintext(activity.note or "").strip() or None,
            "deadline": activity.date_deadline,
            "assigned_to": activity.user_id.display_name or None,
        } for activity in self.env["mail.activity"].sudo().search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.id)], order="date_deadline, id")]
        attachments = [{
            "file": self._client_desk_gdpr_file_path(attachment),
            "name": attachment.datas_fname or attachment.name,
            "type": attachment.mimetype,
            "size": attachment.file_size,
            "date": attachment.create_date,
        } for attachment in self._client_desk_gdpr_export_attachments()]
        accounts = [{
            "login": user.login,
            "active": user.active,
            "created": user.create_date,
            "last_login": user.login_date or None,
        } for user in partner.with_context(active_test=False).user_ids]
        return {
            "export": {
                "date": fields.Datetime.now(),
                "exported_by": self.env.user.display_name,
                "company": self.env.user.company_id.display_name,
            },
            "card": card,
            "tags": partner.category_id.mapped("display_name"),
            "custom_fields": partner._client_desk_gdpr_custom_fields(),
            "consent_ledger": ledger,
            "messages": messages,
            "sms": partner._client_desk_gdpr_sms(),
            "activities": activities,
            "attachments": attachments,
            "accounts": accounts,
            "bank_accounts": [{
                "number": account.acc_number,
                "bank": account.bank_id.display_name or None,
            } for account in partner.bank_ids],
            "contacts": [{
                name: contact._client_desk_gdpr_value(name)
                for name in ("name", "type", "function", "email", "phone", "mobile", "street", "street2", "zip",
                             "city", "country_id", "comment", "active")
            } for contact in partner.with_context(active_test=False).child_ids],
        }

    @api.multi
    def _client_desk_gdpr_custom_fields(self):
        """[{field, key, value}] of the client's custom fields."""
        self.ensure_one()
        lines = self.env["client.desk.field.value"].sudo().search([("partner_id", "=", self.id)])
        return [{"field": line.field_id.name, "key": line.field_id.key, "value": line.display_value} for line in lines]

    @api.multi
    def _client_desk_gdpr_sms(self):
        """[{date, number, message, state}] of the SMS sent to the client."""
        self.ensure_one()
        return [{
            "date": sms.sent_date or sms.create_date,
            "number": sms.number,
            "message": sms.body,
            "state": sms.state,
        } for sms in self.env["client.desk.sms"].sudo().search([("partner_id", "=", self.id)], order="id")]

    @api.multi
    def _client_desk_gdpr_export_file(self):
        """(file name, bytes) of the ZIP with client.json and the attachments."""
        self.ensure_one()
        data = self._client_desk_gdpr_export_data()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("client.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
            for attachment in self._client_desk_gdpr_export_attachments():
                if attachment.type == "binary" and attachment.datas:
                    archive.writestr(self._client_desk_gdpr_file_path(attachment), base64.b64decode(attachment.datas))
        name = "client-%s-personal-data-%s.zip" % (
            self.client_desk_number or self.id, fields.Date.context_today(self).replace("-", ""))
        return name, buffer.getvalue()

    @api.multi
    def action_client_desk_gdpr_export(self):
        """Downloads the client's personal data as one ZIP (managers only).

        The file is built by the manager-only route /client_desk/gdpr/export/<id> when the
        browser asks for it, and stored nowhere: a stored copy would be readable by everyone
        who may read the client's attachments.
        """
        self._client_desk_gdpr_require_manager()
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": "/client_desk/gdpr/export/%d" % self.id,
            "target": "self",
        }

    @api.model
    def _client_desk_gdpr_export_download(self, partner_id):
        """(file name, bytes) of the export of partner partner_id, for the download route;
        None when there is no such partner (or partner_id is None). AccessError unless a Client
        Desk manager who may read the partner (the manager check comes first: others learn
        nothing about ids)."""
        self._client_desk_gdpr_require_manager()
        partner = self.browse(partner_id).exists() if partner_id else None
        if not partner:
            return None
        partner.check_access_rights("read")
        partner.check_access_rule("read")
        return partner._client_desk_gdpr_export_file()

    @api.model
    def _client_desk_gdpr_purge_stored_exports(self):
        """Deletes the export files earlier versions stored as attachments of the clients
        (readable by every employee). Run from data on install and update."""
        self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "res.partner"), ("description", "=", GDPR_EXPORT_MARKER),
        ]).unlink()

    # -- erasure (right to be forgotten) -------------------------------------------------------------

    @api.multi
    def _client_desk_gdpr_family(self):
        """These partners and all their contacts (child_ids, archived ones too, whatever the
        user may read), which are erased with them."""
        return self.browse(self.sudo().with_context(active_test=False).search([("id", "child_of", self.ids)]).ids)

    @api.multi
    def _client_desk_gdpr_erase_blockers(self):
        """Reasons why these partners cannot be erased (translated sentences).

        Deliberately not keyed on client_desk_is_client, which staff may write (SECURITY.md
        checklist 17): the manager check guards the erasure, these only protect the partners
        that must never be anonymised, whatever their flags say.
        """
        problems = []
        company_partners = self.env["res.company"].sudo().search([]).mapped("partner_id")
        for partner in self:
            family = partner._client_desk_gdpr_family()
            users = family.sudo().with_context(active_test=False).mapped("user_ids")
            if any(not user.share for user in users):
                problems.append(_("%s is a staff member's contact; remove the user first.") % partner.display_name)
            if family & company_partners:
                problems.append(_("%s is one of your companies.") % partner.display_name)
        return problems

    @api.multi
    def _client_desk_gdpr_erase(self):
        """Anonymises these partners and their contacts: card, conversation (bodies, subjects,
        addresses, tracking, files), queued mail, followers, custom field values, SMS, bank
        accounts, portal accounts, tokens, identity claims and the notes of the consent
        ledger. Keeps the records (invoices and payments refer to them), the ledger lines and
        the message skeletons. Modules erase their own data by super(); contacts go through
        this same method (and so through the modules' overrides) first.
        """
        contacts = self._client_desk_gdpr_family() - self
        if contacts:
            contacts._client_desk_gdpr_erase()
            contacts.sudo().write({"active": False})
        for partner in self.sudo().with_context(active_test=False, tracking_disable=True):
            numbers = partner._client_desk_gdpr_numbers()
            messages = partner._client_desk_gdpr_messages()
            partner._client_desk_gdpr_erase_mails(messages)
            partner._client_desk_gdpr_erase_messages(messages)
            partner._client_desk_gdpr_erase_tracking_elsewhere()
            partner._client_desk_gdpr_erase_links()
            partner._client_desk_gdpr_erase_sms(numbers)
            partner._client_desk_gdpr_erase_accounts()
            partner._client_desk_gdpr_erase_ledger_notes()
            partner._client_desk_gdpr_erase_card()
            messages.filtered(lambda m: m.model == "res.partner" and m.res_id == partner.id).write(
                {"record_name": partner.name})
            # After the card: emptying e-mail and phones released most claims already.
            partner._client_desk_release_identities()
        return True

    @api.multi
    def _client_desk_gdpr_numbers(self):
        """The E.164 numbers of the partner's phone and mobile (to find SMS sent to them)."""
        self.ensure_one()
        return [number for number in (to_e164(self.mobile or ""), to_e164(self.phone or "")) if number]

    @api.multi
    def _client_desk_gdpr_erase_messages(self, messages):
        """Empties the partner's messages: body, subject, reply-to, the sender address of what
        the partner wrote, tracking values and files."""
        self.ensure_one()
        erased = ERASED_BODY % _("[erased]")
        files = messages.mapped("attachment_ids") | self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.id)])
        files.unlink()
        messages.mapped("tracking_value_ids").unlink()
        messages.write({"body": erased, "subject": False, "reply_to": False})
        messages.filtered(
            lambda m: m.author_id == self or not m.author_id or self._client_desk_gdpr_is_address(m.email_from)
        ).write({"email_from": False})

    @api.multi
    def _client_desk_gdpr_erase_mails(self, messages):
        """Queued (and kept) mail.mail of the partner's messages or addressed to the partner:
        the partner leaves the recipients and the addresses; a mail left with no one to go to
        is cancelled and emptied, with its message when it was only for the partner."""
        self.ensure_one()
        email = self.client_desk_email_normalized
        domain = ["|", ("mail_message_id", "in", messages.ids), ("recipient_ids", "in", self.ids)]
        if email:
            domain = expression.OR([domain, [("email_to", "ilike", email)], [("email_cc", "ilike", email)]])
        erased = ERASED_BODY % _("[erased]")
        for mail in self.env["mail.mail"].sudo().search(domain):
            values = {
                "recipient_ids": [(3, self.id)],
                "email_to": self._client_desk_gdpr_without_address(mail.email_to),
                "email_cc": self._client_desk_gdpr_without_address(mail.email_cc),
            }
            left = (mail.recipient_ids - self) or values["email_to"] or values["email_cc"]
            if mail.mail_message_id in messages or not left:
                values.update(body_html=erased, headers=False, email_to=False, email_cc=False, recipient_ids=[(5,)],
                              failure_reason=False)
                if mail.state != "sent":
                    values["state"] = "cancel"
                if not left:
                    values.update(body=erased, subject=False, reply_to=False)
            mail.write(values)

    @api.multi
    def _client_desk_gdpr_is_address(self, text):
        """True when text ("Name <address>" or a bare address) is the partner's e-mail address."""
        self.ensure_one()
        email = self.client_desk_email_normalized
        return bool(email) and email in [address.lower() for address in tools.email_split(text or "")]

    @api.multi
    def _client_desk_gdpr_without_address(self, addresses):
        """The comma-separated addresses without the partner's (False when none is left)."""
        kept = [part for part in (addresses or "").split(",") if not self._client_desk_gdpr_is_address(part)]
        return ",".join(kept).strip() or False

    @api.multi
    def _client_desk_gdpr_erase_tracking_elsewhere(self):
        """Tracking values on other documents that show the partner as the old or new value of
        a link to a contact: the name becomes the erased placeholder."""
        self.ensure_one()
        Tracking = self.env["mail.tracking.value"].sudo()
        placeholder = self._client_desk_gdpr_placeholder()
        for side in ("old", "new"):
            values = Tracking.search([("field_type", "=", "many2one"), ("%s_value_integer" % side, "=", self.id)])
            for value in values:
                model = value.mail_message_id.model
                field = self.env[model]._fields.get(value.field) if model in self.env else None
                if field is not None and field.type == "many2one" and field.comodel_name == "res.partner":
                    value.write({"%s_value_char" % side: placeholder})

    @api.multi
    def _client_desk_gdpr_erase_links(self):
        """Activities on the partner, the partner's subscriptions (followers of any document,
        channel memberships), custom field values and bank accounts."""
        self.ensure_one()
        self.env["mail.activity"].sudo().search([("res_model", "=", "res.partner"), ("res_id", "=", self.id)]).unlink()
        self.env["mail.followers"].sudo().search([("partner_id", "=", self.id)]).unlink()
        self.env["mail.channel.partner"].sudo().search([("partner_id", "=", self.id)]).unlink()
        self.env["client.desk.field.value"].sudo().search([("partner_id", "=", self.id)]).unlink()
        self.env["res.partner.bank"].sudo().search([("partner_id", "=", self.id)]).unlink()

    @api.multi
    def _client_desk_gdpr_erase_sms(self, numbers):
        """SMS to the partner, also those queued to one of the partner's numbers without them."""
        self.ensure_one()
        domain = [("partner_id", "=", self.id)]
        if numbers:
            domain = expression.OR([domain, [("number_e164", "in", numbers)]])
        self.env["client.desk.sms"].sudo().search(domain).unlink()

    @api.multi
    def _client_desk_gdpr_erase_accounts(self):
        """Portal logins are archived and renamed (the login is the e-mail address and must
        stay unique); signup and access tokens are revoked, with the record of revoked ones."""
        self.ensure_one()
        for user in self.with_context(active_test=False).user_ids:
            user.write({"active": False, "login": "erased-client-%s-%s" % (self.id, user.id), "signature": False})
        if "signup_token" in self._fields:  # auth_signup is not a dependency
            self.write({"signup_token": False, "signup_type": False, "signup_expiration": False})
        self._client_desk_forget_token()
        # The revoked-token hashes go too: an erased record answers no link at all.
        self._client_desk_token_row().unlink()

    @api.multi
    def _client_desk_gdpr_erase_ledger_notes(self):
        """The consent ledger stays (proof of what was agreed, when, by which means), without
        its notes: they may hold the address or number a change came from."""
        self.ensure_one()
        self.env["client.desk.consent.event"].sudo().search(
            [("partner_id", "=", self.id), ("note", "!=", False)]).write({"note": False})

    @api.multi
    def _client_desk_gdpr_placeholder(self):
        """The name an erased partner gets."""
        self.ensure_one()
        return _("Erased client %s") % (self.client_desk_number or self.id)

    @api.multi
    def _client_desk_gdpr_erase_card(self):
        """Empties the personal fields of the card; the name becomes a placeholder."""
        self.ensure_one()
        values = {name: False for name in GDPR_ERASED_FIELDS if name in self._fields}
        values.update(name=self._client_desk_gdpr_placeholder(), category_id=[(5, 0, 0)])
        self.write(values)

    @api.multi
    def action_client_desk_gdpr_erase(self):
        """Erases the clients' personal data on their request (managers only) and records who
        did it and when, in the consent ledger and the conversation; the clients are archived."""
        self._client_desk_gdpr_require_manager()
        problems = self._client_desk_gdpr_erase_blockers()
        if problems:
            raise UserError(_("Nothing was erased.\n%s") % "\n".join(problems))
        note = _("Personal data erased on request")
        for partner in self:
            partner._client_desk_gdpr_erase()
            partner.client_desk_set_consent(
                "manual", note=note, marketing_opt_in=False, email_blocked=True, email_blocked_reason="manual",
                sms_opt_out=True,
            )
            partner.with_context(mail_create_nosubscribe=True).message_post(
                body="<p>%s</p>" % tools.html_escape(
                    _("Personal data erased on request by %s.") % self.env.user.display_name),
                message_type="notification", subtype="mail.mt_note",
            )
        self.write({"active": False})
        return True
