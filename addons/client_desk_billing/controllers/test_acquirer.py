"""The test acquirer's feedback: a cross-site POST without the session cookie (SameSite=Lax),
authenticated by the signature of its data, never by the session."""
import werkzeug

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request


def _local_url(url):
    """Only a path on this site: the return URL comes from the form."""
    url = url or "/"
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


class ClientDeskTestAcquirer(http.Controller):
    @http.route("/payment/client_desk_test/feedback", type="http", auth="public", csrf=False,
                methods=["POST"], website=True)
    def client_desk_test_feedback(self, **post):
        try:
            request.env["payment.transaction"].sudo().form_feedback(post, "client_desk_test")
        except ValidationError:
            response = request.make_response(
                "Payment refused: invalid data.", headers=[("Content-Type", "text/plain; charset=utf-8")])
            response.status_code = 400
            return response
        return werkzeug.utils.redirect(_local_url(post.get("return_url")))
