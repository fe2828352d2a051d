import os
import tempfile

from selenium.webdriver.common.by import By

from odoo.addons.client_desk.tests.harness import BrowserTestCase

from .common import PDF


class TestRequestBrowser(BrowserTestCase):
    """A client without an account answers a document request from the e-mail's link."""

    def test_client_uploads_from_the_request_link(self):
        client = self.env["res.partner"].create({
            "name": "Joske Browser", "email": "joske.browser@example.com", "client_desk_is_client": True})
        request = self.env["client.desk.document.request"].create({
            "name": "Before your colouring", "partner_id": client.id,
            "line_ids": [(0, 0, {"name": "Allergy test"})]})
        handle, path = tempfile.mkstemp(suffix=".pdf", prefix="allergy-")
        self.addCleanup(os.remove, path)
        with os.fdopen(handle, "wb") as stream:
            stream.write(PDF)
        self.open(request._client_desk_upload_url())
        self.wait_for(".o_client_desk_line_missing")
        self.browser.find_element(By.CSS_SELECTOR, ".o_client_desk_upload input[type=file]").send_keys(path)
        self.click(".o_client_desk_upload button[type=submit]")
        self.wait_for(".alert-success")
        self.wait_for(".o_client_desk_line_received")
        document = request.line_ids.document_id
        self.assertEqual(document.partner_id, client)
        self.assertEqual((document.source, document.review_state), ("client", "received"))
        self.assertTrue(document.name.startswith("allergy-"))
