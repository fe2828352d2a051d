from . import mail_message
from . import res_partner
from . import client_desk_consent_event
from . import client_desk_dashboard_tile
