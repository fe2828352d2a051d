from . import test_portal_http, test_request_on_confirmation
