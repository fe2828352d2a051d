"""Reading a record id that a visitor typed or a URL carried."""

# PostgreSQL integer ids: a bigger number is simply not a record.
MAX_RECORD_ID = 2 ** 31 - 1


def read_record_id(raw):
    """The id as a positive int for 42, "42" or " 42 "; None for anything else ("abc", "",
    "-1", "1.5", 2**40, True, None)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.strip().isdigit() and raw.strip().isascii():
        value = int(raw.strip())
    else:
        return None
    return value if 0 < value <= MAX_RECORD_ID else None
