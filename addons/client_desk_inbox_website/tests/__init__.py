from . import test_contact_form
