#!/usr/bin/env bash
# The watch loop: build (debug), start the server, rebuild and restart when a source file changes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v inotifywait >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq inotify-tools; }
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; exit 0' INT TERM
while true; do
  if scripts/build-site.sh debug && cargo build -p server; then
    target/debug/server & server=$!
  else
    echo "build failed; waiting for the next change"
  fi
  inotifywait -qq -r -e modify,close_write,attrib,create,delete,move app/src app/migrations frontend/src server/src style public
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  server=""
done
