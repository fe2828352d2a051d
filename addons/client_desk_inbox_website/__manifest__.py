{
    "name": "Client Desk Inbox: website contact form",
    "summary": "A contact form on the website whose messages land in the inbox, with the page as source",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk_inbox", "website"],
    "data": [
        "views/website_templates.xml",
    ],
    "auto_install": True,
    "installable": True,
}
