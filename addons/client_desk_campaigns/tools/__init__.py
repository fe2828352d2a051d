from . import personalise
from . import tokens
