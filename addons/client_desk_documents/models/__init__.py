from . import mail_message
from . import res_company
from . import res_config_settings
from . import client_desk_document
from . import client_desk_document_request
from . import client_desk_document_request_line
from . import res_partner_documents
