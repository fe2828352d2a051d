"""Belgian structured communication (OGM/VCS, +++123/4567/89012+++): the algorithm of Odoo's
l10n_be_invoice_bba (ten digits, then their remainder modulo 97, 97 for 0), without making
billing depend on the Belgian localisation."""
import re


def make_structured_communication(number):
    """+++xxx/xxxx/xxxxx+++ for a positive integer of at most ten digits (an invoice id)."""
    number = int(number)
    if number <= 0 or number >= 10 ** 10:
        raise ValueError("a structured communication holds 1 to 10 digits")
    base = "%010d" % number
    digits = base + "%02d" % (number % 97 or 97)
    return "+++%s/%s/%s+++" % (digits[:3], digits[3:7], digits[7:])


def normalize_structured_communication(text):
    """The twelve digits of a valid structured communication in text, or None.

    Banks print it with or without the +++ / *** and slashes; anything else is not one."""
    if not text:
        return None
    if re.search(r"[^0-9+*/ ]", text.strip()):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) != 12:
        return None
    base, check = int(digits[:10]), int(digits[10:])
    return digits if (base % 97 or 97) == check else None


def structured_communication_number(text):
    """The number (invoice id) a valid structured communication carries, or None."""
    digits = normalize_structured_communication(text)
    return int(digits[:10]) if digits else None
