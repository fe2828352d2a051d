from . import client_desk_payment_register, client_desk_payment_request, client_desk_statement_import  # noqa: F401
