from . import phone
from . import transaction
from . import values
from . import access
from . import spreadsheet
from . import client_import
from . import bulk_insert
