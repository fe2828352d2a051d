"""Reading dates and yes/no answers as Belgian clients and their files write them (nl, fr, en).

One place for the rules, used by custom client fields and the client import.
"""
import datetime
import re
import unicodedata

TRUE_WORDS = {"1", "x", "y", "yes", "j", "ja", "o", "oui", "true", "waar", "vrai", "ok", "v"}
FALSE_WORDS = {"0", "n", "no", "nee", "neen", "non", "false", "onwaar", "faux", "-"}
DATE_FORMATS = (
    "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%Y%m%d",
    "%d/%m/%y", "%d-%m-%y", "%d.%m.%y",
)
_ISO_WITH_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]")


def read_date(raw, past=False):
    """datetime.date for 12/04/1985, 12-4-1985, 12.04.85, 1985-04-12 (a time after an ISO date
    is ignored) or a date object; None when it is not a date. With past=True a two-digit year
    never lands in the future ('12/04/50' is 1950: birthdays)."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw or "").strip()
    if _ISO_WITH_TIME.match(text):
        text = re.split(r"[ T]", text, 1)[0]
    for date_format in DATE_FORMATS:
        try:
            value = datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
        if past and "%y" in date_format and value > datetime.date.today():
            value = value.replace(year=value.year - 100)
        return value
    return None


def read_boolean(raw):
    """True or False for ja/oui/yes/1/x/ok and nee/non/no/0/- (any case, accents or trailing
    punctuation) or a bool; None when it is neither."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    text = unicodedata.normalize("NFKD", str(raw or "")).encode("ascii", "ignore").decode().strip().lower()
    word = text.rstrip(".!") or text
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None
