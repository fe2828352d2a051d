import ast

from werkzeug import urls

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools.access import require_staff

OPERATIONS = [
    ("add_tags", "Add tags"),
    ("remove_tags", "Remove tags"),
    ("assign_staff", "Assign a staff member"),
    ("send_message", "Send a message"),
    ("invite_portal", "Invite to the portal"),
    ("archive", "Archive"),
    ("delete", "Delete"),
]
PORTAL_ACTIONS = [
    ("portal", "Visit the portal"),
    ("book", "Book an appointment"),
    ("pay", "Pay an invoice"),
    ("document", "Share a document"),
]
# Where each invitation action leads, and the module that serves that page (None: the portal).
PORTAL_ACTION_ROUTES = {
    "portal": ("/my", None),
    "book": ("/book", "client_desk_agenda"),
    "pay": ("/my/invoices", "client_desk_billing"),
    "document": ("/my/documents", "client_desk_documents"),
}
# Up to this many messages are sent at once; more wait for the mail queue (cron), so a large
# selection does not keep the user's request busy with SMTP.
SEND_NOW_LIMIT = 20


class ClientDeskBulkAction(models.TransientModel):
    """One action on many clients: the selected ones, or all that match the list's filter.

    Each operation checks its input before changing anything, acts client by client where
    a client may have to be skipped, and ends on a result screen: what was done, what was
    skipped and why. Transient models have no access rights in Odoo: create and apply check
    the Client Desk user group (tools.access).
    """

    _name = "client.desk.bulk.action"
    _description = "Action on several clients"
    _order = "id desc"

    operation = fields.Selection(OPERATIONS, "Action", required=True, default="add_tags")
    partner_ids = fields.Many2many(
        "res.partner", "client_desk_bulk_action_partner_rel", "wizard_id", "partner_id", "Selected clients",
    )
    active_domain = fields.Text("Filter", help="The list's filter when the action was opened.")
    use_active_domain = fields.Boolean(
        "All clients matching the filter",
        help="Act on every client the list's filter finds, not only on the selected ones.",
    )
    selected_count = fields.Integer("Selected", compute="_compute_selected_count")
    matching_count = fields.Integer("Matching the filter", compute="_compute_matching_count")
    tag_ids = fields.Many2many(
        "res.partner.category", "client_desk_bulk_action_category_rel", "wizard_id", "category_id", "Tags",
    )
    staff_id = fields.Many2one("res.users", "Staff member", domain=[("share", "=", False)])
    subject = fields.Char()
    body = fields.Html("Message")
    portal_action = fields.Selection(
        PORTAL_ACTIONS, "Invite to", default="portal",
        help="What the invitation e-mail asks the client to do in the portal.",
    )
    state = fields.Selection([("draft", "Choose"), ("done", "Done")], default="draft", required=True)
    result_summary = fields.Text("Done", readonly=True)
    skipped_details = fields.Text("Skipped", readonly=True)
    done_count = fields.Integer("Clients done", readonly=True)
    skipped_count = fields.Integer("Clients skipped", readonly=True)

    # -- defaults and counts ---------------------------------------------------------------

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        context = self.env.context
        if context.get("active_model") == "res.partner":
            if "partner_ids" in field_names and context.get("active_ids"):
                values["partner_ids"] = [(6, 0, context["active_ids"])]
            # Odoo 11's list view sends its whole domain (action + search) as active_domain.
            if "active_domain" in field_names and "active_domain" in context:
                values["active_domain"] = repr(context["active_domain"] or [])
        return values

    @api.depends("partner_ids")
    def _compute_selected_count(self):
        for wizard in self:
            wizard.selected_count = len(wizard.partner_ids.filtered("client_desk_is_client"))

    @api.depends("active_domain")
    def _compute_matching_count(self):
        for wizard in self:
            try:
                wizard.matching_count = self.env["res.partner"].search_count(wizard._client_desk_domain())
            except (UserError, ValueError, AssertionError):
                wizard.matching_count = 0

    @api.model
    def create(self, vals):
        require_staff(self.env, _("Only Client Desk users may act on clients."))
        return super().create(vals)

    # -- targets -----------------------------------------------------------------------------

    @api.multi
    def _client_desk_domain(self):
        """The list's filter, restricted to clients. It is read as a literal (never run as
        code) and searched with the user's own rights."""
        self.ensure_one()
        try:
            domain = ast.literal_eval(self.active_domain or "[]")
        except (ValueError, SyntaxError):
            domain = None
        if not isinstance(domain, (list, tuple)):
            raise UserError(_("The list's filter cannot be used; select the clients instead."))
        return expression.AND([list(domain), [("client_desk_is_client", "=", True)]])

    @api.multi
    def _client_desk_targets(self):
        """(clients to act on, other selected partners)."""
        self.ensure_one()
        if self.use_active_domain:
            domain = self._client_desk_domain()
            try:
                return self.env["res.partner"].search(domain), self.env["res.partner"]
            except (ValueError, AssertionError):  # an unknown field or operator
                raise UserError(_("The list's filter cannot be used; select the clients instead."))
        clients = self.partner_ids.filtered("client_desk_is_client")
        return clients, self.partner_ids - clients

    # -- apply -------------------------------------------------------------------------------

    @api.multi
    def action_apply(self):
        """Runs the chosen operation and shows what was done and what was skipped."""
        self.ensure_one()
        require_staff(self.env, _("Only Client Desk users may act on clients."))
        partners, others = self._client_desk_targets()
        if not partners:
            raise UserError(_("There are no clients to act on."))
        if self.operation == "delete":
            return partners.action_client_desk_delete()
        done, skipped = getattr(self, "_client_desk_run_%s" % self.operation)(partners)
        skipped = [(partner, _("not a client")) for partner in others] + skipped
        self.write({
            "state": "done",
            "done_count": len(done),
            "skipped_count": len(skipped),
            "result_summary": self._client_desk_summary(done),
            "skipped_details": "\n".join(
                "%s: %s" % (partner.display_name, reason) for partner, reason in skipped) or False,
        })
        return {
            "type": "ir.actions.act_window",
            "name": _("Act on clients"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.multi
    def _client_desk_summary(self, done):
        """What was done, in one sentence (the number of clients is shown next to it)."""
        self.ensure_one()
        if self.operation == "add_tags":
            return _("Tags added: %s.") % ", ".join(self.tag_ids.mapped("name"))
        if self.operation == "remove_tags":
            return _("Tags removed: %s.") % ", ".join(self.tag_ids.mapped("name"))
        if self.operation == "assign_staff":
            return _("Assigned to %s.") % self.staff_id.name
        if self.operation == "send_message":
            if not self._client_desk_send_now(done):
                return _("Message posted in each conversation; the mail queue sends the e-mails shortly.")
            return _("Message sent and posted in each conversation.")
        if self.operation == "invite_portal":
            return _("Portal invitations sent.")
        return _("Clients archived.")

    # -- operations: each returns (done clients, [(client, reason skipped)]) ------------------------

    @api.multi
    def _client_desk_run_add_tags(self, partners):
        if not self.tag_ids:
            raise UserError(_("Choose the tags to add."))
        partners.write({"category_id": [(4, tag.id) for tag in self.tag_ids]})
        return partners, []

    @api.multi
    def _client_desk_run_remove_tags(self, partners):
        if not self.tag_ids:
            raise UserError(_("Choose the tags to remove."))
        done = partners.filtered(lambda partner: partner.category_id & self.tag_ids)
        done.write({"category_id": [(3, tag.id) for tag in self.tag_ids]})
        return done, [(partner, _("had none of these tags")) for partner in partners - done]

    @api.multi
    def _client_desk_run_assign_staff(self, partners):
        if not self.staff_id:
            raise UserError(_("Choose the staff member."))
        if self.staff_id.share:
            raise UserError(_("%s is not a staff member.") % self.staff_id.name)
        partners.write({"client_desk_staff_id": self.staff_id.id})
        return partners, []

    @api.multi
    def _client_desk_run_archive(self, partners):
        done = partners.filtered("active")
        done.write({"active": False})
        return done, [(partner, _("already archived")) for partner in partners - done]

    @api.model
    def _client_desk_send_now(self, partners):
        """Whether the e-mails go out now or through the mail queue (context can decide)."""
        return self.env.context.get("mail_notify_force_send", len(partners) <= SEND_NOW_LIMIT)

    @api.model
    def _client_desk_email_skip_reason(self, partner):
        """Why no e-mail may go to this client (None when it may)."""
        if not tools.email_split(partner.email or ""):
            return _("no e-mail address")
        if partner.client_desk_email_blocked:
            return _("e-mail blocked (%s)") % (
                dict(partner._fields["client_desk_email_blocked_reason"]._description_selection(self.env)).get(
                    partner.client_desk_email_blocked_reason) or _("blocked"))
        return None

    @api.multi
    def _client_desk_run_send_message(self, partners):
        """One message per client, posted in that client's conversation and mailed to them only."""
        if not (self.subject or "").strip() or not tools.html2plaintext(self.body or "").strip():
            raise UserError(_("Write a subject and a message."))
        done, skipped = self.env["res.partner"], []
        poster = self.env["res.partner"].with_context(
            mail_notify_force_send=self._client_desk_send_now(partners), mail_create_nosubscribe=True,
            mail_post_autofollow=False,
        )
        for partner in partners:
            reason = self._client_desk_email_skip_reason(partner)
            if reason:
                skipped.append((partner, reason))
                continue
            poster.browse(partner.id).message_post(
                body=self.body, subject=self.subject.strip(), partner_ids=[partner.id],
                message_type="comment", subtype="mail.mt_comment",
            )
            done |= partner
        return done, skipped

    # -- portal invitation -----------------------------------------------------------------------

    @api.multi
    def _client_desk_portal_path(self):
        """The page the invitation leads to; refused when its module is not installed."""
        self.ensure_one()
        path, module = PORTAL_ACTION_ROUTES[self.portal_action or "portal"]
        if module and not self.env["ir.module.module"].sudo().search_count(
                [("name", "=", module), ("state", "=", "installed")]):
            raise UserError(
                _("The invitation to \"%(action)s\" needs the module %(module)s, which is not installed.") % {
                    "action": dict(self._fields["portal_action"]._description_selection(self.env))[self.portal_action],
                    "module": module,
                })
        return path

    @api.model
    def _client_desk_portal_skip_reason(self, partner, emails_seen):
        """Why this client cannot get a portal account (None when they can)."""
        reason = self._client_desk_email_skip_reason(partner)
        if reason:
            return reason
        email = tools.email_split(partner.email)[0]
        users = partner.sudo().with_context(active_test=False).user_ids
        if any(not user.share for user in users):
            return _("is a staff member")
        if email.lower() in emails_seen:
            return _("another selected client has the same e-mail address")
        if not users and self.env["res.users"].sudo().with_context(active_test=False).search_count(
                [("login", "=", email)]):
            return _("another user already logs in with this e-mail address")
        return None

    @api.model
    def _client_desk_grant_portal(self, partner):
        """The client's active portal user, created as Odoo's portal wizard does (without its
        e-mail); a new or re-activated account gets a fresh sign-up token."""
        portal = self.env.ref("base.group_portal")
        user = partner.sudo().with_context(active_test=False).user_ids[:1]
        if not user:
            company = partner.company_id or self.env.user.company_id
            email = tools.email_split(partner.email)[0]
            user = self.env["res.users"].sudo().with_context(no_reset_password=True).create({
                "login": email,
                "email": email,
                "partner_id": partner.id,
                "company_id": company.id,
                "company_ids": [(6, 0, [company.id])],
                "groups_id": [(6, 0, [portal.id])],
            })
            fresh = True
        else:
            fresh = not user.active or portal not in user.groups_id or not user.login_date
            if not user.active or portal not in user.groups_id:
                user.write({"active": True, "groups_id": [(4, portal.id)]})
        if fresh and hasattr(partner, "signup_prepare"):
            partner.sudo().signup_prepare()
        return user

    @api.model
    def _client_desk_login_url(self, partner, user, path):
        """Link to choose a password (new account) or to log in, that then opens path."""
        if hasattr(partner, "_get_signup_url_for_action"):
            url = partner.sudo()._get_signup_url_for_action()[partner.id]
        else:
            base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
            url = urls.url_join(base_url, "/web/login?%s" % urls.url_encode({"login": user.login}))
        parsed = urls.url_parse(url)
        query = parsed.decode_query()
        query["redirect"] = path
        return parsed.replace(query=urls.url_encode(query)).to_url()

    @api.multi
    def _client_desk_run_invite_portal(self, partners):
        """Gives each client a portal account and mails them one invitation with a sign-up or
        login link and a link to the chosen page."""
        path = self._client_desk_portal_path()
        template = self.env.ref("client_desk.mail_template_portal_invitation")
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        action_url = urls.url_join(base_url, path)
        self.env["res.partner"].check_access_rights("write")
        done, skipped, emails_seen = self.env["res.partner"], [], set()
        for partner in partners:
            reason = self._client_desk_portal_skip_reason(partner, emails_seen)
            if reason:
                skipped.append((partner, reason))
                continue
            emails_seen.add(tools.email_split(partner.email)[0].lower())
            user = self._client_desk_grant_portal(partner)
            template.with_context(
                lang=partner.lang,
                client_desk_action=self.portal_action,
                client_desk_action_url=action_url,
                client_desk_login_url=self._client_desk_login_url(partner, user, path),
                client_desk_login=user.login,
                client_desk_new_account=bool(partner.sudo().signup_token) if "signup_token" in partner._fields
                else False,
            ).send_mail(
                partner.id, force_send=self._client_desk_send_now(partners),
                # Not kept on the client: the mail holds the sign-up token, and every message on
                # the client shows in their conversation. The event below records the invitation.
                email_values={"model": False, "res_id": False},
            )
            partner._client_desk_event("message_out", "<p>%s</p>" % tools.html_escape(
                _("Invited to the portal (%s).") % dict(
                    self._fields["portal_action"]._description_selection(self.env))[self.portal_action]))
            done |= partner
        return done, skipped
