"""What the day-at-the-salon scenario drives from outside Odoo's process: a real `odoo-bin`
server on a free port, an SMTP sink it delivers to, XML-RPC clients and headless Chromium.

Nothing here imports Odoo: the root tests run under plain pytest (`-p no:odoo`).
"""
from .browser import ensure_chromium, start_chromium
from .rpc import Rpc
from .server import OdooServer, free_port, wait_until
from .smtp import SmtpSink

__all__ = ["OdooServer", "Rpc", "SmtpSink", "ensure_chromium", "free_port", "start_chromium", "wait_until"]
