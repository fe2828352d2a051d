{
    "name": "Client Desk Inbox and Documents",
    "summary": "Share or request a document from the inbox; the client's documents on the conversation page",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk_inbox", "client_desk_documents"],
    "data": [
        "views/client_desk_conversation_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
