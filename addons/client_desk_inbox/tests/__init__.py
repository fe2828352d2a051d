from . import (
    test_conversation,
    test_conversation_access,
    test_follow_up,
    test_inbox_browser,
    test_inbox_extras,
    test_incoming_mail,
    test_portal_http,
    test_reply_delivery,
    test_sms_inbound,
    test_unread_index,
)
