#!/bin/sh
# Install the engines the PostgreSQL and Spark tests run against: Debian's postgresql (the tests
# start a throwaway cluster of their own with initdb and pg_ctl, never a system service) and
# openjdk-17-jre-headless (Spark's JVM; pyspark itself comes from the scale extra).
#
# Usage: scripts/install_engines.sh
# Each package is installed only when missing, and only as root or with passwordless sudo;
# otherwise this says why, and the tests that need the engine skip with a clear reason.
set -eu

missing=""
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
    echo "install_engines: PostgreSQL is present"
else
    missing="$missing postgresql"
fi
if command -v java >/dev/null 2>&1; then
    echo "install_engines: Java is present"
else
    missing="$missing openjdk-17-jre-headless"
fi
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_engines: no apt-get here; install$missing yourself (their tests will skip)"
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install_engines: not root and no passwordless sudo; skipping$missing (their tests will skip)"
    exit 0
fi
echo "install_engines: installing Debian's$missing"
$SUDO apt-get update -qq
# The package's own cluster and service are not used: the tests make their own in a temporary folder.
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
