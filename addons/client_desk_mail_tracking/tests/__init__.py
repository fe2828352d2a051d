from . import test_mail_tracking
