from . import test_campaign_audience
from . import test_campaign_concurrency
from . import test_campaign_sending
from . import test_campaign_sms
from . import test_unsubscribe_http
