from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import _, api, models, tools
from odoo.exceptions import UserError, ValidationError

from ..tools.access import require_staff
from ..tools.phone import parse_phone

PROFILE_FIELD_MAX_LENGTH = 128
PROFILE_TOKEN_VALIDITY_DAYS = 30


class ResPartner(models.Model):
    """Clients open their own contact details page by token (/client_desk/profile/<id>).

    The first consumer of client.desk.portal.mixin: the page a client reaches from a link in
    an e-mail, without logging in, to confirm or correct name, e-mail and phone.
    """

    _name = "res.partner"
    _inherit = ["res.partner", "client.desk.portal.mixin"]

    @api.multi
    def _client_desk_portal_owner(self):
        """A contact belongs to its commercial partner (the person, or their company)."""
        self.ensure_one()
        return self.sudo().commercial_partner_id

    @api.multi
    def _client_desk_portal_access(self, user, token):
        # Staff members' partners are never opened through the portal: their e-mail is
        # their login and password-reset address.
        if self.sudo().exists().user_ids.filtered(lambda u: not u.share):
            raise NotFound()
        return super()._client_desk_portal_access(user, token)

    @api.model
    def _client_desk_token_validity_days(self):
        """A profile link is good for a month: long enough to answer an e-mail, short enough
        that an old forwarded mail stops opening the client's details."""
        return PROFILE_TOKEN_VALIDITY_DAYS

    @api.multi
    def _client_desk_profile_url(self):
        """Path of the client's contact details page, with its token (made when needed)."""
        self.ensure_one()
        return "/client_desk/profile/%d?%s" % (self.id, url_encode({"access_token": self._client_desk_access_token()}))

    @api.multi
    def client_desk_profile_link(self):
        """The full URL of the client's contact details page, for staff to send to the client
        (a valid link is kept, an expired one replaced). Staff who may edit the client may get
        it; the token itself is readable by nobody."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        require_staff(self.env)
        if not self.active or self.user_ids.filtered(lambda user: not user.share):
            raise UserError(_("%s cannot get a profile link.") % self.display_name)
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return base_url.rstrip("/") + self._client_desk_profile_url()

    @api.multi
    def action_client_desk_profile_link(self):
        """Opens the client's profile link in a new tab, from where staff copy it."""
        return {"type": "ir.actions.act_url", "target": "new", "url": self.client_desk_profile_link()}

    @api.multi
    def _client_desk_revoke_portal_access(self):
        """Revokes the profile links of these partners (GDPR erase): links sent so far answer
        403 and can no longer write anything into the record."""
        self.sudo()._client_desk_forget_token()
        return True

    @api.model
    def _client_desk_profile_values(self, name, email, phone):
        """Checks what a client typed on their contact details page; returns the values to
        write or raises ValidationError with a message for the client. None: not posted, kept."""
        typed = {key: value.strip() for key, value in (("name", name), ("email", email), ("phone", phone))
                 if value is not None}
        if "name" in typed and not typed["name"]:
            raise ValidationError(_("Please enter your name."))
        if any(len(value) > PROFILE_FIELD_MAX_LENGTH for value in typed.values()):
            raise ValidationError(
                _("Name, e-mail and phone can each be %s characters long at most.") % PROFILE_FIELD_MAX_LENGTH
            )
        if typed.get("email") and not tools.single_email_re.match(typed["email"]):
            raise ValidationError(_("Please enter a valid e-mail address, such as name@example.com."))
        if typed.get("phone") and parse_phone(typed["phone"]) is None:
            raise ValidationError(_("Please enter a valid phone number, such as 0470 12 34 56."))
        return {key: value or False for key, value in typed.items()}

    @api.multi
    def _client_desk_profile_email_locked(self, user):
        """True when `user` (the visitor) may not change the e-mail on the profile page: the
        client has a login (the e-mail is where its password reset goes) and the visitor is not
        logged in as that very login (a token, or a colleague of the same company, is not
        enough)."""
        self.ensure_one()
        logins = self.sudo().with_context(active_test=False).user_ids
        return bool(logins) and user not in logins

    @api.multi
    def _client_desk_profile_update(self, name, email, phone, user):
        """Saves the contact details a client confirmed on their page and notes it in their
        conversation. user is the visitor (the public user when opened by token); email None
        keeps the e-mail. Returns the names of the fields that changed."""
        self.ensure_one()
        values = self._client_desk_profile_values(name, email, phone)
        changed = {key: value for key, value in values.items() if (self[key] or False) != value}
        if "email" in changed and self._client_desk_profile_email_locked(user):
            raise ValidationError(_(
                "The e-mail address of an account can only be changed by logging in and going to My account."
            ))
        if changed:
            self.write(changed)
        labels = ", ".join(self._fields[key].get_description(self.env)["string"] for key in sorted(changed))
        body = (
            _("The client updated their contact details (%s) through their profile link.") % labels
            if changed
            else _("The client confirmed their contact details through their profile link.")
        )
        self.message_post(body=tools.html_escape(body), subtype="mail.mt_note", author_id=self.id)
        return sorted(changed)
