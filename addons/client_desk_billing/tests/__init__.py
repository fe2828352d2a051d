from . import test_payments, test_browser, test_mails, test_portal_http, test_quotes, test_tools  # noqa: F401
