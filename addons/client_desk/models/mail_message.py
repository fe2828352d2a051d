from odoo import fields, models

# The kinds the core itself posts: messages in and out, and what its own features record.
EVENT_KINDS = [
    ("message_in", "Message received"),
    ("message_out", "Message sent"),
    ("consent", "Consent changed"),
    ("profile", "Details changed"),
    ("import", "Imported"),
]


class MailMessage(models.Model):
    """Messages of a client's conversation carry what kind of event they are and about what.

    Each module declares the kinds it posts, never the core for it. A feature module adds a
    kind in two places, and then posts it with partner._client_desk_event(kind, body, ...):

    - the value, in its own mail.message extension::

          client_desk_kind = fields.Selection(selection_add=[
              ("appointment_scheduled", "Appointment scheduled")])

    - its subtype, in its data (internal, not default, on res.partner)::

          <record id="mt_appointment_scheduled" model="mail.message.subtype">
              <field name="name">Appointment scheduled</field>
              <field name="res_model">res.partner</field>
              <field name="client_desk_kind">appointment_scheduled</field>
              <field name="default" eval="False"/>
              <field name="internal" eval="True"/>
          </record>
    """

    _inherit = "mail.message"

    client_desk_kind = fields.Selection(EVENT_KINDS, "Conversation event", index=True, readonly=True)
    client_desk_record_ref = fields.Char(
        "About", readonly=True, help="model,id of the appointment, invoice, document... the event is about."
    )
