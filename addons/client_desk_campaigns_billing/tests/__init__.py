from . import test_campaign_paid
