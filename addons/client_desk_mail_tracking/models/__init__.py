from . import ir_mail_server, mail_tracking_email
