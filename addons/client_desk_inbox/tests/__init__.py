from . import (
    test_conversation,
    test_conversation_access,
    test_follow_up,
    test_incoming_mail,
    test_portal_http,
    test_reply_delivery,
)
