#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: initdb in a temporary directory (as the
# `postgres` user when run as root: PostgreSQL refuses to run as root), a server on a free
# loopback port, and the command with BRANCHBOARD_TEST_POSTGRES=postgres://postgres@127.0.0.1:PORT
# (each test creates its own database there; POSTGRES_BIN names the folder of psql). The cluster is stopped and deleted afterwards,
# whether the command passed or not. PostgreSQL comes from the Debian packages when missing.
#
#   scripts/with-postgres.sh cargo test -p app --features ssr --test api
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "installing PostgreSQL from the Debian packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

dir=$(mktemp -d /tmp/branchboard-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# A test cluster: no durability needed (fsync off), room for two app servers' pools per test.
# POSTGRES_DURABILITY replaces those settings (the benchmarks keep fsync on).
durability=${POSTGRES_DURABILITY:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
  "-k $dir -p $port -c listen_addresses=127.0.0.1 $durability -c max_connections=200" \
  start >/dev/null || { cat "$dir/log"; exit 1; }
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port"

BRANCHBOARD_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port" POSTGRES_LOG="$dir/log" POSTGRES_BIN="$bin" "$@"
