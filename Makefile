# rstconv: the two set-up commands are `make demo` and `make test`.
CARGO ?= cargo
BIN := target/release/rstconv
OUT ?= out
COURSE ?= fixtures/course
LESSON ?= fixtures/course/parallel-loops.rst

.PHONY: build test demo bench bench-compare bench-pathological fuzz fuzz-smoke lint clean html pdf epub ipynb all tools screenshots

build:
	$(CARGO) build --release --quiet

## Build, then convert the shipped lesson to every format into out/.
demo: build
	$(BIN) $(LESSON) -t all -o $(OUT)/
	@ls -l $(OUT)

## Install the validators the tests use, then run every test once.
test: tools
	$(CARGO) test --release --quiet

tools:
	@scripts/install-test-tools.sh

## Criterion benchmarks, then whole-process comparisons with pandoc,
## docutils, Sphinx and rst2pdf (installed into their own venv).
bench: build
	$(CARGO) bench --quiet
	@$(MAKE) --no-print-directory bench-compare

bench-compare: build
	@scripts/install-bench-tools.sh >/dev/null
	python3 bench/compare.py

## Time versus input size on adversarial input (n and 10n per pattern).
## Every fuzz target for FUZZ_SECONDS each (default 1800: the reliability
## issue's 30-minute runs); `fuzz-smoke` is CI's brief run of each.
FUZZ_SECONDS ?= 1800
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

fuzz-smoke:
	@scripts/fuzz.sh 15

bench-pathological: build
	python3 bench/pathological.py

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets --quiet -- -D warnings

## The shipped course pack in each format (into out/).
html pdf epub ipynb: build
	$(BIN) $(COURSE) -t $@ -o $(OUT)/

all: build
	$(BIN) $(COURSE) -t all -o $(OUT)/

clean:
	$(CARGO) clean
	rm -rf $(OUT)

## Headless-Chromium screenshots (light and dark) of the shipped lessons and
## the HTML writer's golden pages, into out/screenshots/.
screenshots: build
	@scripts/install-browser.sh
	scripts/screenshots.sh $(OUT)/screenshots
