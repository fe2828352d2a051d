from . import test_inbox_billing
