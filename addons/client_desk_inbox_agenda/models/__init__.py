from . import calendar_event, client_desk_conversation
