from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import html_escape

REQUEST_STATES = [("open", "Waiting for documents"), ("complete", "Complete"), ("cancelled", "Cancelled")]


class ClientDeskDocumentRequest(models.Model):
    """Documents asked of one client: a checklist with a due date, an e-mail with a link where
    the client uploads without a portal account (a token that expires), reminders until
    everything arrived."""

    _name = "client.desk.document.request"
    _description = "Client Desk document request"
    _inherit = ["client.desk.portal.mixin"]
    _order = "id desc"

    name = fields.Char("Subject", required=True)
    partner_id = fields.Many2one("res.partner", "Client", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.user.company_id)
    user_id = fields.Many2one("res.users", "Requested by", default=lambda self: self.env.user,
                              help="Notified when documents arrive.")
    message = fields.Text()
    due_date = fields.Date("Due")
    state = fields.Selection(REQUEST_STATES, required=True, default="open", index=True, readonly=True)
    line_ids = fields.One2many("client.desk.document.request.line", "request_id", "Checklist", copy=True)
    next_reminder = fields.Date(readonly=True, index=True)
    reminder_count = fields.Integer("Reminders sent", readonly=True)
    line_count = fields.Integer(compute="_compute_progress")
    arrived_count = fields.Integer(compute="_compute_progress")

    @api.depends("line_ids.state")
    def _compute_progress(self):
        for request in self:
            request.line_count = len(request.line_ids)
            request.arrived_count = len(request.line_ids.filtered(lambda line: line.state in ("received", "approved")))

    # -- portal access -------------------------------------------------------------------------

    @api.multi
    def _client_desk_portal_owner(self):
        self.ensure_one()
        return self.sudo().partner_id.commercial_partner_id

    @api.model
    def _client_desk_token_validity_days(self):
        return self.env.user.company_id.sudo().client_desk_document_link_days

    @api.multi
    def _client_desk_upload_url(self):
        """The link of the e-mails: the upload page, with the request's token."""
        self.ensure_one()
        return "/documents/request/%s?access_token=%s" % (self.id, self.sudo()._client_desk_access_token())

    @api.multi
    def _client_desk_absolute_upload_url(self):
        return self.env["client.desk.document"]._client_desk_absolute_url(self._client_desk_upload_url())

    @api.multi
    def _client_desk_accepts_uploads(self):
        self.ensure_one()
        return self.state == "open"

    # -- state and reminders -------------------------------------------------------------------

    @api.multi
    def _client_desk_update_state(self):
        """Complete when every line has a document that is not rejected; open again when one
        is rejected. Cancelled stays cancelled."""
        for request in self.sudo():
            if request.state == "cancelled":
                continue
            complete = all(line.state in ("received", "approved") for line in request.line_ids)
            state = "complete" if complete and request.line_ids else "open"
            if state != request.state:
                request.write({"state": state})
        return True

    @api.multi
    def _client_desk_schedule_reminder(self):
        days = self.company_id.sudo().client_desk_document_reminder_days or 3
        self.write({"next_reminder": fields.Date.to_string(fields.Date.from_string(fields.Date.today())
                                                           + timedelta(days=days))})

    @api.multi
    def action_cancel(self):
        """Stops asking: no more reminders, the upload link stops working, and the client's
        conversation says so."""
        self.write({"state": "cancelled", "next_reminder": False})
        self._client_desk_forget_token()
        for request in self:
            body = _("<p>Document request cancelled: %s</p>") % html_escape(request.name)
            request.partner_id._client_desk_event("document_request_cancelled", body, record=request)
        return True

    @api.multi
    def action_send(self):
        """E-mails the invitation (or a reminder when sent before) with the upload link."""
        template = self.env.ref("client_desk_documents.mail_template_document_request")
        for request in self.sudo():
            if request.state != "open":
                continue
            template.with_context(client_desk_upload_url=request._client_desk_absolute_upload_url()).send_mail(
                request.id, email_values={"model": False, "res_id": False})
            request._client_desk_schedule_reminder()
        return True

    @api.multi
    def _client_desk_post_requested(self, author=None):
        """The event in the client's conversation."""
        for request in self:
            items = "".join("<li>%s</li>" % html_escape(line.name) for line in request.line_ids)
            body = _("<p>Documents requested: %s</p>") % html_escape(request.name) + "<ul>%s</ul>" % items
            request.partner_id._client_desk_event("document_requested", body, record=request, author=author)

    @api.model
    def _cron_send_reminders(self):
        """Reminds clients of open requests whose reminder day has come."""
        due = self.sudo().search([("state", "=", "open"), ("next_reminder", "<=", fields.Date.today())])
        template = self.env.ref("client_desk_documents.mail_template_document_reminder")
        for request in due:
            if not request.partner_id.email or request.partner_id.client_desk_email_blocked:
                request.write({"next_reminder": False})
                continue
            template.with_context(client_desk_upload_url=request._client_desk_absolute_upload_url()).send_mail(
                request.id, email_values={"model": False, "res_id": False})
            request.write({"reminder_count": request.reminder_count + 1})
            request._client_desk_schedule_reminder()
        return len(due)
