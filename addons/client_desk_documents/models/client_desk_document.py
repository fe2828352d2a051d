import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape, plaintext2html

from ..tools.upload import MEGABYTE, UploadRefused, check_size, check_upload, served_inline

# Context key under which _client_desk_create_checked passes the file it checked.
CHECKED_KEY = "client_desk_checked_datas"
SOURCES = [("staff", "Shared by us"), ("client", "Received from the client")]
VISIBILITIES = [("client", "Available to the client"), ("internal", "Internal use only")]
REVIEW_STATES = [("received", "Awaiting review"), ("approved", "Approved"), ("rejected", "Rejected")]


class ClientDeskDocument(models.Model):
    """A file shared with a client, received from one, or kept in the library ("My documents").

    The file is the `datas` binary field stored as an ir.attachment of the document (in Odoo's
    filestore): Odoo gives that attachment the access of the document, so a file is readable
    exactly where its document is (record rules: a portal client reads only their own documents
    that are available to them; never internal ones nor the library). Every write of a file
    goes through _client_desk_file_values (size, type by content, clean name): by the form,
    RPC, wizards and the portal alike.
    """

    _name = "client.desk.document"
    _description = "Client Desk document"
    _inherit = ["mail.thread", "mail.activity.mixin", "client.desk.portal.mixin"]
    _order = "id desc"

    name = fields.Char("File name", required=True, index=True, track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", "Client", index=True, ondelete="cascade", track_visibility="onchange",
        domain=[("client_desk_is_client", "=", True)],
    )
    # Stored for the lists: reading partner_id there costs a name_get, which prefetches every
    # column of 80 partners (~100 ms a page at 100,000 documents; see bench/bench_documents.py).
    client_name = fields.Char("Client name", related="partner_id.display_name", store=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.user.company_id)
    source = fields.Selection(SOURCES, required=True, default="staff", index=True)
    visibility = fields.Selection(VISIBILITIES, required=True, default="client", index=True,
                                  track_visibility="onchange")
    is_library = fields.Boolean("In My documents", index=True,
                                help="A reusable file of the library, shared with clients as a copy.")
    library_document_id = fields.Many2one("client.desk.document", "From the library", ondelete="set null",
                                          readonly=True)
    request_line_id = fields.Many2one("client.desk.document.request.line", "Requested document",
                                      index=True, ondelete="set null", readonly=True)
    request_id = fields.Many2one(related="request_line_id.request_id", store=True, readonly=True, index=True)
    version = fields.Integer(default=1, readonly=True)
    is_latest = fields.Boolean("Latest version", default=True, readonly=True)
    review_state = fields.Selection(REVIEW_STATES, "Review", index=True, track_visibility="onchange",
                                    readonly=True)
    reject_reason = fields.Text("Reason for rejection", readonly=True)
    datas = fields.Binary("File", attachment=True)
    file_size = fields.Integer(readonly=True)
    mimetype = fields.Char("Type", readonly=True)
    note = fields.Text()
    active = fields.Boolean(default=True)

    # -- the file ------------------------------------------------------------------------------

    @api.model
    def _client_desk_max_bytes(self, company=None):
        company = company or self.env.user.company_id
        return max(company.sudo().client_desk_document_max_mb, 1) * MEGABYTE

    @api.model
    def _client_desk_refusal_message(self, refusal):
        """The translated message of a refused upload (tools.upload.UploadRefused)."""
        messages = {
            "empty": _("The file is empty."),
            "too_large": _("The file is too large: %s MB at most."),
            "program": _("Programs and scripts cannot be uploaded."),
            "mismatch": _("The content of %s does not match its type."),
            "no_name": _("The file has no usable name."),
        }
        message = messages.get(refusal.reason, messages["mismatch"])
        return message % refusal.value if "%s" in message else message

    @api.model
    def _client_desk_check_size(self, size, max_bytes):
        """Refuses (translated UserError) an empty file or one over the limit, before reading it."""
        try:
            check_size(size, max_bytes)
        except UploadRefused as refusal:
            raise UserError(self._client_desk_refusal_message(refusal))

    @api.model
    def _client_desk_file_values(self, name, data, company=None):
        """Values storing a file (bytes) named name: refused with a translated UserError when
        empty, too large, a program, or not what its name says."""
        try:
            clean, mimetype = check_upload(name, data, self._client_desk_max_bytes(company))
        except UploadRefused as refusal:
            raise UserError(self._client_desk_refusal_message(refusal))
        return {"name": clean, "datas": base64.b64encode(data), "mimetype": mimetype, "file_size": len(data)}

    @api.model
    def _client_desk_checked_vals(self, vals, company=None):
        """vals with its file checked (when it has one) and a clean name."""
        vals = dict(vals)
        checked = self.env.context.get(CHECKED_KEY)
        if isinstance(checked, bytes) and vals.get("datas") is checked:
            # This very file came from _client_desk_file_values (RPC never passes bytes, and
            # never this object): decoding 20 MB again would only cost time.
            return vals
        if vals.get("datas"):
            try:
                data = base64.b64decode(vals["datas"], validate=True)
            except (ValueError, TypeError):
                raise UserError(_("The file could not be read."))
            name = vals.get("name") or (self[:1].name if self else "")
            vals.update(self._client_desk_file_values(name, data, company))
        elif "datas" in vals:
            raise UserError(_("The file is empty."))
        return vals

    @api.model
    def _client_desk_create_checked(self, vals):
        """Creates a document whose file values come from _client_desk_file_values."""
        document = self.with_context(**{CHECKED_KEY: vals["datas"]}).create(vals)
        return document.with_context(**{CHECKED_KEY: None})

    @api.model
    def create(self, vals):
        company = self.env["res.company"].browse(vals.get("company_id")) if vals.get("company_id") else None
        vals = self._client_desk_checked_vals(vals, company)
        if not vals.get("datas"):
            raise UserError(_("Choose a file."))
        datas = vals.pop("datas")
        document = super(ClientDeskDocument, self.with_context(mail_create_nolog=True)).create(vals)
        document._client_desk_store_file(datas)
        return document

    @api.multi
    def write(self, vals):
        if vals.get("visibility") == "internal" or vals.get("is_library") or "partner_id" in vals:
            # Links sent before stop working at once.
            self._client_desk_forget_token()
        if "datas" in vals:
            for document in self:
                checked = document._client_desk_checked_vals(dict(vals), document.company_id)
                datas = checked.pop("datas")
                super(ClientDeskDocument, document).write(checked)
                document._client_desk_store_file(datas)
            return True
        return super().write(vals)

    @api.multi
    def _client_desk_store_file(self, datas):
        """Writes the (checked) file as the attachment behind `datas`, in the filestore, with the
        type it may be served as: what is not previewed (HTML, SVG...) is an octet-stream for
        /web/content too, so it never renders in Odoo's origin. Also spares Odoo guessing the
        type again from 20 MB of base64."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        values = {
            "datas": datas,
            "datas_fname": self.name,
            "mimetype": self.mimetype if served_inline(self.mimetype) else "application/octet-stream",
        }
        attachment = Attachment.search([("res_model", "=", self._name), ("res_id", "=", self.id),
                                        ("res_field", "=", "datas")], limit=1)
        if attachment:
            attachment.write(values)
        else:
            Attachment.create(dict(values, name="datas", res_model=self._name, res_field="datas",
                                   res_id=self.id, type="binary"))

    @api.constrains("partner_id", "is_library")
    def _check_partner(self):
        for document in self:
            if not document.is_library and not document.partner_id:
                raise ValidationError(_("A document belongs to a client or to My documents."))

    # -- portal access -------------------------------------------------------------------------

    @api.multi
    def _client_desk_portal_owner(self):
        """Only documents available to the client have an owner; internal documents and the
        library open for nobody on the portal."""
        self.ensure_one()
        document = self.sudo()
        if document.is_library or document.visibility != "client" or not document.partner_id:
            return self.env["res.partner"]
        return document.partner_id.commercial_partner_id

    @api.model
    def _client_desk_token_validity_days(self):
        return self.env.user.company_id.sudo().client_desk_document_link_days

    @api.multi
    def _client_desk_portal_available(self):
        """True when the document may be opened on the portal at all (by owner or token)."""
        self.ensure_one()
        document = self.sudo()
        return bool(document.active and document.visibility == "client" and not document.is_library
                    and document.partner_id)

    @api.multi
    def _client_desk_download_url(self, token=True):
        """The portal download link of this document (with its token for e-mails)."""
        self.ensure_one()
        url = "/my/documents/%s/download" % self.id
        if token:
            url += "?access_token=%s" % self.sudo()._client_desk_access_token()
        return url

    @api.model
    def _client_desk_absolute_url(self, path):
        """path on this database's web address (for e-mails)."""
        return self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/") + path

    @api.model
    def _client_desk_portal_domain(self, partner):
        """Documents the portal lists for a client."""
        return [
            ("partner_id", "child_of", partner.commercial_partner_id.id),
            ("visibility", "=", "client"),
            ("is_library", "=", False),
        ]

    # -- sharing -------------------------------------------------------------------------------

    @api.multi
    def _client_desk_copy_for(self, partner, visibility):
        """A copy of this library document for a client (the file is not duplicated on disk:
        the filestore keeps one file per content)."""
        self.ensure_one()
        return self.create({
            "name": self.name,
            "datas": self.datas,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "visibility": visibility,
            "source": "staff",
            "library_document_id": self.id,
            "note": self.note,
        })

    @api.multi
    def _client_desk_announce(self, message=None):
        """The conversation event of a shared document and, when it is available to the client,
        the e-mail with its link."""
        self.ensure_one()
        partner = self.partner_id
        if self.visibility == "client":
            body = _("<p>Document shared: %s</p>") % html_escape(self.name)
        else:
            body = _("<p>Document added for internal use: %s</p>") % html_escape(self.name)
        partner._client_desk_event("document_shared", body, record=self)
        if self.visibility == "client" and partner.email and not partner.client_desk_email_blocked:
            template = self.env.ref("client_desk_documents.mail_template_document_shared")
            template.sudo().with_context(
                client_desk_download_url=self._client_desk_absolute_url(self._client_desk_download_url()),
                client_desk_message=plaintext2html(message) if message else "",
            ).send_mail(self.id, email_values={"model": False, "res_id": False})

    # -- receiving -----------------------------------------------------------------------------

    @api.model
    def _client_desk_receive(self, partner, name, data, line=None, note=None):
        """Stores a file a client sent (sudo), answering a request line or not: a new version
        when the line had one already. Posts the event and asks staff to review. Returns the
        document."""
        partner = partner.commercial_partner_id
        company = partner.company_id or (line.request_id.company_id if line else self.env.user.company_id)
        vals = {
            "name": name,
            "partner_id": partner.id,
            "company_id": company.id,
            "source": "client",
            "visibility": "client",
            "review_state": "received",
            "note": note or False,
        }
        vals.update(self._client_desk_file_values(name, data, company))
        Document = self.sudo()
        if line:
            earlier = line.sudo().document_ids
            vals.update(request_line_id=line.id, version=max(earlier.mapped("version") or [0]) + 1)
            earlier.write({"is_latest": False})
        document = Document._client_desk_create_checked(vals)
        document._client_desk_after_receive(partner)
        return document

    @api.multi
    def _client_desk_after_receive(self, partner):
        """Conversation event, state of the request, and a review activity for staff."""
        self.ensure_one()
        line = self.request_line_id
        body = _("<p>Document received: %s</p>") % html_escape(self.name)
        if line:
            body += _("<p>Answering: %(line)s (version %(version)s)</p>") % {
                "line": html_escape(line.name), "version": self.version}
        partner.sudo()._client_desk_event("document_received", body, record=self, author=partner)
        if line:
            line.request_id._client_desk_update_state()
        user = (line.request_id.user_id if line else self.env["res.users"]) or partner.sudo().client_desk_staff_id
        if user:
            self.sudo()._client_desk_ask_review(user)

    @api.multi
    def _client_desk_ask_review(self, user):
        """A "review this document" to-do for a staff member, who is notified (by e-mail or in
        Odoo, as they chose)."""
        self.ensure_one()
        summary = _("Review document %s") % self.name
        self.env["mail.activity"].sudo().create({
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "summary": summary,
            "user_id": user.id,
        })
        self.message_post(body=html_escape(summary), partner_ids=[user.partner_id.id],
                          subtype="mail.mt_note", message_type="notification")

    @api.multi
    def _client_desk_review_done(self):
        """Removes the review to-dos of these documents."""
        self.env["mail.activity"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
        ]).unlink()

    # -- review --------------------------------------------------------------------------------

    @api.multi
    def action_approve(self):
        """Accepts received documents."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        for document in self:
            if document.review_state not in ("received", "rejected"):
                raise UserError(_("Only received documents can be approved."))
        self.write({"review_state": "approved", "reject_reason": False})
        self.mapped("request_id")._client_desk_update_state()
        self._client_desk_review_done()
        return True

    @api.multi
    def _client_desk_reject(self, reason):
        """Rejects received documents with a reason the client sees (and may answer with a new
        upload); the request is open again."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the client a reason for the rejection."))
        for document in self:
            if document.review_state not in ("received", "approved"):
                raise UserError(_("Only received documents can be rejected."))
        self.write({"review_state": "rejected", "reject_reason": reason})
        self.mapped("request_id")._client_desk_update_state()
        self._client_desk_review_done()
        return True

    @api.multi
    def _client_desk_tell_rejected(self):
        """E-mails the clients the reason, with the link to send a new version."""
        template = self.env.ref("client_desk_documents.mail_template_document_rejected")
        for document in self.sudo():
            partner = document.partner_id
            if not partner.email or partner.client_desk_email_blocked:
                continue
            url = (document.request_id._client_desk_upload_url() if document.request_id.state == "open"
                   else "/my/documents")
            template.with_context(client_desk_upload_url=document._client_desk_absolute_url(url)).send_mail(
                document.id, email_values={"model": False, "res_id": False})

    @api.multi
    def action_reject(self):
        """Asks for the reason (wizard)."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject document"),
            "res_model": "client.desk.document.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_document_ids": [(6, 0, self.ids)]},
        }

    @api.multi
    def action_download(self):
        """Opens the file (through /web/content, which checks the user's access)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/client.desk.document/%s/datas/%s?download=true" % (self.id, self.name),
            "target": "self",
        }

    @api.multi
    def action_share_again(self):
        """Opens the share wizard with this library document."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Share a document"),
            "res_model": "client.desk.document.share",
            "view_mode": "form",
            "target": "new",
            "context": {"default_library_document_id": self.id, "default_origin": "library"},
        }
