from psycopg2 import sql

from odoo import SUPERUSER_ID, api

from .tools import overview_sql

# The rights installing the module gives Client Desk staff (security/client_desk_billing_security.xml),
# with the groups they bring along.
GIVEN_GROUPS = ("sales_team.group_sale_salesman_all_leads", "sales_team.group_sale_salesman",
                "account.group_account_invoice")
OLD_INDEXES = ("client_desk_billing_invoice_open_idx", "client_desk_billing_invoice_date_idx",
               "client_desk_billing_payment_date_idx", "client_desk_billing_order_date_idx",
               "client_desk_billing_tx_invoice_idx", "client_desk_billing_invoice_client_idx",
               "client_desk_billing_payment_client_idx")


def uninstall_hook(cr, registry):
    """Removes what the module made outside its own records: the overview's triggers and
    functions, the indexes on the documents' tables (Odoo drops the overview's table), and the
    Sales and Billing rights it gave Client Desk staff."""
    drop_sql_objects(cr)
    take_back_rights(api.Environment(cr, SUPERUSER_ID, {}))


def drop_sql_objects(cr):
    overview_sql.uninstall(cr)
    for index in OLD_INDEXES:
        cr.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(index)))


def take_back_rights(env):
    """Staff no longer imply Sales and Billing; a staff member keeps them only when another of
    their groups still brings them (a Sales manager stays one). Rights given by hand to a
    staff member cannot be told apart from the module's and go too."""
    staff = env.ref("client_desk.group_client_desk_user", raise_if_not_found=False)
    given = env["res.groups"]
    for xmlid in GIVEN_GROUPS:
        given |= env.ref(xmlid, raise_if_not_found=False) or env["res.groups"]
    if not staff or not given:
        return
    staff.write({"implied_ids": [(3, group.id) for group in given]})
    for user in staff.with_context(active_test=False).users:
        kept = user.groups_id - given
        still_given = given & (kept | kept.mapped("trans_implied_ids"))
        taken = given - still_given
        if taken:
            user.write({"groups_id": [(3, group.id) for group in taken]})
