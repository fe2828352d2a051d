import re

from odoo.addons.client_desk.tests.common import ClientDeskCase
from odoo.addons.client_desk.tests.harness import HttpTestCase, MailDeliveryMixin


class TestMailWithoutPixel(MailDeliveryMixin, ClientDeskCase):
    """Stock mail_tracking failed every e-mail whose body had no pixel (a campaign's own
    sender, a test e-mail): it read the pixel's id from a search that found nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()

    def test_mail_without_a_tracking_pixel_still_goes(self):
        server = self.env["ir.mail_server"]
        message = server.build_email(
            "salon@example.com", ["zonder.pixel@example.com"], "Zonder pixel", "<p>Hallo</p>", subtype="html")
        self.assertNotIn("X-Odoo-Tracking-ID", message)
        with self.delivering() as sink:
            server.send_email(message)
        self.assertEqual([received.message["Subject"] for received in sink.to("zonder.pixel@example.com")],
                         ["Zonder pixel"])

    def test_mail_with_a_pixel_keeps_its_tracking_header(self):
        body = '<p>Hallo</p><img src="x" data-odoo-tracking-email="42"/>'
        message = self.env["ir.mail_server"].build_email(
            "salon@example.com", ["met.pixel@example.com"], "Met pixel", body, subtype="html")
        self.assertEqual(message["X-Odoo-Tracking-ID"], "42")


class TestSignedPixel(HttpTestCase):
    """The open pixel counts only with its signature (stock: the sequential id alone)."""

    def setUp(self):
        super().setUp()
        partner = self.env["res.partner"].create({"name": "Pixel Lezer", "email": "pixel.lezer@example.com"})
        self.tracking = self.env["mail.tracking.email"].create({
            "name": "Pixel", "recipient": partner.email, "partner_id": partner.id, "state": "sent"})

    def opens(self):
        return self.env["mail.tracking.event"].search_count([
            ("tracking_email_id", "=", self.tracking.id), ("event_type", "=", "open")])

    def test_unsigned_or_forged_pixel_counts_nothing(self):
        path = "/mail/tracking/open/%s/%d/blank.gif" % (self.env.cr.dbname, self.tracking.id)
        for forged in (path, path + "?signature=" + "0" * 32, path + "?signature="):
            response = self.get(forged)
            self.assertEqual((response.status_code, response.headers["Content-Type"]), (200, "image/gif"))
        self.assertEqual(self.opens(), 0)

    def test_signed_pixel_counts_the_open(self):
        src = re.search(r'src="[^"]*(/mail/tracking/open/[^"]+)"', self.tracking._get_mail_tracking_img()).group(1)
        self.assertIn("?signature=", src)
        self.assertEqual(self.get(src).status_code, 200)
        self.assertEqual(self.opens(), 1)

    def test_signature_of_one_email_opens_no_other(self):
        other = self.tracking.copy()
        signature = re.search(r"signature=(\w+)", self.tracking._get_mail_tracking_img()).group(1)
        self.get("/mail/tracking/open/%s/%d/blank.gif?signature=%s" % (self.env.cr.dbname, other.id, signature))
        self.assertEqual(self.env["mail.tracking.event"].search_count([
            ("tracking_email_id", "=", other.id), ("event_type", "=", "open")]), 0)
