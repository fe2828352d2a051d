from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

# Models whose attachments are staff files: a client may read the record, never its files.
STAFF_FILE_MODELS = ("res.partner",)


class IrAttachment(models.Model):
    """Files attached to a client card are staff files (scans, notes, the GDPR export...).

    Odoo gives an attachment the access of its record, and a portal user reads their own
    partner: they would download every file staff attached to their card, by RPC or by
    /web/content. Portal and public users never reach them; files meant for clients are
    shared through their own models (documents, invoices...), or marked public.
    """

    _inherit = "ir.attachment"

    def _client_desk_is_client_user(self):
        return self.env.uid != SUPERUSER_ID and self.env.user.share

    @api.model
    def check(self, mode, values=None):
        super().check(mode, values=values)
        if not self._client_desk_is_client_user():
            return
        staff_files = bool(values and values.get("res_model") in STAFF_FILE_MODELS)
        if self.ids and not staff_files:
            self._cr.execute(
                "SELECT 1 FROM ir_attachment WHERE id IN %s AND res_model IN %s AND res_field IS NULL"
                " AND public IS NOT TRUE LIMIT 1",
                [tuple(self.ids), STAFF_FILE_MODELS],
            )
            staff_files = bool(self._cr.fetchone())
        if staff_files:
            raise AccessError(_("This file is kept for staff only."))

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self._client_desk_is_client_user() and not access_rights_uid:
            # Leaves on neither "id" nor "res_field": Odoo still adds its default res_field = False.
            args = ["|", ("res_model", "not in", list(STAFF_FILE_MODELS)), ("public", "=", True)] + list(args)
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)
