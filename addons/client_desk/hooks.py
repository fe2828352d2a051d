"""What Odoo calls when it loads and when it uninstalls client_desk (see __manifest__.py)."""
import logging

from psycopg2 import sql

from . import http_entry

_logger = logging.getLogger(__name__)

# Database objects client_desk makes with SQL (in res.partner's init()), which Odoo's uninstall
# does not know about. Tables and columns of the module's models and fields, and the indexes
# on them, Odoo drops itself. The pg_trgm extension stays: other objects may use it.
SQL_TABLES = ("client_desk_identity_claim",)
SQL_INDEXES = ("res_partner_client_desk_search_text_trgm",)


def post_load():
    """Once per process, when Odoo loads the module (for a registry, or server-wide)."""
    http_entry.install()


def uninstall_hook(cr, registry):
    """Drops what client_desk created by SQL."""
    for table in SQL_TABLES:
        _logger.info("Dropping table %s", table)
        cr.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(table)))
    for index in SQL_INDEXES:
        cr.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(index)))
