"""Reading client lists the way businesses have them: pure parsing, no ORM.

    parsed = read_file("klanten.csv", content_bytes)
    parsed.format, parsed.encoding, parsed.delimiter, parsed.headers, parsed.rows, parsed.targets

Formats: CSV (comma, semicolon or TAB; UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252 as Belgian Excel writes it), Excel (.xlsx and .xls through xlrd), vCard (.vcf,
2.1/3.0/4.0, many cards per file), Google Contacts CSV (old and new export) and Outlook CSV.
Google, Outlook and vCard contacts are turned into rows with our own column names, so the
wizard maps every format the same way.

A file that cannot be read raises ImportFileError; its message is an English msgid marked
for translation (the wizard translates it with the user's language) and its params fill it.
"""
import codecs
import csv
import datetime
import io
import re
import unicodedata

import vobject
import xlrd

from .values import read_boolean, read_date

# The largest list we accept in one go: far above a small business, far below a DoS.
MAX_ROWS = 100000
MAX_BYTES = 30 * 1024 * 1024


def _(source):
    """Marks a message for translation extraction; the wizard translates it (see module doc)."""
    return source


class ImportFileError(Exception):
    """The file cannot be imported; message is a translatable msgid, params fill its %(x)s."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self):
        return self.message % self.params if self.params else self.message


# -- targets and header recognition ------------------------------------------------------------

# Where a column can go, with its label: msgids marked here, translated by the wizard at run time.
TARGET_LABELS = (
    ("name", _("Name")),
    ("first_name", _("First name")),
    ("last_name", _("Last name")),
    ("email", _("E-mail")),
    ("phone", _("Phone")),
    ("mobile", _("Mobile")),
    ("street", _("Street")),
    ("zip", _("Zip")),
    ("city", _("City")),
    ("country", _("Country")),
    ("birthday", _("Birthday")),
    ("tags", _("Tags")),
    ("lang", _("Language")),
    ("note", _("Note")),
    ("ref", _("Former client number")),
    ("marketing_opt_in", _("Marketing opt-in")),
)
TARGETS = tuple(target for target, _label in TARGET_LABELS)
# How the wizard shows values in proposed changes (msgids it translates at run time).
EMPTY_VALUE, YES, NO = _("(empty)"), _("yes"), _("no")

# Column names people use, in Dutch, French and English, after normalize_header().
HEADER_SYNONYMS = {
    "name": (
        "naam", "volledigenaam", "klantnaam", "klant", "weergavenaam", "nom", "nomcomplet", "nomduclient",
        "client", "name", "fullname", "displayname", "contact", "contactnaam",
    ),
    "first_name": ("voornaam", "voornamen", "prenom", "prenoms", "firstname", "givenname", "first", "forename"),
    "last_name": (
        "achternaam", "familienaam", "famillienaam", "nomdefamille", "lastname", "surname", "familyname",
        "last",
    ),
    "email": (
        "email", "emailadres", "emailadresse", "mailadres", "mail", "emailaddress", "courriel",
        "adresseemail", "adressemail", "adressecourriel", "adresseelectronique", "elektronischpostadres",
    ),
    "phone": (
        "telefoon", "telefoonnummer", "telnr", "tel", "vastetelefoon", "telefoonvast", "telephone",
        "telephonefixe", "numerodetelephone", "fixe", "phone", "phonenumber", "telephonenumber",
        "homephone", "landline",
    ),
    "mobile": (
        "gsm", "gsmnummer", "mobiel", "mobielnummer", "mobieletelefoon", "mobile", "mobilephone",
        "portable", "telephoneportable", "numerodeportable", "numerogsm", "cell", "cellphone",
        "mobilenumber", "handy", "natel",
    ),
    "street": (
        "straat", "straatennummer", "straatnr", "adres", "rue", "adresse", "rueetnumero", "street",
        "streetaddress", "address", "address1", "adres1",
    ),
    "zip": ("postcode", "postnummer", "codepostal", "cp", "zip", "zipcode", "postalcode"),
    "city": ("gemeente", "stad", "woonplaats", "plaats", "ville", "localite", "commune", "city", "town"),
    "country": ("land", "pays", "country", "countryregion"),
    "birthday": (
        "geboortedatum", "verjaardag", "datedenaissance", "naissance", "anniversaire", "birthday",
        "birthdate", "dateofbirth", "dob",
    ),
    "tags": (
        "tags", "tag", "labels", "label", "etiquettes", "etiquette", "categorieen", "categorie",
        "categories", "category", "groepen", "groupes", "groups",
    ),
    "lang": ("taal", "voertaal", "langue", "language", "lang"),
    "note": (
        "notitie", "notities", "opmerking", "opmerkingen", "nota", "remarque", "remarques", "note", "notes",
        "commentaar", "commentaire", "commentaires", "comment", "comments",
    ),
    "ref": (
        "klantnummer", "klantnr", "klantid", "numerodeclient", "numeroclient", "noclient", "clientnumber",
        "customernumber", "customerid", "clientid", "referentie", "reference", "ref",
    ),
    "marketing_opt_in": (
        "nieuwsbrief", "inschrijvingnieuwsbrief", "marketingtoestemming", "toestemmingmarketing",
        "newsletter", "lettredinformation", "consentementmarketing", "accordmarketing", "optin",
        "marketingoptin", "marketing", "emailmarketing",
    ),
}
_HEADER_TARGET = {synonym: target for target, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms}
# A "name" column next to a first-name column holds the family name ("Naam" + "Voornaam").
_NAME_WORDS = ("naam", "nom", "name")


def normalize_header(text):
    """'  Code Postal ' -> 'codepostal', 'E-mail' -> 'email', 'Prénom' -> 'prenom'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]", "", text.lower())


def guess_targets(headers):
    """The target of each column (or 'ignore'); a target goes to its first column only."""
    keys = [normalize_header(header) for header in headers]
    guesses = [_HEADER_TARGET.get(key, "ignore") for key in keys]
    if "first_name" in guesses and "last_name" not in guesses:
        guesses = ["last_name" if key in _NAME_WORDS else guess for key, guess in zip(keys, guesses)]
    seen = set()
    targets = []
    for guess in guesses:
        targets.append("ignore" if guess in seen else guess)
        seen.add(guess)
    return targets


# -- the parsed file ------------------------------------------------------------------------------

class ParsedFile:
    """What read_file() found: format, how it was read, the columns and the data rows.

    rows is a list of (row_number, cells): the number the user sees in a spreadsheet (header
    is row 1) or the card number in a vCard file; cells are stripped strings, one per header.
    headers of contacts (vCard, Google, Outlook) are our own column names: msgids that the
    wizard translates. dropped is what a contacts file holds that no column carries on:
    {label: [row numbers]}, label a column name of the file or a msgid (vCard).
    """

    def __init__(self, file_format, headers, rows, encoding=None, delimiter=None, dropped=None):
        self.format = file_format
        self.headers = headers
        self.rows = rows
        self.encoding = encoding
        self.delimiter = delimiter
        self.dropped = dropped or {}
        self.targets = guess_targets(headers)


def read_file(filename, content):
    """ParsedFile for an uploaded file; raises ImportFileError when it cannot be read."""
    if not content or not content.strip():
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(size)s MB; split it and import the parts."),
                              size=MAX_BYTES // (1024 * 1024))
    kind = detect_format(filename, content)
    if kind in ("xlsx", "xls"):
        parsed = read_excel(content, kind)
    elif kind == "vcard":
        parsed = read_vcard(content)
    else:
        parsed = read_csv(content)
    if not parsed.rows:
        raise ImportFileError(_("The file has column names but no clients under them."))
    if len(parsed.rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(count)s rows; import at most %(max)s at a time."), count=len(parsed.rows), max=MAX_ROWS
        )
    if all(target == "ignore" for target in parsed.targets):
        raise ImportFileError(
            _("No column was recognised. The first row must name the columns, for example: "
              "Voornaam, Naam, E-mail, GSM (or Prénom, Nom, Courriel, Portable; or First name, "
              "Last name, E-mail, Mobile).")
        )
    return parsed


def detect_format(filename, content):
    """'xlsx', 'xls', 'vcard' or 'csv', from the content first and the file name second."""
    name = (filename or "").lower()
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if name.endswith((".xlsx", ".xls", ".xlsm", ".ods")):
        raise ImportFileError(_("This file is named like a spreadsheet but is not an Excel file that can be read."))
    head = content[:4096]
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, "ignore").encode("utf-8")
            break
    if head.lstrip().upper().startswith(b"BEGIN:VCARD"):
        return "vcard"
    if name.endswith((".vcf", ".vcard")):
        raise ImportFileError(_("The file does not contain any contact card."))
    return "csv"


# -- text and CSV ---------------------------------------------------------------------------

def decode_text(content):
    """(text, encoding): UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252."""
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8):].decode("utf-8", "replace"), "utf-8-sig"
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if content.startswith(bom):
            try:
                return content[len(bom):].decode(encoding), "utf-16"
            except UnicodeDecodeError:
                raise ImportFileError(_("The file says it is UTF-16 text but its characters cannot be read."))
    if b"\x00" in content[:65536]:
        raise ImportFileError(_("This is not a text file (CSV), an Excel file or a vCard file."))
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1252"  # Belgian Excel writes Windows-1252 when it is not UTF-8
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(_("The characters of this file cannot be read: save it as CSV UTF-8 and try again."))
    return text, "cp1252"


def _looks_binary(text):
    """True when a decoded text is mostly control characters: a binary file, not a list."""
    sample = text[:65536]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\r\n")
    return controls > max(3, len(sample) // 100)


def sniff_delimiter(lines):
    """';', ',' or TAB: the one that splits the first lines into the most consistent columns."""
    sample = [line for line in lines[:50] if line.strip()]
    best, best_score = ",", None
    for delimiter in (";", ",", "\t"):
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for count in counts if count == counts[0]) / len(counts)
        score = (consistent, counts[0])
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(content):
    """ParsedFile of a CSV file; Google and Outlook exports are turned into our columns."""
    text, encoding = decode_text(content)
    if _looks_binary(text):
        raise ImportFileError(_("This is not a text file (CSV), an Excel file or a vCard file."))
    lines = text.splitlines()
    delimiter = None
    # Excel's "sep=;" first line names the delimiter.
    if lines and re.match(r"^\s*sep=(.)\s*$", lines[0]):
        delimiter = lines[0].strip()[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines = lines[1:]
    delimiter = delimiter or sniff_delimiter(lines)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(_("The CSV file is damaged: %(error)s"), error=str(error))
    header_index = next((index for index, record in enumerate(records) if any(cell.strip() for cell in record)), None)
    if header_index is None:
        raise ImportFileError(_("The file is empty."))
    headers = [cell.strip() for cell in records[header_index]]
    rows = []
    for index, record in enumerate(records[header_index + 1:], start=header_index + 2):
        cells = [cell.strip() for cell in record]
        if any(cells):
            rows.append((index, (cells + [""] * len(headers))[:len(headers)]))
    flavour = detect_csv_flavour(headers)
    dropped = None
    if flavour in ("google", "outlook"):
        contacts = google_contacts(headers, rows) if flavour == "google" else outlook_contacts(headers, rows)
        dropped = _dropped(contacts)
        headers, rows = _canonical(contacts)
    return ParsedFile(flavour or "csv", headers, rows, encoding=encoding, delimiter=delimiter, dropped=dropped)


# -- Excel --------------------------------------------------------------------------------------

def read_excel(content, kind):
    """ParsedFile of the first non-empty sheet of an .xlsx or .xls file."""
    try:
        book = xlrd.open_workbook(file_contents=content)
    except Exception as error:  # noqa: B902 - xlrd raises anything on a damaged file; say so, import nothing
        raise ImportFileError(
            _("The Excel file could not be read (%(error)s)."), error=str(error) or type(error).__name__)
    # The first sheet with a value: a sheet of formatted blank cells has rows but nothing in them.
    for sheet in book.sheets():
        records = [[_excel_cell(cell, book.datemode) for cell in sheet.row(index)] for index in range(sheet.nrows)]
        header_index = next((index for index, record in enumerate(records) if any(record)), None)
        if header_index is not None:
            break
    else:
        raise ImportFileError(_("The file is empty."))
    headers = records[header_index]
    rows = [
        (index + 1, (record + [""] * len(headers))[:len(headers)])
        for index, record in enumerate(records) if index > header_index and any(record)
    ]
    return ParsedFile(kind, headers, rows)


def _excel_cell(cell, datemode):
    """Text of an Excel cell: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return ""
        return value.strftime("%Y-%m-%d" if value.time() == datetime.time(0) else "%Y-%m-%d %H:%M:%S")
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return str(int(cell.value)) if float(cell.value).is_integer() else str(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "1" if cell.value else "0"
    if cell.ctype in (xlrd.XL_CELL_TEXT,):
        return cell.value.strip()
    return ""


# -- contacts apps --------------------------------------------------------------------------

# Our own column names for contacts read from vCard, Google and Outlook (recognised headers;
# msgids the wizard translates, and recognises in every language).
CANONICAL_COLUMNS = tuple((key, label) for key, label in TARGET_LABELS if key in (
    "name", "first_name", "last_name", "email", "phone", "mobile", "street", "zip", "city", "country", "birthday",
    "tags", "note"))
# What contacts apps give that we leave out without telling: it repeats what we import.
_REDUNDANT = {
    "google": ("file as", "yomi name", "given name yomi", "additional name yomi", "family name yomi"),
    "outlook": ("display name",),
}
_REDUNDANT_SUFFIXES = (" - type", " - label", " - formatted")
_MOBILE_TYPES = ("cell", "mobile", "mobiel", "gsm", "portable", "iphone")
_GOOGLE_SEPARATOR = " ::: "


def _canonical(contacts):
    """(headers, rows) with our column names, keeping only the columns that have data."""
    used = [(key, label) for key, label in CANONICAL_COLUMNS if any(contact.get(key) for _number, contact in contacts)]
    headers = [label for _key, label in used]
    rows = [(number, [contact.get(key) or "" for key, _label in used]) for number, contact in contacts]
    return headers, rows


def detect_csv_flavour(headers):
    """'google' or 'outlook' for those contact exports, else None."""
    keys = {header.strip().lower() for header in headers}
    if any(re.match(r"^(e-mail|phone) \d+ - value$", key) for key in keys):
        return "google"
    if "e-mail address" in keys and ({"first name", "last name"} & keys) \
            and ({"mobile phone", "business phone", "home phone"} & keys):
        return "outlook"
    return None


def _first_value(text):
    """First of Google's ' ::: '-separated values."""
    return (text or "").split(_GOOGLE_SEPARATOR)[0].strip()


def _dropped(contacts):
    """{label: [row numbers]} of what the contacts hold that is not imported."""
    dropped = {}
    for number, contact in contacts:
        for label in contact.pop("_dropped", ()):
            rows = dropped.setdefault(label, [])
            if not rows or rows[-1] != number:
                rows.append(number)
    return dropped


def _cell_reader(headers, flavour):
    """(column index by lower-case header, cell(cells, *names) -> first non-empty value,
    unused(cells) -> headers of the columns with a value that cell() did not return since
    the last call: what a contact leaves out)."""
    index = {header.strip().lower(): position for position, header in enumerate(headers)}
    ignored = {name for name in index if name in _REDUNDANT.get(flavour, ())
               or name.endswith(_REDUNDANT_SUFFIXES)}
    used = set()

    def cell(cells, *names):
        for name in names:
            position = index.get(name)
            if position is not None and cells[position].strip():
                used.add(name)
                return cells[position].strip()
        return ""

    def unused(cells):
        found = [headers[position].strip() for name, position in sorted(index.items(), key=lambda item: item[1])
                 if name not in used and name not in ignored and cells[position].strip()]
        used.clear()
        return found

    return index, cell, unused


def _others(text, header):
    """[header] when a Google cell holds more than one value (the first is imported)."""
    return [header] if _GOOGLE_SEPARATOR in (text or "") else []


def google_contacts(headers, rows):
    """[(row number, contact dict)] from a Google Contacts CSV (old or new export)."""
    index, cell, unused = _cell_reader(headers, "google")
    original = {header.strip().lower(): header.strip() for header in headers}

    numbered = sorted({int(match.group(1)) for match in (re.match(r"^phone (\d+) - value$", key) for key in index)
                       if match})
    contacts = []
    for number, cells in rows:
        contact = {
            "name": cell(cells, "name"),
            "first_name": " ".join(filter(None, [cell(cells, "given name", "first name"),
                                                 cell(cells, "additional name", "middle name")])),
            "last_name": cell(cells, "family name", "last name"),
            "email": cell(cells, "e-mail 1 - value"),
            "birthday": cell(cells, "birthday"),
            "note": cell(cells, "notes"),
            "street": cell(cells, "address 1 - street"),
            "zip": cell(cells, "address 1 - postal code"),
            "city": cell(cells, "address 1 - city"),
            "country": cell(cells, "address 1 - country"),
        }
        dropped = []
        for key, name in (("email", "e-mail 1 - value"), ("street", "address 1 - street"),
                          ("zip", "address 1 - postal code"), ("city", "address 1 - city"),
                          ("country", "address 1 - country")):
            dropped += _others(contact[key], original.get(name))
            contact[key] = _first_value(contact[key])
        for position in numbered:
            header = "phone %d - value" % position
            raw = cell(cells, header)
            dropped += _others(raw, original.get(header))
            value = _first_value(raw)
            kind = cell(cells, "phone %d - type" % position, "phone %d - label" % position).lower()
            key = "mobile" if any(word in kind for word in _MOBILE_TYPES) else "phone"
            if value and not contact.get(key):
                contact[key] = value
            elif value:
                dropped.append(original[header])
        groups = cell(cells, "group membership", "labels")
        # "* myContacts" and "* starred" are Google's own groups, not the business's tags.
        contact["tags"] = ", ".join(
            group.strip() for group in groups.split(_GOOGLE_SEPARATOR) if group.strip() and not group.startswith("*")
        )
        contact["_dropped"] = unused(cells) + dropped
        contacts.append((number, contact))
    return contacts


def outlook_contacts(headers, rows):
    """[(row number, contact dict)] from an Outlook CSV export."""
    _index, cell, unused = _cell_reader(headers, "outlook")

    contacts = []
    for number, cells in rows:
        place = next((prefix for prefix in ("home", "business", "other")
                      if cell(cells, prefix + " street", prefix + " city")), "home")
        birthday = cell(cells, "birthday")
        contact = {
            "first_name": " ".join(filter(None, [cell(cells, "first name"), cell(cells, "middle name")])),
            "last_name": cell(cells, "last name"),
            "email": cell(cells, "e-mail address", "e-mail 2 address", "e-mail 3 address"),
            "mobile": cell(cells, "mobile phone"),
            "phone": cell(cells, "home phone", "business phone", "primary phone", "other phone",
                          "home phone 2", "business phone 2"),
            "street": cell(cells, place + " street"),
            "zip": cell(cells, place + " postal code"),
            "city": cell(cells, place + " city"),
            "country": cell(cells, place + " country/region", place + " country"),
            # Outlook writes 0/0/00 for "no birthday".
            "birthday": "" if re.match(r"^[0/.-]*$", birthday) else birthday,
            "tags": ", ".join(tag.strip() for tag in cell(cells, "categories").split(";") if tag.strip()),
            "note": cell(cells, "notes"),
        }
        if not (contact["first_name"] or contact["last_name"]):
            contact["name"] = cell(cells, "display name", "company")
        contact["_dropped"] = unused(cells)
        contacts.append((number, contact))
    return contacts


def read_vcard(content):
    """ParsedFile of a vCard file with one or many cards (2.1, 3.0 or 4.0)."""
    text, encoding = decode_text(content)
    contacts = []
    try:
        for number, card in enumerate(vobject.readComponents(text, ignoreUnreadable=True), start=1):
            if card.name.upper() != "VCARD":
                continue
            contacts.append((number, _vcard_contact(card)))
    except Exception as error:  # noqa: B902 - vobject raises anything on a damaged card; say so, import nothing
        raise ImportFileError(
            _("The vCard file is damaged after %(count)s contacts: %(error)s"), count=len(contacts), error=str(error)
        )
    if not contacts:
        raise ImportFileError(_("The file does not contain any contact card."))
    dropped = _dropped(contacts)
    headers, rows = _canonical(contacts)
    return ParsedFile("vcard", headers, rows, encoding=encoding, dropped=dropped)


# vCard properties we do not import, by what a person calls them (msgids); X- properties and
# these technical ones say nothing about the client.
_VCARD_LABELS = {
    "org": _("Company"), "title": _("Job title"), "role": _("Job title"), "email": _("Other e-mail addresses"),
    "tel": _("Other phone numbers"), "adr": _("Other addresses"), "url": _("Website"), "photo": _("Photo"),
    "nickname": _("Nickname"), "impp": _("Chat address"), "anniversary": _("Anniversary"),
    "gender": _("Gender"), "related": _("Relations"), "label": _("Other addresses"),
}
_VCARD_TECHNICAL = {"version", "prodid", "uid", "rev", "kind", "source", "n", "fn", "bday", "categories", "note",
                    "xml", "clientpidmap", "sort-string", "mailer", "tz", "geo", "logo", "sound", "key"}


def _vcard_dropped(card, used):
    """Labels of what a card holds that is not imported: used is {property: lines imported}."""
    labels = []
    for name, lines in card.contents.items():
        name = name.lower()
        if name in _VCARD_TECHNICAL or name.startswith("x-") or len(lines) <= used.get(name, 0):
            continue
        label = _VCARD_LABELS.get(name, name.upper())
        if label not in labels:
            labels.append(label)
    return labels


def _vcard_types(line):
    """Lower-case TYPE values of a vCard line: TYPE=cell,voice / TYPE=CELL;TYPE=pref / 2.1 'CELL'."""
    types = set()
    for key, values in line.params.items():
        if key.upper() == "TYPE":
            for value in values:
                types.update(part.strip().strip('"').lower() for part in value.split(","))
        elif not values:  # vCard 2.1: TEL;CELL:...
            types.add(key.lower())
    singletons = getattr(line, "singletonparams", None) or []
    types.update(value.lower() for value in singletons)
    return types


def _vcard_text(value):
    if isinstance(value, (list, tuple)):
        value = " ".join(str(part) for part in value if part)
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _vcard_contact(card):
    """Contact dict of one vobject vCard."""
    contents = card.contents
    contact = {"name": _vcard_text(contents["fn"][0].value) if "fn" in contents else ""}
    if "n" in contents:
        name = contents["n"][0].value
        if isinstance(name, vobject.vcard.Name):
            contact["first_name"] = _vcard_text([name.given, name.additional])
            contact["last_name"] = _vcard_text(name.family)
        else:
            contact["last_name"] = _vcard_text(name)
    used = {}
    emails = contents.get("email", [])
    preferred = sorted(emails, key=lambda line: "pref" not in _vcard_types(line))
    if preferred:
        contact["email"] = _vcard_text(preferred[0].value)
        used["email"] = 1
    for line in contents.get("tel", []):
        value = _vcard_text(line.value)
        if value.lower().startswith("tel:"):
            value = value[4:]
        key = "mobile" if _vcard_types(line) & set(_MOBILE_TYPES) else "phone"
        if value and not contact.get(key):
            contact[key] = value
            used["tel"] = used.get("tel", 0) + 1
    addresses = contents.get("adr", [])
    if addresses:
        used["adr"] = 1
        address = sorted(addresses, key=lambda line: "home" not in _vcard_types(line))[0].value
        if isinstance(address, vobject.vcard.Address):
            contact["street"] = _vcard_text(address.street)
            contact["zip"] = _vcard_text(address.code)
            contact["city"] = _vcard_text(address.city)
            contact["country"] = _vcard_text(address.country)
    if "bday" in contents:
        contact["birthday"] = _vcard_text(contents["bday"][0].value)
    tags = []
    for line in contents.get("categories", []):
        values = line.value if isinstance(line.value, (list, tuple)) else str(line.value).split(",")
        tags += [str(value).strip() for value in values if str(value).strip()]
    contact["tags"] = ", ".join(tags)
    if "note" in contents:
        contact["note"] = str(contents["note"][0].value or "").strip()
    contact["_dropped"] = _vcard_dropped(card, used)
    return contact


# -- values -------------------------------------------------------------------------------------

def parse_date(text):
    """datetime.date of a birthday ('12/04/1985', '12.04.85', '1985-04-12'): None when empty;
    ValueError when it is not a date, before 1900 or in the future."""
    if not (text or "").strip():
        return None
    value = read_date(text, past=True)
    if value is None or value.year < 1900 or value > datetime.date.today():
        raise ValueError(text)
    return value


def parse_bool(text):
    """True/False for ja/oui/yes/1/x and nee/non/no/0; None when empty; ValueError otherwise."""
    if not (text or "").strip():
        return None
    value = read_boolean(text)
    if value is None:
        raise ValueError(text)
    return value


_LANGUAGES = {
    "nl": ("nl", "nederlands", "dutch", "neerlandais", "vlaams", "flamand", "flemish", "nederlandstalig"),
    "fr": ("fr", "frans", "francais", "french", "franstalig", "francophone"),
    "en": ("en", "engels", "anglais", "english"),
    "de": ("de", "duits", "allemand", "german", "deutsch"),
}
_LANGUAGE_OF = {word: code for code, words in _LANGUAGES.items() for word in words}


def parse_language(text):
    """('nl', 'nl_BE')-like pair: the base language code and the exact code when one was
    given ('nl-BE' -> ('nl', 'nl_BE')); None when empty; ValueError when not understood."""
    raw = (text or "").strip()
    if not raw:
        return None
    match = re.match(r"^([a-zA-Z]{2})[-_]([a-zA-Z]{2})$", raw)
    if match:
        base = match.group(1).lower()
        return base, "%s_%s" % (base, match.group(2).upper())
    code = _LANGUAGE_OF.get(normalize_header(raw))
    if not code:
        raise ValueError(text)
    return code, None


def split_tags(text):
    """Tag names of a cell: separated by commas, semicolons or Google's ' ::: '."""
    parts = re.split(r"\s*(?:,|;|:::|\|)\s*", text or "")
    seen, tags = set(), []
    for part in parts:
        part = re.sub(r"\s+", " ", part).strip()
        if part and part.lower() not in seen:
            seen.add(part.lower())
            tags.append(part)
    return tags


def clean_email(text):
    """The e-mail address in a cell: 'mailto:', 'Name <a@b.be>' and a second address dropped."""
    text = (text or "").strip()
    match = re.search(r"<([^<>]+)>", text)
    if match:
        text = match.group(1)
    text = re.split(r"[\s,;]+", text.strip())[0] if text.strip() else ""
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:"):]
    return text.strip()


def clean_text(text):
    """A one-line value: inner whitespace collapsed."""
    return re.sub(r"\s+", " ", text or "").strip()
