"""Fixtures of the documents tests: two portal clients, files of each kind, documents."""
import base64
from datetime import datetime, timedelta

from odoo import fields

from odoo.addons.client_desk.tests.common import QUIET, ClientDeskCase
from odoo.addons.client_desk.tests.harness import new_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00" + b"\x00" * 64


def past(minutes=1):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(minutes=minutes))


def attachment_of(document):
    """The ir.attachment holding a document's file."""
    return document.env["ir.attachment"].sudo().search(
        [("res_model", "=", "client.desk.document"), ("res_id", "=", document.id), ("res_field", "=", "datas")])


class DocumentsFixtures:
    """Documents of the portal client (available, internal), another client's, the library."""

    @classmethod
    def setUpDocuments(cls, prefix):
        env = cls.env(context=dict(cls.env.context, **QUIET))
        cls.other_user = new_user(env, "%s.other" % prefix, "portal", name="Bert Other")
        cls.other_client = cls.other_user.partner_id
        cls.other_client.write({"client_desk_is_client": True})
        cls.portal_client.write({"email": "%s.portal@example.com" % prefix})
        Document = env["client.desk.document"]
        cls.doc_available = Document.create({
            "name": "aftercare.pdf", "datas": base64.b64encode(PDF), "partner_id": cls.portal_client.id})
        cls.doc_internal = Document.create({
            "name": "formula.pdf", "datas": base64.b64encode(PDF), "partner_id": cls.portal_client.id,
            "visibility": "internal"})
        cls.doc_other = Document.create({
            "name": "other.pdf", "datas": base64.b64encode(PDF), "partner_id": cls.other_client.id})
        cls.doc_library = Document.create({
            "name": "price list.pdf", "datas": base64.b64encode(PDF), "is_library": True,
            "visibility": "internal"})
        cls.doc_html = Document.create({
            "name": "page.html", "datas": base64.b64encode(HTML), "partner_id": cls.portal_client.id})


class DocumentsCase(DocumentsFixtures, ClientDeskCase):
    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDocuments(cls.user_prefix or cls.__name__.lower())
