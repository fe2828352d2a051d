import json
import socket
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import ValidationError

from .common import ClientDeskCase
from .sms_provider import FakeSmsProviderMixin


class TestSmsHttpGateway(FakeSmsProviderMixin, ClientDeskCase):
    """The generic HTTP gateway against a real provider on 127.0.0.1 (never the internet)."""

    user_prefix = "smshttp"
    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmsProvider()

        cls.Sms = cls.env["client.desk.sms"]
        cls.env["client.desk.sms.gateway"].search([]).write({"active": False})
        cls.gateway = cls.env["client.desk.sms.gateway"].create({
            "name": "Local provider",
            "kind": "http",
            "url": cls.base + "/v1/send",
            "method": "POST",
            "content_type": "json",
            "template": '{"to": "{to}", "text": "{body}", "from": "{sender}"}',
            "auth_header_name": "Authorization",
            "auth_header_value": "Bearer secret-key",
            "sender": "Thibaut",
            "timeout": 5,
            "reference_key": "messages.0.id",
            "company_id": False,
        })
        cls.anna = cls.env["res.partner"].create({"name": "Anna Peeters", "mobile": "0468 27 19 83"})

    def send(self, body="Hallo", user=None):
        """Queues an SMS to Anna (as user) and sends it as the cron does."""
        Sms = self.Sms.sudo(user) if user else self.Sms
        sms = Sms.client_desk_queue(self.anna, body)
        self.Sms._client_desk_send_queued(sms.ids)
        return sms

    def test_post_json_with_auth_header_as_staff(self):
        body = 'Zeg "hallo" \\ tot morgen\nPrijs: 25 € 😀'
        # Staff may not read the secret, yet their SMS goes out with it.
        sms = self.send(body, user=self.staff)
        self.assertEqual(sms.state, "sent", sms.failure_reason)
        self.assertEqual(sms.provider_reference, "abc-123")
        self.assertEqual(sms.gateway_id, self.gateway)
        [request] = self.server.received
        self.assertEqual(request["method"], "POST")
        self.assertEqual(request["path"], "/v1/send")
        self.assertEqual(request["headers"]["Authorization"], "Bearer secret-key")
        self.assertEqual(request["headers"]["Content-Type"], "application/json")
        self.assertEqual(json.loads(request["body"]), {"to": "+32468271983", "text": body, "from": "Thibaut"})

    def test_the_sms_reference_is_sent_as_idempotency_key(self):
        sms = self.send()
        [request] = self.server.received
        self.assertTrue(sms.reference)
        self.assertEqual(request["headers"]["Idempotency-Key"], sms.reference)

    def test_a_retried_sms_is_sent_with_the_same_key(self):
        self.server.mode = "error"
        sms = self.send()
        self.assertEqual(sms.state, "failed")
        self.server.mode = "ok"
        sms.action_retry()
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "sent")
        first, second = self.server.received
        self.assertEqual(first["headers"]["Idempotency-Key"], second["headers"]["Idempotency-Key"])
        self.assertEqual(second["headers"]["Idempotency-Key"], sms.reference)

    def test_reference_placeholder_and_other_idempotency_header(self):
        self.gateway.write({
            "idempotency_header": "X-Request-Id",
            "template": '{"to": "{to}", "text": "{body}", "client_ref": "{reference}"}',
        })
        sms = self.send()
        [request] = self.server.received
        self.assertEqual(request["headers"]["X-Request-Id"], sms.reference)
        self.assertNotIn("Idempotency-Key", request["headers"])
        self.assertEqual(json.loads(request["body"])["client_ref"], sms.reference)
        self.gateway.idempotency_header = False
        self.server.received.clear()
        self.send()
        [request] = self.server.received
        self.assertNotIn("X-Request-Id", request["headers"])

    def test_post_form_fields(self):
        self.gateway.write({"content_type": "form", "template": "to={to}&text={body}&from={sender}"})
        sms = self.send("Jij & ik = 100% blij?")
        self.assertEqual(sms.state, "sent")
        [request] = self.server.received
        self.assertEqual(request["headers"]["Content-Type"], "application/x-www-form-urlencoded")
        self.assertEqual(parse_qs(request["body"]), {
            "to": ["+32468271983"], "text": ["Jij & ik = 100% blij?"], "from": ["Thibaut"],
        })
        self.assertEqual(sms.provider_reference, "abc-123")

    def test_get_puts_fields_in_the_url(self):
        self.gateway.write({
            "method": "GET", "content_type": "form", "url": self.base + "/api?key=k1",
            "template": "to={to}&msg={body}", "auth_header_name": False,
        })
        sms = self.send("Tot morgen & tot ziens")
        self.assertEqual(sms.state, "sent")
        [request] = self.server.received
        self.assertEqual(request["method"], "GET")
        url = urlsplit(request["path"])
        self.assertEqual(url.path, "/api")
        self.assertEqual(
            parse_qs(url.query), {"key": ["k1"], "to": ["+32468271983"], "msg": ["Tot morgen & tot ziens"]}
        )
        self.assertNotIn("Authorization", request["headers"])

    def test_server_error_fails_with_reason(self):
        self.server.mode = "error"
        sms = self.send()
        self.assertEqual(sms.state, "failed")
        self.assertIn("HTTP 500", sms.failure_reason)
        self.assertIn("Internal provider error", sms.failure_reason)
        self.assertFalse(sms.sent_date)
        self.assertEqual(len(self.server.received), 1)
        self.assertFalse(self.anna.message_ids.filtered(lambda m: "SMS sent" in (m.body or "")))

    def test_timeout_fails_with_reason(self):
        self.server.mode = "slow"
        self.gateway.timeout = 0.3
        sms = self.send()  # the provider answers after 2 s: the reason shows the timeout fired
        self.assertEqual(sms.state, "failed")
        self.assertEqual(sms.failure_reason, "The gateway did not answer within 0.3 seconds.")

    def test_unreachable_gateway_fails_with_reason(self):
        with socket.socket() as closed:  # a port nothing listens on once closed
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        self.gateway.url = "http://127.0.0.1:%s/send?key=topsecret" % port
        sms = self.send()
        self.assertEqual(sms.state, "failed")
        self.assertIn("could not be reached", sms.failure_reason)
        self.assertNotIn("topsecret", sms.failure_reason)  # staff read the reason, not the URL

    def test_failed_sms_is_sent_by_retry_and_cron(self):
        self.server.mode = "error"
        sms = self.send()
        self.assertEqual(sms.state, "failed")
        self.server.mode = "ok"
        sms.action_retry()
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "sent")
        self.assertEqual(len(self.server.received), 2)

    def test_bad_settings_are_refused(self):
        Gateway = self.env["client.desk.sms.gateway"]
        good = {"name": "X", "kind": "http", "url": self.base + "/send", "template": '{"to": "{to}"}'}
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Gateway.create(dict(good, template='{"to": {to}}'))  # placeholder outside quotes
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Gateway.create(dict(good, url="ftp://example.com"))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Gateway.create(dict(good, url=False))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Gateway.create(dict(good, method="GET"))  # GET with a JSON body
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Gateway.create(dict(good, timeout=0))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Gateway.create(dict(good, sender="Coiffure Thibaut"))
        self.assertFalse(Gateway.search([("name", "=", "X")]))
