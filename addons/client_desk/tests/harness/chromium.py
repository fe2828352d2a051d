"""Headless Debian Chromium through chromedriver (selenium). Imports nothing of Odoo, so the
repository's own tests (tests/salon_day), which drive a separate odoo-bin, use it as well."""
import os
import shutil
import subprocess

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# The repository (this file is addons/client_desk/tests/harness/chromium.py).
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *[os.pardir] * 4))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The machines reach no outside network: keep Chromium from trying.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--window-size=1366,900",
    "--lang=en-US",
]


def ensure_chromium():
    """Installs Debian's chromium and chromium-driver when a browser test needs them."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        subprocess.check_call(["bash", os.path.join(ROOT, "scripts", "ensure_chromium.sh")])


def start_chromium(user_data_dir):
    ensure_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + ["--user-data-dir=%s" % user_data_dir]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    return driver
