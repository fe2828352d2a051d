from . import client_desk_document_client_mixin
from . import client_desk_document_share
from . import client_desk_document_request_wizard
from . import client_desk_document_request_wizard_line
from . import client_desk_document_reject
