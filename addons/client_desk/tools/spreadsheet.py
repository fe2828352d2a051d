"""Spreadsheet (CSV/XLS/XLSX) cells that cannot run as formulas.

One place for the rule, used by the list export, the GDPR export and the import preview.
A spreadsheet application reads a text cell starting with one of these characters as a
formula (or, for TAB/CR/NUL, strips it and reads what follows as one): "=HYPERLINK(...)",
"@SUM(...)", "+cmd|...". A leading single quote makes it plain text again.
"""
from numbers import Number

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise_cell(value):
    """The value to write in a spreadsheet cell: text that a spreadsheet would take for a
    formula gets a leading single quote; numbers, dates, booleans and empty cells are
    returned unchanged (a negative number stays a number)."""
    if isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            return value
        return ("'" + text).encode("utf-8") if text.startswith(FORMULA_PREFIXES) else value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(values, numeric=None):
    """neutralise_cell() on every cell of a row; cells whose position is true in numeric are
    numbers rendered as text (Odoo's CSV export turns -5.0 into "-5.0") and stay as they are."""
    return [
        value if (numeric and index < len(numeric) and numeric[index]) or isinstance(value, Number)
        else neutralise_cell(value)
        for index, value in enumerate(values)
    ]
