from . import client_desk_campaign_recipient, client_desk_document, mail_mass_mailing
