#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster from Debian's packages on a loopback port and prints
# MIG_TEST_DATABASE_URL=... as its last line. PGROOT (a folder) and PGPORT come from the caller.
set -euo pipefail
PGBIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
PGDATA="$PGROOT/data"
mkdir -p "$PGROOT/sock"
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PGROOT"; fi
chmod 700 "$PGROOT"
as_pg "'$PGBIN/initdb' -D '$PGDATA' -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync" >/dev/null
as_pg "'$PGBIN/pg_ctl' -D '$PGDATA' -l '$PGROOT/server.log' -w -t 60 -o \"-p $PGPORT -k '$PGROOT/sock' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
password="ci$(date +%s%N | sha256sum | head -c 16)"
psql -h "$PGROOT/sock" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE mig_ci LOGIN PASSWORD '$password' CREATEDB" \
  -c "CREATE DATABASE mig_ci OWNER mig_ci" >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | grep -Eo '[0-9]+\.[0-9]+' | head -1) on 127.0.0.1:$PGPORT" >&2
echo "MIG_TEST_DATABASE_URL=postgres://mig_ci:$password@127.0.0.1:$PGPORT/mig_ci"
