"""The SMTP sink the scenario's server delivers to, and readers of what it received.

The sink is the harness's (addons/client_desk/tests/harness/smtp_sink.py), which imports nothing
of Odoo; it is loaded from its file, since importing the harness package would import Odoo."""
from .harness_files import load_harness_file

SmtpSink = load_harness_file("smtp_sink").SmtpSink


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
