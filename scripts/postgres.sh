#!/usr/bin/env bash
# Local throwaway PostgreSQL cluster for the examples and their tests, kept in .tools/pg (git-ignored).
# Usage: scripts/postgres.sh start|stop|env
# With DATABASE_URL or PGHOST set, that external database is used and nothing is started.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pgdir="$root/.tools/pg"
data="$pgdir/data"
sockdir="$pgdir/run"
logfile="$pgdir/log"
port="${FAULT_REPLAY_PG_PORT:-54329}"
dbname=fault_replay
url="postgres://postgres@127.0.0.1:$port/$dbname"

external() { [ -n "${DATABASE_URL:-}" ] || [ -n "${PGHOST:-}" ]; }

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  return 1
}

ensure_installed() {
  if bindir=$(find_bindir); then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres: pg_ctl/initdb not found; install Debian's 'postgresql' package (needs root)" >&2
    exit 1
  fi
  echo "postgres: installing the postgresql package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  bindir=$(find_bindir) || { echo "postgres: pg_ctl/initdb still not found after install" >&2; exit 1; }
}

# The server refuses to run as root, so as root everything runs as the postgres OS user.
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    (cd "$pgdir" && "$@")
  elif command -v runuser >/dev/null; then
    (cd "$pgdir" && runuser -u postgres -- "$@")
  else
    (cd "$pgdir" && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
  fi
}

running() { [ -f "$data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

running_port() { sed -n 4p "$data/postmaster.pid" 2>/dev/null; }

prepare_dir() {
  mkdir -p "$pgdir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "postgres: OS user 'postgres' missing" >&2; exit 1; }
    chown postgres:postgres "$pgdir"
    if ! runuser -u postgres -- test -w "$pgdir"; then
      echo "postgres: user 'postgres' cannot reach $pgdir (a parent folder is not traversable)" >&2
      exit 1
    fi
  fi
}

init_cluster() {
  [ -f "$data/PG_VERSION" ] && return 0
  echo "postgres: creating cluster in $data"
  as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
}

ensure_database() {
  local psql=("$bindir/psql" -X -q -h 127.0.0.1 -p "$1" -U postgres)
  if [ -z "$("${psql[@]}" -d postgres -tAc "select 1 from pg_database where datname = '$dbname'")" ]; then
    "${psql[@]}" -d postgres -c "create database $dbname" >/dev/null
    echo "postgres: created database $dbname"
  fi
}

start() {
  if external; then
    echo "postgres: DATABASE_URL/PGHOST is set, using the external database; nothing started"
    return 0
  fi
  ensure_installed
  prepare_dir
  init_cluster
  if running; then
    echo "postgres: already running on 127.0.0.1:$(running_port) (data $data)"
    ensure_database "$(running_port)"
    return 0
  fi
  as_owner mkdir -p "$sockdir"
  if ! as_owner "$bindir/pg_ctl" -D "$data" -w -l "$logfile" \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$sockdir'" start >/dev/null; then
    echo "postgres: failed to start; end of $logfile:" >&2
    tail -n 20 "$logfile" >&2 || true
    exit 1
  fi
  ensure_database "$port"
  echo "postgres: running on 127.0.0.1:$port; DATABASE_URL=$url"
}

stop() {
  if ! bindir=$(find_bindir) || ! running; then
    echo "postgres: local cluster not running"
    return 0
  fi
  as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  echo "postgres: stopped"
}

print_env() {
  if [ -n "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL=$DATABASE_URL"
  elif [ -n "${PGHOST:-}" ]; then
    echo "postgres: PGHOST is set; the code uses the PG* variables" >&2
  else
    echo "DATABASE_URL=$url"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
