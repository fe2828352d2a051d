"""Phone numbers as Belgian clients and staff type them.

One place for the rules, used by the client search, deduplication and the SMS gateway.
"""
import re

import phonenumbers

DEFAULT_REGION = "BE"
_NON_DIGITS = re.compile(r"\D")


def parse_phone(raw, region=DEFAULT_REGION):
    """phonenumbers.PhoneNumber for raw ("0478 96 74 58", "+32 478.96.74.58", "0032...")
    or None when it is not a possible number."""
    if not raw or not _NON_DIGITS.sub("", raw):
        return None
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def to_e164(raw, region=DEFAULT_REGION):
    """'+32478967458' for any way of typing that number; None when it cannot be a number."""
    number = parse_phone(raw, region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else None


def number_key(raw, region=DEFAULT_REGION):
    """search_digits() of a whole number ("478967458"), or None when raw is no number: the
    key under which clients are matched and claimed, parsed once."""
    number = parse_phone(raw, region)
    # national_number, not national_significant_number: the latter keeps a trunk zero on
    # short fragments ("0478 96 74" -> "04789674"), which would then match nothing.
    return str(number.national_number) if number is not None else None


def search_digits(raw, region=DEFAULT_REGION):
    """Digits to match a stored number against, without country prefix or trunk zero.

    A whole number gives its national significant number ("+32 478 96 74 58" and
    "0478.96.74.58" both give "478967458"); a fragment ("0478 96", "96 74") gives its digits
    without the leading "+32", "0032" or "0", so it still matches inside stored numbers.
    """
    key = number_key(raw, region)
    if key is not None:
        return key
    digits = _NON_DIGITS.sub("", raw or "")
    for prefix in ("0032", "32") if (raw or "").lstrip().startswith(("+", "00")) else ():
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
            break
    return digits.lstrip("0")
