from odoo.exceptions import UserError

from .test_client_card import ClientCardCase


class TestConversation(ClientCardCase):
    """One continuous conversation per client (contract 2)."""

    def test_event_is_posted_on_the_client_with_its_subtype(self):
        client = self.new_client(name="Joske Vermeulen")
        other = self.new_client(name="Andere Klant")
        message = client._client_desk_event("appointment_scheduled", "<p>Knippen, dinsdag 10:00</p>", record=other)
        self.assertEqual((message.model, message.res_id), ("res.partner", client.id))
        self.assertEqual(message.subtype_id, self.env.ref("client_desk.mt_appointment_scheduled"))
        self.assertEqual(message.client_desk_kind, "appointment_scheduled")
        self.assertEqual(message.client_desk_record_ref, "res.partner,%d" % other.id)
        self.assertIn(message, client.message_ids)

    def test_unknown_kind_is_refused(self):
        client = self.new_client(name="Iemand")
        count = len(client.message_ids)
        with self.assertRaises(UserError):
            client._client_desk_event("teleported", "x")
        self.assertEqual(len(client.message_ids), count)

    def test_chatter_messages_are_in_or_out(self):
        client = self.new_client(name="Schrijver", email="schrijver@example.com")
        sent = client.sudo(self.staff).message_post(
            body="Tot dinsdag!", message_type="comment", subtype="mail.mt_comment")
        received = client.message_post(
            body="Mag het een uur later?", message_type="email", subtype="mail.mt_comment", author_id=client.id)
        self.assertEqual(sent.client_desk_kind, "message_out")
        self.assertEqual(received.client_desk_kind, "message_in")

    def test_client_text_is_escaped(self):
        client = self.new_client(name="Script")
        message = client._client_desk_event("message_in", "<script>alert(1)</script><p>ok</p>")
        self.assertNotIn("<script>", message.body)
