from . import (  # noqa: F401
    test_access,
    test_browser,
    test_mails,
    test_overview,
    test_payments,
    test_portal_http,
    test_quotes,
    test_statement,
    test_tools,
)
