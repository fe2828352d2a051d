"""Erase means erased: after a GDPR erasure nothing personal about the client is left.

Each test builds one kind of data about the client, erases the client as a manager and checks
in the database itself (SQL, or sudo) that none of the client's details survive in it.
"""
from psycopg2 import sql

from odoo.exceptions import AccessError

from .common import ClientDeskCase

FIRST = "Zorbalinde"
LAST = "Quetzalcoatlova"
EMAIL = "zorbalinde.q@privacy-erase.example"
MOBILE = "0478 55 66 01"
MOBILE_E164 = "+32478556601"
PHONE = "+32 3 555 66 02"
IBAN = "BE71096123456769"
# What must not be found anywhere once the client is erased.
SECRETS = (FIRST, LAST, EMAIL, "478556601", "35556602", IBAN)


class GdprEraseCase(ClientDeskCase):
    user_prefix = "gdpr.erase"
    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.victim = cls.env["res.partner"].create({
            "client_desk_is_client": True,
            "client_desk_first_name": FIRST,
            "client_desk_last_name": LAST,
            "email": EMAIL,
            "mobile": MOBILE,
            "phone": PHONE,
            "street": "Kerkstraat 1",
        })
        cls.other = cls.env["res.partner"].create({"name": "Kapsalon Buren", "is_company": True})

    def erase(self, partner=None):
        (partner or self.victim).sudo(self.manager).with_context(lang="en_US").action_client_desk_gdpr_erase()

    def assertNoSecret(self, query, params=(), what=None):
        """Runs a SELECT and fails when any returned value contains a detail of the client."""
        self.env.cr.execute(query, params)
        for row in self.env.cr.fetchall():
            text = " ".join(str(value) for value in row if value is not None)
            for secret in SECRETS:
                self.assertNotIn(secret.lower(), text.lower(), "%s: %s" % (what or query, text))


class TestGdprEraseLeavesNothing(GdprEraseCase):
    """One test per kind of data an erasure used to leave behind."""

    def test_messages_lose_reply_to_email_from_record_name_and_subject(self):
        incoming = self.victim.message_post(
            body="<p>Hallo</p>", subject="Vraag van %s %s" % (FIRST, LAST), message_type="email",
            author_id=self.victim.id, email_from="%s %s <%s>" % (FIRST, LAST, EMAIL), reply_to=EMAIL,
        )
        elsewhere = self.other.message_post(
            body="<p>Ook hier</p>", subject="Over %s" % LAST, message_type="email", author_id=self.victim.id,
            email_from=EMAIL, reply_to="%s <%s>" % (LAST, EMAIL),
        )
        outgoing = self.victim.sudo(self.staff).message_post(
            body="<p>Antwoord</p>", subject="Re: %s" % FIRST, message_type="comment", subtype="mail.mt_comment",
            reply_to="%s <%s>" % (FIRST, EMAIL),
        )
        self.erase()
        ids = tuple((incoming | elsewhere | outgoing).ids)
        self.assertNoSecret(
            "SELECT reply_to, email_from, record_name, subject, body FROM mail_message WHERE id IN %s", (ids,))
        self.assertNoSecret(
            "SELECT reply_to, email_from, record_name, subject, body FROM mail_message"
            " WHERE (model = 'res.partner' AND res_id = %s) OR author_id = %s", (self.victim.id, self.victim.id))

    def test_stop_reply_number_leaves_the_ledger(self):
        self.victim.write({"client_desk_marketing_opt_in": True})
        self.env["client.desk.sms"].client_desk_inbound(MOBILE_E164, "STOP")
        self.assertTrue(self.victim.client_desk_sms_opt_out)
        self.erase()
        ledger = self.env["client.desk.consent.event"].sudo().search([("partner_id", "=", self.victim.id)])
        self.assertTrue(ledger, "the ledger itself is kept")
        self.assertNoSecret(
            "SELECT note FROM client_desk_consent_event WHERE partner_id = %s", (self.victim.id,), "ledger")

    def test_contacts_are_erased_with_the_client(self):
        contact = self.env["res.partner"].create({
            "parent_id": self.victim.id, "name": "%s junior" % LAST, "email": "junior.%s" % EMAIL,
            "mobile": MOBILE, "type": "contact",
        })
        address = self.env["res.partner"].create({
            "parent_id": self.victim.id, "name": "%s facturatie" % FIRST, "type": "invoice",
            "street": "Facturatiestraat 9", "phone": PHONE, "active": False,
        })
        self.erase()
        self.assertNoSecret(
            "SELECT name, display_name, email, phone, mobile, street, client_desk_search_text FROM res_partner"
            " WHERE id IN %s OR parent_id = %s", ((contact.id, address.id), self.victim.id), "contacts")
        self.assertFalse(self.env["res.partner"].with_context(active_test=False).browse(
            (contact | address).ids).filtered("active"), "erased contacts are archived with the client")

    def test_bank_accounts_are_deleted(self):
        account = self.env["res.partner.bank"].create({"partner_id": self.victim.id, "acc_number": IBAN})
        self.erase()
        self.assertFalse(account.exists())
        self.assertNoSecret("SELECT acc_number, sanitized_acc_number FROM res_partner_bank", (), "bank accounts")

    def test_tracking_values_are_erased(self):
        Tracking = self.env["mail.tracking.value"]
        own = self.victim.message_post(body="<p>Gewijzigd</p>", message_type="notification", tracking_value_ids=[
            (0, 0, {"field": "email", "field_desc": "Email", "field_type": "char",
                    "old_value_char": "old.%s" % EMAIL, "new_value_char": EMAIL})])
        # A document elsewhere that tracked the client as its contact: the old value is the client.
        elsewhere = self.other.message_post(body="<p>Contact gewijzigd</p>", message_type="notification",
                                            tracking_value_ids=[(0, 0, {
                                                "field": "parent_id", "field_desc": "Related Company",
                                                "field_type": "many2one", "old_value_integer": self.victim.id,
                                                "old_value_char": "%s %s" % (FIRST, LAST)})])
        self.assertTrue(Tracking.sudo().search([("mail_message_id", "in", (own | elsewhere).ids)]))
        self.erase()
        self.assertNoSecret(
            "SELECT old_value_char, new_value_char, old_value_text, new_value_text FROM mail_tracking_value"
            " WHERE mail_message_id IN %s", (tuple((own | elsewhere).ids),), "tracking values")

    def test_queued_mails_to_the_client_are_cancelled_and_emptied(self):
        Mail = self.env["mail.mail"].sudo()
        on_thread = Mail.create({
            "model": "res.partner", "res_id": self.victim.id, "subject": "Beste %s" % FIRST,
            "body_html": "<p>Beste %s %s</p>" % (FIRST, LAST), "email_to": EMAIL,
        })
        elsewhere = Mail.create({
            "model": "res.partner", "res_id": self.other.id, "subject": "Uw afspraak",
            "body_html": "<p>Dag %s</p>" % FIRST, "recipient_ids": [(4, self.victim.id)],
        })
        to_address = Mail.create({"subject": "Nieuwsbrief", "body_html": "<p>Dag %s</p>" % LAST, "email_to": EMAIL})
        mails = on_thread | elsewhere | to_address
        self.erase()
        for mail in mails:
            self.assertIn(mail.state, ("cancel", "sent"), "an erased client's mail never leaves")
        self.assertNoSecret(
            "SELECT m.body_html, m.email_to, m.email_cc, m.headers, msg.subject, msg.body, msg.email_from,"
            " msg.reply_to, msg.record_name FROM mail_mail m JOIN mail_message msg ON msg.id = m.mail_message_id"
            " WHERE m.id IN %s", (tuple(mails.ids),), "mails")
        self.env.cr.execute(
            "SELECT mail_mail_id FROM mail_mail_res_partner_rel WHERE res_partner_id = %s", (self.victim.id,))
        self.assertFalse(self.env.cr.fetchall(), "the client is no recipient of a mail any more")

    def test_mail_to_the_client_and_others_still_goes_to_the_others(self):
        colleague = self.env["res.partner"].create({"name": "Buur", "email": "buur@privacy-erase.example"})
        similar = "x%s" % EMAIL  # another person's address that contains the client's
        mail = self.env["mail.mail"].sudo().create({
            "model": "res.partner", "res_id": self.other.id, "subject": "Uitnodiging", "body_html": "<p>Welkom</p>",
            "email_to": "%s, %s" % (EMAIL, similar), "email_cc": "%s %s <%s>" % (FIRST, LAST, EMAIL),
            "recipient_ids": [(6, 0, (self.victim | colleague).ids)],
        })
        self.erase()
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.email_to, similar)
        self.assertFalse(mail.email_cc)
        self.assertEqual(mail.recipient_ids, colleague)
        self.assertEqual(mail.body_html, "<p>Welkom</p>")

    def test_followers_and_channel_memberships_are_removed(self):
        self.other.message_subscribe(partner_ids=[self.victim.id])
        channel = self.env["mail.channel"].create({"name": "Salon nieuws", "public": "public"})
        channel.write({"channel_partner_ids": [(4, self.victim.id)]})
        self.erase()
        self.assertFalse(self.env["mail.followers"].sudo().search([("partner_id", "=", self.victim.id)]))
        self.assertFalse(self.env["mail.channel.partner"].sudo().search([("partner_id", "=", self.victim.id)]))

    def test_sms_to_the_client_are_deleted_also_when_only_the_number_was_given(self):
        Sms = self.env["client.desk.sms"].sudo()
        linked = Sms.create({"partner_id": self.victim.id, "number": MOBILE, "body": "Dag %s" % FIRST})
        by_number = Sms.create({"number": MOBILE_E164, "body": "Herinnering voor %s" % LAST})
        by_phone = Sms.create({"number": PHONE, "body": "Tot morgen"})
        self.erase()
        self.assertFalse((linked | by_number | by_phone).exists())
        self.assertNoSecret("SELECT number, number_e164, body FROM client_desk_sms", (), "SMS")

    def test_signup_and_access_tokens_are_gone(self):
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "%s %s" % (FIRST, LAST), "login": EMAIL, "partner_id": self.victim.id,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
        })
        self.victim.sudo().signup_prepare()
        self.assertTrue(self.victim.sudo().signup_token)
        self.victim._client_desk_access_token()
        self.victim.action_rotate_access_token()  # leaves a revoked token's hash behind
        self.assertTrue(self.victim._client_desk_token_row().revoked)
        self.erase()
        self.env.cr.execute(
            "SELECT signup_token, signup_type, signup_expiration FROM res_partner WHERE id = %s", (self.victim.id,))
        self.assertEqual(self.env.cr.fetchall(), [(None,) * 3])
        self.env.cr.execute(
            "SELECT token, revoked FROM client_desk_access_token WHERE res_model = 'res.partner' AND res_id = %s",
            (self.victim.id,))
        self.assertEqual(self.env.cr.fetchall(), [], "neither the token nor the revoked tokens' hashes are kept")
        self.assertFalse(user.active)
        self.assertNoSecret("SELECT login FROM res_users WHERE id = %s", (user.id,), "login")

    def test_identity_claims_are_released(self):
        found = self.env["res.partner"].client_desk_find_or_create(
            {"name": "Claimed Client", "email": "claimed.%s" % EMAIL, "mobile": "0478 55 66 09"}, "booking")
        self.env.cr.execute("SELECT count(*) FROM client_desk_identity_claim WHERE partner_id = %s", (found.id,))
        self.assertTrue(self.env.cr.fetchone()[0], "find_or_create claimed the identity")
        self.env.cr.execute("SELECT key FROM client_desk_identity_claim WHERE partner_id = %s", (found.id,))
        keys = [row[0] for row in self.env.cr.fetchall()]
        self.erase(found)
        self.env.cr.execute(
            "SELECT count(*) FROM client_desk_identity_claim WHERE partner_id = %s OR key IN %s",
            (found.id, tuple(keys)))
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no claim (a hash of the e-mail or phone) is left")
        # The person can be a new client again under the same details.
        again = self.env["res.partner"].client_desk_find_or_create(
            {"name": "Claimed Client", "email": "claimed.%s" % EMAIL}, "booking")
        self.assertNotEqual(again, found)
        self.assertTrue(again.active)


class TestGdprGuardsNotKeyedOnTheClientFlag(GdprEraseCase):
    """SECURITY 17: staff cannot get around the manager check by unsetting 'Is a client'."""

    def test_staff_unsetting_the_flag_still_cannot_export_or_erase(self):
        self.victim.sudo(self.staff).write({"client_desk_is_client": False})
        self.assertFalse(self.victim.client_desk_is_client)
        with self.assertRaises(AccessError):
            self.victim.sudo(self.staff).action_client_desk_gdpr_erase()
        with self.assertRaises(AccessError):
            self.victim.sudo(self.staff).action_client_desk_gdpr_export()
        with self.assertRaises(AccessError):
            self.env["res.partner"].sudo(self.staff)._client_desk_gdpr_export_download(self.victim.id)
        self.assertEqual(self.victim.email, EMAIL)
        self.assertTrue(self.victim.active)

    def test_manager_erases_a_partner_whose_flag_staff_unset(self):
        # The flag is no guard either way: staff unsetting it does not shield a client from
        # erasure on request.
        self.victim.sudo(self.staff).write({"client_desk_is_client": False})
        self.erase()
        self.assertFalse(self.victim.with_context(active_test=False).email)

    def test_staff_members_contact_stays_refused_without_the_flag(self):
        partner = self.staff.partner_id
        self.assertFalse(partner.client_desk_is_client)
        with self.assertRaisesRegex(Exception, "staff member"):
            self.erase(partner)
        self.assertTrue(partner.active)
        self.assertTrue(partner.email)


class TestGdprEraseScan(GdprEraseCase):
    """The whole database, every text column: the client's details are nowhere after erase."""

    def test_no_detail_left_in_any_table(self):
        self.env["client.desk.sms"].client_desk_inbound(MOBILE_E164, "STOP")
        self.victim.message_post(body="<p>Dag %s</p>" % FIRST, subject=LAST, message_type="email",
                                 author_id=self.victim.id, email_from=EMAIL, reply_to=EMAIL)
        self.env["res.partner.bank"].create({"partner_id": self.victim.id, "acc_number": IBAN})
        self.env["res.partner"].create({"parent_id": self.victim.id, "name": LAST, "email": EMAIL})
        self.env["client.desk.sms"].sudo().create({"number": MOBILE, "body": "Dag %s" % FIRST})
        self.env["mail.mail"].sudo().create({"body_html": FIRST, "email_to": EMAIL, "subject": LAST})
        self.other.message_subscribe(partner_ids=[self.victim.id])
        self.victim._client_desk_access_token()
        self.victim.message_post(body="<p>-</p>", message_type="notification", tracking_value_ids=[
            (0, 0, {"field": "email", "field_desc": "Email", "field_type": "char", "new_value_char": EMAIL})])
        self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("res.partner").id, "res_id": self.victim.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id, "summary": "Bel %s" % FIRST,
        })
        field = self.env["client.desk.field"].create({"name": "Bijnaam", "key": "bijnaam", "field_type": "text"})
        self.env["client.desk.field.value"].create(
            {"partner_id": self.victim.id, "field_id": field.id, "value_text": LAST})
        self.env["res.users"].with_context(no_reset_password=True).create({
            "name": FIRST, "login": EMAIL, "partner_id": self.victim.id, "signature": "<p>%s</p>" % LAST,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
        })
        self.erase()
        self.env.cr.execute("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('character varying', 'text')
               -- the bus only carries live notifications (its rows are garbage collected)
               AND c.table_name NOT IN ('bus_bus', 'ir_translation', 'ir_ui_view', 'ir_model_data')
        """)
        columns = self.env.cr.fetchall()
        found = []
        for table, column in columns:
            for secret in SECRETS:
                query = sql.SQL("SELECT count(*) FROM {} WHERE {} ILIKE %s").format(
                    sql.Identifier(table), sql.Identifier(column))
                self.env.cr.execute(query, ("%" + secret + "%",))
                if self.env.cr.fetchone()[0]:
                    found.append("%s.%s: %s" % (table, column, secret))
        self.assertFalse(found)
