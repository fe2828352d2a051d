{
    "name": "Client Desk Campaigns - Billing",
    "summary": "A client who pays an invoice after a campaign counts as engaged; revenue per campaign",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk_campaigns", "client_desk_billing"],
    "data": ["views/mail_mass_mailing_views.xml"],
    "demo": ["demo/campaigns_billing_demo.xml"],
    "auto_install": True,
    "installable": True,
}
