# BranchBoard: `make run` starts the app, `make test` runs every check. Both install what is
# missing on a fresh machine (wasm target, wasm-bindgen CLI, Chromium, npm packages) and are fast
# when nothing is.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

DATABASE_URL ?= sqlite:data/branchboard.db
LEPTOS_SITE_ADDR ?= 127.0.0.1:3000
RUST_LOG ?= info
export DATABASE_URL LEPTOS_SITE_ADDR RUST_LOG

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3; exit}' Cargo.lock)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: run test dev bench deps deps-rust deps-node deps-chromium site-release site-debug fmt-check clippy unit e2e scale-out

## run: build the release (server + wasm), create/migrate the SQLite database with the demo data, serve
run: deps-rust deps-node site-release
	cargo build --release -p server
	exec target/release/server

## test: format, clippy (server and wasm), unit/integration/property tests, Playwright in Chromium
test: deps-rust deps-node deps-chromium fmt-check clippy unit e2e scale-out

## dev: rebuild and restart on every change (debug build)
dev: deps-rust deps-node
	scripts/dev.sh

## bench: every benchmark, with the figures the README quotes
bench: deps-rust deps-node site-release
	scripts/bench.sh

deps: deps-rust deps-node deps-chromium

deps-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 3 minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi
	@command -v brotli >/dev/null || { apt-get update -qq && $(APT_INSTALL) brotli; }
	@$(MAKE) --no-print-directory $(WASM_SPLIT)

# The step that splits the wasm at the lazy routes (scripts/wasm-split), built once per change.
WASM_SPLIT := target/tools/bin/branchboard-wasm-split
$(WASM_SPLIT): scripts/wasm-split/Cargo.toml scripts/wasm-split/Cargo.lock scripts/wasm-split/src/main.rs
	cargo install --quiet --locked --force --path scripts/wasm-split --root target/tools --target-dir target/tools-build

# npm packages from the committed lockfile: Playwright, and binaryen's wasm-opt for release builds.
deps-node: end2end/node_modules/.installed
end2end/node_modules/.installed: end2end/package-lock.json
	cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

deps-chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && $(APT_INSTALL) chromium; }

site-release:
	scripts/build-site.sh release

site-debug:
	scripts/build-site.sh debug

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy -p app -p server --all-targets --features app/ssr -- -D warnings
	cargo clippy -p app -p frontend --target wasm32-unknown-unknown --features app/hydrate -- -D warnings

# The HTTP integration tests run one at a time: each has its own Tokio runtime, and Leptos's
# process-wide executor lost a page render's wake-up now and then when several test runtimes
# lived side by side (3 of 40 parallel runs, 0 of 30 serial; the server has one runtime).
unit:
	cargo test -p app --features ssr --lib
	cargo test -p app --features ssr --test api -- --test-threads=1
	scripts/with-postgres.sh cargo test -p app --features ssr --test api -- --test-threads=1

e2e: site-debug
	cargo build -p server
	cd end2end && npx playwright test

# Two app servers on one throwaway PostgreSQL: a commit on A pokes B; SIGKILL of A under pushes,
# directly and through the repository's nginx configuration (Debian's nginx package).
scale-out:
	@command -v nginx >/dev/null || { apt-get update -qq && $(APT_INSTALL) nginx; }
	cargo build -p server
	scripts/with-postgres.sh node end2end/scale-out/failover.mjs target/debug/server
	scripts/with-postgres.sh node end2end/scale-out/proxy.mjs target/debug/server
