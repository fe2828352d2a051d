import hashlib
import hmac
import uuid
from datetime import datetime, timedelta

from werkzeug.exceptions import Forbidden, NotFound

from odoo import api, fields, models

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
    the logged-in client owns the record, or the URL carries the record's access_token
    (compared in constant time, not expired, not revoked), else 404 (403 for a token that
    was valid once). Models inherit it and override _client_desk_portal_owner() when the
    client is not partner_id's commercial partner, and _client_desk_token_validity_days()
    to make new tokens expire.
    """

    _name = "client.desk.portal.mixin"
    _description = "Client Desk portal access"
    _order = "id"

    access_token = fields.Char(
        "Access token",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Secret part of the links that open this record without logging in. Created when a"
        " link is first needed; rotating it makes every link sent so far stop working.",
    )
    access_token_expiry = fields.Datetime(
        "Access token expiry",
        copy=False,
        groups="base.group_user",
        help="After this moment (UTC) links with the token are refused. Empty: no expiry.",
    )
    access_token_revoked = fields.Char(
        "Revoked access tokens",
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="Hashes of the last revoked tokens, so that links with them answer 403 (link no"
        " longer valid) rather than 404.",
    )

    # -- the token ---------------------------------------------------------------------------

    @api.model
    def _client_desk_token_validity_days(self):
        """Days a new token stays valid; None: it never expires. Models override."""
        return None

    @api.multi
    def _client_desk_new_token_values(self):
        days = self._client_desk_token_validity_days()
        expiry = datetime.utcnow() + timedelta(days=days) if days else None
        return {
            "access_token": str(uuid.uuid4()),
            "access_token_expiry": fields.Datetime.to_string(expiry) if expiry else False,
        }

    @api.multi
    def _client_desk_access_token(self):
        """The record's token, created on first use (for links in e-mails and pages)."""
        self.ensure_one()
        record = self.sudo()
        if not record.access_token:
            record.write(record._client_desk_new_token_values())
        return record.access_token

    @api.multi
    def _client_desk_forget_token(self):
        """Remembers the current token as revoked and removes it (sudo: no access check)."""
        for record in self.sudo():
            revoked = (record.access_token_revoked or "").split()
            if record.access_token:
                revoked = ([_token_digest(record.access_token)] + revoked)[:REVOKED_TOKENS_KEPT]
            record.write({"access_token": False, "access_token_expiry": False,
                          "access_token_revoked": " ".join(revoked) or False})

    @api.multi
    def action_rotate_access_token(self):
        """Replaces the token: links sent so far answer 403, new links use the new token."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._client_desk_forget_token()
        for record in self.sudo():
            record.write(record._client_desk_new_token_values())
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
    def _client_desk_portal_owner(self):
        """The client (commercial partner) whose record this is; models override."""
        self.ensure_one()
        if "partner_id" in self._fields:
            return self.sudo().partner_id.commercial_partner_id
        return self.env["res.partner"]

    @api.multi
    def _client_desk_token_revoked(self, token):
        """True when token is one this record had and lost (rotated or revoked)."""
        digest = _token_digest(token)
        return any(_same_secret(old, digest) for old in (self.sudo().access_token_revoked or "").split())

    @api.multi
    def _client_desk_portal_access(self, user, token):
        """Who may open this record: 'owner' (user's commercial partner owns it) or 'token'
        (token is the record's valid access token). Else raises NotFound (unknown record,
        no, empty, wrong or another record's token) or Forbidden (a token of this record
        that expired, was rotated or revoked)."""
        record = self.sudo().exists()
        if len(record) != 1:
            raise NotFound()
        owner = record._client_desk_portal_owner()
        user = user.sudo(user.id) if user else user  # has_group() looks at the env's user
        if user and owner and not user._is_public() and user.partner_id.commercial_partner_id == owner:
            return "owner"
        if not token or not isinstance(token, str):
            raise NotFound()
        if record.access_token and _same_secret(record.access_token, token):
            expiry = record.access_token_expiry
            if expiry and fields.Datetime.from_string(expiry) <= datetime.utcnow():
                raise Forbidden()
            return "token"
        if record._client_desk_token_revoked(token):
            raise Forbidden()
        raise NotFound()
