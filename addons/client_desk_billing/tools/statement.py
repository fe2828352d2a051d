"""Bank statement parsers: a CSV export and a CODA file, read into plain lines

    {"date": "2026-11-25", "amount": 60.0, "communication": "...", "name": "...",
     "partner_name": "...", "account_number": "..."}

Pure functions; the import wizard turns the lines into an account.bank.statement."""
import csv
import io
import re
from datetime import datetime

CSV_HEADERS = {
    "date": ("date", "datum", "date d'exécution", "date d'execution", "uitvoeringsdatum", "boekingsdatum"),
    "amount": ("amount", "bedrag", "montant"),
    "communication": ("communication", "mededeling", "reference", "référence"),
    "partner_name": ("name", "counterparty", "tegenpartij", "naam tegenpartij", "contrepartie", "nom"),
    "account_number": ("account", "iban", "rekening tegenpartij", "compte contrepartie"),
}


class StatementError(ValueError):
    """The file is not a statement this module reads; the message says why."""


def _decode(data):
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementError("unreadable text encoding")


def parse_amount(text):
    """'1.234,56' / '1,234.56' / '-60' → float."""
    text = (text or "").strip().replace(" ", "").replace("€", "")
    if not text:
        raise StatementError("empty amount")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise StatementError("not an amount: %s" % text)


def parse_date(text):
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%y"):
        try:
            return datetime.strptime(text, pattern).strftime("%Y-%m-%d")
        except ValueError:
            continue
    raise StatementError("not a date: %s" % text)


def parse_csv(data):
    """Lines of a CSV statement (comma or semicolon, headers in English, Dutch or French)."""
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        raise StatementError("not a CSV file")
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) < 2:
        raise StatementError("no lines")
    header = [cell.strip().lower() for cell in rows[0]]
    columns = {}
    for key, names in CSV_HEADERS.items():
        for index, cell in enumerate(header):
            if cell in names:
                columns[key] = index
                break
    if "date" not in columns or "amount" not in columns:
        raise StatementError("no date or amount column")
    lines = []
    for row in rows[1:]:
        if not any(value.strip() for value in row):
            continue
        lines.append({
            "date": parse_date(_cell(row, columns, "date")),
            "amount": parse_amount(_cell(row, columns, "amount")),
            "communication": _cell(row, columns, "communication"),
            "partner_name": _cell(row, columns, "partner_name"),
            "account_number": _cell(row, columns, "account_number"),
        })
    return lines


def _cell(row, columns, key):
    index = columns.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""


def parse_coda(data):
    """Movement lines of a Belgian CODA file (record types 0, 1, 21, 22, 23, 8, 9).

    Record 21: amount (sign + 15 digits, 3 decimals), value date DDMMYY, communication type
    (1 = structured: 3 digits of type then 12 digits) and text; 23: counterparty name."""
    text = _decode(data)
    records = [line for line in text.splitlines() if line.strip()]
    if not records or not records[0].startswith("0"):
        raise StatementError("not a CODA file")
    lines = []
    current = None
    for record in records:
        kind = record[:2]
        if kind == "21":
            sign = -1 if record[31:32] == "1" else 1
            amount = sign * int(record[32:47] or "0") / 1000.0
            structured = record[61:62] == "1"
            communication = record[62:115]
            if structured:
                digits = re.sub(r"\D", "", communication[3:15])
                if len(digits) == 12:
                    communication = "+++%s/%s/%s+++" % (digits[:3], digits[3:7], digits[7:12])
                else:
                    communication = digits
            else:
                communication = communication.strip()
            current = {
                "date": parse_date(record[47:53]),
                "amount": amount,
                "communication": communication,
                "partner_name": "",
                "account_number": "",
            }
            lines.append(current)
        elif kind == "23" and current is not None:
            current["account_number"] = record[10:47].strip()
            current["partner_name"] = record[47:82].strip()
    if not lines:
        raise StatementError("no movement in the CODA file")
    return lines
