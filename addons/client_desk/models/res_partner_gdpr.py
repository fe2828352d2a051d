import base64
import io
import json
import re
import zipfile

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError

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
    "website", "comment", "image",
)
# Marks the stored export files, so a new export replaces the previous one and an export
# never contains an older export.
GDPR_EXPORT_MARKER = "client_desk_gdpr_export"
ERASED_BODY = "<p>%s</p>"


def selection_label(record, name):
    """The label of a selection field's value in the user's language (None when empty)."""
    value = record[name]
    return dict(record._fields[name]._description_selection(record.env)).get(value) if value else None


class ResPartner(models.Model):
    """Deleting with confirmation, and the GDPR right of access (export) and to erasure."""

    _inherit = "res.partner"

    # -- access ----------------------------------------------------------------------------

    @api.model
    def _client_desk_require_manager(self):
        """Deleting clients and handling their personal data is for Client Desk managers."""
        if not self.env.user.has_group("client_desk.group_client_desk_manager"):
            raise AccessError(_("Only Client Desk managers may delete clients or export or erase their personal data."))

    # -- deletion --------------------------------------------------------------------------

    @api.multi
    def unlink(self):
        # Deleting clients is for managers, whatever the menu (the list's own "Delete" too);
        # staff archive. Code running as superuser is not a person deleting.
        if self.env.uid != SUPERUSER_ID and any(self.mapped("client_desk_is_client")):
            self._client_desk_require_manager()
        return super().unlink()

    @api.multi
    def action_client_desk_delete(self):
        """Opens the delete confirmation, which lists what prevents the deletion."""
        self._client_desk_require_manager()
        if not self:
            raise UserError(_("Select the clients to delete."))
        wizard = self.env["client.desk.partner.delete"].create({"partner_ids": [(6, 0, self.ids)]})
        return {
            "type": "ir.actions.act_window",
            "name": _("Delete clients"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

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
        attachments = Attachment.search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.id),
            "|", ("description", "=", False), ("description", "!=", GDPR_EXPORT_MARKER),
        ])
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
        }

    @api.multi
    def _client_desk_gdpr_custom_fields(self):
        """[{field, key, value}] of the client's custom fields."""
        self.ensure_one()
        if "client.desk.field.value" not in self.env:
            return []
        lines = self.env["client.desk.field.value"].sudo().search([("partner_id", "=", self.id)])
        return [{"field": line.field_id.name, "key": line.field_id.key, "value": line.display_value} for line in lines]

    @api.multi
    def _client_desk_gdpr_sms(self):
        """[{date, number, message, state}] of the SMS sent to the client."""
        self.ensure_one()
        if "client.desk.sms" not in self.env:
            return []
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
        """Builds the client's personal data as one ZIP and downloads it (managers only).

        The file is stored as an attachment of the client, so it is only readable by who may
        read the client; it replaces the previous export and an erasure deletes it.
        """
        self._client_desk_require_manager()
        self.ensure_one()
        name, content = self._client_desk_gdpr_export_file()
        Attachment = self.env["ir.attachment"].sudo()
        Attachment.search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.id), ("description", "=", GDPR_EXPORT_MARKER),
        ]).unlink()
        attachment = Attachment.create({
            "name": name,
            "datas_fname": name,
            "datas": base64.b64encode(content),
            "mimetype": "application/zip",
            "res_model": "res.partner",
            "res_id": self.id,
            "description": GDPR_EXPORT_MARKER,
        })
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "self",
        }

    # -- erasure (right to be forgotten) -------------------------------------------------------------

    @api.multi
    def _client_desk_gdpr_erase_blockers(self):
        """Reasons why these partners cannot be erased (translated sentences)."""
        problems = []
        for partner in self:
            if not partner.client_desk_is_client:
                problems.append(_("%s is not a client.") % partner.display_name)
            users = partner.with_context(active_test=False).user_ids
            if any(not user.share for user in users):
                problems.append(_("%s is a staff member's contact; remove the user first.") % partner.display_name)
        return problems

    @api.multi
    def _client_desk_gdpr_erase(self):
        """Anonymises the client: personal fields, conversation bodies and files, custom field
        values, SMS, activities, follower subscriptions and portal accounts. Keeps the record
        (invoices and payments refer to it), the consent ledger and the message skeletons.
        Modules erase their own data by super()."""
        erased = _("[erased]")
        for partner in self:
            messages = partner._client_desk_gdpr_messages()
            files = messages.mapped("attachment_ids") | self.env["ir.attachment"].sudo().search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
            files.unlink()
            messages.mapped("tracking_value_ids").unlink()
            messages.write({"body": ERASED_BODY % erased, "subject": False})
            messages.filtered(lambda m: m.author_id == partner or not m.author_id).write({"email_from": False})
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
            mails.filtered(lambda m: m.state in ("outgoing", "exception")).write({"state": "cancel"})
            mails.write({"body_html": ERASED_BODY % erased, "email_to": False, "email_cc": False})
            self.env["mail.activity"].sudo().search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]).unlink()
            self.env["mail.followers"].sudo().search([("partner_id", "=", partner.id)]).unlink()
            if "client.desk.field.value" in self.env:
                self.env["client.desk.field.value"].sudo().search([("partner_id", "=", partner.id)]).unlink()
            if "client.desk.sms" in self.env:
                self.env["client.desk.sms"].sudo().search([("partner_id", "=", partner.id)]).unlink()
            for user in partner.sudo().with_context(active_test=False).user_ids:
                # The login is the e-mail address: it goes too (logins must stay unique).
                user.write({"active": False, "login": "erased-client-%s-%s" % (partner.id, user.id)})
            values = {name: False for name in GDPR_ERASED_FIELDS if name in partner._fields}
            values.update(
                name=_("Erased client %s") % (partner.client_desk_number or partner.id), category_id=[(5, 0, 0)])
            if "signup_token" in partner._fields:
                partner.sudo().write({"signup_token": False, "signup_type": False, "signup_expiration": False})
            partner.write(values)
            messages.filtered(lambda m: m.model == "res.partner" and m.res_id == partner.id).write(
                {"record_name": partner.name})
        return True

    @api.multi
    def action_client_desk_gdpr_erase(self):
        """Erases the clients' personal data on their request (managers only) and records who
        did it and when, in the consent ledger and the conversation; the clients are archived."""
        self._client_desk_require_manager()
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
