"""Every ORM path to the models this module adds, for a portal client, the public, an internal
user without Client Desk rights and a staff member without manager rights (SECURITY.md
checklist: ORM paths)."""
from odoo.exceptions import AccessError

from .common import BillingCase

WIZARD_VALUES = {
    "client.desk.payment.register": lambda case: {
        "partner_id": case.client.id, "amount": 10.0, "currency_id": case.currency.id, "method": "cash"},
    "client.desk.payment.request": lambda case: {
        "partner_id": case.client.id, "amount": 10.0, "currency_id": case.currency.id, "description": "Coupe"},
    "client.desk.statement.import": lambda case: {"data_file": b"RGF0dW07QmVkcmFnCg==", "filename": "x.csv"},
}


class TestOrmPaths(BillingCase):
    user_prefix = "billing.access"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.public = cls.env.ref("base.public_user")
        cls.invoice = cls.make_invoice(cls.env, cls.client, 60.0)
        cls.env.cache.invalidate()
        cls.row = cls.env["client.desk.payment.overview"].search(
            [("kind", "=", "invoice"), ("res_id", "=", cls.invoice.id)])

    def assert_every_path_refused(self, records, user, writable_field, value):
        """read, search_read, read_group, export_data, write, create, unlink as user: AccessError."""
        model = records.sudo(user)
        paths = {
            "read": lambda: model.read(["name" if "name" in model._fields else writable_field]),
            "search_read": lambda: model.search_read([], [writable_field]),
            "read_group": lambda: model.read_group([], [writable_field], [writable_field]),
            "export_data": lambda: model.export_data([writable_field]),
            "write": lambda: model.write({writable_field: value}),
            "unlink": lambda: model.unlink(),
        }
        for path, call in paths.items():
            with self.subTest(user=user.login, model=records._name, path=path):
                with self.assertRaises(AccessError):
                    call()
        self.assertTrue(records.exists())

    def test_overview_refused_to_portal_public_and_employee(self):
        for user in (self.portal_user, self.public, self.employee):
            self.assert_every_path_refused(self.row, user, "kind", "quote")
            with self.subTest(user=user.login, path="create"), self.assertRaises(AccessError):
                self.env["client.desk.payment.overview"].sudo(user).create({"kind": "quote", "res_id": 1})
            with self.subTest(user=user.login, path="totals"), self.assertRaises(AccessError):
                self.env["client.desk.payment.overview"].sudo(user).client_desk_totals()
        self.assertEqual(self.row.kind, "invoice")

    def test_overview_read_only_for_staff(self):
        Overview = self.env["client.desk.payment.overview"].sudo(self.staff)
        self.assertIn(self.row.id, Overview.search([]).ids)
        self.assertTrue(Overview.read_group([], ["kind"], ["kind"]))
        self.assertEqual(self.row.sudo(self.staff).export_data(["kind"])["datas"], [["Invoice"]])
        for path, call in (("write", lambda: self.row.sudo(self.staff).write({"amount_residual": 0.0})),
                           ("unlink", lambda: self.row.sudo(self.staff).unlink()),
                           ("create", lambda: Overview.create({"kind": "quote", "res_id": 1}))):
            with self.subTest(path=path), self.assertRaises(AccessError):
                call()
        self.assertEqual(self.row.amount_residual, 60.0)

    def test_staff_wizards_closed_to_everyone_else(self):
        """A wizard belongs to whoever made it: others cannot read, change or run it."""
        for model, values in WIZARD_VALUES.items():
            wizard = self.env[model].sudo(self.staff).create(values(self))
            field = "amount" if "amount" in wizard._fields else "filename"
            for user in (self.portal_user, self.public, self.manager):
                with self.subTest(model=model, user=user.login):
                    mine = wizard.sudo(user)
                    for call in (lambda: mine.read([field]), lambda: mine.export_data([field]),
                                 lambda: mine.write({field: 1.0 if field == "amount" else "y.csv"}),
                                 lambda: mine.unlink()):
                        with self.assertRaises(AccessError):
                            call()
                    self.assertFalse(self.env[model].sudo(user).search_read([("id", "=", wizard.id)], [field]))
                    self.assertFalse(self.env[model].sudo(user).read_group([("id", "=", wizard.id)], [field], []
                                                                           )[0].get("__count"))
            self.assertTrue(wizard.exists())

    def test_portal_public_and_employee_cannot_run_the_wizards(self):
        count = self.env["account.payment"].search_count([])
        for model, values in WIZARD_VALUES.items():
            action = "action_import" if model == "client.desk.statement.import" else "action_confirm"
            for user in (self.portal_user, self.public, self.employee):
                # Refused when the wizard is made (its defaults read the journals) or run.
                with self.subTest(model=model, user=user.login), self.assertRaises(AccessError):
                    wizard = self.env[model].sudo(user).create(values(self))
                    getattr(wizard, action)()
        self.assertEqual(self.env["account.payment"].search_count([]), count)
        self.assertEqual(self.invoice.residual, 60.0)

    def test_portal_client_cannot_change_their_invoice_or_quote(self):
        invoice = self.make_invoice(self.env, self.portal_client, 60.0)
        quote = self.make_quote(self.env, self.portal_client)
        for record, values in ((invoice, {"client_desk_pay_online": False}),
                               (invoice, {"client_desk_reminder_count": 0}),
                               (quote, {"client_desk_signed_by": "Forged"})):
            with self.subTest(model=record._name, values=values), self.assertRaises(AccessError):
                record.sudo(self.portal_user).write(values)
        self.assertTrue(invoice.client_desk_pay_online)
        self.assertFalse(quote.client_desk_signed_by)

    def test_staff_without_manager_rights_cannot_change_the_reminder_schedule(self):
        company = self.env.user.company_id
        before = company.client_desk_reminder_days
        with self.assertRaises(AccessError):
            company.sudo(self.staff).write({"client_desk_reminder_days": "1"})
        self.assertEqual(company.client_desk_reminder_days, before)
