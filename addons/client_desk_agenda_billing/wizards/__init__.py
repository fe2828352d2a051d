from . import client_desk_fee_waive, client_desk_package_sell
