from odoo import fields, models


class ClientDeskSmsGatewaySecret(models.Model):
    """The secret the gateway sends with the replies it delivers to us (see controllers/sms.py):
    kept beside the gateway's other secrets, which only managers may read."""

    _inherit = "client.desk.sms.gateway.secret"

    inbound_secret = fields.Char("Secret for incoming SMS")
