"""Mail delivery in tests: a real SMTP server on loopback (smtp_sink.py) that Odoo delivers to.

Odoo 11 never connects to an SMTP server while a thread is marked as testing;
MailDeliveryMixin.delivering() lifts that for a block, so the mail really goes out.
"""
import contextlib
import threading

from .smtp_sink import ReceivedMail, SmtpSink

__all__ = ["MailDeliveryMixin", "ReceivedMail", "SmtpSink"]


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
