from . import test_inbox_agenda, test_portal_home_http
