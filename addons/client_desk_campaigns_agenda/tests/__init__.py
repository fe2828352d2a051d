from . import test_campaign_booked
from . import test_rebooking
from . import test_rebooking_rpc
