from . import portal, sms
