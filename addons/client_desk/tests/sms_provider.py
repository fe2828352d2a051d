"""A fake SMS provider on 127.0.0.1 (never the internet) for the SMS gateway tests."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeSmsProvider(BaseHTTPRequestHandler):
    """A fake SMS provider: records each request and answers as its server's `mode` says."""

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.received.append({
            "method": self.command,
            "path": self.path,
            "headers": dict(self.headers),
            "body": self.rfile.read(length).decode("utf-8") if length else "",
        })
        mode = self.server.mode
        if mode == "slow":
            time.sleep(2)
        if mode == "error":
            status, answer = 500, b"Internal provider error"
        else:
            status, answer = 200, json.dumps({"messages": [{"id": "abc-123"}]}).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except OSError:  # the client gave up waiting (timeout test)
            self.close_connection = True

    do_GET = do_POST = _handle

    def log_message(self, *args):
        pass


class FakeSmsProviderMixin(object):
    """Serves a FakeSmsProvider for the test class (`cls.server`: `received` requests and the
    `mode` it answers in: ok, error or slow); every test starts with none received, mode ok."""

    @classmethod
    def setUpSmsProvider(cls):
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSmsProvider)
        cls.server.daemon_threads = True
        cls.server.received = []
        cls.server.mode = "ok"
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.base = "http://127.0.0.1:%s" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.server.received.clear()
        self.server.mode = "ok"
