from . import portal, stock_routes, test_acquirer  # noqa: F401
