from odoo.tests.common import SavepointCase

from odoo.addons.client_desk.models.client_desk_sms import sms_encoding, sms_segments, sms_units


class TestSmsSegments(SavepointCase):
    """How many SMS a text is billed as, GSM-7 or UCS-2, and the stored fields that say so."""

    def test_plain_text_is_gsm7(self):
        self.assertEqual(sms_encoding("Uw afspraak bij Coiffure Thibaut: morgen 14:30. Tot dan!"), "gsm7")
        self.assertEqual(sms_encoding("Café à 10h, déjà réservé? Ça va."), "gsm7")  # é à è and Ç are GSM

    def test_exactly_160_gsm7_chars_is_one_segment(self):
        self.assertEqual(sms_segments("a" * 160), 1)

    def test_161_gsm7_chars_is_two_segments(self):
        self.assertEqual(sms_segments("a" * 161), 2)

    def test_long_gsm7_parts_hold_153(self):
        self.assertEqual(sms_segments("a" * 306), 2)
        self.assertEqual(sms_segments("a" * 307), 3)

    def test_euro_counts_double_in_gsm7(self):
        self.assertEqual(sms_encoding("Prijs: 25 €"), "gsm7")
        self.assertEqual(sum(sms_units("€")), 2)
        self.assertEqual(sms_segments("a" * 158 + "€"), 1)  # 160 septets
        self.assertEqual(sms_segments("a" * 159 + "€"), 2)  # 161 septets

    def test_extension_characters_count_double(self):
        self.assertEqual(sms_units("[]{}~^|\\"), [2] * 8)
        self.assertEqual(sms_segments("{" * 80), 1)
        self.assertEqual(sms_segments("{" * 81), 2)

    def test_escape_pair_is_not_split_over_two_parts(self):
        # 152 septets then a two-septet character: it does not fit the 153 of part one.
        self.assertEqual(sms_segments("a" * 152 + "€" + "a" * 152), 3)
        self.assertEqual(sms_segments("a" * 151 + "€" + "a" * 153), 2)

    def test_character_outside_gsm7_switches_to_ucs2(self):
        self.assertEqual(sms_encoding("Arrêt"), "ucs2")  # ê is not in the GSM alphabet
        self.assertEqual(sms_segments("ê" * 70), 1)
        self.assertEqual(sms_segments("ê" * 71), 2)
        self.assertEqual(sms_segments("ê" * 134), 2)
        self.assertEqual(sms_segments("ê" * 135), 3)

    def test_one_character_outside_gsm7_makes_a_short_text_long(self):
        self.assertEqual(sms_segments("a" * 100), 1)
        self.assertEqual(sms_segments("a" * 99 + "ç"), 2)  # 100 UCS-2 units > 70

    def test_emoji_is_ucs2_and_takes_two_units(self):
        self.assertEqual(sms_encoding("Tot morgen 😀"), "ucs2")
        self.assertEqual(sum(sms_units("😀")), 2)
        self.assertEqual(sms_segments("😀" * 35), 1)  # 70 units
        self.assertEqual(sms_segments("a" * 69 + "😀"), 2)  # 71 units

    def test_empty_text_has_no_segment(self):
        self.assertEqual(sms_segments(""), 0)

    def test_stored_fields_follow_the_body(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        sms = env["client.desk.sms"].create({"number": "0478 96 74 58", "body": "a" * 161})
        self.assertEqual((sms.encoding, sms.segments), ("gsm7", 2))
        sms.body = "Bedankt 😀"
        self.assertEqual((sms.encoding, sms.segments), ("ucs2", 1))
        self.assertEqual(sms.number_e164, "+32478967458")
