import base64

from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

from odoo.addons.client_desk.tests.harness import po_translation

from ..tools.upload import MEGABYTE, UploadRefused, check_upload, sanitize_filename, served_inline
from .common import EXE, PDF, PNG, DocumentsCase, attachment_of

DOCX_NAME = "contract.docx"


class TestUploadRules(SavepointCase):
    """The pure rules of tools/upload.py."""

    def test_folders_and_reserved_characters_are_dropped(self):
        self.assertEqual(sanitize_filename("../../etc/passwd"), "passwd")
        self.assertEqual(sanitize_filename("C:\\Users\\anne\\scan.pdf"), "scan.pdf")
        self.assertEqual(sanitize_filename('a<b>c:"d|e?.pdf'), "a_b_c__d_e_.pdf")

    def test_control_and_direction_characters_are_dropped(self):
        # "invoice\u202Efdp.exe" shows as "invoiceexe.pdf" in a browser.
        self.assertEqual(sanitize_filename("invoice\u202efdp.exe"), "invoicefdp.exe")
        self.assertEqual(sanitize_filename("a\x00b\r\nc\u200f.pdf"), "abc.pdf")
        self.assertEqual(sanitize_filename("  ..hidden.pdf  "), "hidden.pdf")

    def test_long_names_keep_their_extension(self):
        name = sanitize_filename("x" * 300 + ".pdf")
        self.assertEqual(len(name), 120)
        self.assertTrue(name.endswith(".pdf"))

    def test_valid_files_pass_with_their_type(self):
        self.assertEqual(check_upload("scan.pdf", PDF, MEGABYTE), ("scan.pdf", "application/pdf"))
        self.assertEqual(check_upload("photo.png", PNG, MEGABYTE)[1], "image/png")
        self.assertEqual(check_upload("notes.txt", b"hello", MEGABYTE)[1], "text/plain")

    def test_bad_files_are_refused(self):
        for name, data in [
            ("empty.pdf", b""),  # empty
            ("big.pdf", PDF + b"x" * MEGABYTE),  # over the limit
            ("setup.exe", EXE),  # a program by name
            ("photo.jpg", EXE),  # a program by content
            ("run.sh", b"echo hi"),
            ("scan.pdf", PNG),  # announced PDF, is PNG
            ("photo.png", b"not an image"),  # announced PNG, is nothing
            ("notes.txt", PDF),  # a PDF named .txt
            (DOCX_NAME, PDF),
            ("\u202e", PDF),  # no usable name
        ]:
            with self.assertRaises(UploadRefused, msg=name):
                check_upload(name, data, MEGABYTE)

    def test_only_pdf_and_images_are_shown_inline(self):
        self.assertTrue(served_inline("application/pdf"))
        self.assertTrue(served_inline("image/png"))
        self.assertFalse(served_inline("text/html"))
        self.assertFalse(served_inline("image/svg+xml"))


class TestUploadOnDocuments(DocumentsCase):
    """Every way of writing a file goes through the rules; a refused file stores nothing."""

    def _count(self):
        return (self.env["client.desk.document"].search_count([]),
                self.env["ir.attachment"].sudo().search_count([("res_model", "=", "client.desk.document"),
                                                               ("res_field", "=", "datas")]))

    def test_create_checks_and_cleans(self):
        document = self.env["client.desk.document"].sudo(self.staff).create({
            "name": "../scan\u202e.pdf", "datas": base64.b64encode(PDF), "partner_id": self.client.id})
        self.assertEqual(document.name, "scan.pdf")
        self.assertEqual(document.mimetype, "application/pdf")
        self.assertEqual(document.file_size, len(PDF))

    def test_refused_files_store_nothing(self):
        before = self._count()
        Document = self.env["client.desk.document"].sudo(self.staff)
        for name, data in [("a.pdf", b""), ("a.exe", EXE), ("a.pdf", PNG)]:
            with self.assertRaises(UserError):
                Document.create({"name": name, "datas": base64.b64encode(data) or False,
                                 "partner_id": self.client.id})
        self.assertEqual(self._count(), before)

    def test_size_limit_is_a_setting(self):
        self.env.user.company_id.client_desk_document_max_mb = 1
        with self.assertRaises(UserError) as caught:
            self.env["client.desk.document"].sudo(self.staff).create({
                "name": "big.pdf", "datas": base64.b64encode(PDF + b"x" * MEGABYTE), "partner_id": self.client.id})
        self.assertIn("1", caught.exception.name)

    def test_replacing_the_file_is_checked(self):
        with self.assertRaises(UserError):
            self.doc_available.sudo(self.staff).write({"datas": base64.b64encode(EXE)})
        self.assertEqual(base64.b64decode(self.doc_available.datas), PDF)

    def test_html_is_kept_but_never_inline(self):
        self.assertEqual(self.doc_html.mimetype, "text/html")
        self.assertFalse(served_inline(self.doc_html.mimetype))
        # /web/content serves the attachment's type: never HTML in Odoo's origin.
        self.assertEqual(attachment_of(self.doc_html).mimetype, "application/octet-stream")
        self.assertEqual(attachment_of(self.doc_available).mimetype, "application/pdf")
        self.assertEqual(attachment_of(self.doc_html).datas_fname, "page.html")
        self.assertEqual(len(attachment_of(self.doc_html)), 1)

    def test_replacing_the_file_keeps_one_attachment(self):
        self.doc_available.sudo(self.staff).write({"name": "scan.png", "datas": base64.b64encode(PNG)})
        attachment = attachment_of(self.doc_available)
        self.assertEqual(len(attachment), 1)
        self.assertEqual((attachment.mimetype, self.doc_available.mimetype), ("image/png", "image/png"))
        self.assertEqual(base64.b64decode(self.doc_available.datas), PNG)

    def test_error_is_translated(self):
        with self.assertRaises(UserError) as caught:
            self.env["client.desk.document"].with_context(lang="nl_BE").create({
                "name": "a.exe", "datas": base64.b64encode(EXE), "partner_id": self.client.id})
        self.assertEqual(caught.exception.name, po_translation(
            "client_desk_documents", "nl_BE", "Programs and scripts cannot be uploaded."))
