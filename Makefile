# Two commands on a fresh clone: `make build` and `make test`. Each sets up what it needs:
# `make build` installs statuspress and what building the site needs into .venv, `make test` adds the
# test tools (the `test` extra of pyproject.toml, chromium, Java, Node packages).
PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PIP        := $(BIN)/python -m pip install --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve check test test-tools bench golden clean

build: $(STAMP)  ## check the incidents and build the site into site/
	$(BIN)/statuspress build
	@echo "preview it with: make serve"

serve: $(STAMP)  ## preview at the address it prints (http://127.0.0.1:8000/status/ for the example)
	$(BIN)/statuspress serve

check: $(STAMP)  ## check the incidents only
	$(BIN)/statuspress check

test: $(TEST_STAMP) test-tools  ## the whole suite, browser tests included
	$(BIN)/python -m pytest

test-tools: $(TEST_STAMP)  ## chromium, Java, Node packages and validators the tests use
	bash tests/tools/install.sh

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

golden: $(STAMP)  ## rewrite the golden files after an intended output change
	$(BIN)/python -m tests.golden.regenerate

$(STAMP): pyproject.toml  ## statuspress and its runtime dependencies only
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || bash tests/tools/ensure-venv.sh $(PYTHON) $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	touch $@

$(TEST_STAMP): $(STAMP)  ## plus pytest, playwright, validators, linters (the `test` extra)
	$(PIP) -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) site tests/node/node_modules
