#!/usr/bin/env bash
# What the main module of the release wasm is made of, by crate (the README's table): splits
# target/wasm32-unknown-unknown/wasm-release/frontend.wasm (built by `make site-release`, symbols
# kept) and runs wasm-bindgen on its main module as scripts/build-site.sh does, then sums twiggy's
# sizes of that module's functions and data, before wasm-opt (which changes them by a few per cent
# and drops the names). Needs twiggy: `cargo install --locked twiggy`.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm=target/wasm32-unknown-unknown/wasm-release/frontend.wasm
command -v twiggy > /dev/null || { echo "twiggy is missing: cargo install --locked twiggy" >&2; exit 1; }
[ -f "$wasm" ] || { echo "$wasm is missing: make site-release first" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
target/tools/bin/branchboard-wasm-split "$wasm" "$out" "$out/split.wasm" ./branchboard.js > /dev/null 2>&1
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-dir "$out" --out-name main "$out/split.wasm"
twiggy top -n 1000000 -f csv "$out/main_bg.wasm" > "$out/top.csv" 2> /dev/null
python3 - "$out/top.csv" <<'PY'
import collections, csv, re, sys

by_crate = collections.Counter()
for row in csv.DictReader(open(sys.argv[1])):
    name, size = row["Name"], int(row["ShallowSize"])
    if "subsection" in name or name.startswith(("custom section", "export ")):
        continue
    if name.startswith("data segment"):
        key = "static data (strings, tables)"
    elif "serde_json" in name and "deserialize" in name:
        key = "serde_json (reading)"
    elif "serde" in name and re.search("Deserializ|deserializ|Visitor", name):
        key = "serde (reading, derived)"
    elif "serde" in name:
        key = "serde (writing, derived)"
    elif "tachys" in name:
        key = "tachys (views)"
    elif "reactive_graph" in name:
        key = "reactive_graph (signals)"
    else:
        m = re.match(r"^<?(?:&mut |&)?([a-z_0-9]+)", name)
        key = m.group(1) if m else name[:30]
    by_crate[key] += size
total = sum(by_crate.values())
print(f"main module after wasm-bindgen, code and data before wasm-opt: {total // 1024} KB")
for key, size in by_crate.most_common(16):
    print(f"{size // 1024:6d} KB {100 * size / total:5.1f} %  {key}")
PY
