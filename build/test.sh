#!/usr/bin/env bash
# The README's second command: every test against one throwaway PostgreSQL cluster (each test class makes its own
# database in it) and Debian's chromium for the browser journeys. The cluster stops whatever happens; the exit
# code is the tests'.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source build/pg.sh

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (https://dot.net)." >&2; exit 1; }
pg_ensure_binaries
if [ ! -x /usr/bin/chromium ]; then
  echo "==> Installing Debian's chromium for the browser tests"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

pg_dir=$(mktemp -d /tmp/portal-test-pg.XXXXXX)
cleanup() { pg_stop "$pg_dir"; rm -rf "$pg_dir"; }
trap cleanup EXIT INT TERM
pg_port=$(pg_free_port)
pg_start "$pg_dir" "$pg_port" fast
export PORTAL_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres"
# A snapshot that is missing or differs fails the run (commit new snapshots deliberately).
export SNAPSHOOTER_STRICT_MODE=${SNAPSHOOTER_STRICT_MODE:-true}

echo "==> Building"
dotnet build Portal.sln -c Release -nologo -v quiet
echo "==> Testing (PostgreSQL on port $pg_port)"
log=$(mktemp /tmp/portal-test-log.XXXXXX)
status=0
dotnet test Portal.sln -c Release --no-build -nologo --results-directory "$root/TestResults" \
  --logger "trx" --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
# The failures again at the end, where a reader of only the output's tail (CI) sees them.
if grep -q "^  Failed " "$log"; then
  echo "==> Failed tests"
  grep -A 25 "^  Failed " "$log" | grep -v "^  Passed " | head -300
fi
rm -f "$log"
exit "$status"
