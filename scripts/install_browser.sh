#!/bin/sh
# Install what the browser tests need: Debian's Chromium (never Playwright's own browser download)
# and the playwright Python package into the project's virtual environment.
#
# Usage: scripts/install_browser.sh [PYTHON]   (default .venv/bin/python)
# Chromium is installed only when /usr/bin/chromium is missing and we are root or sudo works
# without a password; otherwise the browser tests skip with a clear reason.
set -eu

PYTHON="${1:-.venv/bin/python}"
PLAYWRIGHT_VERSION="1.65.2"

if [ -x /usr/bin/chromium ]; then
    echo "install_browser: /usr/bin/chromium is present"
elif command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        SUDO="none"
    fi
    if [ "$SUDO" = "none" ]; then
        echo "install_browser: not root and no passwordless sudo; skipping Chromium (browser tests will skip)"
    else
        echo "install_browser: installing Debian's chromium"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
    fi
else
    echo "install_browser: no apt-get here; set TAHQIQ_CHROMIUM to a Chromium binary to run the browser tests"
fi

if "$PYTHON" -c "import playwright" 2>/dev/null; then
    echo "install_browser: playwright is installed"
else
    echo "install_browser: installing playwright==$PLAYWRIGHT_VERSION"
    "$PYTHON" -m pip install --quiet "playwright==$PLAYWRIGHT_VERSION"
fi
