"""Pure rules of the inbox: what a message means for its conversation, and when to remind."""
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tools import html2plaintext

PREVIEW_LENGTH = 140
# Events in the thread that do not bring a conversation to the inbox: they are bookkeeping.
QUIET_KINDS = frozenset(["consent", "profile", "import"])
# Follow-up choices of "Remind me about...", and how far ahead each one reminds.
REMIND_DELAYS = {
    "tomorrow": relativedelta(days=1),
    "3_days": relativedelta(days=3),
    "next_week": relativedelta(weeks=1),
    "2_weeks": relativedelta(weeks=2),
    "next_month": relativedelta(months=1),
}
# What a web form may hand us as page URL: kept short and printable.
SOURCE_URL_LENGTH = 500


def preview_text(html, limit=PREVIEW_LENGTH):
    """The first words of a message body as one line of plain text."""
    text = html2plaintext(html or "") if html else ""
    # html2plaintext keeps link targets as [1] footnotes: they say nothing in a preview.
    text = re.sub(r"\[\d+\]", "", text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def message_direction(kind, message_type, author_id, partner_id):
    """'in' (from the client), 'out' (to the client) or None (not an inbox event).

    E-mail that came in through the gateway is always incoming, whoever it claims to be from
    (a reply from another address of the client still is the client writing)."""
    if not kind or kind in QUIET_KINDS:
        return None
    if message_type == "email":
        return "in"
    if kind == "message_in":
        return "in"
    if kind == "message_out":
        return "out"
    return "in" if author_id and author_id == partner_id else "out"


def kind_source(kind, message_type):
    """The inbox source a message implies by itself, or None to keep the conversation's."""
    if message_type == "email":
        return "email"
    if kind and kind.startswith(("appointment", "booking")):
        return "booking"
    if kind and kind.startswith("campaign"):
        return "campaign"
    return None


def remind_date(choice, today):
    """The date a follow-up reminds on for a choice of REMIND_DELAYS (None: no reminder)."""
    delay = REMIND_DELAYS.get(choice)
    return today + delay if delay else None


def clean_source_url(url):
    """A page URL handed by a web form, as stored: http(s) only, without its query and
    fragment (they may carry tokens), at most SOURCE_URL_LENGTH characters; '' otherwise."""
    url = (url or "").strip()
    if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        return ""
    url = re.split(r"[?#]", url, 1)[0]
    if any(ord(char) < 32 for char in url):
        return ""
    return url[:SOURCE_URL_LENGTH]


def days_ago(now, days):
    return now - timedelta(days=days)


# Settings field -> (ir.config_parameter, default). Odoo 11 has no config_parameter= on settings.
INBOX_PARAMETERS = {
    "client_desk_inbox_waiting_days": ("client_desk_inbox.waiting_days", 3),
    "client_desk_inbox_opening_hour": ("client_desk_inbox.opening_hour", 9.0),
    "client_desk_inbox_closing_hour": ("client_desk_inbox.closing_hour", 18.0),
}
# Response times count Monday (0) to Saturday (5).
OPEN_WEEKDAYS = frozenset(range(6))


def inbox_parameter(env, name):
    """The value of an inbox setting (its default when unset or unreadable)."""
    key, default = INBOX_PARAMETERS[name]
    try:
        return type(default)(env["ir.config_parameter"].sudo().get_param(key, default))
    except (TypeError, ValueError):
        return default


def opening_minutes(start, end, open_hour, close_hour, weekdays=OPEN_WEEKDAYS):
    """Minutes between two local naive datetimes that fall within opening hours
    (open_hour to close_hour, as floats, on the given weekdays)."""
    if not start or not end or end <= start:
        return 0.0
    total = 0.0
    day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    while day <= end:
        if day.weekday() in weekdays:
            opens = day + timedelta(hours=open_hour)
            closes = day + timedelta(hours=close_hour)
            first, last = max(start, opens), min(end, closes)
            if last > first:
                total += (last - first).total_seconds() / 60.0
        day += timedelta(days=1)
    return round(total, 1)
