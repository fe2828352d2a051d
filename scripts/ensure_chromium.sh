#!/usr/bin/env bash
# Installs Debian's Chromium and its driver for the browser tests, when missing.
source "$(dirname "$0")/common.sh"
apt_install chromium chromium-driver
