from werkzeug.urls import url_encode

from .harness import HttpTestCase, new_user


class TestPortalAccount(HttpTestCase):
    """/my/account over real HTTP: custom fields asked on the portal and consent."""

    def setUp(self):
        super().setUp()
        Field = self.env["client.desk.field"]
        self.source = Field.create({
            "name": "Hoe kende u ons?", "field_type": "selection", "collect_portal": True, "required_online": True,
            "help_text": "Zo weten we waar onze klanten vandaan komen.",
            "option_ids": [(0, 0, {"name": "Google", "sequence": 1}), (0, 0, {"name": "Vriend", "sequence": 2})],
        })
        self.company_name = Field.create({"name": "Bedrijfsnaam", "field_type": "text", "collect_portal": True})
        self.invoice_email = Field.create({"name": "Factuur e-mail", "field_type": "email", "collect_portal": True})
        self.newsletter = Field.create({"name": "Papieren nieuwsbrief", "field_type": "boolean",
                                        "collect_portal": True})
        self.rating = Field.create({"name": "Interne score", "field_type": "number"})  # card only
        self.anne = new_user(self.env, "portal.cf.anne", "portal", name="Anne Derous").partner_id
        self.bart = new_user(self.env, "portal.cf.bart", "portal", name="Bart Peeters").partner_id
        (self.anne | self.bart).write({"client_desk_is_client": True, "phone": "0478 96 74 58",
                                       "street": "Grote Markt 1", "city": "Brussel",
                                       "country_id": self.env.ref("base.be").id})
        self.anne.client_desk_set_custom_values({"hoe_kende_u_ons": "Google", "interne_score": "7"})
        self.bart.client_desk_set_custom_values({"bedrijfsnaam": "Geheim BVBA van Bart",
                                                 "factuur_e_mail": "bart-secret@example.com"})

    def form(self, **extra):
        """A complete /my/account form for Anne, as her browser would send it."""
        data = {
            "name": "Anne Derous", "email": "anne@example.com", "phone": "0478 96 74 58",
            "street": "Grote Markt 1", "city": "Brussel", "zipcode": "1000",
            "country_id": self.env.ref("base.be").id,
            "client_desk_form": "1",
            "client_desk_field_hoe_kende_u_ons": self.source.option_ids[1].id,
            "client_desk_field_bedrijfsnaam": "Derous Kapsels",
            "client_desk_field_factuur_e_mail": "boekhouding@derous.be",
            "client_desk_field_papieren_nieuwsbrief": "1",
            "client_desk_marketing_opt_in": "1",
        }
        data.update(extra)
        return {key: value for key, value in data.items() if value is not None}

    def save(self, **extra):
        return self.post("/my/account", self.form(**extra), csrf_from="/my/account", allow_redirects=False)

    def assertNothingSaved(self):
        self.assertEqual(self.anne.email, "portal.cf.anne@example.com")
        self.assertEqual(self.anne.client_desk_custom_values(raw=True),
                         {"hoe_kende_u_ons": "Google", "interne_score": 7.0})
        self.assertFalse(self.anne.client_desk_marketing_opt_in)
        self.assertFalse(self.anne.client_desk_consent_event_ids.filtered(lambda event: event.source == "portal"))

    def test_page_shows_portal_fields_consent_and_own_values(self):
        self.login("portal.cf.anne")
        page = self.get("/my/account").text
        for text in ("Hoe kende u ons?", "Bedrijfsnaam", "Factuur e-mail", "Papieren nieuwsbrief", "Vriend",
                     "Zo weten we waar onze klanten vandaan komen.",
                     "Keep me informed of (promotional) activities of %s" % self.env.user.company_id.name,
                     "Do not send me text messages (SMS)"):
            self.assertIn(text, page)
        google = self.source.option_ids[0]
        self.assertRegex(page, r'<option value="%d" selected="selected">\s*Google' % google.id)
        self.assertNotIn("Interne score", page)  # asked on the card only

    def test_other_clients_values_are_never_shown(self):
        self.login("portal.cf.anne")
        page = self.get("/my/account").text
        self.assertNotIn("Geheim BVBA", page)
        self.assertNotIn("bart-secret", page)

    def test_client_saves_custom_fields_and_consent(self):
        self.login("portal.cf.anne")
        response = self.save(client_desk_sms_opt_out="1")
        self.assertIn(response.status_code, (302, 303), response.text[:2000])
        self.assertEqual(self.anne.email, "anne@example.com")
        self.assertEqual(self.anne.client_desk_custom_values(raw=True), {
            "hoe_kende_u_ons": "Vriend", "bedrijfsnaam": "Derous Kapsels",
            "factuur_e_mail": "boekhouding@derous.be", "papieren_nieuwsbrief": True, "interne_score": 7.0,
        })
        self.assertTrue(self.anne.client_desk_marketing_opt_in)
        self.assertEqual(self.anne.client_desk_marketing_opt_in_source, "portal")
        self.assertTrue(self.anne.client_desk_sms_opt_out)
        portal_events = self.anne.client_desk_consent_event_ids.filtered(lambda event: event.source == "portal")
        self.assertEqual(sorted(portal_events.mapped("kind")), ["marketing_opt_in_on", "sms_opt_out_on"])
        # The ledger records the client, not the superuser the page works as.
        self.assertEqual(set(portal_events.mapped("actor")), {"client"})
        self.assertFalse(portal_events.mapped("user_id"))
        self.assertEqual(set(portal_events.mapped("note")), {"/my/account"})
        # Bart's values are untouched.
        self.assertEqual(self.bart.client_desk_custom_values(raw=True)["bedrijfsnaam"], "Geheim BVBA van Bart")

    def test_unticking_withdraws_consent_in_the_ledger(self):
        self.anne.client_desk_set_consent("manual", marketing_opt_in=True)
        self.login("portal.cf.anne")
        page = self.get("/my/account").text
        self.assertRegex(page, r'name="client_desk_marketing_opt_in" value="1" checked="checked"')
        response = self.save(client_desk_marketing_opt_in=None)
        self.assertIn(response.status_code, (302, 303))
        self.assertFalse(self.anne.client_desk_marketing_opt_in)
        event = self.anne.client_desk_consent_event_ids.filtered(lambda event: event.source == "portal")
        self.assertEqual(event.kind, "marketing_opt_in_off")

    def test_emptying_an_optional_field_clears_it(self):
        self.anne.client_desk_set_custom_values({"bedrijfsnaam": "Oud"})
        self.login("portal.cf.anne")
        self.assertIn(self.save(client_desk_field_bedrijfsnaam="").status_code, (302, 303))
        self.assertNotIn("bedrijfsnaam", self.anne.client_desk_custom_values())

    def test_required_field_missing_shows_error_and_saves_nothing(self):
        self.login("portal.cf.anne")
        response = self.save(client_desk_field_hoe_kende_u_ons="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Hoe kende u ons? is required.", response.text)
        self.assertNothingSaved()

    def test_bad_email_value_shows_error_and_saves_nothing(self):
        self.login("portal.cf.anne")
        response = self.save(client_desk_field_factuur_e_mail="boekhouding(at)derous")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Factuur e-mail: &quot;boekhouding(at)derous&quot; is not a valid e-mail address.",
                      response.text)
        # The page keeps what the client typed, so they can correct it.
        self.assertIn('value="Derous Kapsels"', response.text)
        self.assertNothingSaved()

    def test_choice_of_another_field_is_refused(self):
        other = self.env["client.desk.field"].create({
            "name": "Interesse", "field_type": "selection", "option_ids": [(0, 0, {"name": "Kleuren"})],
        })
        self.login("portal.cf.anne")
        response = self.save(client_desk_field_hoe_kende_u_ons=other.option_ids.id)
        self.assertEqual(response.status_code, 400)
        self.assertIn("is not one of the choices", response.text)
        self.assertNothingSaved()

    def test_card_only_field_cannot_be_posted(self):
        self.login("portal.cf.anne")
        response = self.save(client_desk_field_interne_score="10")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Unknown field", response.text)
        self.assertNothingSaved()

    def test_post_without_csrf_is_refused(self):
        self.login("portal.cf.anne")
        response = self.post("/my/account", self.form())
        self.assertEqual(response.status_code, 400)
        self.assertNothingSaved()

    def test_public_visitor_is_sent_to_login(self):
        response = self.get("/my/account", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        response = self.post("/my/account", self.form(), allow_redirects=False)
        self.assertIn(response.status_code, (302, 303, 400))
        self.assertNothingSaved()

    def test_script_in_a_text_value_is_escaped(self):
        script = "<script>alert('xss')</script>"
        self.login("portal.cf.anne")
        self.assertIn(self.save(client_desk_field_bedrijfsnaam=script).status_code, (302, 303))
        self.assertEqual(self.anne.client_desk_custom_values()["bedrijfsnaam"], script)
        page = self.get("/my/account").text
        self.assertNotIn(script, page)
        self.assertIn("&lt;script&gt;alert(", page)
        # Also when the page shows the value back with an error.
        page = self.save(client_desk_field_factuur_e_mail=script).text
        self.assertNotIn(script, page)
        self.assertIn("&lt;script&gt;", page)

    def test_get_with_parameters_writes_nothing(self):
        """A link on any site carries the client's cookie on a top-level GET (SameSite=Lax):
        only a POST with its CSRF token writes."""
        self.login("portal.cf.anne")
        query = url_encode(dict(self.form(client_desk_sms_opt_out="1"), email="mallory@example.com"))
        response = self.get("/my/account?" + query, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertNothingSaved()
        self.assertFalse(self.anne.client_desk_sms_opt_out)
        self.assertEqual(self.anne.name, "Anne Derous")
        # The page shows what is stored, not what the link carried.
        self.assertNotIn("mallory@example.com", response.text)

    def test_country_that_is_not_in_the_list_is_refused(self):
        self.login("portal.cf.anne")
        for country in ("abc", "999999999", "99999999999999", "-1", "1.5"):
            response = self.save(country_id=country)
            self.assertEqual(response.status_code, 400, country)
            self.assertIn("Please choose your country from the list.", response.text)
            self.assertNothingSaved()

    def test_only_a_bad_country_is_refused_with_a_message(self):
        self.login("portal.cf.anne")
        response = self.post("/my/account", {"country_id": "abc"}, csrf_from="/my/account", allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please choose your country from the list.", response.text)
        self.assertEqual(self.anne.country_id, self.env.ref("base.be"))

    def test_state_that_is_not_in_the_list_is_refused(self):
        california = self.env.ref("base.state_us_5")
        self.login("portal.cf.anne")
        for state in ("abc", "999999999", california.id):
            response = self.save(state_id=state)
            self.assertEqual(response.status_code, 400, state)
            self.assertIn("Please choose your state or province from the list.", response.text)
            self.assertNothingSaved()
            self.assertFalse(self.anne.state_id)
