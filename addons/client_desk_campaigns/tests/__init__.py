from . import (
    test_campaign_audience,
    test_campaign_bounce,
    test_campaign_browser,
    test_campaign_client_card,
    test_campaign_concurrency,
    test_campaign_sending,
    test_campaign_sms,
    test_unsubscribe_http,
)
