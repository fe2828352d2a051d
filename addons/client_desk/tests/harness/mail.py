"""A real SMTP server on loopback that keeps what Odoo delivers to it.

Odoo 11 never connects to an SMTP server while a thread is marked as testing;
MailDeliveryMixin.delivering() lifts that for a block, so the mail really goes out.
"""
import asyncore
import contextlib
import email
import email.policy
import smtpd
import threading
from collections import namedtuple

from .network import free_port

ReceivedMail = namedtuple("ReceivedMail", "mail_from rcpt_tos message")


class _Collector(smtpd.SMTPServer):
    def __init__(self, port, inbox):
        super().__init__(("127.0.0.1", port), None, decode_data=False)
        self.inbox = inbox

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        message = email.message_from_bytes(data, policy=email.policy.default)
        self.inbox.append(ReceivedMail(mailfrom, list(rcpttos), message))


class SmtpSink:
    """SMTP server on a free loopback port; every message received lands in .messages."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self._server = None
        self._thread = None

    def start(self):
        self._server = _Collector(self.port, self.messages)
        self._thread = threading.Thread(
            target=asyncore.loop, kwargs={"timeout": 0.05, "map": None}, name="smtp-sink", daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.close()
            self._thread.join(5)
            self._server = None

    def clear(self):
        del self.messages[:]

    def to(self, address):
        """Messages whose envelope recipients include address."""
        return [mail for mail in self.messages if address in mail.rcpt_tos]


class MailDeliveryMixin:
    """For SavepointCase/TransactionCase classes: an SMTP sink and an Odoo mail server for it.

    Call cls.setUpSmtpSink() in setUpClass; then, inside `with self.delivering():`,
    mail.mail.send() really delivers to self.smtp_sink.
    """

    @classmethod
    def setUpSmtpSink(cls):
        cls.smtp_sink = SmtpSink().start()
        cls.smtp_server = cls.env["ir.mail_server"].create(
            {"name": "Test SMTP sink", "smtp_host": "127.0.0.1", "smtp_port": cls.smtp_sink.port, "sequence": 0}
        )

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "smtp_sink", None):
            cls.smtp_sink.stop()
        super().tearDownClass()

    @contextlib.contextmanager
    def delivering(self):
        thread = threading.current_thread()
        testing = getattr(thread, "testing", False)
        thread.testing = False
        try:
            yield self.smtp_sink
        finally:
            thread.testing = testing
