# The two commands of the README, and the steps they are made of.
#   make demo   set everything up, create ./demo-site, serve it at http://127.0.0.1:8080
#   make test   set everything up and run every test (sanitizer unit tests, then all)
#   make audit  Lighthouse scores of the demo site's main pages (docs/audit.md)
#   make fuzz   libFuzzer on each fuzz target (tests/fuzz/README.md)
.PHONY: all bootstrap build build-dev test test-dev demo bench audit fuzz clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	cmake --preset release
	cmake --build --preset release

build-dev: bootstrap
	cmake --preset dev
	cmake --build --preset dev

# The dev preset (ASan + UBSan) runs the unit and integration tests (the store's on
# both backends, the integration tests on SQLite); the release build runs the unit tests,
# the browser tests, the integration tests on PostgreSQL and the few SQLite ones not
# labelled `once` (tests/CMakeLists.txt says which and why), and ends with ctest's
# summary. Both start their own PostgreSQL server (tests/support/pg_server).
test-dev: build-dev
	ctest --preset dev -j2

test: test-dev build
	ctest --preset release -j2

DEMO_DIR ?= demo-site
DEMO_LISTEN ?= 127.0.0.1:8080

demo: build
	@if [ ! -f $(DEMO_DIR)/qalam.toml ]; then build/release/qalam init --demo $(DEMO_DIR); fi
	build/release/qalam migrate --site $(DEMO_DIR)
	@# Press monitoring without network: the demo site's own feeds stand in for foreign outlets.
	@for lang in en ru; do build/release/qalam sources list --site $(DEMO_DIR) | grep -q "$(DEMO_LISTEN)/$$lang/feed.xml" || \
	  build/release/qalam sources add --site $(DEMO_DIR) http://$(DEMO_LISTEN)/$$lang/feed.xml --lang $$lang --interval 15 \
	    --name "Demo wire ($$lang: this site's own feed)" --outlet "Demo wire" >/dev/null; done
	@echo "Serving the demo site at http://$(DEMO_LISTEN)  (Ctrl-C stops it)"
	build/release/qalam serve --site $(DEMO_DIR) --listen $(DEMO_LISTEN)

bench: build
	bench/run

# Lighthouse on the demo site's main pages, mobile and desktop; scores to docs/audit.md.
# Too slow for make test; its npm packages stay in tools/audit/node_modules.
audit: build
	cd tools/audit && npm ci --no-audit --no-fund --loglevel=error
	node tools/audit/audit.mjs

# libFuzzer on every fuzz target for FUZZ_SECONDS each (clang, the `fuzz` preset);
# what finds new coverage joins tests/fuzz/<target>/, which make test replays.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/bootstrap fuzz
	cmake --preset fuzz
	cmake --build --preset fuzz
	tests/fuzz/run $(FUZZ_SECONDS)

clean:
	rm -rf build
