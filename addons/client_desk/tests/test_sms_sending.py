"""Sending SMS across transactions: nothing leaves inside a transaction that may roll back, and
a rollback after the gateway call never sends an SMS twice.

The registry's test mode gives every cursor the test's own connection: a commit there moves
a savepoint, a rollback returns to it. commit() and rollback() below also do what a real
cursor does with its after-commit hooks (run them, or drop them), which the test cursor skips.
"""
from unittest.mock import patch

from odoo.tests import common

from .common import QUIET
from .harness import HttpTestCase, new_user
from .sms_provider import FakeSmsProviderMixin


class TestSmsSending(FakeSmsProviderMixin, HttpTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmsProvider()

    def setUp(self):
        super().setUp()
        self.env = self.env(context=dict(self.env.context, **QUIET))
        self.Sms = self.env["client.desk.sms"]
        self.env["client.desk.sms.gateway"].search([]).write({"active": False})
        self.gateway = self.env["client.desk.sms.gateway"].create({
            "name": "Provider on loopback", "kind": "http", "company_id": False,
            "url": "http://127.0.0.1:%s/send" % self.server.server_address[1],
            "template": '{"to": "{to}", "text": "{body}"}', "timeout": 5,
        })
        self.staff = new_user(self.env, "smssending.staff", "user")
        self.anna = self.env["res.partner"].create({"name": "Anna Sending", "mobile": "0468 27 19 85"})
        self.commit()

    def commit(self):
        """What committing the transaction does: make it durable, then run the after-commit hooks."""
        self.cr.commit()  # pylint: disable=invalid-commit - a test cursor: moves its savepoint
        for hook in self.cr._pop_event_handlers()["commit"]:
            hook()
        self.env.cache.invalidate()

    def rollback(self):
        """What rolling back does: undo since the last commit and drop the after-commit hooks."""
        self.cr.rollback()
        self.cr._pop_event_handlers()
        self.env.cache.invalidate()

    def test_send_now_sends_after_commit_with_the_idempotency_key(self):
        sms = self.Sms.sudo(self.staff).client_desk_queue(self.anna, "Tot morgen")
        self.assertIs(sms.action_send(), True)
        self.assertEqual(self.server.received, [])  # nothing left inside the user's transaction
        self.commit()
        self.assertEqual(sms.state, "sent")
        self.assertEqual(sms.gateway_id, self.gateway)
        [request] = self.server.received
        self.assertEqual(request["headers"]["Idempotency-Key"], sms.reference)
        self.assertTrue(sms.reference)

    def test_send_now_in_a_transaction_that_rolls_back_sends_nothing(self):
        sms = self.Sms.sudo(self.staff).client_desk_queue(self.anna, "Tot morgen")
        self.commit()  # queued earlier, e.g. by a reminder
        sms.sudo(self.staff).action_send()
        self.rollback()  # the user's transaction fails after "Send now"
        self.commit()
        self.assertEqual(self.server.received, [])
        self.assertEqual(sms.state, "queued")
        self.Sms._cron_send_queued()  # the cron sends it, once
        self.assertEqual(sms.state, "sent")
        self.assertEqual(len(self.server.received), 1)

    def test_rollback_after_the_gateway_call_does_not_send_twice(self):
        sms = self.Sms.client_desk_queue(self.anna, "Uw afspraak is morgen om 10:00")
        self.commit()
        # The gateway accepts the SMS, then recording the outcome fails (a crash, a conflict).
        with patch.object(type(self.Sms), "_client_desk_log_sent", side_effect=RuntimeError("crash")):
            with self.assertRaises(RuntimeError):
                self.Sms._cron_send_queued()
        self.rollback()
        self.assertEqual(len(self.server.received), 1)
        self.assertEqual(sms.state, "sending")  # committed before the call: not queued again
        self.Sms._cron_send_queued()
        self.Sms._cron_send_queued()
        self.assertEqual(len(self.server.received), 1)
        self.assertEqual(sms.state, "sending")
        # Later the cron reports it, and a retry is recognisable as the same SMS.
        self.env.cr.execute(
            "UPDATE client_desk_sms SET sending_date = sending_date - interval '1 hour' WHERE id = %s", (sms.id,)
        )
        self.env.cache.invalidate()
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "failed")
        self.assertIn(sms.reference, sms.failure_reason)
        self.assertEqual(len(self.server.received), 1)
        sms.action_retry()
        sms.action_send()
        self.commit()
        self.assertEqual(sms.state, "sent")
        first, second = self.server.received
        self.assertEqual(first["headers"]["Idempotency-Key"], second["headers"]["Idempotency-Key"])
        self.assertEqual(first["headers"]["Idempotency-Key"], sms.reference)

    def test_sending_state_is_committed_before_the_gateway_is_called(self):
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        self.commit()
        states = []

        def call_gateway(gateway, number, body, reference=None):
            # What a rollback at this moment would leave: the claim, already committed.
            self.env.cr.execute("ROLLBACK TO SAVEPOINT test_cursor")
            self.env.cr.execute("SELECT state FROM client_desk_sms WHERE id = %s", (sms.id,))
            states.append(self.env.cr.fetchone()[0])
            return {"state": "sent", "provider_reference": "x"}

        with patch.object(type(self.gateway), "_client_desk_send", call_gateway):
            self.Sms._cron_send_queued()
        self.assertEqual(states, ["sending"])

    def test_send_now_over_xmlrpc_returns_true_and_sends_after_commit(self):
        sms = self.Sms.client_desk_queue(self.anna, "Via RPC")
        self.commit()
        with self.server_turn():
            result = self.xmlrpc_object.execute_kw(
                common.get_db_name(), self.staff.id, self.staff.login, "client.desk.sms", "action_send", [[sms.id]]
            )
        self.assertIs(result, True)
        self.assertEqual(self.server.received, [])
        self.commit()  # the request's commit (the test cursor does not run hooks itself)
        self.assertEqual(sms.state, "sent")
        self.assertEqual(len(self.server.received), 1)

    def test_test_wizard_sends_after_commit(self):
        manager = new_user(self.env, "smssending.manager", "manager")
        wizard = self.env["client.desk.sms.test"].sudo(manager).create(
            {"gateway_id": self.gateway.id, "number": "0468 27 19 86"}
        )
        sms = self.Sms.browse(wizard.action_send()["res_id"])
        self.assertEqual(sms.state, "queued")
        self.commit()
        self.assertEqual(sms.state, "sent")
        self.assertEqual(len(self.server.received), 1)
