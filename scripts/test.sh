#!/usr/bin/env bash
# The test command of the README (and of .ci/run): install rasd with its test dependencies,
# start the services the tests need (PostgreSQL, when run as root on Debian), run everything.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'

if [ -z "${RASD_TEST_PG:-}" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    eval "$(bash scripts/test-services.sh)"
fi
if [ -z "${RASD_TEST_PG:-}" ]; then
    echo "test.sh: RASD_TEST_PG is not set and PostgreSQL could not be started here;" \
         "the PostgreSQL half of the store tests will be skipped" >&2
fi
export RASD_TEST_PG="${RASD_TEST_PG:-}"

exec .venv/bin/python -m pytest -q "$@"
