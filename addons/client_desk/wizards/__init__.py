from . import client_desk_sms_test
from . import client_desk_partner_delete
from . import client_desk_bulk_action
from . import client_desk_import
from . import client_desk_import_line
from . import client_desk_import_change
