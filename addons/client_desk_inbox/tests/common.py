"""The base of the inbox tests: ClientDeskCase with helpers to make messages arrive."""
from odoo.tools import plaintext2html

from odoo.addons.client_desk.tests.common import ClientDeskCase


class InboxCase(ClientDeskCase):
    """ClientDeskCase (staff, manager, employee, portal_user/portal_client, client) with
    helpers posting messages the way clients and staff do."""

    quiet = True

    @classmethod
    def receive(cls, partner, text, **context):
        """The client writes (a message_in event authored by them)."""
        return partner.with_context(**context)._client_desk_event(
            "message_in", plaintext2html(text), author=partner)

    @classmethod
    def conversation_of(cls, partner):
        return cls.env["client.desk.conversation"].sudo().search([("partner_id", "=", partner.id)])

    def open_page(self, conversation, user):
        """What the web client does when a user opens the conversation page."""
        return conversation.sudo(user).read(["thread_html", "partner_id"])[0]

    def unread_for(self, user, conversations=None):
        domain = [("is_unread", "=", True)]
        if conversations is not None:
            domain.append(("id", "in", conversations.ids))
        return self.env["client.desk.conversation"].sudo(user).search(domain)
