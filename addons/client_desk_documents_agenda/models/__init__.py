from . import (
    client_desk_document_request_template,
    client_desk_document_request_template_line,
    client_desk_service,
    client_desk_document_request,
    calendar_event,
)
