from . import test_upload_rules
from . import test_document_access
from . import test_share
from . import test_request
from . import test_portal_http
from . import test_request_browser
