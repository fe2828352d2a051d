"""Pure rules for files clients and staff upload: name, size, type.

Each function decides one thing and raises UploadRefused(reason, value) when the file may
not be kept; nothing is stored by them. Models call check_upload() before any attachment is
written and turn the refusal into a translated UserError (client.desk.document
_client_desk_refusal_message): _() finds the user's language only in a model's frame.
"""
import mimetypes
import os
import re
import unicodedata

from odoo.tools.mimetypes import guess_mimetype

MEGABYTE = 1024 * 1024
DEFAULT_MAX_MB = 20
MAX_NAME_LENGTH = 120
# Extensions refused whatever the content: programs and scripts a click could run.
EXECUTABLE_EXTENSIONS = frozenset((
    "exe", "com", "bat", "cmd", "msi", "msp", "scr", "pif", "cpl", "dll", "sys", "jar", "js", "jse",
    "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "sh", "bash", "zsh", "csh", "ksh", "app", "apk", "dmg",
    "pkg", "deb", "rpm", "run", "bin", "elf", "so", "dylib", "py", "pyc", "pl", "php", "rb", "lnk",
    "reg", "hta", "gadget", "inf", "scf", "vb", "action", "command", "workflow", "appimage",
))
# Content that is a program whatever its name says.
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
)
# The types Odoo recognises by content (odoo.tools.mimetypes): a name announcing one of these
# must carry that content.
CHECKED_TYPES = {
    "application/pdf": ("application/pdf",),
    "image/jpeg": ("image/jpeg",),
    "image/png": ("image/png",),
    "image/gif": ("image/gif",),
    "image/bmp": ("image/bmp",),
    "application/msword": ("application/msword",),
    "application/vnd.ms-excel": ("application/vnd.ms-excel", "application/msword"),
    "application/vnd.ms-powerpoint": ("application/vnd.ms-powerpoint", "application/msword"),
    "application/zip": ("application/zip",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",),
    "application/vnd.oasis.opendocument.text": ("application/vnd.oasis.opendocument.text",),
    "application/vnd.oasis.opendocument.spreadsheet": ("application/vnd.oasis.opendocument.spreadsheet",),
}
# Types shown in the browser (preview); everything else is only ever a download.
PREVIEW_TYPES = frozenset(("application/pdf", "image/jpeg", "image/png", "image/gif"))


class UploadRefused(Exception):
    """A file that may not be kept: reason is one of "empty", "too_large" (value: the limit in
    MB), "program", "mismatch" (value: the file name), "no_name"."""

    def __init__(self, reason, value=None):
        super().__init__(reason, value)
        self.reason = reason
        self.value = value


# Characters never kept in a file name: path separators and shell/Windows reserved ones.
_UNSAFE = re.compile(r'[\\/:*?"<>|]')


def sanitize_filename(name):
    """The file name without folders, control or format characters (right-to-left override
    U+202E and the like), reserved characters, leading dots; at most MAX_NAME_LENGTH
    characters, keeping the extension. Empty when nothing usable remains."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]  # a browser may send C:\Users\...\file.pdf
    name = "".join(
        " " if unicodedata.category(char) in ("Zl", "Zp") else char
        for char in name
        if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(name)
        ext = ext[:16]
        name = stem[:MAX_NAME_LENGTH - len(ext)].rstrip(" .") + ext
    return name


def file_extension(name):
    """The lower-case extension without the dot ("" when none)."""
    return os.path.splitext(name)[1][1:].lower()


def check_size(size, max_bytes):
    """Refuses an empty file or one over the limit."""
    if not size:
        raise UploadRefused("empty")
    if size > max_bytes:
        raise UploadRefused("too_large", round(max_bytes / MEGABYTE, 1))


def content_type(name, data):
    """The file's type, checked against its content: programs are refused, and a name whose
    type Odoo can recognise (PDF, images, office files) must carry that content. Returns the
    mimetype to keep."""
    if file_extension(name) in EXECUTABLE_EXTENSIONS or data.startswith(EXECUTABLE_SIGNATURES):
        raise UploadRefused("program")
    announced = mimetypes.guess_type(name)[0] or "application/octet-stream"
    found = guess_mimetype(data[:4096] if not data.startswith(b"PK") else data)
    if announced in CHECKED_TYPES:
        if found not in CHECKED_TYPES[announced]:
            raise UploadRefused("mismatch", name)
        return announced
    if found in CHECKED_TYPES and found != "application/zip":
        # Recognised content under another name (a PDF called .txt): say what it is.
        raise UploadRefused("mismatch", name)
    return announced


def check_upload(name, data, max_bytes):
    """(clean name, mimetype) for an upload, or UploadRefused: no name, empty, too large, a
    program, or content that does not match the name."""
    clean = sanitize_filename(name)
    if not clean or not file_extension(clean) and clean.startswith("."):
        raise UploadRefused("no_name")
    check_size(len(data or b""), max_bytes)
    return clean, content_type(clean, data)


def served_inline(mimetype):
    """True when a file of this type may be shown in the browser; else only downloaded."""
    return mimetype in PREVIEW_TYPES
