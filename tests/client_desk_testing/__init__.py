"""Test harness for Client Desk: HTTP, browser and mail delivery helpers for Odoo 11 tests.

    from client_desk_testing import HttpTestCase, BrowserTestCase, MailDeliveryMixin, SmtpSink

See tests/README.md for how to use each.
"""
from .browser import BrowserTestCase
from .http import HttpTestCase
from .mail import MailDeliveryMixin, SmtpSink
from .users import new_user

__all__ = ["BrowserTestCase", "HttpTestCase", "MailDeliveryMixin", "SmtpSink", "new_user"]
