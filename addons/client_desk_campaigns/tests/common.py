"""Base of the campaign tests: clients with every kind of consent, and a campaign maker.

    from .common import CampaignCase
"""
from datetime import datetime, timedelta

from odoo import fields

from odoo.addons.client_desk.tests.common import QUIET, ClientDeskCase
from odoo.addons.client_desk.tests.harness import MailDeliveryMixin


def moment(**delta):
    """Now moved by delta (weeks=, days=, hours=) as a server datetime string."""
    return fields.Datetime.to_string(datetime.utcnow().replace(microsecond=0) + timedelta(**delta))


class CampaignCase(MailDeliveryMixin, ClientDeskCase):
    """ClientDeskCase with an SMTP sink, the base URL set, no throttling, and clients:

    - opted: opted in (e-mail and mobile); opted2: opted in, first name with HTML in it;
    - never: never opted in; unsubscribed: withdrew consent (in the ledger);
    - blocked: e-mail blocked by a bounce; no_email: opted in without e-mail;
    - twin: opted in, same address as opted (duplicate); sms_out: opted in, SMS opt-out.
    """

    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Delivering to the sink lifts the thread's "testing" mark: the sender must not commit.
        cls.env = cls.env(context=dict(cls.env.context, client_desk_campaign_no_commit=True))
        cls.setUpSmtpSink()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", "http://campaigns.example")
        params.set_param("client_desk_campaigns.rate_per_minute", "0")
        cls.Partner = cls.env["res.partner"].with_context(**QUIET)
        # Only this class's sending: what the demo left in the queue (a campaign being sent)
        # would go out when a test drains it.
        cls.env.cr.execute("UPDATE client_desk_campaign_recipient SET state = 'cancelled'"
                           " WHERE state IN ('queued', 'sending')")
        # Only this class's clients: the others (demo, other tests) are not clients here.
        cls.Partner.search([("client_desk_is_client", "=", True)]).write({"client_desk_is_client": False})
        cls.tag_vip = cls.env["res.partner.category"].create({"name": "Campaign VIP"})
        cls.opted = cls.new_client("Lotte Maes", "lotte.maes@example.com", "0470 11 22 01", opt_in=True,
                                   first="Lotte", tags=cls.tag_vip)
        cls.opted2 = cls.new_client("Jan <b>Bold</b>", "jan.bold@example.com", "0470 11 22 02", opt_in=True,
                                    first="<script>x</script>")
        cls.never = cls.new_client("Els Never", "els.never@example.com", "0470 11 22 03")
        cls.unsubscribed = cls.new_client("Koen Gone", "koen.gone@example.com", "0470 11 22 04", opt_in=True)
        cls.unsubscribed.client_desk_set_consent("manual", marketing_opt_in=False)
        cls.blocked = cls.new_client("Wim Bounce", "wim.bounce@example.com", "0470 11 22 05", opt_in=True,
                                     tags=cls.tag_vip)
        cls.blocked.client_desk_set_consent("bounce", email_blocked=True, email_blocked_reason="bounced")
        cls.no_email = cls.new_client("Sien Phone", False, "0470 11 22 06", opt_in=True)
        cls.twin = cls.new_client("Lotte Twin", "Lotte.Maes@example.com", False, opt_in=True)
        cls.sms_out = cls.new_client("Nele Quiet", "nele.quiet@example.com", "0470 11 22 08", opt_in=True)
        cls.sms_out.client_desk_set_consent("manual", sms_opt_out=True)
        cls.client.write({"client_desk_is_client": False})
        cls.portal_client.write({"client_desk_is_client": False})

    @classmethod
    def new_client(cls, name, email, mobile, opt_in=False, first=None, tags=None):
        return cls.Partner.create({
            "name": name, "email": email, "mobile": mobile, "client_desk_is_client": True,
            "client_desk_first_name": first, "client_desk_marketing_opt_in": opt_in, "lang": "en_US",
            "category_id": [(6, 0, tags.ids)] if tags else False,
        })

    def new_campaign(self, **values):
        vals = {
            "name": "Spring promotion",
            "client_desk_action": "book",
            "client_desk_title": "Hello {client_first_name}",
            "client_desk_text": "Dear {client_full_name}, book now.",
            "client_desk_button_text": "Book now",
            "email_from": "Coiffure Thibaut <salon@example.com>",
            "reply_to": "salon@example.com",
        }
        vals.update(values)
        return self.env["mail.mass_mailing"].create(vals)

    def sent_campaign(self, partners, days_ago, **values):
        """A campaign to partners, recorded as sent to them days_ago days ago (no e-mail): the
        bridges' tests count what the clients did since."""
        values.setdefault("client_desk_audience", "clients")
        values.setdefault("client_desk_partner_ids", [(6, 0, partners.ids)])
        campaign = self.new_campaign(**values)
        campaign._client_desk_materialise()
        self.env.cr.execute(
            "UPDATE client_desk_campaign_recipient SET state = 'sent', sent_date = %s"
            " WHERE mailing_id = %s AND state = 'queued'", (moment(days=-days_ago), campaign.id))
        campaign.write({"state": "done"})
        self.env["client.desk.campaign.recipient"].invalidate_cache()
        return campaign

    def engaged_events(self, partner):
        """The "engaged with a campaign" events in partner's conversation."""
        return self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", partner.id), ("client_desk_kind", "=", "campaign_engaged")])
