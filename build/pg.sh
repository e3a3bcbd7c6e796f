#!/usr/bin/env bash
# Shared PostgreSQL helper for run.sh and test.sh: a local cluster from the machine's own binaries.
# Source it, then: pg_ensure_binaries; pg_start DIR PORT [fast]; pg_stop DIR.

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_ensure_binaries() {
  if ! pg_bin_dir >/dev/null; then
    echo "PostgreSQL server binaries not found: installing with apt-get" >&2
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  PG_BIN=$(pg_bin_dir) || { echo "PostgreSQL installation failed" >&2; return 1; }
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  fi
  export PG_BIN
}

# Runs a PostgreSQL binary as the postgres OS user when we are root (the server refuses to run as root).
pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# pg_start DIR PORT [fast]: initialises DIR/data when empty and starts the server on 127.0.0.1:PORT.
pg_start() {
  local dir=$1 port=$2 mode=${3:-}
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_run "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  # A server left running from an earlier run holds the folder: stop it first.
  if [ -f "$dir/data/postmaster.pid" ]; then
    pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  # Room for bulk work (a yearly assessment writes millions of rows): fewer forced checkpoints, a larger cache.
  # Durability is unchanged by these.
  local opts="-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=4GB -c checkpoint_timeout=15min"
  # For tests only: durability off makes the throwaway cluster faster. Never for run.sh's data.
  [ "$mode" = fast ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$opts" start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; return 1; }
}

pg_createdb() {
  local port=$1 name=$2
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
}

pg_stop() {
  local dir=$1
  [ -f "$dir/data/postmaster.pid" ] && pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
  return 0
}
