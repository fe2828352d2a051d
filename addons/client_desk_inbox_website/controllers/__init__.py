from . import contact
