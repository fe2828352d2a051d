import base64
from unittest import mock

from ..models import res_partner_inbox
from .common import InboxCase

PLAIN = """From: {sender}
To: salon@coiffure-thibaut.example
Subject: {subject}
Message-Id: <{msgid}@mail.example.com>
Date: Tue, 24 Nov 2026 10:00:00 +0100
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


class TestIncomingMail(InboxCase):
    """Real RFC 822 messages through Odoo's mail gateway (message_process)."""

    def process(self, sender, body, subject="Vraag", msgid="m1", extra=""):
        message = PLAIN.format(sender=sender, subject=subject, msgid=msgid, extra=extra, body=body)
        return self.env["mail.thread"].message_process("res.partner", message.encode("utf-8"))

    def test_known_sender_lands_in_their_conversation(self):
        partner_id = self.process("Anne Peeters <%s>" % self.client.email, "Mag ik vrijdag komen?")
        self.assertEqual(partner_id, self.client.id)
        conversation = self.conversation_of(self.client)
        self.assertEqual(conversation.direction, "in")
        self.assertEqual(conversation.source, "email")
        message = conversation.last_message_id
        self.assertEqual(message.author_id, self.client)
        self.assertEqual(message.client_desk_kind, "message_in")
        self.assertIn("vrijdag", message.body)

    def test_unknown_sender_becomes_a_lead_client(self):
        count = self.env["res.partner"].search_count([])
        partner_id = self.process("Nieuwe Klant <nieuw.klant@example.org>", "Doen jullie ook kinderen?")
        partner = self.env["res.partner"].browse(partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), count + 1)
        self.assertEqual(partner.email, "nieuw.klant@example.org")
        self.assertEqual(partner.name, "Nieuwe Klant")
        self.assertTrue(partner.client_desk_is_client)
        self.assertEqual(partner.client_desk_source, "email")
        self.assertEqual(partner.client_desk_status, "lead")
        conversation = self.conversation_of(partner)
        self.assertEqual(conversation.last_message_id.author_id, partner)

    def test_reply_to_our_mail_threads_onto_the_right_conversation(self):
        ours = self.conversation_of(self.receive(self.client, "Hallo").model and self.client)
        sent = self.env["mail.message"].browse(
            ours.sudo(self.staff).with_context(mail_notify_force_send=False).client_desk_reply("Dag Anne"))
        # From another address than the card's: In-Reply-To decides.
        headers = "In-Reply-To: %s\nReferences: %s\n" % (sent.message_id, sent.message_id)
        partner_id = self.process("Anne <anne.privé@example.net>", "Bedankt!", subject="Re: Bericht",
                                  msgid="r1", extra=headers)
        self.assertEqual(partner_id, self.client.id)
        self.assertEqual(ours.direction, "in")
        self.assertEqual(ours.last_message_id.client_desk_kind, "message_in")
        self.assertIn("Bedankt", ours.preview)

    def test_script_is_sanitised(self):
        html = PLAIN.replace('text/plain', 'text/html').format(
            sender=self.client.email, subject="x", msgid="h1", extra="",
            body="<p>Hallo<script>alert(1)</script><img src=x onerror=alert(2)></p>")
        self.env["mail.thread"].message_process("res.partner", html.encode("utf-8"))
        body = self.conversation_of(self.client).last_message_id.body
        self.assertIn("Hallo", body)
        self.assertNotIn("<script", body)
        self.assertNotIn("onerror", body)

    def test_no_sender_and_unknown_charset_still_stored(self):
        raw = ("To: salon@coiffure-thibaut.example\nSubject: zonder afzender\nMessage-Id: <ns@x>\n"
               "Content-Type: text/plain; charset=\"x-unknown-charset\"\n\nHallo daar\n")
        partner_id = self.env["mail.thread"].message_process("res.partner", raw.encode("utf-8"))
        partner = self.env["res.partner"].browse(partner_id)
        self.assertTrue(partner.client_desk_is_client)
        self.assertIn("Hallo daar", self.conversation_of(partner).last_message_id.body)


class TestMalformedIncomingMail(InboxCase):
    """Mail that is too large or malformed is stored sanitised or refused with a log line,
    and the mail gateway still takes the next message."""

    def process(self, raw):
        return self.env["mail.thread"].message_process("res.partner", raw)

    def next_message_goes_through(self, msgid):
        partner_id = self.process(PLAIN.format(
            sender=self.client.email, subject="Daarna", msgid=msgid, extra="", body="Het volgende bericht").encode())
        self.assertEqual(partner_id, self.client.id)
        self.assertIn("volgende", self.conversation_of(self.client).last_message_id.body)

    def test_50_mb_attachment_is_left_out_with_a_log_line(self):
        self.env["ir.config_parameter"].set_param("client_desk.max_upload_mb", "25")
        payload = base64.encodebytes(b"\0" * (50 * 1024 * 1024)).decode()
        raw = (
            "From: %s\nTo: salon@coiffure-thibaut.example\nSubject: Grote foto\nMessage-Id: <big@x>\n"
            "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BOUND\"\n\n"
            "--BOUND\nContent-Type: text/plain; charset=utf-8\n\nZie bijlage\n"
            "--BOUND\nContent-Type: image/jpeg; name=\"foto.jpg\"\nContent-Transfer-Encoding: base64\n"
            "Content-Disposition: attachment; filename=\"foto.jpg\"\n\n%s\n--BOUND--\n"
        ) % (self.client.email, payload)
        del payload
        with mock.patch.object(res_partner_inbox._logger, "info") as log:
            self.process(raw.encode())
        del raw
        message = self.conversation_of(self.client).last_message_id
        self.assertIn("Zie bijlage", message.body)
        self.assertIn("foto.jpg", message.body)
        self.assertFalse(message.attachment_ids)
        self.assertEqual(log.call_args[0][1:], ("foto.jpg", 50 * 1024 * 1024, 25 * 1024 * 1024))
        self.next_message_goes_through("after-big")

    def test_small_attachment_is_kept(self):
        raw = (
            "From: %s\nTo: salon@coiffure-thibaut.example\nSubject: Foto\nMessage-Id: <small@x>\n"
            "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n"
            "--B\nContent-Type: text/plain; charset=utf-8\n\nKlein\n"
            "--B\nContent-Type: image/png; name=\"klein.png\"\nContent-Transfer-Encoding: base64\n"
            "Content-Disposition: attachment; filename=\"klein.png\"\n\n%s\n--B--\n"
        ) % (self.client.email, base64.b64encode(b"png-bytes").decode())
        self.process(raw.encode())
        message = self.conversation_of(self.client).last_message_id
        self.assertEqual(message.attachment_ids.mapped("name"), ["klein.png"])

    def test_broken_mime_is_stored_sanitised(self):
        raw = (
            "From: %s\nTo: salon@coiffure-thibaut.example\nSubject: =?utf-8?B?broken?=\nMessage-Id: <broken@x>\n"
            "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"NEVERCLOSED\"\n\n"
            "--NEVERCLOSED\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
            "!!!not base64 at all<script>alert(1)</script>\n"
            "--NEVERCLOSED\nContent-Type: text/plain; charset=\"x-bogus-8\"\n"
            "Content-Transfer-Encoding: quoted-printable\n\n"
            "Hallo =C3=A9 =ZZ kapot\n"
        ) % self.client.email
        self.process(raw.encode("latin-1"))
        message = self.conversation_of(self.client).last_message_id
        self.assertEqual(message.author_id, self.client)
        self.assertIn("not base64 at all", message.body, "what could be read is kept")
        self.assertNotIn("<script", message.body)
        self.assertNotIn("alert(1)", message.body)
        self.next_message_goes_through("after-broken")

    def test_no_sender_is_stored_on_a_lead(self):
        raw = ("To: salon@coiffure-thibaut.example\nSubject: anoniem\nMessage-Id: <anon@x>\n"
               "Content-Type: text/plain; charset=utf-8\n\nWie ben ik?\n")
        partner = self.env["res.partner"].browse(self.process(raw.encode()))
        self.assertTrue(partner.client_desk_is_client)
        self.assertEqual(partner.client_desk_source, "email")
        self.assertIn("Wie ben ik", self.conversation_of(partner).last_message_id.body)
        self.next_message_goes_through("after-anon")
