"""A rebooking campaign started and read over a real XML-RPC client: plain values back for
staff, an access error for a portal user."""
from xmlrpc.client import Fault

from odoo.addons.client_desk.tests.common import QUIET
from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user

from .common import moment


class TestRebookingRpc(HttpTestCase):

    def setUp(self):
        super().setUp()
        self.env = self.env(context=dict(self.env.context, **QUIET))
        Partner = self.env["res.partner"]
        Partner.search([("client_desk_is_client", "=", True)]).write({"client_desk_is_client": False})
        self.env["mail.mass_mailing"].search([("client_desk_rebooking_running", "=", True)]).write(
            {"client_desk_rebooking_running": False})
        self.staff = new_user(self.env, "rebookingrpc.staff", "user")
        self.portal = new_user(self.env, "rebookingrpc.portal", "portal")
        self.lapsed = Partner.create({"name": "Lapsed Client", "email": "lapsed@example.com", "lang": "en_US",
                                      "client_desk_is_client": True, "client_desk_marketing_opt_in": True})
        start = moment(weeks=-9)
        self.env["calendar.event"].create({
            "client_desk_partner_id": self.lapsed.id, "client_desk_state": "done", "start": start,
            "stop": moment(weeks=-9, hours=1)})
        self.campaign = self.env["mail.mass_mailing"].create({
            "name": "RPC rebooking", "client_desk_action": "book", "client_desk_rebooking": True,
            "email_from": "salon@example.com", "reply_to": "salon@example.com"})

    def test_start_and_statistics_over_xmlrpc(self):
        dbname, call = self.env.cr.dbname, self.xmlrpc_object.execute_kw
        with self.server_turn():
            uid = self.xmlrpc_common.authenticate(dbname, self.staff.login, self.staff.login, {})
            queued = call(dbname, uid, self.staff.login, "mail.mass_mailing", "action_client_desk_rebooking_start",
                          [[self.campaign.id]])
            booked = call(dbname, uid, self.staff.login, "mail.mass_mailing", "client_desk_statistic_partner_ids",
                          [[self.campaign.id], "client_desk_booked"])
            values = call(dbname, uid, self.staff.login, "mail.mass_mailing", "read",
                          [[self.campaign.id], ["client_desk_booked", "client_desk_rebooking_running"]])
        self.assertEqual(queued, 1)
        self.assertEqual(booked, [])
        self.assertEqual((values[0]["client_desk_booked"], values[0]["client_desk_rebooking_running"]), (0, True))
        self.assertEqual(self.campaign.client_desk_recipient_ids.partner_id, self.lapsed)

    def test_portal_user_gets_an_access_error(self):
        dbname, call = self.env.cr.dbname, self.xmlrpc_object.execute_kw
        with self.server_turn():
            uid = self.xmlrpc_common.authenticate(dbname, self.portal.login, self.portal.login, {})
            for method, args in (("action_client_desk_rebooking_start", [[self.campaign.id]]),
                                 ("client_desk_statistic_partner_ids", [[self.campaign.id], "client_desk_booked"]),
                                 ("read", [[self.campaign.id], ["client_desk_booked"]])):
                with self.assertRaises(Fault) as caught:
                    call(dbname, uid, self.portal.login, "mail.mass_mailing", method, args)
                self.assertIn("not allowed to access", caught.exception.faultString)
                self.assertIn("mail.mass_mailing", caught.exception.faultString)
        self.assertFalse(self.campaign.client_desk_recipient_ids)
        self.assertFalse(self.campaign.client_desk_rebooking_running)
