"""pytest set-up shared by addon tests and cross-module tests.

pytest-odoo (enabled by --odoo-database) loads the registry of the test database; here we add
the test harness to sys.path, keep files outside addons/ out of pytest-odoo's importer, and
serve the test database over HTTP for the whole session (Odoo 11's HttpCase needs a server).
"""
import ast
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
ADDONS = ROOT / "addons"
sys.path.insert(0, str(ROOT / "tests"))


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, path, parent):
    """pytest-odoo imports every test file as odoo.addons.*: only do that inside addons/."""
    if ADDONS not in Path(module_path).resolve().parents:
        return pytest.Module.from_parent(parent, path=Path(module_path))
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path, config):
    """Skips non-installable addons; replaces pytest-odoo's version, which fails on paths
    that are not inside an addon (it looks for /__manifest__.py)."""
    path = Path(collection_path).resolve()
    if ADDONS in path.parents:
        addon = ADDONS / path.relative_to(ADDONS).parts[0]
        manifest = addon / "__manifest__.py"
        if manifest.is_file():
            return not ast.literal_eval(manifest.read_text(encoding="utf-8")).get("installable", True)
    return False


@pytest.fixture(scope="session", autouse=True)
def odoo_http_server(request):
    """Serves the test database on a free loopback port when Odoo is loaded."""
    if not request.config.getoption("--odoo-database", default=None):
        yield None
        return
    request.getfixturevalue("load_registry")
    from odoo.addons.client_desk.tests.harness.http import start_http_server

    yield start_http_server()


def pytest_configure(config):
    os.makedirs(ROOT / "tests" / "screenshots", exist_ok=True)
