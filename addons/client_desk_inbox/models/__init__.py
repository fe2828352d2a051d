from . import (
    client_desk_conversation,
    client_desk_conversation_read,
    ir_mail_server,
    ir_ui_menu,
    mail_activity,
    mail_message,
    mail_tracking_email,
    res_partner_inbox,
)
