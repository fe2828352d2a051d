"""A real SMTP server on loopback, in a thread, that keeps what it receives. Imports nothing of
Odoo, so the repository's own tests (tests/salon_day) use it as well."""
import asyncore
import email
import email.policy
import smtpd
import threading
from collections import namedtuple

ReceivedMail = namedtuple("ReceivedMail", "mail_from rcpt_tos message")


class _Collector(smtpd.SMTPServer):
    def __init__(self, inbox, lock):
        # Port 0: the system picks a free one, known once bound (no window for another process).
        super().__init__(("127.0.0.1", 0), None, decode_data=False)
        self.inbox, self.lock = inbox, lock

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self.lock:
            self.inbox.append(ReceivedMail(mailfrom, list(rcpttos), message))


class SmtpSink:
    """SMTP server on a free loopback port (.port once started); every message received lands
    in .messages, in the order received."""

    def __init__(self):
        self.port = None
        self.messages = []
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    def start(self):
        self._server = _Collector(self.messages, self._lock)
        self.port = self._server.socket.getsockname()[1]
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
        with self._lock:
            del self.messages[:]

    def to(self, address):
        """Messages whose envelope recipients include address, oldest first."""
        with self._lock:
            return [mail for mail in self.messages if address in mail.rcpt_tos]
