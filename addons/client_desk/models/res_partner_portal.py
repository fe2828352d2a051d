from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import _, api, models, tools
from odoo.exceptions import ValidationError

from ..tools.phone import parse_phone

PROFILE_FIELD_MAX_LENGTH = 128


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

    @api.multi
    def _client_desk_profile_url(self):
        """Path of the client's contact details page, with its token (made when needed)."""
        self.ensure_one()
        return "/client_desk/profile/%d?%s" % (self.id, url_encode({"access_token": self._client_desk_access_token()}))

    @api.model
    def _client_desk_profile_values(self, name, email, phone):
        """Checks what a client typed on their contact details page; returns the values to
        write or raises ValidationError with a message for the client."""
        name, email, phone = ((value or "").strip() for value in (name, email, phone))
        if not name:
            raise ValidationError(_("Please enter your name."))
        if any(len(value) > PROFILE_FIELD_MAX_LENGTH for value in (name, email, phone)):
            raise ValidationError(
                _("Name, e-mail and phone can each be %s characters long at most.") % PROFILE_FIELD_MAX_LENGTH
            )
        if email and not tools.single_email_re.match(email):
            raise ValidationError(_("Please enter a valid e-mail address, such as name@example.com."))
        if phone and parse_phone(phone) is None:
            raise ValidationError(_("Please enter a valid phone number, such as 0470 12 34 56."))
        return {"name": name, "email": email or False, "phone": phone or False}

    @api.multi
    def _client_desk_profile_update(self, name, email, phone):
        """Saves the contact details a client confirmed on their page and notes it in their
        conversation. Returns the names of the fields that changed."""
        self.ensure_one()
        values = self._client_desk_profile_values(name, email, phone)
        changed = {key: value for key, value in values.items() if (self[key] or False) != value}
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
