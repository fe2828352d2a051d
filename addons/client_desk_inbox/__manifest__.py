{
    "name": "Client Desk Inbox",
    "summary": "One inbox for everything clients send: conversations, folders, follow-ups, "
               "delegation, delivery and read status, incoming mail and portal messages",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk", "client_desk_mail_tracking"],
    "data": [
        "security/client_desk_inbox_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/client_desk_conversation_thread_templates.xml",
        "wizards/client_desk_inbox_follow_up_views.xml",
        "wizards/client_desk_inbox_delegate_views.xml",
        "views/client_desk_conversation_views.xml",
        "views/client_desk_inbox_menus.xml",
        "views/portal_templates.xml",
        "data/client_desk_dashboard_tile_data.xml",
    ],
    "demo": [
        "demo/client_desk_conversation_demo.xml",
    ],
    "installable": True,
}
