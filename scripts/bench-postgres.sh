#!/usr/bin/env bash
# The sync and live benchmarks again on PostgreSQL with two release app servers on one database,
# for the README's side-by-side figures. Run by scripts/bench.sh inside scripts/with-postgres.sh
# (which sets BRANCHBOARD_TEST_POSTGRES and POSTGRES_BIN).
set -euo pipefail
ulimit -n 8192 2>/dev/null || true # 1,000 live subscribers
cd "$(dirname "$0")/.."
name="branchboard_bench_$$"
"$POSTGRES_BIN/psql" -X -q -c "CREATE DATABASE $name" "$BRANCHBOARD_TEST_POSTGRES/postgres"
dir=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$dir"' EXIT
start() { # PORT: a release server on the database, waited for
  DATABASE_URL="$BRANCHBOARD_TEST_POSTGRES/$name" LEPTOS_SITE_ADDR="127.0.0.1:$1" RUST_LOG=warn target/release/server > "$dir/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$1/healthz" > /dev/null && return; sleep 0.1; done
  cat "$dir/$1.log"; exit 1
}
start 3290 # A: loads the demo data
start 3291 # B: finds it there
a="http://127.0.0.1:3290" b="http://127.0.0.1:3291"
rss() { echo "$(( $(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024 ))"; }

echo "== PostgreSQL: offline outbox, 1,000 queued mutations pushed to server A"
node end2end/bench/push.mjs "$a" sarai

echo "== PostgreSQL: a 406-card board; a move on browser A (server A) → shown on browser B (server B)"
ids=$(node end2end/bench/cards.mjs "$a")
read -r commune campaign <<< "$ids"
node end2end/bench/live.mjs "$a" "/xa/$commune/ke-hoach/$campaign" "/xa/$commune" "$b"

echo "== PostgreSQL: 1,000 SSE subscribers on server B, a commit on server A every 100 ms"
node end2end/bench/events.mjs "$a" "${pids[0]}" "$b" "${pids[1]}"
echo "PostgreSQL: server RSS after the benchmarks: A $(rss "${pids[0]}") MB, B $(rss "${pids[1]}") MB"
size=$("$POSTGRES_BIN/psql" -X -t -A -c "SELECT pg_database_size('$name')" "$BRANCHBOARD_TEST_POSTGRES/postgres")
echo "PostgreSQL: database size with the demo data and the benchmarks' changes: $(( size / 1024 / 1024 )) MB"
