"""The Odoo-free files of the addons' test harness (addons/client_desk/tests/harness), loaded
by path: importing them as odoo.addons.client_desk.tests.harness would import Odoo, which the
root tests keep out of their process."""
import importlib.util
import os

HARNESS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    "addons",
    "client_desk",
    "tests",
    "harness",
)


def load_harness_file(name):
    """The module of harness/<name>.py (one that imports no sibling and nothing of Odoo)."""
    spec = importlib.util.spec_from_file_location("client_desk_harness_%s" % name, os.path.join(HARNESS, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
