from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression


class ResPartner(models.Model):
    """Portal and public users reach no restricted field of a partner by any ORM path.

    Odoo 11 checks a field's `groups` on read only: a portal client, who reads their own
    partner, would still read the internal pinned note (or any field kept from them) by
    grouping on it (read_group), by searching with `=like` one character at a time, or by
    exporting it. For them, every path checks the groups as read does.
    """

    _inherit = "res.partner"

    def _client_desk_check_client_field_access(self, names):
        """Raises AccessError when the user is a portal/public user and one of the field names
        (or the first part of a path "parent_id.name", "parent_id/name") is kept from them."""
        if self.env.uid == SUPERUSER_ID or not self.env.user.share:
            return
        roots = {name.split(".")[0].split("/")[0].split(":")[0] for name in names if isinstance(name, str)}
        kept = [name for name in roots if name in self._fields and self._fields[name].groups
                and not self.user_has_groups(self._fields[name].groups)]
        if kept:
            raise AccessError(_("This information is kept for staff only."))

    @api.model
    def _client_desk_domain_fields(self, domain):
        """Field names (paths) the leaves of a domain look at."""
        return [leaf[0] for leaf in domain or [] if expression.is_leaf(leaf) and not expression.is_operator(leaf)]

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if not access_rights_uid:
            ordered = [part.split()[0] for part in (order or "").split(",") if part.strip()]
            self._client_desk_check_client_field_access(self._client_desk_domain_fields(args) + ordered)
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        self._client_desk_check_client_field_access(
            list(fields or []) + groupby + self._client_desk_domain_fields(domain))
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        self._client_desk_check_client_field_access(fields_to_export or [])
        return super().export_data(fields_to_export, raw_data=raw_data)
