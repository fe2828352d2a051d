"""Personalisation of campaign texts: {client_first_name} and {client_full_name}.

Pure functions: the campaign's subject, HTML body and SMS text with a client's names put in,
escaped where the text is HTML (a client named <script> stays text).
"""
from odoo.tools import html_escape

PLACEHOLDERS = ("{client_first_name}", "{client_full_name}")


def client_names(first_name, full_name):
    """{placeholder: value} for a client; the first name falls back on the full name's first word."""
    full_name = (full_name or "").strip()
    first_name = (first_name or "").strip() or (full_name.split() or [""])[0]
    return {"{client_first_name}": first_name, "{client_full_name}": full_name}


def personalise_text(text, names):
    """Plain text (subject, SMS) with the names put in; line breaks in names are dropped so a
    name can never add a header line."""
    text = text or ""
    for placeholder, value in names.items():
        text = text.replace(placeholder, " ".join(value.split()))
    return text


def personalise_html(html, names):
    """HTML with the names put in, escaped."""
    html = html or ""
    for placeholder, value in names.items():
        html = html.replace(placeholder, str(html_escape(" ".join(value.split()))))
    return html
