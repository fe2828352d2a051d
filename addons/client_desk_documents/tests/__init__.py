from . import test_document_access, test_portal_http, test_request, test_request_browser, test_share, test_upload_rules
