from . import portal
from . import portal_access
from . import hardening
