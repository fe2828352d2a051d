{
    "name": "Client Desk Campaigns - Agenda",
    "summary": "A client who books after a campaign counts as engaged; rebooking campaigns",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk_campaigns", "client_desk_agenda"],
    "data": [
        "data/ir_cron_data.xml",
        "views/mail_mass_mailing_views.xml",
    ],
    "demo": ["demo/campaigns_agenda_demo.xml"],
    "auto_install": True,
    "installable": True,
}
