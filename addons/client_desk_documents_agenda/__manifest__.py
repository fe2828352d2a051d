{
    "name": "Client Desk Documents and Agenda",
    "summary": "Document requests sent with an appointment's confirmation (the intake form before a first "
               "visit), listed on the client's appointments",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk_documents", "client_desk_agenda"],
    "data": [
        "security/ir.model.access.csv",
        "security/client_desk_documents_agenda_security.xml",
        "views/client_desk_document_request_template_views.xml",
        "views/client_desk_service_views.xml",
        "views/calendar_event_views.xml",
        "views/client_desk_document_request_views.xml",
        "views/portal_appointment_templates.xml",
    ],
    "demo": ["demo/client_desk_document_request_template_demo.xml"],
    "auto_install": True,
    "installable": True,
}
