# Two commands on a fresh clone: `make build` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve check test test-tools bench golden clean

build: $(STAMP)  ## check the incidents and build the site into site/
	$(BIN)/statuspress build

serve: $(STAMP)  ## live preview at http://127.0.0.1:8000/
	$(BIN)/statuspress serve

check: $(STAMP)  ## check the incidents only
	$(BIN)/statuspress check

test: $(STAMP) test-tools  ## the whole suite, browser tests included
	$(BIN)/python -m pytest

test-tools: $(STAMP)  ## chromium, Java, Node packages and validators the tests use
	bash tests/tools/install.sh

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

golden: $(STAMP)  ## rewrite the golden files after an intended output change
	$(BIN)/python -m tests.golden.regenerate

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || bash tests/tools/ensure-venv.sh $(PYTHON) $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) site tests/node/node_modules
