from odoo.exceptions import UserError

from .test_client_card import ClientCardCase


class TestConversation(ClientCardCase):
    """One continuous conversation per client (contract 2)."""

    def declare_kind(self, kind, label):
        """Declares a kind as a feature module does: a selection_add value and its subtype."""
        field = self.env["mail.message"]._fields["client_desk_kind"]
        subtype = self.env["mail.message.subtype"].create({
            "name": label, "res_model": "res.partner", "client_desk_kind": kind, "internal": True, "default": False,
        })
        original = field.selection
        field.selection = original + [(kind, label)]
        self.addCleanup(setattr, field, "selection", original)
        return subtype

    def test_event_is_posted_on_the_client_with_its_subtype(self):
        client = self.new_client(name="Joske Vermeulen")
        other = self.new_client(name="Andere Klant")
        message = client._client_desk_event("profile", "<p>Nieuw adres</p>", record=other)
        self.assertEqual((message.model, message.res_id), ("res.partner", client.id))
        self.assertEqual(message.subtype_id, self.env.ref("client_desk.mt_profile"))
        self.assertEqual(message.client_desk_kind, "profile")
        self.assertEqual(message.client_desk_record_ref, "res.partner,%d" % other.id)
        self.assertIn(message, client.message_ids)

    def test_core_declares_only_its_own_kinds(self):
        kinds = [kind for kind, _label in self.env["mail.message"]._fields["client_desk_kind"].selection]
        self.assertEqual(kinds, ["message_in", "message_out", "consent", "profile", "import"])
        for kind in kinds:
            self.assertEqual(self.env.ref("client_desk.mt_%s" % kind).client_desk_kind, kind)

    def test_a_feature_module_kind_is_posted_with_its_own_subtype(self):
        client = self.new_client(name="Afspraak Klant")
        subtype = self.declare_kind("appointment_scheduled", "Appointment scheduled")
        message = client._client_desk_event("appointment_scheduled", "<p>Knippen, dinsdag 10:00</p>")
        self.assertEqual((message.client_desk_kind, message.subtype_id), ("appointment_scheduled", subtype))

    def test_undeclared_feature_kind_is_refused(self):
        client = self.new_client(name="Geen Agenda")
        with self.assertRaises(UserError):
            client._client_desk_event("appointment_scheduled", "<p>x</p>")

    def test_author_is_the_staff_member_who_acted(self):
        client = self.new_client(name="Bediende Klant")
        message = client.sudo(self.staff)._client_desk_event("profile", "<p>Adres aangepast</p>")
        self.assertEqual(message.author_id, self.staff.partner_id)
        self.assertNotEqual(message.author_id, self.env.ref("base.partner_root"))
        self.assertIn(self.staff.email, message.email_from)

    def test_author_is_the_client_when_the_client_acted(self):
        client = self.new_client(name="Zelf Gedaan", email="zelf.gedaan@example.com")
        message = client.sudo()._client_desk_event("profile", "<p>Via het portaal</p>", author=client)
        self.assertEqual(message.author_id, client)
        self.assertIn("zelf.gedaan@example.com", message.email_from)

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

    def test_mail_from_an_address_not_on_the_card_is_incoming(self):
        # The gateway routes a reply from the client's other address onto their card.
        client = self.new_client(name="Tweede Adres", email="tweede@example.com")
        other = self.env["res.partner"].create({"name": "Tweede Adres (werk)", "email": "werk@example.com"})
        received = client.message_post(
            body="Vanaf mijn werk", message_type="email", subtype="mail.mt_comment", author_id=other.id)
        self.assertEqual(received.client_desk_kind, "message_in")

    def test_client_text_is_escaped(self):
        client = self.new_client(name="Script")
        message = client._client_desk_event("message_in", "<script>alert(1)</script><p>ok</p>")
        self.assertNotIn("<script>", message.body)
