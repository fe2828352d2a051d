import json
import logging
from urllib.parse import quote_plus

import requests

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

MANAGER = "client_desk.group_client_desk_manager"
# Sample values to check at save time that a template renders into something usable.
SAMPLE = {"to": "+32478000000", "body": 'Sample "text" & more', "sender": "Sample"}
# How much of a provider's error answer is kept as the failure reason.
REASON_LENGTH = 300


class ClientDeskSmsGateway(models.Model):
    """A way out for SMS: a test gateway that only records, or any provider's HTTP API.

    The HTTP gateway renders a request from the template (placeholders {to}, {body},
    {sender}, each escaped for where it stands) and counts any 2xx answer as accepted.
    """

    _name = "client.desk.sms.gateway"
    _description = "SMS gateway"
    _order = "sequence, id"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [("test", "Test (only records)"), ("http", "HTTP API")],
        required=True, default="test",
        help="A test gateway delivers nothing: it marks messages as sent so you can try things out.",
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10, help="The first active gateway sends every SMS that names none.")
    url = fields.Char(
        "URL", groups=MANAGER,
        help="Address of the provider's API; may hold the placeholders {to}, {body} and {sender}.",
    )
    method = fields.Selection([("POST", "POST"), ("GET", "GET")], required=True, default="POST")
    content_type = fields.Selection(
        [("json", "JSON"), ("form", "Form fields")], "Body format", required=True, default="json",
        help="JSON: the template is a JSON document. Form fields: to={to}&text={body}. "
             "With GET the rendered form fields go into the URL.",
    )
    template = fields.Text(
        "Parameter template", groups=MANAGER,
        default='{"to": "{to}", "text": "{body}", "from": "{sender}"}',
        help="Request parameters with the placeholders {to} (number in E.164, e.g. +32478123456), "
             "{body} and {sender}; each value is escaped for the body format.",
    )
    auth_header_name = fields.Char(
        "Authentication header", groups=MANAGER, help="e.g. Authorization or X-API-Key.",
    )
    auth_header_value = fields.Char(
        "Authentication value", groups=MANAGER, copy=False,
        help="Secret sent in the authentication header, e.g. 'Bearer <key>'. Only managers see it.",
    )
    sender = fields.Char("Sender name", help="Shown as the sender on the phone (at most 11 letters or digits).")
    timeout = fields.Float("Timeout (seconds)", default=10.0, required=True)
    reference_key = fields.Char(
        "Reference key", groups=MANAGER,
        help="Key in the provider's JSON answer holding its message id, e.g. id or messages.0.id.",
    )

    # -- constraints ---------------------------------------------------------------------------

    @api.constrains("kind", "url", "method", "content_type", "template", "timeout")
    def _check_http_settings(self):
        """An HTTP gateway needs an http(s) URL, a positive timeout and a template that renders."""
        for gateway in self.sudo().filtered(lambda g: g.kind == "http"):
            if not (gateway.url or "").lower().startswith(("http://", "https://")):
                raise ValidationError(_("The gateway URL must start with http:// or https://."))
            if gateway.timeout <= 0:
                raise ValidationError(_("The timeout must be more than 0 seconds."))
            if gateway.method == "GET" and gateway.content_type == "json":
                raise ValidationError(_("A GET request carries form fields, not JSON."))
            if gateway.content_type == "json":
                try:
                    json.loads(gateway._render_template(gateway.template or "", SAMPLE, "json"))
                except ValueError:
                    raise ValidationError(_(
                        "The parameter template is not valid JSON once its placeholders are filled in. "
                        "Put each placeholder inside quotes, e.g. {\"to\": \"{to}\"}."
                    ))

    @api.constrains("sender")
    def _check_sender(self):
        for gateway in self:
            if gateway.sender and len(gateway.sender) > 11 and not gateway.sender.lstrip("+").isdigit():
                raise ValidationError(_("A sender name has at most 11 characters."))

    # -- choosing a gateway --------------------------------------------------------------------

    @api.model
    def _client_desk_default(self):
        """The gateway that sends SMS which name none: the first active one."""
        return self.search([], order="sequence, id", limit=1)

    # -- rendering -----------------------------------------------------------------------------

    @api.model
    def _render_template(self, template, values, content_type):
        """template with each {placeholder} replaced by its value escaped for content_type:
        inside a JSON string (quotes and control characters escaped) or URL-encoded."""
        if content_type == "json":
            escape = lambda value: json.dumps(value)[1:-1]  # noqa: E731 - the inside of a JSON string
        else:
            escape = quote_plus
        rendered = template
        for key, value in values.items():
            rendered = rendered.replace("{%s}" % key, escape(value or ""))
        return rendered

    @api.multi
    def _prepare_request(self, number, body):
        """Keyword arguments (but the timeout) for requests.request() sending body to number (E.164)."""
        self.ensure_one()
        gateway = self.sudo()  # staff and the cron send, but may not read the secret settings
        values = {"to": number, "body": body, "sender": gateway.sender or ""}
        url = self._render_template(gateway.url, values, "form")
        params = self._render_template(gateway.template or "", values, gateway.content_type)
        headers = {}
        if gateway.auth_header_name:
            headers[gateway.auth_header_name.strip()] = gateway.auth_header_value or ""
        request = {"method": gateway.method, "url": url, "headers": headers}
        if gateway.method == "GET":
            if params:
                request["url"] = "%s%s%s" % (url, "&" if "?" in url else "?", params)
        else:
            headers["Content-Type"] = (
                "application/json" if gateway.content_type == "json" else "application/x-www-form-urlencoded"
            )
            request["data"] = params.encode("utf-8")
        return request

    # -- sending -------------------------------------------------------------------------------

    @api.multi
    def _client_desk_send(self, number, body):
        """Sends body to number (E.164); returns the values to write on the SMS: state sent
        with the provider's reference, or state failed with the reason. Never raises for
        what the provider or the network does."""
        self.ensure_one()
        if self.kind == "test":
            _logger.info("Test SMS gateway %s records an SMS to %s", self.id, number)
            return {"state": "sent", "provider_reference": "test"}
        return self._client_desk_send_http(number, body)

    @api.multi
    def _client_desk_send_http(self, number, body):
        request = self._prepare_request(number, body)
        try:
            response = requests.request(timeout=self.timeout, **request)
        except requests.Timeout:
            return {"state": "failed", "failure_reason": _(
                "The gateway did not answer within %s seconds.") % ("%g" % self.timeout)}
        except requests.RequestException as error:
            _logger.info("SMS gateway %s unreachable: %s", self.id, error)
            # Not the error text: it quotes the URL, which may hold a key staff may not see.
            return {"state": "failed", "failure_reason": _("The gateway could not be reached (%s).")
                    % type(error).__name__}
        if not 200 <= response.status_code < 300:
            reason = _("The gateway refused the SMS (HTTP %(status)s): %(answer)s") % {
                "status": response.status_code, "answer": (response.text or "").strip()[:REASON_LENGTH]}
            return {"state": "failed", "failure_reason": reason}
        return {"state": "sent", "provider_reference": self._response_reference(response)}

    @api.multi
    def _response_reference(self, response):
        """The provider's message id from its JSON answer (reference_key), else False."""
        key = self.sudo().reference_key
        if not key:
            return False
        try:
            value = response.json()
        except ValueError:
            return False
        for part in key.strip().split("."):
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                return False
        return str(value)[:REASON_LENGTH] if value not in (None, "") else False

    # -- actions -------------------------------------------------------------------------------

    @api.multi
    def action_open_test(self):
        """Opens the small wizard that sends a test SMS through this gateway."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Send a test SMS"),
            "res_model": "client.desk.sms.test",
            "view_mode": "form",
            "target": "new",
            "context": {"default_gateway_id": self.id},
        }
