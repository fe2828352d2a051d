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


class TestConsentProof(ClientCardCase):
    """The proof of consent is kept: original date and source, who acted, per company."""

    def test_writing_opt_in_again_keeps_the_original_date_and_source(self):
        client = self.new_client(name="Trouw", client_desk_marketing_opt_in=True, client_desk_source="booking")
        client.write({"client_desk_marketing_opt_in_date": "2020-05-04 10:00:00"})  # as superuser: a fixed past
        self.assertEqual(client.client_desk_marketing_opt_in_source, "booking")
        client.sudo(self.staff).write({"client_desk_marketing_opt_in": True})
        client.sudo(self.staff).with_context(client_desk_consent_source="portal").write(
            {"client_desk_marketing_opt_in": True})
        client.client_desk_set_consent("campaign", marketing_opt_in=True)
        self.assertEqual(client.client_desk_marketing_opt_in_date, "2020-05-04 10:00:00")
        self.assertEqual(client.client_desk_marketing_opt_in_source, "booking")
        self.assertEqual(len(client.client_desk_consent_event_ids), 1)

    def test_opt_in_again_in_a_batch_stamps_only_the_new_ones(self):
        kept = self.new_client(name="Al Ja", client_desk_marketing_opt_in=True)
        kept.write({"client_desk_marketing_opt_in_date": "2020-05-04 10:00:00"})
        new = self.new_client(name="Nog Niet")
        (kept | new).sudo(self.staff).write({"client_desk_marketing_opt_in": True})
        self.assertEqual(kept.client_desk_marketing_opt_in_date, "2020-05-04 10:00:00")
        self.assertTrue(new.client_desk_marketing_opt_in_date)
        self.assertNotEqual(new.client_desk_marketing_opt_in_date, "2020-05-04 10:00:00")

    def test_partner_created_with_opt_in_gets_a_ledger_line(self):
        for vals in ({"name": "Contact Met Optin"}, {"name": "Klant Met Optin", "client_desk_is_client": True}):
            partner = self.Partner.sudo(self.staff).create(dict(vals, client_desk_marketing_opt_in=True))
            line = partner.client_desk_consent_event_ids
            self.assertEqual(line.mapped("kind"), ["marketing_opt_in_on"], vals["name"])
            self.assertEqual((line.actor, line.user_id), ("staff", self.staff))

    def test_staff_cannot_write_the_opt_in_date_or_source(self):
        client = self.new_client(name="Vervalser")
        for vals in ({"client_desk_marketing_opt_in_date": "2000-01-01 00:00:00"},
                     {"client_desk_marketing_opt_in_source": "portal"},
                     {"client_desk_marketing_opt_in": True,
                      "client_desk_marketing_opt_in_date": "2000-01-01 00:00:00"}):
            with self.assertRaises(UserError):
                client.sudo(self.staff).write(vals)
            with self.assertRaises(UserError):
                self.Partner.sudo(self.staff).create(dict(vals, name="Nieuw"))
        self.assertFalse(client.client_desk_marketing_opt_in_date)
        self.assertFalse(client.client_desk_consent_event_ids)

    def test_change_by_the_client_records_the_client_not_the_superuser(self):
        client = self.new_client(name="Zelf", email="zelf@example.com")
        client.sudo().client_desk_set_consent("portal", by_client=True, marketing_opt_in=True)
        client.sudo().client_desk_set_consent("sms_reply", note="STOP from +32470...", by_client=True, sms_opt_out=True)
        events = client.client_desk_consent_event_ids.sorted("id")
        self.assertEqual(events.mapped("actor"), ["client", "client"])
        self.assertFalse(events.mapped("user_id"))
        self.assertEqual(client.client_desk_marketing_opt_in_source, "portal")

    def test_portal_user_may_record_their_own_change_only(self):
        portal_client = self.portal.partner_id
        portal_client.write({"client_desk_is_client": True})
        other = self.new_client(name="Ander")
        with self.assertRaises(AccessError):
            other.sudo(self.portal).client_desk_set_consent("portal", by_client=True, marketing_opt_in=True)
        self.assertFalse(other.client_desk_marketing_opt_in)

    def test_staff_cannot_pass_a_change_off_as_the_clients(self):
        client = self.new_client(name="Niet Zelf")
        with self.assertRaises(AccessError):
            client.sudo(self.staff).client_desk_set_consent("portal", by_client=True, marketing_opt_in=True)
        with self.assertRaises(AccessError):
            client.sudo(self.staff).with_context(client_desk_consent_by_client=True).write(
                {"client_desk_marketing_opt_in": True})
        self.assertFalse(client.client_desk_marketing_opt_in)
        self.assertFalse(client.client_desk_consent_event_ids)

    def test_change_by_staff_shows_the_staff_member(self):
        client = self.new_client(name="Door Staf")
        client.sudo(self.staff).client_desk_set_consent("manual", email_blocked=True)
        event = client.client_desk_consent_event_ids
        self.assertEqual((event.actor, event.user_id, event.email_blocked_reason), ("staff", self.staff, "manual"))

    def test_unknown_source_is_refused(self):
        client = self.new_client(name="Bron")
        with self.assertRaises(UserError):
            client.client_desk_set_consent("carrier-pigeon", marketing_opt_in=True)
        self.assertFalse(client.client_desk_marketing_opt_in)

    def test_ledger_values_helper_for_the_bulk_path(self):
        client = self.new_client(name="Bulk")
        lines = client._client_desk_consent_ledger_values(
            {}, {"client_desk_marketing_opt_in": True, "client_desk_email_blocked": True,
                 "client_desk_email_blocked_reason": "bounced"}, "import", note="file.csv")
        self.assertEqual([line["kind"] for line in lines], ["marketing_opt_in_on", "email_blocked_on"])
        self.assertEqual(lines[1]["email_blocked_reason"], "bounced")
        self.assertEqual({line["source"] for line in lines}, {"import"})
        self.assertFalse(client._client_desk_consent_ledger_values(
            {"client_desk_sms_opt_out": True}, {"client_desk_sms_opt_out": True}, "manual"))

    def test_ledger_of_another_company_is_not_visible(self):
        other = self.env["res.company"].create({"name": "Coiffure Elders"})
        foreign = self.new_client(name="Elders Klant", company_id=other.id, client_desk_marketing_opt_in=True)
        mine = self.new_client(name="Eigen Klant", client_desk_marketing_opt_in=True)
        Ledger = self.env["client.desk.consent.event"].sudo(self.staff)
        visible = Ledger.search([("partner_id", "in", (foreign | mine).ids)])
        self.assertEqual(visible.mapped("partner_id"), mine)
        with self.assertRaises(AccessError):
            foreign.client_desk_consent_event_ids.sudo(self.staff).read(["kind"])
