{
    "name": "Client Desk Campaigns - Documents",
    "summary": "A client who sends you a document after a campaign counts as engaged",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk_campaigns", "client_desk_documents"],
    "data": ["views/mail_mass_mailing_views.xml"],
    "demo": ["demo/campaigns_documents_demo.xml"],
    "auto_install": True,
    "installable": True,
}
