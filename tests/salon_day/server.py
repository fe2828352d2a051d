"""A real `odoo-bin` HTTP server on a database of its own, started and stopped by the test."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LESSC = os.path.join(ROOT, ".venv", "lessc", "node_modules", ".bin")
# Odoo's log line: "2026-11-25 14:24:36,571 27201 ERROR db logger: message".
LOG_LINE = re.compile(r"^\S+ \S+ \d+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")


def free_port():
    """A TCP port nobody listens on right now (on loopback)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout=60, interval=0.2, message="condition"):
    """Polls condition() until it returns something true, and returns that; AssertionError
    after timeout seconds. For conditions only: never a fixed sleep for timing."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("%s not met within %ss" % (message, timeout))
        time.sleep(interval)


class OdooServer:
    """odoo-bin serving dbname only (--db-filter; loaded at the first request), on a free port,
    with no cron thread (crons are run on demand over XML-RPC) and its outgoing mail to
    smtp_port on loopback."""

    def __init__(self, dbname, smtp_port, logfile):
        self.dbname, self.smtp_port, self.logfile = dbname, smtp_port, logfile
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.process = None

    def start(self, timeout=240):
        os.makedirs(os.path.dirname(self.logfile), exist_ok=True)
        if os.path.exists(self.logfile):
            os.remove(self.logfile)
        command = [
            sys.executable,
            os.path.join(ROOT, "scripts", "odoo-bin"),
            "-c",
            os.path.join(ROOT, "odoo.conf"),
            "--db-filter=^%s$" % re.escape(self.dbname),
            "--http-interface=127.0.0.1",
            "--http-port=%d" % self.port,
            "--longpolling-port=%d" % free_port(),
            "--workers=0",
            "--max-cron-threads=0",
            "--smtp=127.0.0.1",
            "--smtp-port=%d" % self.smtp_port,
            "--log-level=info",
            "--logfile=%s" % self.logfile,
        ]
        # Odoo runs lessc (installed in the venv by scripts/setup_venv.sh) for the stylesheets.
        env = dict(os.environ, PATH=os.pathsep.join([LESSC, os.environ.get("PATH", "")]))
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self._answers, timeout=timeout, interval=0.5, message="odoo-bin answering on %s" % self.url)
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError("odoo-bin exited with %s; see %s" % (self.process.returncode, self.logfile))
        try:
            with urllib.request.urlopen(self.url + "/web/login", timeout=10) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def problems(self, levels=("ERROR", "CRITICAL")):
        """The lines the server logged at one of levels (with their traceback lines)."""
        found, keep = [], False
        if not os.path.exists(self.logfile):
            return found
        with open(self.logfile, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                match = LOG_LINE.match(line)
                if match:
                    keep = match.group(1) in levels
                if keep:
                    found.append(line.rstrip())
        return found
