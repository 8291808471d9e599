#!/usr/bin/env bash
# Builds the browser side into target/site: the wasm (frontend crate) split at its lazy routes
# (scripts/wasm-split: a main module and chunks), the main module's JS glue (wasm-bindgen),
# wasm-opt in release, the bundled CSS, the public/ files; names the assets by content hash,
# writes hash.txt beside the server binary, and precompresses (gzip, brotli).
# Usage: scripts/build-site.sh [release|debug]
set -euo pipefail
profile=${1:-release}
cd "$(dirname "$0")/.."
name=branchboard
site=target/site
pkg=$site/pkg
stage=target/site-stage

if [ "$profile" = release ]; then
  cargo_profile=wasm-release; wasm_dir=wasm-release; server_dir=release
else
  cargo_profile=dev; wasm_dir=debug; server_dir=debug
fi

split_tool=target/tools/bin/branchboard-wasm-split
[ -x "$split_tool" ] || { echo "missing $split_tool: run make deps-rust" >&2; exit 1; }
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$cargo_profile"
wasm="target/wasm32-unknown-unknown/$wasm_dir/frontend.wasm"

# Everything below depends only on these inputs: when none changed since the last build of this
# profile, the site is left as it is (a second `make run` starts in seconds instead of running
# wasm-bindgen, wasm-opt and brotli again on the same wasm).
inputs=$( {
  echo "$profile"; wasm-bindgen --version
  [ "$profile" = release ] && wasm-opt --version
  sha256sum "$wasm" "$split_tool" "$0" style/*.css
  find public -type f | sort | xargs sha256sum
} | sha256sum | cut -c1-16)
if [ -f "$site/.inputs" ] && [ "$(cat "$site/.inputs")" = "$inputs" ] && [ -f "target/$server_dir/hash.txt" ]; then
  echo "site up to date ($profile)"
  exit 0
fi

rm -rf "$stage" && mkdir -p "$stage"
# The split: the main module (to wasm-bindgen, which must keep the linker's exports the chunks
# use), the chunks, the loader the main module imports them through, and the manifest of the
# chunks each lazy route needs. The loader's name carries a placeholder for its hash.
loader_placeholder=__wasm_split.______________________.js
"$split_tool" "$wasm" "$stage" "$stage/main_split.wasm" "./$name.js"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-dir "$stage" --out-name "$name" \
  "$stage/main_split.wasm"
rm "$stage/main_split.wasm"
if [ "$profile" = release ]; then
  for f in "$stage/${name}_bg.wasm" "$stage"/chunk_*.wasm "$stage"/split_*.wasm; do
    [ -f "$f" ] || continue
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals "$f" -o "$f"
  done
fi

# style/main.css imports one file per area: inline them (no preprocessor to download).
while IFS= read -r line || [ -n "$line" ]; do
  if [[ $line =~ ^@import\ \"([^\"]+)\"\; ]]; then
    cat "style/${BASH_REMATCH[1]}"; echo
  else
    printf '%s\n' "$line"
  fi
done < style/main.css > "$stage/$name.css"

hash() { sha256sum "$1" | cut -c1-16; }
rm -rf "$site" && mkdir -p "$pkg"
cp -r public/. "$site/"
# Chunks first: they name nothing. The loader and the manifest then name the chunks by their
# hashed names.
chunks=()
for f in "$stage"/chunk_*.wasm "$stage"/split_*.wasm; do
  [ -f "$f" ] || continue
  stem=$(basename "$f" .wasm); h=$(hash "$f")
  cp "$f" "$pkg/$stem.$h.wasm"; chunks+=("$stem.$h.wasm")
  sed -i "s|\"\./$stem\.wasm\"|\"./$stem.$h.wasm\"|" "$stage/$loader_placeholder"
  sed -i "s|\"$stem\"|\"$stem.$h\"|" "$stage/__wasm_split_manifest.json"
done
# The main JS and the loader import each other. The main JS's hash covers both (as they are
# before either names the other), the loader then names the main JS by it and is hashed as it
# is; the main JS finally names the loader by that hash (22 characters, the placeholder's
# length, so the same name fits in the main wasm's import section too).
js_hash=$(cat "$stage/$name.js" "$stage/$loader_placeholder" | sha256sum | cut -c1-16)
sed -i "s|\"\./$name\.js\"|\"./$name.$js_hash.js\"|" "$stage/$loader_placeholder"
split_hash=$(sha256sum "$stage/$loader_placeholder" | cut -c1-22)
loader="__wasm_split.$split_hash.js"
mv "$stage/$loader_placeholder" "$pkg/$loader"
sed -i "s|$loader_placeholder|$loader|g" "$stage/$name.js"
LC_ALL=C sed -i "s|$loader_placeholder|$loader|g" "$stage/${name}_bg.wasm"
wasm_hash=$(hash "$stage/${name}_bg.wasm")
css_hash=$(hash "$stage/$name.css")
manifest_hash=$(hash "$stage/__wasm_split_manifest.json")

cp "$stage/$name.js" "$pkg/$name.$js_hash.js"
cp "$stage/${name}_bg.wasm" "$pkg/$name.$wasm_hash.wasm"
cp "$stage/$name.css" "$pkg/$name.$css_hash.css"
cp "$stage/__wasm_split_manifest.json" "$pkg/__wasm_split_manifest.$manifest_hash.json"
[ -d "$stage/snippets" ] && cp -r "$stage/snippets" "$pkg/"

# The app shell: the document the service worker serves for a page never opened on this device
# when there is no connection; the app then mounts in the browser from the local store.
cat > "$site/app-shell.html" <<HTML
<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#9b1c1c"><title>BranchBoard</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/pkg/$name.$css_hash.css">
<script type="module" src="/app-shell.js"></script>
</head><body data-app-shell></body></html>
HTML
# Its script is a file, not inline: the app shell's Content-Security-Policy allows no inline script.
cat > "$site/app-shell.js" <<JS
import init, { hydrate } from '/pkg/$name.$js_hash.js';
init({ module_or_path: '/pkg/$name.$wasm_hash.wasm' }).then(() => hydrate());
JS

# The service worker precaches this build's assets, every chunk among them (a lazy page whose
# chunk cannot be fetched would not open offline); its version is their combined hash, so a new
# build installs a new worker that drops the old caches.
assets="'/pkg/$name.$js_hash.js', '/pkg/$name.$wasm_hash.wasm', '/pkg/$name.$css_hash.css', '/pkg/$loader', '/favicon.svg', '/app-shell.html', '/app-shell.js'"
for c in "${chunks[@]}"; do assets="$assets, '/pkg/$c'"; done
if [ -d "$pkg/snippets" ]; then
  while IFS= read -r f; do assets="$assets, '/pkg/${f#"$pkg"/}'"; done < <(find "$pkg/snippets" -type f | sort)
fi
version=$( { cat "$site/app-shell.html" "$site/app-shell.js" public/sw.js; echo "$assets"; } | sha256sum | cut -c1-16)
sed -e "s|__VERSION__|$version|" -e "s|__ASSETS__|$assets|" public/sw.js > "$site/sw.js"

mkdir -p "target/$server_dir"
# Leptos reads `manifest` and `split` to preload the chunks of a lazy page it renders.
printf 'js: %s\nwasm: %s\ncss: %s\nmanifest: %s\nsplit: %s\n' "$js_hash" "$wasm_hash" "$css_hash" "$manifest_hash" "$split_hash" \
  > "target/$server_dir/hash.txt"

for f in "$pkg"/*.js "$pkg"/*.wasm "$pkg"/*.css; do
  gzip -9 -k -f "$f"
  brotli -q 11 -k -f "$f"
done
echo "$inputs" > "$site/.inputs"
echo "site built ($profile): $(ls "$pkg" | tr '\n' ' ')"
