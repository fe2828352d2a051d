from . import mail_tracking
from . import portal
