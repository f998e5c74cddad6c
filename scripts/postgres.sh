#!/usr/bin/env bash
# A local PostgreSQL server for development and CI runs against Postgres, from Debian's packages.
#
#   bash scripts/postgres.sh          start (installs postgresql with apt-get if needed), prints DATABASE_URL
#   bash scripts/postgres.sh stop     stop it
#   bash scripts/postgres.sh status   is it running?
#
#   PG_DATABASE=name                  the database to create if missing (default: rocket)
#   PG_SERVER_OPTIONS="-c fsync=off"  extra server settings when it starts (the test suite's throw-away data)
#
# Then, for example:
#   export DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5433/rocket
#   npm run db:deploy && npm run db:seed && npm run build && npm start
#
# Data lives in .data/postgres (git-ignored) and survives restarts. The server listens on 127.0.0.1 only,
# on PG_PORT (default 5433, next to a system cluster's 5432). PostgreSQL refuses to run as root, so when
# started by root the cluster belongs to the `postgres` OS user (created by the Debian package).
set -euo pipefail

cd "$(dirname "$0")/.."
PORT="${PG_PORT:-5433}"
DATA_DIR="$PWD/.data/postgres"
LOG_FILE="$PWD/.data/postgres.log"
DB_NAME="${PG_DATABASE:-rocket}"
URL="postgresql://postgres:postgres@127.0.0.1:${PORT}/${DB_NAME}"

find_bin_dir() {
  local tool
  tool="$(command -v pg_ctl || true)"
  if [[ -n "$tool" ]]; then
    dirname "$(readlink -f "$tool")"
    return
  fi
  # Debian keeps the server binaries out of PATH, in /usr/lib/postgresql/<major>/bin; take the newest.
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/pg_ctl" && -x "$dir/initdb" ]]; then echo "$dir"; fi
}

BIN="$(find_bin_dir)"
if [[ -z "$BIN" ]]; then
  if [[ "${1:-start}" != "start" ]]; then
    echo "postgres: not installed" >&2
    exit 1
  fi
  echo "postgres: installing Debian's postgresql package..." >&2
  SUDO=""
  [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  BIN="$(find_bin_dir)"
  [[ -n "$BIN" ]] || { echo "postgres: pg_ctl/initdb not found after installing postgresql" >&2; exit 1; }
fi

# Run a server binary as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ctl_() { as_owner "$BIN/pg_ctl" -D "$DATA_DIR" "$@"; }

is_running() { [[ -f "$DATA_DIR/PG_VERSION" ]] && pg_ctl_ status >/dev/null 2>&1; }

start() {
  mkdir -p "$(dirname "$DATA_DIR")"
  if [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
    mkdir -p "$DATA_DIR"
    if [[ "$(id -u)" -eq 0 ]]; then
      id postgres >/dev/null 2>&1 || { echo "postgres: no 'postgres' OS user to own the cluster" >&2; exit 1; }
      chown postgres: "$DATA_DIR"
      # The postgres user must be able to reach its data folder inside the project, through every
      # folder above it too (a checkout in `mktemp -d` is root's alone): traverse only, no listing.
      local dir
      dir="$(dirname "$DATA_DIR")"
      while [[ "$dir" != / ]]; do
        runuser -u postgres -- test -x "$dir" || chmod o+x "$dir"
        dir="$(dirname "$dir")"
      done
    fi
    local pwfile
    pwfile="$(mktemp)"
    echo postgres >"$pwfile"
    chmod 644 "$pwfile"
    as_owner "$BIN/initdb" -D "$DATA_DIR" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if is_running; then
    echo "postgres: already running on 127.0.0.1:${PORT}" >&2
  else
    touch "$LOG_FILE"
    [[ "$(id -u)" -eq 0 ]] && chown postgres: "$LOG_FILE"
    # Sockets in the data folder: /var/run/postgresql may not exist or belong to a system cluster.
    pg_ctl_ -l "$LOG_FILE" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p ${PORT} -k ${DATA_DIR} ${PG_SERVER_OPTIONS:-}" start >/dev/null ||
      { echo "postgres: failed to start, see $LOG_FILE" >&2; tail -n 20 "$LOG_FILE" >&2; exit 1; }
  fi
  local psql=(env PGPASSWORD=postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
  if [[ "$("${psql[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'")" != 1 ]]; then
    "${psql[@]}" -d postgres -c "CREATE DATABASE ${DB_NAME}"
  fi
  echo "postgres: ready on 127.0.0.1:${PORT} (data in .data/postgres, log in .data/postgres.log)" >&2
  echo "DATABASE_URL=${URL}"
}

stop() {
  if is_running; then
    pg_ctl_ -m fast -w stop >/dev/null
    echo "postgres: stopped" >&2
  else
    echo "postgres: not running" >&2
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status)
    if is_running; then echo "postgres: running on 127.0.0.1:${PORT}"; else echo "postgres: not running"; exit 1; fi
    ;;
  *)
    echo "usage: bash scripts/postgres.sh [start|stop|status]" >&2
    exit 2
    ;;
esac
