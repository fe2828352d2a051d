{
    "name": "Client Desk Inbox and Agenda",
    "summary": "New appointment from the inbox; the client's bookings on the conversation page",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk_inbox", "client_desk_agenda"],
    "data": [
        "views/client_desk_conversation_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
