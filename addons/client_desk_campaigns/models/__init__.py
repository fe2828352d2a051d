from . import client_desk_campaign_recipient
from . import mail_mass_mailing
from . import mail_mass_mailing_audience
from . import mail_mass_mailing_sending
from . import mail_mass_mailing_statistics
from . import mail_mail_statistics
from . import mail_message
from . import res_partner_gdpr
