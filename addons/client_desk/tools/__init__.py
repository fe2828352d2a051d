from . import phone
from . import transaction
from . import spreadsheet
from . import client_import
