from . import booking, portal
