import hashlib
import hmac
import uuid
from datetime import datetime, timedelta

from werkzeug.exceptions import Forbidden, NotFound

from odoo import api, fields, models
from odoo.tools import plaintext2html

# Revoked tokens remembered (as hashes) per record, to answer 403 instead of 404 for them.
REVOKED_TOKENS_KEPT = 5


def _token_digest(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _same_secret(expected, given):
    """Constant-time comparison; hmac.compare_digest refuses non-ASCII str, bytes do not."""
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


class ClientDeskPortalMixin(models.AbstractModel):
    """Portal access by ownership or by unguessable token (DESIGN contract 5).

    Every portal route of every Client Desk module opens its record through
    controllers.portal_access.client_desk_portal_record(), which asks this mixin:
    the logged-in client owns the record, or the URL carries the record's access token
    (compared in constant time, not expired, not revoked), else 404 (403 for a token that
    was valid once). An archived record opens for nobody. Extension points, which models
    override:

    - _client_desk_portal_owner(): the client, when not partner_id's commercial partner;
    - _client_desk_token_validity_days(): days a new token stays valid (None: forever);
    - _client_desk_token_opens_chatter(): whether a token also opens the record's portal
      chatter (/mail/chatter_fetch, /mail/chatter_post); no by default;
    - _client_desk_portal_post(text): how a message typed there is posted (only the text, by
      the record's client).

    Tokens live in client.desk.access.token, which no user can read: staff get links through
    methods that return URLs, never the token itself (SECURITY checklist 14). A deleted
    record's token row stays behind harmlessly (ids are never reused: the check finds no
    record and answers 404).
    """

    _name = "client.desk.portal.mixin"
    _description = "Client Desk portal access"
    _order = "id"

    # -- extension points --------------------------------------------------------------------

    @api.model
    def _client_desk_token_validity_days(self):
        """Days a new token stays valid; None: it never expires. Models override."""
        return None

    @api.model
    def _client_desk_token_opens_chatter(self):
        """True when a token of this model also opens the record's portal chatter, where only
        the text of a message goes through, authored by the record's client. Models override."""
        return False

    @api.multi
    def _client_desk_portal_owner(self):
        """The client (commercial partner) whose record this is; models override."""
        self.ensure_one()
        if "partner_id" in self._fields:
            return self.sudo().partner_id.commercial_partner_id
        return self.env["res.partner"]

    @api.multi
    def _client_desk_portal_post(self, text):
        """Posts what the client typed in the record's portal chatter: only the text, authored by
        the record's client (also as sender address), as a plain comment; returns the message."""
        self.ensure_one()
        owner = self._client_desk_portal_owner()
        if not owner:
            raise NotFound()
        return self.sudo().with_context(mail_create_nosubscribe=True).message_post(
            body=plaintext2html(text),
            message_type="comment",
            subtype="mail.mt_comment",
            author_id=owner.id,
            email_from=owner.email_formatted or False,
        )

    # -- the token ---------------------------------------------------------------------------

    @api.multi
    def _client_desk_token_row(self):
        """The client.desk.access.token row of this record (sudo); empty when it never had one."""
        self.ensure_one()
        return self.env["client.desk.access.token"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)], limit=1
        )

    @api.multi
    def _client_desk_new_token_values(self):
        days = self._client_desk_token_validity_days()
        expiry = datetime.utcnow() + timedelta(days=days) if days else None
        return {
            "token": str(uuid.uuid4()),
            "expiry": fields.Datetime.to_string(expiry) if expiry else False,
        }

    @api.multi
    def _client_desk_access_token(self):
        """The record's valid token, made when it has none or its token expired (the expired
        one then answers 403). For links built by the server (e-mails, pages): callers decide
        who may see the link; the token is never readable through the ORM."""
        self.ensure_one()
        row = self._client_desk_token_row()
        if row.token and not row._client_desk_expired():
            return row.token
        self._client_desk_forget_token()
        values = self._client_desk_new_token_values()
        if row:
            row.write(values)
        else:
            row.create(dict(values, res_model=self._name, res_id=self.id))
        return values["token"]

    @api.multi
    def _client_desk_forget_token(self):
        """Remembers the current token as revoked and removes it (no access check)."""
        for record in self:
            row = record._client_desk_token_row()
            if not row.token:
                continue
            revoked = ([_token_digest(row.token)] + (row.revoked or "").split())[:REVOKED_TOKENS_KEPT]
            row.write({"token": False, "expiry": False, "revoked": " ".join(revoked)})
        return True

    @api.multi
    def action_rotate_access_token(self):
        """Replaces the token: links sent so far answer 403, new links use the new token."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._client_desk_forget_token()
        for record in self:
            record._client_desk_access_token()
        return True

    @api.multi
    def action_revoke_access_token(self):
        """Removes the token: links sent so far answer 403; a new one is made when needed."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._client_desk_forget_token()
        return True

    # -- the decision ------------------------------------------------------------------------

    @api.multi
    def _client_desk_token_revoked(self, token):
        """True when token is one this record had and lost (rotated, revoked or expired)."""
        digest = _token_digest(token)
        return any(_same_secret(old, digest) for old in (self._client_desk_token_row().revoked or "").split())

    @api.multi
    def _client_desk_portal_access(self, user, token):
        """Who may open this record: 'owner' (user's commercial partner owns it) or 'token'
        (token is the record's valid access token). Else raises NotFound (unknown or archived
        record, no, empty, wrong or another record's token) or Forbidden (a token of this
        record that expired, was rotated or revoked)."""
        record = self.sudo().exists()
        if len(record) != 1:
            raise NotFound()
        if "active" in record._fields and not record.active:
            raise NotFound()
        owner = record._client_desk_portal_owner()
        user = user.sudo(user.id) if user else user  # has_group() looks at the env's user
        if user and owner and not user._is_public() and user.partner_id.commercial_partner_id == owner:
            return "owner"
        if not token or not isinstance(token, str):
            raise NotFound()
        row = record._client_desk_token_row()
        if row.token and _same_secret(row.token, token):
            if row._client_desk_expired():
                raise Forbidden()
            return "token"
        if record._client_desk_token_revoked(token):
            raise Forbidden()
        raise NotFound()
