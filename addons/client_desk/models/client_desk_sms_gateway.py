import json
import logging
from urllib.parse import quote_plus

import requests

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

MANAGER = "client_desk.group_client_desk_manager"
# Sample values to check at save time that a template renders into something usable.
SAMPLE = {"to": "+32478000000", "body": 'Sample "text" & more', "sender": "Sample", "reference": "sample-1"}
# Settings that _check_http_settings() checks when they change.
HTTP_SETTINGS = {"kind", "url", "method", "content_type", "template", "timeout"}
# How much of a provider's error answer is kept as the failure reason.
REASON_LENGTH = 300


class ClientDeskSmsGateway(models.Model):
    """A way out for SMS: a test gateway that only records, or any provider's HTTP API.

    The HTTP gateway renders a request from the template (placeholders {to}, {body},
    {sender} and {reference}, each escaped for where it stands), sends the SMS's unique
    reference in the idempotency header, and counts any 2xx answer as accepted.

    The test gateway comes with the demo data only: a database without a real gateway keeps
    its SMS queued (and says why) instead of marking them sent.
    """

    _name = "client.desk.sms.gateway"
    _description = "SMS gateway"
    _order = "sequence, id"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [("test", "Test (only records)"), ("http", "HTTP API")],
        required=True, default="http",
        help="A test gateway delivers nothing: it marks messages as sent so you can try things out.",
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10, help="The first active gateway sends every SMS that names none.")
    # No default: one gateway serves every company (as before companies were told apart) until
    # a manager gives it a company.
    company_id = fields.Many2one(
        "res.company", "Company", index=True,
        help="Sends the SMS of this company only; empty: of every company.",
    )
    # The secret settings live in client.desk.sms.gateway.secret, which only managers may
    # access: these fields only show and edit them on the gateway form (see that model).
    url = fields.Char(
        "URL", compute="_compute_url", inverse="_inverse_url", search="_search_url", groups=MANAGER,
        copy=True,
        help="Address of the provider's API; may hold the placeholders {to}, {body}, {sender} and {reference}.",
    )
    method = fields.Selection([("POST", "POST"), ("GET", "GET")], required=True, default="POST")
    content_type = fields.Selection(
        [("json", "JSON"), ("form", "Form fields")], "Body format", required=True, default="json",
        help="JSON: the template is a JSON document. Form fields: to={to}&text={body}. "
             "With GET the rendered form fields go into the URL.",
    )
    template = fields.Text(
        "Parameter template", compute="_compute_template", inverse="_inverse_template", search="_search_template",
        groups=MANAGER, copy=True,
        default='{"to": "{to}", "text": "{body}", "from": "{sender}"}',
        help="Request parameters with the placeholders {to} (number in E.164, e.g. +32478123456), "
             "{body}, {sender} and {reference} (the SMS's unique reference); each value is escaped "
             "for the body format.",
    )
    auth_header_name = fields.Char(
        "Authentication header", compute="_compute_auth_header_name", inverse="_inverse_auth_header_name",
        search="_search_auth_header_name", groups=MANAGER, copy=True, help="e.g. Authorization or X-API-Key.",
    )
    auth_header_value = fields.Char(
        "Authentication value", compute="_compute_auth_header_value", inverse="_inverse_auth_header_value",
        search="_search_auth_header_value", groups=MANAGER, copy=False,
        help="Secret sent in the authentication header, e.g. 'Bearer <key>'. Only managers see it.",
    )
    idempotency_header = fields.Char(
        "Idempotency header", default="Idempotency-Key",
        help="Header that carries the SMS's unique reference, so that the provider recognises a "
             "request sent again for the same SMS. Empty: not sent (use {reference} in the template).",
    )
    sender = fields.Char("Sender name", help="Shown as the sender on the phone (at most 11 letters or digits).")
    timeout = fields.Float("Timeout (seconds)", default=10.0, required=True)
    reference_key = fields.Char(
        "Reference key",
        help="Key in the provider's JSON answer holding its message id, e.g. id or messages.0.id.",
    )

    # -- secrets -------------------------------------------------------------------------------

    def _secret_records(self):
        """The secret records of these gateways, as the current user: staff get AccessError."""
        return self.env["client.desk.sms.gateway.secret"].search(
            [("gateway_id", "in", [gateway_id for gateway_id in self.ids if isinstance(gateway_id, int)])]
        )

    def _compute_secret(self, name):
        # No sudo: reading a secret through the gateway needs access to the secret model, so
        # every path that computes these fields (read, export, onchange...) refuses staff.
        secrets = {secret.gateway_id.id: secret for secret in self._secret_records()}
        for gateway in self:
            gateway[name] = secrets[gateway.id][name] if gateway.id in secrets else False

    def _inverse_secret(self, name):
        secrets = {secret.gateway_id.id: secret for secret in self._secret_records()}
        for gateway in self:
            if gateway.id in secrets:
                secrets[gateway.id].write({name: gateway[name]})
            else:
                self.env["client.desk.sms.gateway.secret"].create({"gateway_id": gateway.id, name: gateway[name]})

    @api.model
    def _search_secret(self, name, operator, value):
        """Gateways whose secret field name matches: a search of the secret model, which
        refuses whoever may not read secrets (a secret is never guessed character by character)."""
        secrets = self.env["client.desk.sms.gateway.secret"].search([(name, operator, value)])
        return [("id", "in", secrets.mapped("gateway_id").ids)]

    def _search_url(self, operator, value):
        return self._search_secret("url", operator, value)

    def _search_template(self, operator, value):
        return self._search_secret("template", operator, value)

    def _search_auth_header_name(self, operator, value):
        return self._search_secret("auth_header_name", operator, value)

    def _search_auth_header_value(self, operator, value):
        return self._search_secret("auth_header_value", operator, value)

    def _compute_url(self):
        self._compute_secret("url")

    def _inverse_url(self):
        self._inverse_secret("url")

    def _compute_template(self):
        self._compute_secret("template")

    def _inverse_template(self):
        self._inverse_secret("template")

    def _compute_auth_header_name(self):
        self._compute_secret("auth_header_name")

    def _inverse_auth_header_name(self):
        self._inverse_secret("auth_header_name")

    def _compute_auth_header_value(self):
        self._compute_secret("auth_header_value")

    def _inverse_auth_header_value(self):
        self._inverse_secret("auth_header_value")

    @api.model_cr
    def init(self):
        """Databases made before the test gateway became demo data got it, active, as
        configuration: archive it where the module has no demo data, so that SMS wait for a
        real gateway instead of being marked sent without leaving."""
        self.env.cr.execute(
            "UPDATE client_desk_sms_gateway SET active = FALSE WHERE active AND kind = 'test' AND id IN ("
            " SELECT data.res_id FROM ir_model_data data JOIN ir_module_module module ON module.name = data.module"
            " WHERE data.module = 'client_desk' AND data.name = 'client_desk_sms_gateway_test'"
            " AND data.model = 'client.desk.sms.gateway' AND NOT module.demo)"
        )
        if self.env.cr.rowcount:
            _logger.warning("Archived the test SMS gateway: it delivers nothing. Set up a real SMS gateway.")

    # -- constraints ---------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        gateway = super().create(vals)
        gateway._check_http_settings()
        return gateway

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if HTTP_SETTINGS & set(vals):
            self._check_http_settings()
        return result

    # Not an @api.constrains: Odoo 11 checks those before the secret fields (stored in another
    # model by their inverse) are saved; create() and write() call it once everything is.
    @api.multi
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
    def _client_desk_default(self, company=None):
        """The gateway that sends the SMS of company (default: the user's) which name none:
        the first active one of that company or of every company."""
        company = company if company is not None else self.env.user.company_id
        return self.search([("company_id", "in", [company.id, False])], order="sequence, id", limit=1)

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
    def _prepare_request(self, number, body, reference=None):
        """Keyword arguments (but the timeout) for requests.request() sending body to number
        (E.164); reference, the SMS's unique reference, goes in the idempotency header and
        the {reference} placeholder, so a request sent again for the same SMS is recognised."""
        self.ensure_one()
        gateway = self.sudo()  # the sender may not be allowed to read the secret settings
        values = {"to": number, "body": body, "sender": gateway.sender or "", "reference": reference or ""}
        url = self._render_template(gateway.url, values, "form")
        params = self._render_template(gateway.template or "", values, gateway.content_type)
        headers = {}
        if gateway.auth_header_name:
            headers[gateway.auth_header_name.strip()] = gateway.auth_header_value or ""
        if gateway.idempotency_header and reference:
            headers[gateway.idempotency_header.strip()] = reference
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
    def _client_desk_send(self, number, body, reference=None):
        """Sends body to number (E.164), under the SMS's unique reference; returns the values
        to write on the SMS: state sent with the provider's reference, or state failed with
        the reason. Never raises for what the provider or the network does."""
        self.ensure_one()
        if self.kind == "test":
            _logger.info("Test SMS gateway %s records SMS %s", self.id, reference)
            return {"state": "sent", "provider_reference": "test"}
        return self._client_desk_send_http(number, body, reference)

    @api.multi
    def _client_desk_send_http(self, number, body, reference=None):
        request = self._prepare_request(number, body, reference)
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
