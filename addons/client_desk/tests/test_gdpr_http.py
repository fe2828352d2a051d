"""The GDPR export and an erased client's links, over real HTTP."""
import io
import uuid
import zipfile

from .harness import HttpTestCase, new_user

EMAIL = "export.http@privacy.example"


class TestGdprExportDownload(HttpTestCase):
    """The export ZIP is generated for Client Desk managers only and stored nowhere."""

    def setUp(self):
        super().setUp()
        self.manager = new_user(self.env, "gdpr.http.manager", "manager")
        self.staff = new_user(self.env, "gdpr.http.staff", "user")
        self.employee = new_user(self.env, "gdpr.http.employee", "internal")
        self.portal_user = new_user(self.env, "gdpr.http.portal", "portal")
        self.portal_user.partner_id.write({"client_desk_is_client": True})
        self.client = self.env["res.partner"].create(
            {"name": "Export Client", "email": EMAIL, "client_desk_is_client": True})
        self.export_url = self.client.sudo(self.manager).action_client_desk_gdpr_export()["url"]

    def assertNoExport(self, response):
        self.assertIn(response.status_code, (403, 404), response.text[:300])
        self.assertNotIn(b"client.json", response.content)
        self.assertNotIn(EMAIL.encode(), response.content)

    def test_export_is_stored_nowhere(self):
        self.assertFalse(self.env["ir.attachment"].sudo().search(
            ["|", ("mimetype", "=", "application/zip"), ("datas_fname", "=like", "client-%-personal-data-%")]))
        self.assertNotIn("/web/content", self.export_url)

    def test_manager_downloads_the_zip(self):
        self.login("gdpr.http.manager")
        response = self.get(self.export_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get("Content-Type"), "application/zip")
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        self.assertIn(EMAIL, archive.read("client.json").decode("utf-8"))

    def test_employee_and_staff_are_refused(self):
        for login in ("gdpr.http.employee", "gdpr.http.staff"):
            self.login(login)
            self.assertNoExport(self.get(self.export_url))

    def test_staff_who_unset_the_client_flag_is_still_refused(self):
        self.client.sudo(self.staff).write({"client_desk_is_client": False})
        self.login("gdpr.http.staff")
        self.assertNoExport(self.get(self.export_url))

    def test_portal_user_is_refused_even_for_their_own_data(self):
        self.login("gdpr.http.portal")
        self.assertNoExport(self.get(self.export_url))
        own = "/client_desk/gdpr/export/%d" % self.portal_user.partner_id.id
        self.assertNoExport(self.get(own))

    def test_anonymous_visitor_gets_no_export(self):
        response = self.get(self.export_url)
        self.assertNotIn(b"client.json", response.content)
        self.assertNotIn(EMAIL.encode(), response.content)

    def test_unknown_or_bad_ids_are_not_found(self):
        self.login("gdpr.http.manager")
        for path in ("/client_desk/gdpr/export/999999999", "/client_desk/gdpr/export/99999999999999"):
            self.assertNotFound(self.get(path))

    def test_post_is_refused(self):
        self.login("gdpr.http.manager")
        response = self.post(self.export_url, {}, csrf_from="/web/login")
        self.assertIn(response.status_code, (403, 404, 405))
        self.assertNotIn(b"client.json", response.content)


class TestErasedClientLinks(HttpTestCase):
    """An erased client's profile link writes nothing back into the record."""

    def setUp(self):
        super().setUp()
        self.manager = new_user(self.env, "gdpr.link.manager", "manager")
        self.client = self.env["res.partner"].create({
            "name": "Linked Client", "email": "linked@privacy.example", "phone": "0470 99 88 77",
            "client_desk_is_client": True,
        })
        self.token = self.client._client_desk_access_token()
        self.path = "/client_desk/profile/%d" % self.client.id

    def test_profile_link_is_dead_after_erase(self):
        self.assertEqual(self.get("%s?access_token=%s" % (self.path, self.token)).status_code, 200)
        self.client.sudo(self.manager).with_context(lang="en_US").action_client_desk_gdpr_erase()
        erased = self.client.with_context(active_test=False)
        name = erased.name
        response = self.get("%s?access_token=%s" % (self.path, self.token))
        self.assertIn(response.status_code, (403, 404))
        response = self.post(self.path, {
            "access_token": self.token, "name": "Linked Client", "email": "linked@privacy.example",
            "phone": "0470 99 88 77",
        }, csrf_from="/web/login")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn("linked@privacy.example", response.text)
        self.assertEqual(erased.name, name)
        self.assertFalse(erased.email)
        self.assertFalse(erased.phone)
        self.assertFalse(erased._client_desk_token_row())

    def test_a_new_token_after_erase_is_not_made_by_a_guess(self):
        self.client.sudo(self.manager).with_context(lang="en_US").action_client_desk_gdpr_erase()
        for token in (str(uuid.uuid4()), "", self.token):
            response = self.post(self.path, {"access_token": token, "name": "Mallory", "email": "m@evil.example"},
                                 csrf_from="/web/login")
            self.assertIn(response.status_code, (403, 404))
        self.assertNotEqual(self.client.with_context(active_test=False).name, "Mallory")
