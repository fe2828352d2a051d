from .harness import HttpTestCase, new_user


class TestPortalHttp(HttpTestCase):
    """The portal over real HTTP: logged-in portal client, public visitor, CSRF."""

    def setUp(self):
        super().setUp()
        self.client_user = new_user(self.env, "portal.anne", "portal", name="Anne Dessart")

    def test_public_visitor_is_sent_to_login(self):
        response = self.get("/my/home", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_portal_client_sees_own_portal(self):
        self.login("portal.anne")
        response = self.get("/my/home")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Anne Dessart", response.text)

    def test_portal_client_cannot_open_backend(self):
        self.login("portal.anne")
        response = self.get("/web", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn("/web#", response.headers.get("Location", ""))

    def test_account_post_without_csrf_is_refused(self):
        self.login("portal.anne")
        response = self.post("/my/account", {"name": "Mallory"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.client_user.partner_id.name, "Anne Dessart")

    def test_account_post_with_csrf_saves_details(self):
        self.login("portal.anne")
        belgium = self.env.ref("base.be")
        response = self.post(
            "/my/account",
            {
                "name": "Anne-Gaëlle Dessart",
                "email": "anne@example.com",
                "phone": "0478 96 74 58",
                "street": "Grote Markt 1",
                "city": "Brussel",
                "zipcode": "1000",
                "country_id": belgium.id,
            },
            csrf_from="/my/account",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client_user.partner_id.name, "Anne-Gaëlle Dessart")
        self.assertEqual(self.client_user.partner_id.city, "Brussel")
