import logging
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape, plaintext2html

from odoo.addons.client_desk.tools.access import require_staff

from ..tools.inbox import clean_source_url, inbox_parameter, kind_source, message_direction, preview_text

_logger = logging.getLogger(__name__)

SOURCES = [
    ("email", "E-mail"),
    ("portal", "Portal"),
    ("website", "Website"),
    ("sms", "SMS"),
    ("booking", "Online booking"),
    ("campaign", "Campaign"),
    ("staff", "Staff"),
]
# Deleted conversations are kept this long (restorable), then purged by the cron.
PURGE_AFTER_DAYS = 30
# Messages the conversation page shows (the latest ones; the client card has them all).
THREAD_LIMIT = 100
# The fields an unread row depends on (besides the read markers).
UNREAD_INPUTS = frozenset(["last_in_id", "user_id", "state", "company_id"])


class ClientDeskConversation(models.Model):
    """The inbox line of one client (DESIGN contract 2): an index over the client's one
    continuous thread (the mail.message of their res.partner), kept current by the event bus
    (res.partner.message_post and _client_desk_event call _client_desk_index_message), never
    by rescanning messages.

    Unread is per reader: the colleague the conversation is delegated to, else each user
    (client.desk.conversation.read keeps the last message each reader saw).
    """

    _name = "client.desk.conversation"
    _description = "Conversation"
    # Due follow-ups first, then the latest activity.
    _order = "follow_up_due desc, last_date desc, id desc"
    partner_id = fields.Many2one(
        "res.partner", "Client", required=True, readonly=True, ondelete="cascade", index=True)
    name = fields.Char(
        "Client name", readonly=True,
        help="The client's name, kept here so that the inbox list reads no partner (res.partner.write keeps it).")
    company_id = fields.Many2one(
        "res.company", "Company", readonly=True, index=True,
        help="The client's company: only its staff see the conversation.")
    state = fields.Selection(
        [("open", "Inbox"), ("archived", "Archived"), ("deleted", "Deleted")],
        default="open", required=True, readonly=True, index=True)
    deleted_date = fields.Datetime("Deleted on", readonly=True)
    last_message_id = fields.Many2one("mail.message", "Last message", readonly=True, ondelete="set null")
    last_date = fields.Datetime("Last activity", readonly=True, index=True)
    last_in_id = fields.Integer("Last incoming message", readonly=True, default=0)
    last_in_date = fields.Datetime("Last received", readonly=True)
    last_out_date = fields.Datetime("Last sent", readonly=True)
    preview = fields.Char(readonly=True)
    direction = fields.Selection([("in", "Received"), ("out", "Sent")], readonly=True)
    message_count = fields.Integer("Messages", readonly=True, default=0)
    user_id = fields.Many2one(
        "res.users", "Delegated to", readonly=True, index=True, ondelete="set null",
        help="The colleague who handles this conversation: its unread state follows theirs.")
    follow_up = fields.Boolean("Follow-up", readonly=True, index=True)
    follow_up_date = fields.Date("Remind on", readonly=True)
    follow_up_note = fields.Text("Follow-up note", readonly=True)
    follow_up_user_id = fields.Many2one("res.users", "Reminded colleague", readonly=True, ondelete="set null")
    follow_up_due = fields.Boolean(
        "Follow-up due", readonly=True, index=True,
        help="The reminder date came: the conversation stays on top until a reply or Done.")
    follow_up_activity_id = fields.Many2one("mail.activity", "Reminder", readonly=True, ondelete="set null")
    awaiting_since = fields.Datetime(
        "Waiting for a reply since", readonly=True,
        help="The first message of the client we have not answered yet.")
    waiting_flagged_date = fields.Datetime(
        "Waiting on the client flagged for", readonly=True,
        help="Our last message this conversation came back to Follow-up for (once per message).")
    source = fields.Selection(SOURCES, readonly=True, index=True)
    source_url = fields.Char("Source page", readonly=True)
    is_unread = fields.Boolean("Unread", compute="_compute_is_unread", search="_search_is_unread")
    thread_html = fields.Html("Conversation", compute="_compute_thread_html", sanitize=False)
    draft_body = fields.Text("Reply")
    canned_reply_id = fields.Many2one(
        "client.desk.canned.reply", "Canned reply", ondelete="set null",
        help="Fills the reply with this text, in the client's language and with their first name.")
    reply_channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS")], "Reply by", default="email", required=True)
    # The client card beside the thread.
    partner_email = fields.Char(related="partner_id.email", readonly=True)
    partner_mobile = fields.Char(related="partner_id.mobile", readonly=True)
    partner_phone = fields.Char(related="partner_id.phone", readonly=True)
    partner_number = fields.Char(related="partner_id.client_desk_number", readonly=True)
    partner_category_ids = fields.Many2many(related="partner_id.category_id", readonly=True)
    partner_note = fields.Text(related="partner_id.client_desk_note", readonly=True)
    partner_image = fields.Binary(related="partner_id.image_small", readonly=True)

    _sql_constraints = [
        ("partner_unique", "UNIQUE(partner_id)", "A client has one conversation."),
    ]

    @api.model_cr
    def init(self):
        # The first inbox page: open conversations in display order, as the ORM writes it
        # (it orders a boolean by COALESCE(column, false)).
        self.env.cr.execute("DROP INDEX IF EXISTS client_desk_conversation_inbox_idx")
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS client_desk_conversation_inbox_order_idx ON client_desk_conversation"
            " (COALESCE(follow_up_due, false) DESC, last_date DESC, id DESC) WHERE state = 'open'"
        )

    # -- unread ------------------------------------------------------------------------------

    # The rows of client.desk.conversation.unread of the current user (kept by _sync_unread).
    _UNREAD_SQL = "SELECT conversation_id FROM client_desk_conversation_unread WHERE user_id = %s"
    # The domain of the Unread folder, its dashboard tile and its menu: counted from the index.
    UNREAD_DOMAIN = [("state", "=", "open"), ("is_unread", "=", True)]

    @api.depends("last_in_id", "user_id")
    def _compute_is_unread(self):
        unread = set()
        if self.ids:
            self.env.cr.execute(self._UNREAD_SQL + " AND conversation_id IN %s", (self.env.uid, tuple(self.ids)))
            unread = {row[0] for row in self.env.cr.fetchall()}
        for conversation in self:
            conversation.is_unread = conversation.id in unread

    def _search_is_unread(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on unread conversations."))
        positive = (operator == "=") == bool(value)
        return [("id", "inselect" if positive else "not inselect", (self._UNREAD_SQL, (self.env.uid,)))]

    @api.model
    def client_desk_unread_count(self):
        """How many conversations of the Inbox the current user has not read (or their delegate
        has not): an index-only count of their unread rows. Returns an int."""
        if not self.check_access_rights("read", raise_exception=False):
            return 0
        return self.env["client.desk.conversation.unread"].sudo()._count(self.env.user)

    @api.model
    def search_count(self, args):
        # The Unread tile and menu ask for this domain: count it from the index, not by a join.
        if list(map(tuple, args or [])) == self.UNREAD_DOMAIN:
            self.check_access_rights("read")
            return self.client_desk_unread_count()
        return super().search_count(args)

    @api.model
    def create(self, vals):
        conversation = super().create(vals)
        conversation._sync_unread()
        return conversation

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if UNREAD_INPUTS.intersection(vals):
            self._sync_unread()
        return result

    @api.multi
    def _sync_unread(self):
        """Brings the unread rows of these conversations up to date."""
        self.env["client.desk.conversation.unread"].sudo()._sync(self.ids)

    @api.multi
    def _reader(self):
        """Whose reading counts: the delegate, else the current user."""
        self.ensure_one()
        return self.user_id or self.env.user

    @api.multi
    def _set_read_marker(self, user, message_id):
        markers = self.env["client.desk.conversation.read"].sudo()
        for conversation in self:
            markers._set(conversation.id, user.id, message_id)
        self._sync_unread()

    @api.multi
    def action_mark_read(self):
        """Marks the conversations read for their reader (the delegate, else you)."""
        require_staff(self.env)
        for conversation in self:
            last = conversation.last_message_id.id or conversation.last_in_id
            conversation._set_read_marker(conversation._reader(), last)
        return True

    @api.multi
    def action_mark_unread(self):
        """Marks the conversations unread again for their reader, from their last incoming message."""
        require_staff(self.env)
        for conversation in self:
            conversation._set_read_marker(conversation._reader(), max(conversation.last_in_id - 1, 0))
        return True

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        # Opening the conversation page (the only view that reads the thread) reads it.
        if fields and "thread_html" in fields and len(self) == 1 and not self.env.user.share:
            self._set_read_marker(self.env.user, self.last_message_id.id or self.last_in_id)
        return result

    # -- the event bus -----------------------------------------------------------------------

    @api.model
    def _client_desk_index_message(self, partner, message):
        """Brings the conversation of a client up to date with one new message of their thread.

        The source comes from the context (client_desk_inbox_source, client_desk_inbox_source_url:
        set by the portal and the website form) or from the message itself. Returns the
        conversation (sudo), or an empty recordset when the message is no inbox event."""
        direction = message_direction(
            message.client_desk_kind, message.message_type, message.author_id.id, partner.id)
        if not direction or not partner.client_desk_is_client:
            return self.browse()
        conversation = self.sudo().search([("partner_id", "=", partner.id)], limit=1)
        values = {
            "last_message_id": message.id,
            "last_date": message.date,
            "preview": preview_text(message.body) or preview_text(plaintext2html(message.subject or "")),
            "direction": direction,
            "name": partner.display_name,
        }
        source = self.env.context.get("client_desk_inbox_source") or kind_source(
            message.client_desk_kind, message.message_type)
        if source:
            values["source"] = source
            url = clean_source_url(self.env.context.get("client_desk_inbox_source_url"))
            values["source_url"] = url or False
        if direction == "in":
            # A client writing again brings an archived or deleted conversation back.
            values.update(last_in_id=message.id, last_in_date=message.date, state="open", deleted_date=False)
            if not conversation.awaiting_since:
                values["awaiting_since"] = message.date
        else:
            values["last_out_date"] = message.date
        if not conversation:
            values.update(partner_id=partner.id, company_id=partner.company_id.id, message_count=1)
            return self.sudo().create(values)
        values["message_count"] = conversation.message_count + 1
        author = message.author_id.user_ids.filtered(lambda user: not user.share)[:1]
        if direction == "out" and message.client_desk_kind == "message_out" and author:
            # Our reply answers the client: the follow-up is done, whoever replied read it, and
            # how long the client waited counts in that colleague's response time.
            if conversation.awaiting_since:
                self.env["client.desk.response.time"].sudo()._record(conversation, author, message)
            values["awaiting_since"] = False
            conversation.write(values)
            conversation._clear_follow_up()
            conversation._set_read_marker(author, message.id)
            return conversation
        conversation.write(values)
        return conversation

    # -- thread (the conversation page) -------------------------------------------------------

    @api.depends("last_message_id")
    def _compute_thread_html(self):
        qweb = self.env["ir.qweb"]
        for conversation in self:
            messages = conversation._thread_messages()
            html = qweb.render("client_desk_inbox.conversation_thread", {
                "conversation": conversation,
                "messages": messages,
                "statuses": messages._client_desk_delivery_statuses(),
                "kinds": dict(self.env["mail.message"]._fields["client_desk_kind"]._description_selection(self.env)),
                "partner": conversation.partner_id,
                "format_datetime": lambda value: fields.Datetime.context_timestamp(
                    self, fields.Datetime.from_string(value)).strftime("%d/%m/%Y %H:%M") if value else "",
            })
            conversation.thread_html = html.decode("utf-8") if isinstance(html, bytes) else html

    @api.multi
    def _thread_messages(self):
        """The latest messages of the client's thread, oldest first: chat, events and notes
        (internal notes shown as such to staff; tracking noise left out)."""
        self.ensure_one()
        note = self.env.ref("mail.mt_note")
        comment = self.env.ref("mail.mt_comment")
        messages = self.env["mail.message"].sudo().search([
            ("model", "=", "res.partner"), ("res_id", "=", self.partner_id.id),
            "|", "|", ("client_desk_kind", "!=", False), ("subtype_id", "in", [note.id, comment.id]),
            ("message_type", "=", "email"),
        ], order="id desc", limit=THREAD_LIMIT)
        return messages.sorted("id")

    @api.multi
    def _client_desk_show_latest(self, field_name, records, partner_field, limit, order=None):
        """Sets field_name of each conversation to its client's latest records (records: the
        model, as the user reads it): the bridges' tabs on the conversation page. Empty for a
        user who may not read the model, rather than an access error on the whole page."""
        readable = records.check_access_rights("read", raise_exception=False)
        for conversation in self:
            if readable and conversation.partner_id:
                conversation[field_name] = records.search(
                    [(partner_field, "=", conversation.partner_id.id)], order=order, limit=limit)
            else:
                conversation[field_name] = records.browse()

    # -- replying ----------------------------------------------------------------------------

    @api.multi
    def action_send_reply(self):
        """Sends the reply typed on the conversation page to the client, by e-mail (through
        Odoo's mail queue) or by SMS (through the SMS gateway queue). Returns True."""
        self.ensure_one()
        require_staff(self.env)
        body = (self.draft_body or "").strip()
        if not body:
            raise UserError(_("Type a message first."))
        self.client_desk_reply(body, self.reply_channel)
        self.write({"draft_body": False, "canned_reply_id": False})
        return True

    @api.onchange("canned_reply_id")
    def _onchange_canned_reply_id(self):
        if self.canned_reply_id:
            self.draft_body = self.canned_reply_id.client_desk_render(self.partner_id)

    @api.multi
    def client_desk_reply(self, body, channel="email"):
        """Sends body (plain text) to the client by channel ('email' or 'sms') and posts it in
        their conversation as a message sent by the current user. Returns the message id."""
        self.ensure_one()
        require_staff(self.env)
        self.check_access_rule("write")
        partner = self.partner_id
        if channel == "sms":
            return self._reply_sms(body).id
        if channel != "email":
            raise UserError(_("Unknown reply channel: %s") % channel)
        if not partner.email:
            raise UserError(_("%s has no e-mail address.") % partner.display_name)
        if partner.client_desk_email_blocked:
            raise UserError(_("E-mail to %s is blocked.") % partner.display_name)
        message = partner.with_context(mail_post_autofollow=False, mail_create_nosubscribe=True).message_post(
            body=plaintext2html(body),
            subject=_("Message from %s") % (self.env.user.company_id.name or ""),
            message_type="comment",
            subtype="mail.mt_comment",
            partner_ids=[(4, partner.id)],
        )
        return message.id

    @api.multi
    def _reply_sms(self, body):
        """Queues an SMS to the client's mobile and posts it in the conversation."""
        partner = self.partner_id
        if not partner._client_desk_sms_number():
            raise UserError(_("%s has no valid mobile number.") % partner.display_name)
        message = partner._client_desk_event(
            "message_out", "<p>%s</p>" % html_escape(body), subject=_("SMS"))
        sms = self.env["client.desk.sms"].client_desk_queue(partner, body, record=message)
        if sms.state == "queued":
            sms.action_send()
        return message

    # -- follow-up and delegation -----------------------------------------------------------

    @api.multi
    def client_desk_follow_up(self, remind_on=None, note=None, user=None):
        """Puts the conversations in Follow-up; remind_on (a date, or None: no reminder)
        schedules an activity for user (default: you) on the client, due that day. Returns True."""
        require_staff(self.env)
        user = user or self.env.user
        today = fields.Date.context_today(self)
        if remind_on and not isinstance(remind_on, str):
            remind_on = fields.Date.to_string(remind_on)
        for conversation in self:
            conversation._clear_follow_up()
            activity = self.env["mail.activity"]
            if remind_on:
                activity = self.env["mail.activity"].sudo().create({
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": conversation.partner_id.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": _("Follow up on the conversation with %s") % conversation.partner_id.display_name,
                    "note": plaintext2html(note or ""),
                    "date_deadline": remind_on,
                    "user_id": user.id,
                })
            conversation.write({
                "follow_up": True,
                "follow_up_date": remind_on or False,
                "follow_up_note": note or False,
                "follow_up_user_id": user.id,
                "follow_up_activity_id": activity.id,
                "follow_up_due": bool(remind_on) and remind_on <= today,
            })
        return True

    @api.multi
    def action_follow_up_done(self):
        """Done: the follow-up and its reminder are cleared."""
        require_staff(self.env)
        self._clear_follow_up()
        return True

    @api.multi
    def _clear_follow_up(self):
        with_follow_up = self.filtered("follow_up")
        activities = with_follow_up.mapped("follow_up_activity_id")
        with_follow_up.sudo().write({
            "follow_up": False, "follow_up_date": False, "follow_up_note": False,
            "follow_up_user_id": False, "follow_up_due": False, "follow_up_activity_id": False,
        })
        activities.sudo().with_context(client_desk_inbox_clearing=True).unlink()

    @api.multi
    def client_desk_delegate(self, user):
        """Delegates the conversations to a colleague (res.users record or id), who is told by
        e-mail; their Unread folder now holds them. Returns True."""
        require_staff(self.env)
        user = self.env["res.users"].browse(int(user)) if not isinstance(user, models.BaseModel) else user
        if not user.exists() or user.share or not user.has_group("client_desk.group_client_desk_user"):
            raise UserError(_("Conversations can only be delegated to a Client Desk colleague."))
        self.write({"user_id": user.id})
        self.with_context(lang=user.lang)._notify_delegate(user)
        return True

    @api.multi
    def _notify_delegate(self, user):
        """Tells the colleague (in their language, from the context) what was delegated."""
        return self._notify_user(
            user,
            _("Conversations delegated to you"),
            _("%(who)s delegated to you the conversations with: %(clients)s.") % {
                "who": self.env.user.name, "clients": ", ".join(self.mapped("partner_id.display_name"))},
        )

    @api.model
    def _notify_user(self, user, subject, text):
        """E-mails a colleague (through the mail queue) in their language."""
        if not user.email:
            return self.env["mail.mail"]
        return self.env["mail.mail"].sudo().create({
            "subject": subject,
            "body_html": plaintext2html(text),
            "email_to": user.email_formatted,
            "email_from": self.env.user.company_id.email or self.env.user.email_formatted,
            "auto_delete": True,
        })

    # -- archive, delete, restore ------------------------------------------------------------

    @api.multi
    def action_archive(self):
        require_staff(self.env)
        self.write({"state": "archived", "deleted_date": False})
        return True

    @api.multi
    def action_delete(self):
        """Moves to Deleted: restorable for PURGE_AFTER_DAYS days, then purged."""
        require_staff(self.env)
        self.write({"state": "deleted", "deleted_date": fields.Datetime.now()})
        return True

    @api.multi
    def action_restore(self):
        require_staff(self.env)
        self.write({"state": "open", "deleted_date": False})
        return True

    @api.multi
    def action_open_client(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(self.env.ref("client_desk.res_partner_view_form_client_desk").id, "form")],
        }

    # -- crons -------------------------------------------------------------------------------

    @api.model
    def _cron_purge_deleted(self):
        """Daily: conversations deleted more than PURGE_AFTER_DAYS days ago are purged (the
        inbox line only; the messages stay in the client's history)."""
        limit = fields.Datetime.to_string(datetime.utcnow() - timedelta(days=PURGE_AFTER_DAYS))
        purged = self.sudo().search([("state", "=", "deleted"), ("deleted_date", "<", limit)])
        _logger.info("Purging %d deleted conversations", len(purged))
        purged.unlink()
        return len(purged)

    @api.model
    def _cron_follow_up_due(self):
        """Reminders whose day came: the conversation rises to the top and the colleague gets
        an e-mail. Returns the number of reminders sent."""
        today = fields.Date.context_today(self)
        due = self.sudo().search([
            ("follow_up", "=", True), ("follow_up_due", "=", False),
            ("follow_up_date", "!=", False), ("follow_up_date", "<=", today),
        ])
        for conversation in due:
            conversation.write({"follow_up_due": True})
            if conversation.follow_up_user_id:
                conversation.with_context(lang=conversation.follow_up_user_id.lang)._notify_follow_up()
        return len(due)

    @api.model
    def _cron_waiting_on_client(self):
        """Daily: conversations where we replied last and the client has not answered in the
        set number of days come back to Follow-up (due), once per message of ours. Returns
        how many came back."""
        days = inbox_parameter(self.env, "client_desk_inbox_waiting_days")
        limit = fields.Datetime.to_string(datetime.utcnow() - timedelta(days=days))
        self.env.cr.execute("""
            SELECT id FROM client_desk_conversation
             WHERE state = 'open' AND direction = 'out' AND NOT COALESCE(follow_up, false)
               AND last_out_date <= %s AND (last_in_date IS NULL OR last_in_date < last_out_date)
               AND (waiting_flagged_date IS NULL OR waiting_flagged_date < last_out_date)
        """, (limit,))
        waiting = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        for conversation in waiting:
            author = conversation.last_message_id.author_id.user_ids.filtered(lambda user: not user.share)[:1]
            conversation.write({
                "follow_up": True,
                "follow_up_due": True,
                "follow_up_user_id": (conversation.user_id or author).id or False,
                "follow_up_note": _("Waiting on the client: no answer for %d days.") % days,
                "waiting_flagged_date": conversation.last_out_date,
            })
        return len(waiting)

    @api.multi
    def _notify_follow_up(self):
        """E-mails the reminded colleague (in the context's language) that a follow-up is due."""
        self.ensure_one()
        name = self.partner_id.display_name
        text = _("Remember to follow up on the conversation with %s.") % name
        if self.follow_up_note:
            text = "%s\n\n%s" % (text, self.follow_up_note)
        return self._notify_user(self.follow_up_user_id, _("Follow up: %s") % name, text)

    # -- demo --------------------------------------------------------------------------------

    @api.model
    def _demo_load(self):
        """Demo data (demo/client_desk_conversation_demo.xml): posts the demo salon's messages
        through the event bus, then files them in every folder."""
        ref = self.env.ref

        def client(xmlid):
            return ref("client_desk.%s" % xmlid)

        def incoming(partner, text, source="email", url=None):
            partner.with_context(client_desk_inbox_source=source, client_desk_inbox_source_url=url)._client_desk_event(
                "message_in", plaintext2html(text), author=partner)

        def outgoing(partner, text):
            partner._client_desk_event("message_out", plaintext2html(text), author=ref("base.partner_root"))

        joske = client("client_joske_vermeulen")
        incoming(joske, "Bonjour, puis-je déplacer mon rendez-vous de jeudi à vendredi ?", "portal")
        outgoing(joske, "Bien sûr, vendredi à 10h vous convient-il ?")
        incoming(joske, "Parfait, merci !", "portal")
        denis = client("client_denis_de_deken")
        incoming(denis, "Demande de renseignements : coiffez-vous également les enfants ?", "website",
                 "https://coiffure-thibaut.example/contactus")
        anne = client("client_anne_gaelle_dessart")
        incoming(anne, "Juste pour voir si vous avez encore de la place samedi.")
        bernard = client("client_bernard_guts")
        incoming(bernard, "Merci pour la facture, je paie aujourd'hui.")
        outgoing(bernard, "Merci Bernard, à bientôt !")
        alain = client("client_alain_saoud")
        incoming(alain, "Kan ik een afspraak maken voor een kleuring?")
        ann = client("client_ann_derous")
        incoming(ann, "Ik wil graag mijn afspraak annuleren.")
        conversations = self.search([("partner_id", "in", (joske | denis | anne | bernard | alain | ann).ids)])
        by_partner = {conversation.partner_id: conversation for conversation in conversations}
        by_partner[anne].client_desk_follow_up(
            remind_on=fields.Date.context_today(self), note="Bevestigen of er zaterdag plaats is.")
        joelle = ref("client_desk.user_joelle", raise_if_not_found=False)
        if joelle:
            by_partner[joske].write({"user_id": joelle.id})
        by_partner[bernard].action_mark_read()
        by_partner[alain].action_archive()
        by_partner[ann].action_delete()
        return True
