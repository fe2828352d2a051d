"""Test harness for Client Desk: HTTP, browser, mail delivery and user helpers for Odoo 11
tests, usable by every Client Desk module, under pytest (pytest-odoo) and under Odoo's own
runner (odoo-bin --test-enable):

    from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user

See tests/README.md for how to use each. Nothing here is a test: Odoo's runner only collects
the test_* modules of a module's tests package.
"""
from .browser import BrowserTestCase, WarningRecorder
from .http import HttpTestCase, start_http_server
from .i18n import po_translation, selection_label
from .mail import MailDeliveryMixin, SmtpSink
from .users import new_user

__all__ = [
    "BrowserTestCase",
    "HttpTestCase",
    "MailDeliveryMixin",
    "SmtpSink",
    "WarningRecorder",
    "new_user",
    "po_translation",
    "selection_label",
    "start_http_server",
]
