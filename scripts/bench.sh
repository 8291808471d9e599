#!/usr/bin/env bash
# Benchmarks quoted in the README. Run through `make bench` (which builds the release site first).
set -euo pipefail
cd "$(dirname "$0")/.."
# 1,000 live subscribers need as many sockets on each side.
ulimit -n 8192 2>/dev/null || true

echo "== release wasm sizes (budget for what the board loads, the main module: gzip <= 300 KB, brotli <= 250 KB)"
python3 scripts/wasm-sizes.py target/site/pkg
js=$(ls target/site/pkg/branchboard.*.js); loader=$(ls target/site/pkg/__wasm_split.*.js); css=$(ls target/site/pkg/*.css)
printf 'js gzip %d KB, split loader js gzip %d KB, css gzip %d KB\n' $(( $(stat -c %s "$js.gz") / 1024 )) $(( $(stat -c %s "$loader.gz") / 1024 )) $(( $(stat -c %s "$css.gz") / 1024 ))

echo "== server render of the pages (release build, demo data, loopback)"
cargo build --release -p server -q
dir=$(mktemp -d)
port=3190
DATABASE_URL="sqlite:$dir/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn target/release/server > "$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
login() { curl -sf -o /dev/null -c "$dir/$1" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"tanhong\"}" "http://127.0.0.1:$port/api/auth/login"; }
login bantochuc; login sarai
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # name cookie path
  for _ in $(seq 1 50); do curl -s -o /dev/null -b "$dir/$2" -w '%{time_total}\n' "http://127.0.0.1:$port$3"; done | median | awk -v n="$1" '{printf "%s: median %.1f ms over 50 requests\n", n, $1 * 1000}'
}
measure "district overview (9 communes)" bantochuc /tong-quan
measure "report page (9 communes)" bantochuc /bao-cao
commune=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM org_units WHERE name = 'Thị trấn Sa Rài'\").fetchone()[0])" "$dir/bench.db")
measure "commune page, Sa Rài (42 members)" sarai "/xa/$commune"
measure "sync snapshot pull, Sa Rài" sarai "/api/sync/pull?since=0"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
echo "server RSS after serving: $((rss / 1024)) MB"

echo "== a 2,000-row member list imported (release, SQLite, its own server with the demo data)"
idir=$(mktemp -d)
DATABASE_URL="sqlite:$idir/import.db" LEPTOS_SITE_ADDR="127.0.0.1:3191" RUST_LOG=warn target/release/server > "$idir/server.log" 2>&1 &
importer=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:3191/healthz" > /dev/null && break; sleep 0.1; done
status=0
python3 end2end/bench/import.py "http://127.0.0.1:3191" "$idir/import.db" || status=$?
kill $importer; wait $importer 2>/dev/null || true; rm -rf "$idir"
[ "$status" = 0 ] || exit "$status"

echo "== health under 40 concurrent sign-ins (argon2 on the blocking pool, one per core)"
node end2end/bench/signin.mjs "http://127.0.0.1:$port"

echo "== planning board with 400 cards (headless Chromium)"
# 400 more commune police members in Sa Rài, created through member.create mutations.
ids=$(node end2end/bench/cards.mjs "http://127.0.0.1:$port")
read -r commune campaign <<< "$ids"
node end2end/bench/board.mjs "http://127.0.0.1:$port" "/xa/$commune/ke-hoach/$campaign"
echo "server RSS after the board benchmark: $(( $(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024 )) MB (budget 50 MB)"

echo "== the same board on a rural phone link (150 ms, 1.6 Mbit/s down, 750 kbit/s up, cold cache)"
node end2end/bench/slow-link.mjs "http://127.0.0.1:$port" "/xa/$commune/ke-hoach/$campaign"

echo "== live: another browser of the same commune sees a change (board move, rating → commune figure)"
node end2end/bench/live.mjs "http://127.0.0.1:$port" "/xa/$commune/ke-hoach/$campaign" "/xa/$commune"

echo "== offline outbox: 1,000 queued mutations pushed after reconnecting (release server, SQLite)"
node end2end/bench/push.mjs "http://127.0.0.1:$port" sarai

echo "== a small push while a 2 MB push runs (the writer is held for chunks of about 50 ms)"
node end2end/bench/long-push.mjs "http://127.0.0.1:$port"

echo "== live overview: 1,000 SSE subscribers, a commit every 100 ms (release server, loopback)"
node end2end/bench/events.mjs "http://127.0.0.1:$port" "$server"

echo "== district overview and report with 3,000 communes (figures kept per commune by the executor)"
# 2,991 more communes, each with the kept figures of a real one: the overview and the report read
# one row per commune and add them up; nothing is recomputed from the members on reading.
python3 - "$dir/bench.db" <<'PY3'
import json, sqlite3, sys, uuid
db = sqlite3.connect(sys.argv[1])
kind = db.execute("SELECT code FROM unit_types WHERE level = 1").fetchone()[0]
data = json.loads(db.execute("SELECT data FROM commune_stats LIMIT 1").fetchone()[0])
for i in range(2991):
    unit = str(uuid.uuid4())
    db.execute("INSERT INTO org_units (id, type_code, name, valid_from) VALUES (?, ?, ?, '2019-01-01')", (unit, kind, f"Xã Thử {i + 1:04d}"))
    data["commune_id"], data["commune_name"] = unit, f"Xã Thử {i + 1:04d}"
    db.execute("INSERT INTO commune_stats (commune_id, data) VALUES (?, ?)", (unit, json.dumps(data)))
db.commit()
PY3
measure "district overview (3,000 communes)" bantochuc /tong-quan
measure "report page (3,000 communes)" bantochuc /bao-cao
measure "report XLSX (3,000 communes)" bantochuc /api/report.xlsx

echo "== crash test: SIGKILL of the server three times in the middle of pushes, restart on the same file"
node end2end/bench/crash.mjs target/release/server $((port + 1)) "$dir"

echo "== fuzzing the input edge: generated requests (FUZZ_CASES, default here 100000)"
FUZZ_CASES=${FUZZ_CASES:-100000} cargo test -q -p app --features ssr --test api fuzz -- --test-threads=1 --nocapture 2>&1 | grep -E 'fuzz:|test result|panicked'

echo "== sync protocol: a long series of generated schedules (SYNC_SCHEDULES, default here 20000)"
SYNC_SCHEDULES=${SYNC_SCHEDULES:-20000} cargo test -q -p app --features ssr --lib sync::replica::tests::every_schedule 2>&1 | grep -E 'test result|panicked'

echo "== the same on PostgreSQL, two app servers on one database (fsync on, commits not waited for on disk like SQLite's WAL in NORMAL mode)"
POSTGRES_DURABILITY="-c synchronous_commit=off" scripts/with-postgres.sh scripts/bench-postgres.sh
