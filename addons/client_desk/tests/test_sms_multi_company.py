"""Multi-company: each company's staff reach only their company's SMS and gateways, and each
company's SMS leave through its own gateway (or one shared by every company)."""
from odoo.exceptions import AccessError

from .common import ClientDeskCase


class TestSmsMultiCompany(ClientDeskCase):
    user_prefix = "smsmulti"
    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSecondCompany("Salon SMS Tweede Vestiging")
        Gateway = cls.env["client.desk.sms.gateway"]
        Gateway.search([]).write({"active": False})
        cls.gateway_a = Gateway.create({"name": "Gateway A", "kind": "test", "company_id": cls.company_a.id})
        cls.gateway_b = Gateway.create({"name": "Gateway B", "kind": "test", "company_id": cls.company_b.id})
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create(
            {"name": "Klant SMS A", "mobile": "0468 11 22 31", "company_id": cls.company_a.id}
        )
        cls.client_b = Partner.create(
            {"name": "Klant SMS B", "mobile": "0468 11 22 32", "company_id": cls.company_b.id}
        )
        Sms = cls.env["client.desk.sms"]
        cls.sms_a = Sms.client_desk_queue(cls.client_a, "Voor A")
        cls.sms_b = Sms.client_desk_queue(cls.client_b, "Geheim voor B")

    def test_sms_take_their_clients_company(self):
        self.assertEqual(self.sms_a.company_id, self.company_a)
        self.assertEqual(self.sms_b.company_id, self.company_b)

    def test_staff_reach_only_their_companys_sms(self):
        Sms = self.env["client.desk.sms"]
        for user, own, other in ((self.staff, self.sms_a, self.sms_b), (self.manager, self.sms_a, self.sms_b),
                                 (self.staff_b, self.sms_b, self.sms_a)):
            as_user = Sms.sudo(user)
            found = as_user.search([]) & (self.sms_a | self.sms_b)
            self.assertEqual(found, own, user.login)
            with self.assertRaises(AccessError, msg=user.login):
                other.sudo(user).read(["body"])
            with self.assertRaises(AccessError, msg=user.login):
                other.sudo(user).action_send()
            with self.assertRaises(AccessError, msg=user.login):
                other.sudo(user).action_cancel()
        Sms = Sms.sudo(self.staff)
        self.assertFalse(Sms.search([("body", "=like", "Geheim%")]))
        groups = Sms.read_group([("id", "in", (self.sms_a | self.sms_b).ids)], ["number"], ["number"])
        self.assertEqual([group["number"] for group in groups], ["0468 11 22 31"])
        self.assertEqual(self.sms_b.state, "queued")

    def test_staff_reach_only_their_companys_gateways(self):
        Gateway = self.env["client.desk.sms.gateway"]
        self.assertEqual(Gateway.sudo(self.staff).search([("id", "in", (self.gateway_a | self.gateway_b).ids)]),
                         self.gateway_a)
        with self.assertRaises(AccessError):
            self.gateway_b.sudo(self.manager).write({"name": "Overgenomen"})
        with self.assertRaises(AccessError):
            self.gateway_b.sudo(self.staff).read(["name"])

    def test_each_company_sends_through_its_own_gateway(self):
        self.env["client.desk.sms"]._cron_send_queued()
        self.assertEqual((self.sms_a.state, self.sms_a.gateway_id), ("sent", self.gateway_a))
        self.assertEqual((self.sms_b.state, self.sms_b.gateway_id), ("sent", self.gateway_b))

    def test_a_company_without_gateway_waits_while_the_other_sends(self):
        self.gateway_b.active = False
        Sms = self.env["client.desk.sms"]
        self.assertEqual(Sms.search([("waiting_for_gateway", "=", True), ("id", "in", (self.sms_a | self.sms_b).ids)]),
                         self.sms_b)
        Sms._cron_send_queued()
        self.assertEqual((self.sms_a.state, self.sms_b.state), ("sent", "queued"))
        self.assertTrue(self.sms_b.waiting_reason)
        # A gateway shared by every company serves it.
        self.env["client.desk.sms.gateway"].create({"name": "Shared", "kind": "test", "company_id": False})
        self.sms_b.invalidate_cache()
        self.assertFalse(self.sms_b.waiting_for_gateway)
        Sms._cron_send_queued()
        self.assertEqual(self.sms_b.state, "sent")
