import base64
import io
import json
import zipfile

from odoo.exceptions import AccessError, UserError

from .common import ClientDeskCase
from .harness import new_user


def make_client(env, **values):
    """A client with something in every kind of personal data."""
    client = env["res.partner"].create(dict({
        "client_desk_is_client": True,
        "client_desk_first_name": "Joske",
        "client_desk_last_name": "Vermeulen",
        "email": "joske@gdpr.example",
        "phone": "+32 3 123 45 67",
        "mobile": "0478 12 34 56",
        "street": "Meir 1",
        "zip": "2000",
        "city": "Antwerpen",
        "client_desk_birthday": "1980-05-17",
        "client_desk_note": "Allergisch voor ammoniak",
        "comment": "Komt altijd te laat",
        "website": "https://joske.example",
    }, **values))
    client.client_desk_set_consent("website", note="signup form", marketing_opt_in=True)
    return client


class TestGdpr(ClientDeskCase):
    """Managers export everything about a client as one file and erase a client on request."""

    user_prefix = "gdpr"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.internal = cls.employee
        cls.client = make_client(cls.env)
        cls.tag = cls.env["res.partner.category"].create({"name": "Krullen"})
        cls.client.category_id = cls.tag
        cls.incoming = cls.client.message_post(
            body="<p>Mag mijn afspraak een uur later? Groetjes, Joske</p>", message_type="email",
            subtype="mail.mt_comment", author_id=cls.client.id, email_from="joske@gdpr.example",
            attachments=[("foto.jpg", b"JPEG-BYTES")],
        )
        cls.outgoing = cls.client.sudo(cls.staff).message_post(
            body="<p>Dag Joske, dat kan: dinsdag 11u.</p>", message_type="comment", subtype="mail.mt_comment",
            subject="Uw afspraak",
        )
        cls.activity = cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get("res.partner").id,
            "res_id": cls.client.id,
            "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id,
            "summary": "Joske terugbellen",
            "user_id": cls.staff.id,
        })
        field = cls.env["client.desk.field"].create({"name": "Haartype", "key": "haartype", "field_type": "text"})
        cls.custom_value = cls.env["client.desk.field.value"].create(
            {"partner_id": cls.client.id, "field_id": field.id, "value_text": "krullend"})

    # -- export ------------------------------------------------------------------------------

    def export(self, user, client=None):
        client = (client or self.client).sudo(user).with_context(lang="en_US")
        action = client.action_client_desk_gdpr_export()
        self.assertEqual(action, {
            "type": "ir.actions.act_url", "url": "/client_desk/gdpr/export/%d" % client.id, "target": "self"})
        name, content = client.env["res.partner"]._client_desk_gdpr_export_download(client.id)
        archive = zipfile.ZipFile(io.BytesIO(content))
        return name, archive, json.loads(archive.read("client.json").decode("utf-8"))

    def test_export_contains_card_tags_custom_fields_ledger_messages_and_files(self):
        self.env["res.partner.bank"].create({"partner_id": self.client.id, "acc_number": "BE68539007547034"})
        self.env["res.partner"].create({
            "parent_id": self.client.id, "type": "invoice", "name": "Joske facturen", "email": "facturen@gdpr.example"})
        name, archive, data = self.export(self.manager)
        self.assertEqual([a["number"] for a in data["bank_accounts"]], ["BE68539007547034"])
        self.assertEqual([(c["name"], c["type"], c["email"]) for c in data["contacts"]],
                         [("Joske facturen", "Invoice address", "facturen@gdpr.example")])
        self.assertTrue(name.startswith("client-%s-personal-data-" % self.client.client_desk_number), name)
        self.assertTrue(name.endswith(".zip"), name)
        card = data["card"]
        self.assertEqual(card["email"], "joske@gdpr.example")
        self.assertEqual(card["client_desk_number"], self.client.client_desk_number)
        self.assertEqual(card["client_desk_birthday"], "1980-05-17")
        self.assertEqual(card["client_desk_note"], "Allergisch voor ammoniak")
        self.assertEqual(data["tags"], ["Krullen"])
        self.assertEqual(data["custom_fields"], [{"field": "Haartype", "key": "haartype", "value": "krullend"}])
        self.assertEqual([e["change"] for e in data["consent_ledger"]], ["Opted in to marketing"])
        self.assertEqual(data["consent_ledger"][0]["note"], "signup form")
        bodies = [m["body"] for m in data["messages"]]
        self.assertIn("Mag mijn afspraak een uur later? Groetjes, Joske", bodies)
        self.assertIn("Dag Joske, dat kan: dinsdag 11u.", bodies)
        outgoing = [m for m in data["messages"] if m["subject"] == "Uw afspraak"][0]
        self.assertEqual(outgoing["author"], self.staff.partner_id.display_name)
        self.assertTrue(outgoing["date"])
        self.assertEqual([a["summary"] for a in data["activities"]], ["Joske terugbellen"])
        files = [a["file"] for a in data["attachments"]]
        self.assertEqual(len(files), 1)
        self.assertEqual(archive.read(files[0]), b"JPEG-BYTES")
        self.assertEqual(data["export"]["exported_by"], self.manager.name)

    def test_export_is_stored_nowhere_and_never_contains_an_older_one(self):
        attachments = self.env["ir.attachment"].search_count([])
        self.export(self.manager)
        _name, _archive, data = self.export(self.manager)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        self.assertEqual(len(data["attachments"]), 1)

    def test_exports_stored_by_earlier_versions_are_purged(self):
        stored = self.env["ir.attachment"].create({
            "name": "client-export.zip", "datas_fname": "client-export.zip", "datas": base64.b64encode(b"ZIP"),
            "res_model": "res.partner", "res_id": self.client.id, "description": "client_desk_gdpr_export",
        })
        other = self.env["ir.attachment"].create({
            "name": "foto.jpg", "datas": base64.b64encode(b"JPEG"), "res_model": "res.partner",
            "res_id": self.client.id,
        })
        self.env["res.partner"]._client_desk_gdpr_purge_stored_exports()
        self.assertFalse(stored.exists())
        self.assertTrue(other.exists())

    def test_staff_internal_portal_and_public_cannot_export(self):
        for user in (self.staff, self.internal, self.portal_user, self.env.ref("base.public_user")):
            with self.assertRaises(AccessError, msg=user.login):
                self.client.sudo(user).action_client_desk_gdpr_export()
            with self.assertRaises(AccessError, msg=user.login):
                self.env["res.partner"].sudo(user)._client_desk_gdpr_export_download(self.client.id)
        self.assertFalse(self.env["ir.attachment"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.client.id), ("mimetype", "=", "application/zip")]))

    # -- erase ----------------------------------------------------------------------------------

    def test_erase_anonymises_the_card(self):
        number = self.client.client_desk_number
        self.client.sudo(self.manager).with_context(lang="en_US").action_client_desk_gdpr_erase()
        client = self.client.with_context(active_test=False)
        self.assertTrue(client.exists(), "the record stays: invoices and payments refer to it")
        self.assertFalse(client.active)
        self.assertEqual(client.name, "Erased client %s" % number)
        self.assertEqual(client.client_desk_number, number)
        for name in ("client_desk_first_name", "client_desk_last_name", "email", "phone", "mobile", "street", "zip",
                     "city", "client_desk_birthday", "client_desk_note", "comment", "website", "image",
                     "client_desk_email_normalized", "client_desk_phone_search", "category_id"):
            self.assertFalse(client[name], name)
        self.assertFalse(self.custom_value.exists())
        self.assertFalse(self.activity.exists())

    def test_erase_empties_the_conversation_and_deletes_its_files(self):
        files = self.incoming.attachment_ids
        self.assertTrue(files)
        self.client.sudo(self.manager).with_context(lang="en_US").action_client_desk_gdpr_erase()
        for message in (self.incoming, self.outgoing):
            self.assertTrue(message.exists())
            self.assertIn("[erased]", message.body)
            self.assertNotIn("Joske", message.body)
            self.assertFalse(message.subject)
        self.assertFalse(self.incoming.email_from)
        self.assertFalse(files.exists())

    def test_erase_keeps_the_ledger_and_logs_who_and_when(self):
        before = self.client.client_desk_consent_event_ids
        self.client.sudo(self.manager).with_context(lang="en_US").action_client_desk_gdpr_erase()
        ledger = self.client.with_context(active_test=False).client_desk_consent_event_ids
        self.assertTrue(before < ledger, "the old lines are kept")
        new_lines = ledger - before
        self.assertEqual(set(new_lines.mapped("user_id")), {self.manager})
        self.assertEqual(set(new_lines.mapped("note")), {"Personal data erased on request"})
        self.assertIn("marketing_opt_in_off", new_lines.mapped("kind"))
        self.assertFalse(self.client.client_desk_marketing_opt_in)
        log = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.client.id),
             ("author_id", "=", self.manager.partner_id.id), ("body", "ilike", "erased on request")])
        self.assertEqual(len(log), 1)
        self.assertTrue(log.date)

    def test_erase_deactivates_the_portal_user_and_frees_the_login(self):
        user = new_user(self.env, "joske@gdpr.example", "portal", partner_id=self.client.id,
                        name="Joske Vermeulen", email="joske@gdpr.example")
        self.client.sudo(self.manager).with_context(lang="en_US").action_client_desk_gdpr_erase()
        self.assertFalse(user.active)
        self.assertNotIn("joske", user.login)

    def test_erasing_a_staff_members_contact_is_refused(self):
        partner = self.staff.partner_id
        partner.write({"client_desk_is_client": True})
        name = partner.name
        with self.assertRaisesRegex(UserError, "staff member"):
            partner.sudo(self.manager).with_context(lang="en_US").action_client_desk_gdpr_erase()
        self.assertEqual(partner.name, name)
        self.assertTrue(partner.active)

    def test_staff_internal_portal_and_public_cannot_erase(self):
        for user in (self.staff, self.internal, self.portal_user, self.env.ref("base.public_user")):
            with self.assertRaises(AccessError, msg=user.login):
                self.client.sudo(user).action_client_desk_gdpr_erase()
        self.assertEqual(self.client.email, "joske@gdpr.example")
        self.assertTrue(self.client.active)
        self.assertIn("Joske", self.incoming.body)

    def test_gdpr_buttons_are_only_on_the_managers_card(self):
        view = self.env.ref("client_desk.res_partner_view_form_client_desk")
        arch = self.env["res.partner"].sudo(self.manager).fields_view_get(view.id, "form")["arch"]
        self.assertIn("action_client_desk_gdpr_export", arch)
        self.assertIn("action_client_desk_gdpr_erase", arch)
        arch = self.env["res.partner"].sudo(self.staff).fields_view_get(view.id, "form")["arch"]
        self.assertNotIn("action_client_desk_gdpr_export", arch)
        self.assertNotIn("action_client_desk_gdpr_erase", arch)
