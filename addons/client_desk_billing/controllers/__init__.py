from . import portal, portal_home, stock_routes, test_acquirer  # noqa: F401
