from . import (
    test_appointment,
    test_booking_browser,
    test_booking_http,
    test_feed_http,
    test_notifications,
    test_overlap_constraint,
    test_slot_tools,
    test_slots,
    test_treatment,
)
