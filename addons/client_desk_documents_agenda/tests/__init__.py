from . import test_request_on_confirmation, test_portal_http
