from . import client_desk_conversation
