import json
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields

from .harness import HttpTestCase, new_user

# What an attacker adds to a chatter post: stock Odoo 11 passed all of it on to message_post.
FORGED = {
    "subtype": "mail.mt_note",
    "message_type": "notification",
    "client_desk_kind": "payment_received",
    "date": "2000-01-01 10:00:00",
    "email_from": "Coiffure Thibaut <info@coiffure-thibaut.example>",
    "partner_ids": "[4]",
    "reply_to": "mallory@example.com",
    "subject": "Forged",
}


class TestPortalChatter(HttpTestCase):
    """/mail/chatter_fetch and /mail/chatter_post (SECURITY leak 5, checklist 16)."""

    def setUp(self):
        super().setUp()
        self.anne = new_user(self.env, "chatter.anne", "portal", name="Anne Chatter")
        self.staff = new_user(self.env, "chatter.staff", "user", name="Stefan Chatter")
        self.clara = self.env["res.partner"].create({
            "name": "Clara Chatter", "email": "clara.chatter@example.com", "client_desk_is_client": True,
        })
        self.clara.message_post(body="Public remark for Clara", subtype="mail.mt_comment",
                                message_type="comment", author_id=self.staff.partner_id.id)
        self.clara.message_post(body="Internal: Clara pays late", subtype="mail.mt_note",
                                message_type="comment", author_id=self.staff.partner_id.id)
        self.token = self.clara._client_desk_access_token()

    def fetch(self, route="/mail/chatter_fetch", **params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        return self.request("post", self.url(route), data=json.dumps(payload),
                            headers={"Content-Type": "application/json"})

    def chatter_post(self, data, referer=True):
        headers = {"Referer": self.url("/my")} if referer else {}
        return self.post("/mail/chatter_post", data, csrf_from="/web/login", headers=headers, allow_redirects=False)

    def messages(self, partner):
        return self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])

    def opens_chatter(self):
        """A Client Desk model whose tokens open the chatter (as feature modules declare)."""
        return patch.object(type(self.env["res.partner"]), "_client_desk_token_opens_chatter", lambda self: True)

    # -- a token for one purpose opens nothing else ----------------------------------------

    def test_profile_token_does_not_read_the_conversation(self):
        for route in ("/mail/chatter_fetch", "/mail/chatter_init"):
            response = self.fetch(route, res_model="res.partner", res_id=self.clara.id, token=self.token)
            self.assertIn("error", response.json(), route)
            self.assertNotIn("Clara pays late", response.text)
            self.assertNotIn("Public remark", response.text)

    def test_profile_token_does_not_post(self):
        before = self.messages(self.clara)
        response = self.chatter_post(dict(FORGED, res_model="res.partner", res_id=self.clara.id,
                                          message="Paid in cash", token=self.token))
        self.assertNotFound(response)
        self.assertEqual(self.messages(self.clara), before)

    # -- where a token opens the chatter: only the text, authored by the client ----------------

    def test_token_post_passes_only_the_text_authored_by_the_client(self):
        before = self.messages(self.clara)
        with self.opens_chatter():
            response = self.chatter_post(dict(FORGED, res_model="res.partner", res_id=self.clara.id,
                                              message="Can I come <b>earlier</b>?", token=self.token))
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my#discussion"), response.headers["Location"])
        message = self.messages(self.clara) - before
        self.assertEqual(len(message), 1)
        self.assertIn("Can I come &lt;b&gt;earlier&lt;/b&gt;?", message.body)
        self.assertEqual(message.author_id, self.clara)
        self.assertIn("clara.chatter@example.com", message.email_from)
        self.assertEqual(message.client_desk_kind, "message_in")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.message_type, "comment")
        self.assertFalse(message.partner_ids)
        self.assertNotEqual(message.subject, "Forged")
        self.assertFalse(message.reply_to and "mallory" in message.reply_to)
        date = fields.Datetime.from_string(message.date)
        self.assertLess(abs(date - datetime.utcnow()), timedelta(hours=1))

    def test_token_fetch_shows_no_internal_note_and_ignores_the_domain(self):
        with self.opens_chatter():
            response = self.fetch(res_model="res.partner", res_id=self.clara.id, token=self.token,
                                  domain=[["author_id.email", "=like", "chatter%"]])
        result = response.json()["result"]
        bodies = " ".join(message["body"] for message in result["messages"])
        self.assertIn("Public remark for Clara", bodies)
        self.assertNotIn("Clara pays late", bodies)
        self.assertEqual(result["message_count"], len(result["messages"]))

    def test_expired_token_is_forbidden_in_the_chatter(self):
        self.clara._client_desk_token_row().expiry = fields.Datetime.to_string(
            datetime.utcnow() - timedelta(minutes=1))
        before = self.messages(self.clara)
        with self.opens_chatter():
            response = self.chatter_post({"res_model": "res.partner", "res_id": self.clara.id,
                                          "message": "Hello", "token": self.token})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.messages(self.clara), before)

    # -- logged-in clients and bad input --------------------------------------------------------

    def test_portal_client_never_reads_internal_notes(self):
        partner = self.anne.partner_id
        partner.message_post(body="Internal: Anne is difficult", subtype="mail.mt_note", message_type="comment")
        partner.message_post(body="Welcome Anne", subtype="mail.mt_comment", message_type="comment")
        self.login("chatter.anne")
        response = self.fetch(res_model="res.partner", res_id=partner.id)
        self.assertNotIn("Anne is difficult", response.text)
        self.assertIn("Welcome Anne", response.text)

    def test_another_portal_client_reads_nothing(self):
        self.anne.partner_id.message_post(body="Welcome Anne", subtype="mail.mt_comment", message_type="comment")
        token = self.anne.partner_id._client_desk_access_token()
        new_user(self.env, "chatter.bert", "portal", name="Bert Chatter")
        self.login("chatter.bert")
        for extra in ({}, {"token": token}):
            response = self.fetch(res_model="res.partner", res_id=self.anne.partner_id.id, **extra)
            self.assertNotIn("Welcome Anne", response.text)

    def test_staff_read_the_conversation_with_their_own_rights(self):
        self.login("chatter.staff")
        result = self.fetch(res_model="res.partner", res_id=self.clara.id).json()["result"]
        self.assertIn("Public remark for Clara", " ".join(message["body"] for message in result["messages"]))

    def test_logged_in_post_drops_extra_fields(self):
        partner = self.anne.partner_id
        before = self.messages(partner)
        self.login("chatter.anne")
        response = self.chatter_post(dict(FORGED, res_model="res.partner", res_id=partner.id, message="Hi"))
        self.assertLess(response.status_code, 500)
        for message in self.messages(partner) - before:
            self.assertNotEqual(message.client_desk_kind, "payment_received")
            self.assertNotEqual(message.subtype_id, self.env.ref("mail.mt_note"))
            self.assertFalse(message.partner_ids)
            self.assertNotIn("2000", message.date)

    def test_bad_model_or_id_answers_4xx_with_a_message(self):
        cases = [("no.such.model", self.clara.id, 400), ("res.country", self.env.ref("base.be").id, 400),
                 ("res.partner", "abc", 404), ("res.partner", "-1", 404), ("res.partner", "99999999999999", 404),
                 ("res.partner", 999999999, 404), ("res.users", self.staff.id, 400), ("", "", 400)]
        for model, record_id, status in cases:
            response = self.chatter_post({"res_model": model, "res_id": record_id, "message": "x",
                                          "token": self.token})
            self.assertEqual(response.status_code, status, (model, record_id))
            self.assertTrue(response.text.strip(), (model, record_id))
            response = self.fetch(res_model=model, res_id=record_id, token=self.token)
            self.assertEqual(response.status_code, 404, (model, record_id))
            self.assertIn("error", response.json())

    def test_missing_parameters_answer_4xx(self):
        response = self.chatter_post({})
        self.assertEqual(response.status_code, 400)
        self.assertIn("error", self.fetch().json())

    def test_post_without_referer_does_not_fail(self):
        self.login("chatter.anne")
        response = self.chatter_post({"res_model": "res.partner", "res_id": self.anne.partner_id.id, "message": ""},
                                     referer=False)
        self.assertIn(response.status_code, (302, 303))

    def test_post_never_sends_the_visitor_to_another_site(self):
        with self.opens_chatter():
            for referer in ("https://evil.example/phish", self.url("//evil.example/phish")):
                response = self.post("/mail/chatter_post", {"res_model": "res.partner", "res_id": self.clara.id,
                                                            "message": "Hi", "token": self.token},
                                     csrf_from="/web/login", headers={"Referer": referer}, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertNotIn("evil.example", response.headers["Location"])

    def test_token_that_is_no_text_is_not_found(self):
        response = self.fetch(res_model="res.partner", res_id=self.clara.id, token=["x"])
        self.assertEqual(response.status_code, 404)
