from . import portal
from . import portal_access
from . import gdpr
from . import profile
from . import hardening
from . import portal_chatter
