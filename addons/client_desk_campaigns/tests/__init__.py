from . import test_campaign_audience
from . import test_campaign_concurrency
from . import test_campaign_sending
from . import test_campaign_sms
from . import test_unsubscribe_http
from . import test_campaign_bounce
from . import test_campaign_client_card
from . import test_campaign_browser
