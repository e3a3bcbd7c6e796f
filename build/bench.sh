#!/usr/bin/env bash
# Performance figures for docs/performance.md: host cold start and sign-in page throughput against a plain Kestrel
# endpoint, on a throwaway PostgreSQL cluster. Usage: build/bench.sh [seconds] [concurrency]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source build/pg.sh
pg_ensure_binaries
pg_dir=$(mktemp -d /tmp/portal-bench-pg.XXXXXX)
trap 'pg_stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
port=$(pg_free_port)
pg_start "$pg_dir" "$port"
pg_createdb "$port" portal
export ConnectionStrings__Portal="Host=127.0.0.1;Port=$port;Database=portal;Username=postgres"
dotnet build Portal.sln -c Release -nologo -v quiet
dotnet tests/Benchmarks/bin/Release/net10.0/Portal.Benchmarks.dll "$root/src/Host/Portal.Host/bin/Release/net10.0/Portal.Host.dll" "$@"
