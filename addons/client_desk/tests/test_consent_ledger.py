from odoo.exceptions import AccessError, UserError

from .test_client_card import ClientCardCase


class TestConsentLedger(ClientCardCase):
    """Every change of consent or blocking is kept: when, how, by whom."""

    def kinds(self, client):
        return client.client_desk_consent_event_ids.sorted("id").mapped("kind")

    def test_opt_in_on_creation_is_logged_with_date(self):
        client = self.new_client(name="Optin", client_desk_marketing_opt_in=True)
        self.assertTrue(client.client_desk_marketing_opt_in_date)
        self.assertEqual(client.client_desk_marketing_opt_in_source, "manual")
        self.assertEqual(self.kinds(client), ["marketing_opt_in_on"])

    def test_changes_by_staff_record_the_user(self):
        client = self.new_client(name="Wisselaar")
        client.sudo(self.staff).write({"client_desk_marketing_opt_in": True})
        client.sudo(self.staff).write({"client_desk_marketing_opt_in": False, "client_desk_sms_opt_out": True})
        events = client.client_desk_consent_event_ids.sorted("id")
        self.assertEqual(events.mapped("kind"), ["marketing_opt_in_on", "marketing_opt_in_off", "sms_opt_out_on"])
        self.assertEqual(set(events.mapped("user_id")), {self.staff})
        self.assertEqual(set(events.mapped("source")), {"manual"})

    def test_unchanged_values_log_nothing(self):
        client = self.new_client(name="Stil", client_desk_marketing_opt_in=True)
        client.write({"client_desk_marketing_opt_in": True, "phone": "0478 00 00 00"})
        self.assertEqual(len(client.client_desk_consent_event_ids), 1)

    def test_set_consent_records_source_and_note(self):
        client = self.new_client(name="Uitschrijver", email="u@example.com", client_desk_marketing_opt_in=True)
        client.client_desk_set_consent(
            "unsubscribe", note="link in campaign 12", marketing_opt_in=False,
            email_blocked=True, email_blocked_reason="unsubscribed")
        last = client.client_desk_consent_event_ids.sorted("id")[-2:]
        self.assertEqual(last.mapped("kind"), ["marketing_opt_in_off", "email_blocked_on"])
        self.assertEqual(set(last.mapped("source")), {"unsubscribe"})
        self.assertEqual(last[1].email_blocked_reason, "unsubscribed")
        self.assertEqual(set(last.mapped("note")), {"link in campaign 12"})

    def test_blocking_without_reason_is_manual(self):
        client = self.new_client(name="Blok")
        client.write({"client_desk_email_blocked": True})
        self.assertEqual(client.client_desk_email_blocked_reason, "manual")
        client.write({"client_desk_email_blocked": False})
        self.assertFalse(client.client_desk_email_blocked_reason)

    def test_unknown_consent_setting_is_refused(self):
        client = self.new_client(name="Fout")
        with self.assertRaises(UserError):
            client.client_desk_set_consent("portal", newsletter=True)
        self.assertFalse(client.client_desk_consent_event_ids)

    def test_ledger_cannot_be_changed_by_anyone(self):
        client = self.new_client(name="Bewijs", client_desk_marketing_opt_in=True)
        event = client.client_desk_consent_event_ids
        for user in (self.staff, self.manager):
            with self.assertRaises(AccessError):
                event.sudo(user).write({"source": "import"})
            with self.assertRaises(AccessError):
                event.sudo(user).unlink()
        self.assertEqual(event.sudo(self.staff).read(["kind"])[0]["kind"], "marketing_opt_in_on")
        with self.assertRaises(AccessError):
            event.sudo(self.portal).read(["kind"])
