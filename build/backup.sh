#!/usr/bin/env bash
# build/backup.sh FILE
# A consistent logical backup of the portal's database (pg_dump custom format, compressed): every schema the portal
# owns (identity, forms, filing, fees, payments, the event store, Wolverine's durable messages). The database is the
# one the PG* environment variables name (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD or ~/.pgpass).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/build/pg.sh"
out=${1:?usage: build/backup.sh FILE}
bin=$(pg_bin_dir 2>/dev/null || dirname "$(command -v pg_dump)")
"$bin/pg_dump" --format=custom --compress=6 --no-owner --file="$out.partial"
mv "$out.partial" "$out"
"$bin/pg_restore" --list "$out" >/dev/null # the archive reads back
echo "Backup written to $out ($(du -h "$out" | cut -f1))"
