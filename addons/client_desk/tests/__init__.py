from . import test_app_shell
from . import test_portal_http
from . import test_backend_browser
from . import test_mail_delivery
