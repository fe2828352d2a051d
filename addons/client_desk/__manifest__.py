{
    "name": "Client Desk",
    "summary": "One desk for a service business's clients: card, conversation, consent",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["base", "mail", "portal", "base_import"],
    "data": [
        "security/client_desk_security.xml",
        "security/ir.model.access.csv",
        "views/client_desk_menus.xml",
    ],
    "demo": [],
    "application": True,
    "installable": True,
}
