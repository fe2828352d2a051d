from . import client_desk_conversation, client_desk_document
