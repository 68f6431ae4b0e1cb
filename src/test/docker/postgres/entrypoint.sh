#!/bin/sh
# The official postgres image's first-start contract, for Debian's package (see the Dockerfile).
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
PATH="$bin:$PATH"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "POSTGRES_PASSWORD must be set" >&2; exit 1; }
  secret=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" > "$secret"
  initdb -D "$PGDATA" -U "$user" --pwfile="$secret" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$secret"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\";" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "initialised $PGDATA: user $user, database $db"
fi
[ "$1" = postgres ] && { shift; exec postgres -D "$PGDATA" "$@"; }
exec "$@"
