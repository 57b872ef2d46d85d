#!/usr/bin/env bash
# Start the services the tests need: a real PostgreSQL server (Debian's package) for the store
# tests, and Debian's chromium + chromium-driver (with Arabic fonts) for the dashboard tests.
#
# Run as root on Debian/Ubuntu. Installs PostgreSQL with apt-get only if it is missing,
# starts a cluster (pg_ctlcluster, or the postgresql service), creates a test role and
# database; installs chromium, chromium-driver and fonts-noto-core only if /usr/bin/chromium
# or /usr/bin/chromedriver is missing; and prints the line to paste or eval:
#
#     eval "$(sudo scripts/test-services.sh)"   # sets RASD_TEST_PG
#
# Everything else goes to stderr, so stdout is exactly the export line.
# Settings (environment): RASD_TEST_PG_USER (rasd_test), RASD_TEST_PG_PASSWORD (rasd_test),
# RASD_TEST_PG_DB (rasd_test).
set -euo pipefail

user="${RASD_TEST_PG_USER:-rasd_test}"
password="${RASD_TEST_PG_PASSWORD:-rasd_test}"
db="${RASD_TEST_PG_DB:-rasd_test}"

log() { echo "test-services: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    log "run me as root (I install the test browser, and install and start PostgreSQL)"
    exit 1
fi

# The browser for tests/test_dashboard.py: Debian's own packages, so that neither selenium
# nor anything else downloads a browser; fonts-noto-core has Noto Naskh/Sans Arabic.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    if command -v apt-get >/dev/null 2>&1; then
        log "installing chromium, chromium-driver and fonts-noto-core (apt-get)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq chromium chromium-driver fonts-noto-core >&2
    else
        log "no apt-get here: install chromium and its driver yourself for the dashboard tests"
    fi
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 \
        || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing PostgreSQL (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

# The newest installed major version, and its first cluster (created if there is none).
version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
cluster="$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v {print $2; exit}')"
if [ -z "$cluster" ]; then
    cluster=main
    log "creating cluster $version/$cluster"
    pg_createcluster "$version" "$cluster" >&2
fi

status="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}')"
if [ "$status" != "online" ]; then
    log "starting PostgreSQL $version/$cluster"
    pg_ctlcluster "$version" "$cluster" start >&2 || service postgresql start >&2
fi
port="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')"

# Wait until it accepts connections.
for _ in $(seq 1 30); do
    if su postgres -c "psql -p $port -qAtc 'select 1'" >/dev/null 2>&1; then
        break
    fi
    sleep 1
done

psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt $*"; }

if [ "$(psql_admin "-c \"select 1 from pg_roles where rolname = '$user'\"")" != "1" ]; then
    log "creating role $user"
    psql_admin "-c \"create role $user login password '$password'\"" >&2
fi
if [ "$(psql_admin "-c \"select 1 from pg_database where datname = '$db'\"")" != "1" ]; then
    log "creating database $db"
    psql_admin "-c \"create database $db owner $user\"" >&2
fi

echo "export RASD_TEST_PG=postgresql://$user:$password@127.0.0.1:$port/$db"
