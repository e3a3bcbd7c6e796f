#!/usr/bin/env bash
# Performance figures for docs/performance.md, each on a fresh database of a throwaway PostgreSQL cluster:
#   build/bench.sh signin [seconds] [concurrency]   host cold start, sign-in page vs plain Kestrel
#   build/bench.sh drafts [seeded drafts]           draft save and submission at 50 citizens vs plain Kestrel
#   build/bench.sh fees [payers] [statement lines]  yearly assessment vs COPY, statement import, the citizen pages
#                                                   (fee overview, home page, message centre) vs plain Kestrel
#   build/bench.sh reminders [instalments]          a day's reminders: messages and e-mails to the pickup folder
#   build/bench.sh towns [towns] [payers per town] [payers of the one town]
#                                                   many towns (100 x 25 000) against one town (1 000 000): fee
#                                                   overview and draft save at 200 citizens, one town's assessment
#   build/bench.sh                                  all but towns
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source build/pg.sh
pg_ensure_binaries
pg_dir=$(mktemp -d /tmp/portal-bench-pg.XXXXXX)
trap 'pg_stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
port=$(pg_free_port)
pg_start "$pg_dir" "$port"
dotnet build Portal.sln -c Release -nologo -v quiet
host="$root/src/Host/Portal.Host/bin/Release/net10.0/Portal.Host.dll"
bench="tests/Benchmarks/bin/Release/net10.0/Portal.Benchmarks.dll"
mode=${1:-all}
[ $# -gt 0 ] && shift
if [ "$mode" = signin ] || [ "$mode" = all ]; then
  pg_createdb "$port" bench_signin
  ConnectionStrings__Portal="Host=127.0.0.1;Port=$port;Database=bench_signin;Username=postgres" dotnet "$bench" "$host" "$@"
fi
if [ "$mode" = fees ] || [ "$mode" = all ]; then
  pg_createdb "$port" bench_fees
  ConnectionStrings__Portal="Host=127.0.0.1;Port=$port;Database=bench_fees;Username=postgres" dotnet "$bench" fees "$host" "$@"
fi
if [ "$mode" = reminders ] || [ "$mode" = all ]; then
  pg_createdb "$port" bench_reminders
  ConnectionStrings__Portal="Host=127.0.0.1;Port=$port;Database=bench_reminders;Username=postgres" dotnet "$bench" reminders "$host" "$@"
fi
if [ "$mode" = towns ]; then
  for db in bench_one bench_many bench_alone; do pg_createdb "$port" $db; done
  BENCH_DB_ONE="Host=127.0.0.1;Port=$port;Database=bench_one;Username=postgres" \
  BENCH_DB_MANY="Host=127.0.0.1;Port=$port;Database=bench_many;Username=postgres" \
  BENCH_DB_ALONE="Host=127.0.0.1;Port=$port;Database=bench_alone;Username=postgres" \
    dotnet "$bench" towns "$host" "$@"
fi
if [ "$mode" = drafts ] || [ "$mode" = all ]; then
  pg_createdb "$port" bench_drafts
  ConnectionStrings__Portal="Host=127.0.0.1;Port=$port;Database=bench_drafts;Username=postgres" dotnet "$bench" drafts "$host" "$@"
fi
