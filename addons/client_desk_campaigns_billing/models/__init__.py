from . import account_invoice, client_desk_campaign_recipient, mail_mass_mailing
