from . import phone
from . import transaction
from . import values
from . import spreadsheet
from . import client_import
