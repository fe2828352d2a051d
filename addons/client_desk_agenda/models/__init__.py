from . import (
    calendar_attendee,
    calendar_event,
    calendar_event_notify,
    client_desk_service,
    client_desk_service_category,
    client_desk_service_slots,
    client_desk_treatment,
    mail_message,
    res_config_settings,
    res_partner,
    res_users,
    res_users_feed,
)
