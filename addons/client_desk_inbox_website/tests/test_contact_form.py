from odoo.addons.client_desk.tests.harness import HttpTestCase


class TestContactForm(HttpTestCase):
    """The website contact form: no account, page URL as source, CSRF, throttle, bad input."""

    def send(self, data, csrf=True):
        return self.post("/client_desk/contact/send", data, csrf_from="/client_desk/contact" if csrf else None,
                         allow_redirects=False)

    def conversation(self, email):
        return self.env["client.desk.conversation"].search([("partner_id.email", "=", email)])

    def test_unknown_writer_becomes_lead_with_page_source(self):
        response = self.send({"name": "Wim Web", "email": "wim.web@example.com", "body": "<b>Kinderen?</b>",
                              "page_url": "https://salon.example/prijzen?utm=x#top"})
        self.assertIn(response.status_code, (302, 303))
        conversation = self.conversation("wim.web@example.com")
        self.assertEqual(len(conversation), 1)
        self.assertEqual(conversation.source, "website")
        self.assertEqual(conversation.source_url, "https://salon.example/prijzen")
        partner = conversation.partner_id
        self.assertEqual(partner.client_desk_source, "website")
        self.assertEqual(conversation.last_message_id.author_id, partner)
        self.assertNotIn("<b>", conversation.last_message_id.body)

    def test_known_writer_lands_in_their_conversation(self):
        known = self.env["res.partner"].create({
            "name": "Karel Klant", "email": "karel@example.com", "client_desk_is_client": True})
        self.send({"name": "K", "email": "KAREL@example.com", "body": "Hallo", "page_url": "javascript:alert(1)"})
        conversation = self.env["client.desk.conversation"].search([("partner_id", "=", known.id)])
        self.assertEqual(conversation.preview, "Hallo")
        self.assertFalse(conversation.source_url)

    def test_refused_without_csrf_by_get_or_bad_input(self):
        count = self.env["res.partner"].search_count([])
        self.assertEqual(self.send({"email": "x@example.com", "body": "Hallo"}, csrf=False).status_code, 400)
        self.assertIn(self.get("/client_desk/contact/send?email=x@example.com&body=x").status_code, (404, 405))
        self.assertEqual(self.send({"email": "x@example.com", "body": ""}).status_code, 400)
        self.assertEqual(self.send({"name": "No contact", "body": "Hallo"}).status_code, 400)
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_throttled_per_address(self):
        for index in range(5):
            self.assertIn(self.send({"email": "spam%d@example.com" % index, "body": "x"}).status_code, (302, 303))
        self.assertEqual(self.send({"email": "spam9@example.com", "body": "x"}).status_code, 429)
        self.assertFalse(self.conversation("spam9@example.com"))
