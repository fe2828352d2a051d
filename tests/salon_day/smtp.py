"""A real SMTP server on loopback, in a thread of the test process, that keeps what it receives
(the idea of the harness's SmtpSink, without Odoo)."""
import asyncore
import email
import email.policy
import smtpd
import threading
from collections import namedtuple

from .server import free_port

ReceivedMail = namedtuple("ReceivedMail", "mail_from rcpt_tos message")


class _Collector(smtpd.SMTPServer):
    def __init__(self, port, inbox, lock):
        super().__init__(("127.0.0.1", port), None, decode_data=False)
        self.inbox, self.lock = inbox, lock

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self.lock:
            self.inbox.append(ReceivedMail(mailfrom, list(rcpttos), message))


class SmtpSink:
    """SMTP server on a free loopback port; every message received lands in .messages."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    def start(self):
        self._server = _Collector(self.port, self.messages, self._lock)
        self._thread = threading.Thread(
            target=asyncore.loop, kwargs={"timeout": 0.05, "map": None}, name="salon-day-smtp", daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.close()
            self._thread.join(5)
            self._server = None

    def to(self, address):
        """Messages whose envelope recipients include address, oldest first."""
        with self._lock:
            return [mail for mail in self.messages if address in mail.rcpt_tos]


def body_html(message):
    """The HTML part of a received message (the text part when it has none)."""
    part = message.get_body(preferencelist=("html", "plain"))
    return part.get_content() if part else ""


def attachment_names(message):
    return [part.get_filename() for part in message.iter_attachments() if part.get_filename()]


def attachment(message, name):
    """The decoded content (bytes) of the attachment called name, or None."""
    for part in message.iter_attachments():
        if part.get_filename() == name:
            return part.get_payload(decode=True)
    return None
