"""What the day-at-the-salon scenario drives from outside Odoo's process: a real `odoo-bin`
server on a free port, an SMTP sink it delivers to, XML-RPC clients and headless Chromium.

Nothing here imports Odoo: the root tests run under plain pytest (`-p no:odoo`).
"""
from .harness_files import load_harness_file
from .rpc import Rpc
from .server import OdooServer, free_port, wait_until
from .smtp import SmtpSink

_chromium = load_harness_file("chromium")
ensure_chromium, start_chromium = _chromium.ensure_chromium, _chromium.start_chromium

__all__ = ["OdooServer", "Rpc", "SmtpSink", "ensure_chromium", "free_port", "start_chromium", "wait_until"]
