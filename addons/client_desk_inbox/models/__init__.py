from . import (
    client_desk_conversation,
    client_desk_conversation_read,
    ir_ui_menu,
    mail_activity,
    mail_message,
    res_partner_inbox,
)
