#!/usr/bin/env bash
# build/restore.sh FILE DATABASE
# Restores a backup of build/backup.sh into a NEW database on the server the PG* environment variables name (PGHOST,
# PGPORT, PGUSER, PGPASSWORD or ~/.pgpass); it refuses to overwrite an existing database. Point the portal's
# connection string at it and start the portal: a newer version applies its schema changes at start.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/build/pg.sh"
file=${1:?usage: build/restore.sh FILE DATABASE}
db=${2:?usage: build/restore.sh FILE DATABASE}
bin=$(pg_bin_dir 2>/dev/null || dirname "$(command -v pg_restore)")
if [ -n "$("$bin/psql" -d postgres -Atc "select 1 from pg_database where datname = '$db'")" ]; then
  echo "Database $db exists; restore into a new one and switch the portal's connection string." >&2
  exit 1
fi
"$bin/psql" -d postgres -qc "create database \"$db\""
"$bin/pg_restore" --no-owner --exit-on-error --dbname="$db" "$file"
echo "Restored $file into database $db"
