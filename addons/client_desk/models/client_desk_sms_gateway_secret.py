import logging

from psycopg2 import sql

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# The gateway settings that may hold a key (keyed URL, token in the template, bearer token).
SECRET_FIELDS = ("url", "template", "auth_header_name", "auth_header_value")


class ClientDeskSmsGatewaySecret(models.Model):
    """The secret settings of one SMS gateway, in a model of their own.

    Odoo 11 checks a field's `groups` on read only: read_group, a search with `=like` or an
    export would still hand a restricted field of the gateway to staff. Only managers have
    access to this model at all (ir.model.access.csv, plus a per-company rule), so every ORM
    path - read, read_group, search, search_count, export_data, name_search - refuses staff.
    The gateway form shows these fields to managers through computed fields with an inverse.
    """

    _name = "client.desk.sms.gateway.secret"
    _description = "Secret settings of an SMS gateway"
    _order = "id"
    _rec_name = "gateway_id"

    gateway_id = fields.Many2one(
        "client.desk.sms.gateway", "Gateway", required=True, index=True, ondelete="cascade",
    )
    url = fields.Char("URL")
    template = fields.Text("Parameter template")
    auth_header_name = fields.Char("Authentication header")
    auth_header_value = fields.Char("Authentication value")

    _sql_constraints = [
        ("gateway_unique", "UNIQUE(gateway_id)", "A gateway has one set of secret settings."),
    ]

    @api.model_cr
    def init(self):
        """Moves the secrets of databases made before this model existed out of the gateway
        table (where they were plain columns) into this one, and drops those columns."""
        cr = self.env.cr
        cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'client_desk_sms_gateway' AND column_name IN %s",
            (SECRET_FIELDS,),
        )
        old_columns = [row[0] for row in cr.fetchall()]
        if not old_columns:
            return
        # Column names come from SECRET_FIELDS (a constant), never from input.
        columns = sql.SQL(", ").join(sql.Identifier(column) for column in old_columns)
        cr.execute(sql.SQL(
            "INSERT INTO client_desk_sms_gateway_secret (gateway_id, {columns}) "
            "SELECT id, {columns} FROM client_desk_sms_gateway gateway "
            "WHERE NOT EXISTS (SELECT 1 FROM client_desk_sms_gateway_secret s WHERE s.gateway_id = gateway.id)"
        ).format(columns=columns))
        _logger.info("Moved %s SMS gateway secret(s) out of client_desk_sms_gateway", cr.rowcount)
        for column in old_columns:
            cr.execute(sql.SQL("ALTER TABLE client_desk_sms_gateway DROP COLUMN {}").format(sql.Identifier(column)))
