#!/usr/bin/env bash
# Stops the cluster started by pg-up.sh and removes its folder.
set -uo pipefail
PGBIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
if [ -d "$PGROOT/data" ]; then
  if [ "$(id -u)" = 0 ]; then su postgres -c "'$PGBIN/pg_ctl' -D '$PGROOT/data' -m fast -w stop" >/dev/null
  else "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null; fi
fi
rm -rf "$PGROOT"
