from . import test_booking_http, test_deposit, test_fees, test_invoicing, test_packages
