"""The portal home /my shows this client's appointments and messages, with their counts only."""
import re

from odoo.tests.common import get_db_name as common_db_name
from odoo.tools import plaintext2html

from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user, po_translation

BADGE = re.compile(r'<span class="badge">(\d+)</span>\s*<a href="(/my/[a-z]+)">([^<]+)</a>')


class TestPortalHome(HttpTestCase):

    def setUp(self):
        super().setUp()
        env = self.env(context=dict(self.env.context, tracking_disable=True, client_desk_no_mail=True))
        self.staff = new_user(env, "glue.ia.staff", "user", client_desk_bookable=True)
        self.anne = new_user(env, "glue.ia.anne", "portal").partner_id
        self.bob = new_user(env, "glue.ia.bob", "portal").partner_id
        (self.anne | self.bob).write({"client_desk_is_client": True})
        service = env["client.desk.service"].create({"name": "Coupe Homme", "duration_minutes": 30})
        Event = env["calendar.event"]
        for partner, starts in ((self.anne, ["2030-01-07 09:00:00"]),
                                (self.bob, ["2030-01-07 10:00:00", "2030-01-08 10:00:00", "2030-01-09 10:00:00"])):
            for start in starts:
                Event.create({"client_desk_partner_id": partner.id, "client_desk_service_id": service.id,
                              "client_desk_staff_id": self.staff.id, "start": start})
        for partner, texts in ((self.anne, ["Anne asks"]), (self.bob, ["Bob one", "Bob two"])):
            for text in texts:
                partner.message_post(body=plaintext2html(text), subtype="mail.mt_comment", message_type="comment",
                                     author_id=partner.id)

    def home_entries(self, path="/my"):
        response = self.get(path)
        self.assertEqual(response.status_code, 200)
        return [(href, int(count), label) for count, href, label in BADGE.findall(response.text)]

    def test_counts_are_this_clients_only(self):
        Partner = self.env["res.partner"].sudo()
        anne_messages = Partner._client_desk_portal_message_count(self.anne)
        self.assertEqual((anne_messages, Partner._client_desk_portal_message_count(self.bob)), (1, 2))
        self.login("glue.ia.anne")
        counts = {href: count for href, count, _label in self.home_entries()}
        self.assertEqual(counts["/my/appointments"], 1)
        self.assertEqual(counts["/my/messages"], anne_messages)

    def test_entries_in_order_and_in_the_clients_language(self):
        self.login("glue.ia.anne")
        for prefix, lang in (("", None), ("/nl_BE", "nl_BE"), ("/fr_BE", "fr_BE")):
            entries = self.home_entries(prefix + "/my")
            hrefs = [href for href, _count, _label in entries]
            self.assertLess(hrefs.index("/my/appointments"), hrefs.index("/my/messages"))
            labels = {href: label for href, _count, label in entries}
            if lang:
                self.assertEqual(labels["/my/appointments"], po_translation("client_desk_agenda", lang, "Appointments"))
                self.assertEqual(labels["/my/messages"], po_translation("client_desk_inbox", lang, "Messages"))

    def test_new_appointment_over_xmlrpc_returns_plain_values(self):
        conversation = self.env["client.desk.conversation"].search([("partner_id", "=", self.anne.id)])
        with self.server_turn():
            action = self.xmlrpc_object.execute_kw(
                common_db_name(), self.staff.id, "glue.ia.staff", "client.desk.conversation",
                "action_client_desk_new_appointment", [conversation.ids])
        self.assertEqual(action["res_model"], "calendar.event")
        self.assertEqual(action["context"]["default_client_desk_partner_id"], self.anne.id)
