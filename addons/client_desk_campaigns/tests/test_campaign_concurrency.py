"""Two senders (two servers, or two workers) drain one campaign's queue together, each with
its own database connection and real commits: nobody receives it twice, also when one sender
dies in the middle of a batch."""
import threading
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import common

from odoo.addons.client_desk.tests.common import QUIET
from odoo.addons.client_desk.tests.harness import SmtpSink
from odoo.addons.client_desk.tests.harness.network import free_port

CLIENTS = 30


class SenderDied(Exception):
    """Stands for a sender process killed in the middle of a batch."""


class TestCampaignConcurrency(common.TransactionCase):
    """The fixtures are committed (the senders' connections must see them) and removed after."""

    at_install = False
    post_install = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp_sink = SmtpSink().start()

    @classmethod
    def tearDownClass(cls):
        cls.smtp_sink.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.registry = odoo.registry(common.get_db_name())
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(QUIET))
            server = env["ir.mail_server"].create({"name": "concurrency sink", "smtp_host": "127.0.0.1",
                                                   "smtp_port": self.smtp_sink.port, "sequence": -1})
            tag = env["res.partner.category"].create({"name": "Concurrency test"})
            partners = env["res.partner"].create({
                "name": "Conc Client", "email": "conc0@example.com", "client_desk_is_client": True,
                "client_desk_marketing_opt_in": True, "category_id": [(6, 0, tag.ids)]})
            for index in range(1, CLIENTS):
                partners |= env["res.partner"].create({
                    "name": "Conc Client %s" % index, "email": "conc%s@example.com" % index,
                    "client_desk_is_client": True, "client_desk_marketing_opt_in": True,
                    "category_id": [(6, 0, tag.ids)]})
            campaign = env["mail.mass_mailing"].create({
                "name": "Concurrency", "client_desk_action": "portal", "email_from": "salon@example.com",
                "reply_to": "salon@example.com", "client_desk_audience": "tags",
                "client_desk_tag_ids": [(6, 0, tag.ids)]})
            campaign.put_in_queue()
            env["ir.config_parameter"].set_param("web.base.url", "http://campaigns.example")
            self.ids = {"server": server.id, "tag": tag.id, "partners": partners.ids, "campaign": campaign.id}
        self.addCleanup(self.remove_fixtures)
        self.smtp_sink.clear()

    def remove_fixtures(self):
        with api.Environment.manage(), self.registry.cursor() as cr:
            cr.execute("DELETE FROM mail_mail_statistics WHERE mass_mailing_id = %s", (self.ids["campaign"],))
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s",
                       (tuple(self.ids["partners"]),))
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.mass_mailing"].browse(self.ids["campaign"]).unlink()
            cr.execute("DELETE FROM res_partner WHERE id IN %s", (tuple(self.ids["partners"]),))
            env["res.partner.category"].browse(self.ids["tag"]).unlink()
            env["ir.mail_server"].browse(self.ids["server"]).unlink()

    def drain(self, results, name, batch_size=4):
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                results[name] = env["mail.mass_mailing"].browse(self.ids["campaign"])._client_desk_drain(
                    batch_size=batch_size, rate=0)
            except SenderDied:
                results[name] = "died"

    def run_senders(self, *names):
        results = {}
        threads = [threading.Thread(target=self.drain, args=(results, name), name=name) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        return results

    def states(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT state, count(*) FROM client_desk_campaign_recipient WHERE mailing_id = %s "
                       "GROUP BY state", (self.ids["campaign"],))
            return dict(cr.fetchall())

    def test_two_senders_drain_one_queue_without_double_sends(self):
        barrier = threading.Barrier(2, timeout=20)
        waited = set()

        def after_batch(self_, mailing, ids):
            # Each sender waits for the other after its first batch: both really take part.
            name = threading.current_thread().name
            if name not in waited:
                waited.add(name)
                barrier.wait()

        Mailing = type(self.env["mail.mass_mailing"])
        with patch.object(Mailing, "_client_desk_after_batch", after_batch):
            results = self.run_senders("sender-a", "sender-b")
        self.assertGreaterEqual(results["sender-a"], 4)
        self.assertGreaterEqual(results["sender-b"], 4)
        self.assertEqual(results["sender-a"] + results["sender-b"], CLIENTS)
        addresses = [address for mail in self.smtp_sink.messages for address in mail.rcpt_tos]
        self.assertEqual(len(addresses), CLIENTS)
        self.assertEqual(len(set(addresses)), CLIENTS)
        self.assertEqual(self.states(), {"sent": CLIENTS})

    def test_sender_killed_mid_batch_never_causes_a_second_send(self):
        sent_by_first = []

        def after_message(self_, recipient_id):
            if threading.current_thread().name == "dies":
                sent_by_first.append(recipient_id)
                if len(sent_by_first) == 2:
                    raise SenderDied()

        Mailing = type(self.env["mail.mass_mailing"])
        with patch.object(Mailing, "_client_desk_after_message", after_message):
            self.assertEqual(self.run_senders("dies"), {"dies": "died"})
            # Restart: a new sender takes over what is still queued.
            results = self.run_senders("restarted")
        self.assertEqual(results["restarted"], CLIENTS - 4)
        addresses = [address for mail in self.smtp_sink.messages for address in mail.rcpt_tos]
        # Two went out before the crash, two of that batch were never sent: lost, not doubled.
        self.assertEqual(len(addresses), CLIENTS - 2)
        self.assertEqual(len(set(addresses)), len(addresses))
        self.assertEqual(self.states(), {"sent": CLIENTS - 4, "sending": 4})
        with api.Environment.manage(), self.registry.cursor() as cr:
            cr.execute("UPDATE client_desk_campaign_recipient SET sending_date = sending_date - interval '1 day' "
                       "WHERE mailing_id = %s AND state = 'sending'", (self.ids["campaign"],))
            api.Environment(cr, SUPERUSER_ID, {})["mail.mass_mailing"]._client_desk_fail_stale()
        self.assertEqual(self.states(), {"sent": CLIENTS - 4, "failed": 4})

    def test_unreachable_smtp_server_leaves_the_queue_for_the_next_run_without_retrying_at_once(self):
        with api.Environment.manage(), self.registry.cursor() as cr:
            server = api.Environment(cr, SUPERUSER_ID, {})["ir.mail_server"].browse(self.ids["server"])
            server.smtp_port = free_port()  # nothing listens there
        MailServer = type(self.env["ir.mail_server"])
        connect, attempts = MailServer.connect, []

        def counted_connect(self_, *args, **kwargs):
            attempts.append(1)
            return connect(self_, *args, **kwargs)

        with patch.object(MailServer, "connect", counted_connect):
            results = self.run_senders("unreachable")
        self.assertEqual(results, {"unreachable": 0})
        self.assertEqual(len(attempts), 1)
        self.assertEqual(self.states(), {"queued": CLIENTS})
        self.assertFalse(self.smtp_sink.messages)
