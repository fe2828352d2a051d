from . import test_campaign_shared
