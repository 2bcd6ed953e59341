#!/bin/sh
# Install the store servers the scale tests start themselves (tests/scale, marked `server`).
#
# The tests run redis-server and a throwaway PostgreSQL cluster (initdb + pg_ctl, as the `postgres` user
# when run as root) on free ports under temp dirs, and moto's DynamoDB in-process; nothing here starts a
# service. A missing binary makes those tests fail with this script's name, never skip.
#
# Python side (pip, into the venv): redis 'psycopg[binary]' 'moto[server]' boto3
#   ask-sdk-dynamodb-persistence-adapter hypothesis gunicorn requests
set -eu

need=""
command -v redis-server >/dev/null 2>&1 || need="$need redis-server"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need="$need postgresql"
command -v runuser >/dev/null 2>&1 || need="$need util-linux"

if [ -n "$need" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing:$need -- install with: sudo apt-get install -y$need" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $need
    # the Debian package starts a cluster and a redis service of its own; the tests do not use them
    if command -v service >/dev/null 2>&1; then
        service postgresql stop >/dev/null 2>&1 || true
        service redis-server stop >/dev/null 2>&1 || true
    fi
fi
echo "store servers ready: $(command -v redis-server), $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n1)"
