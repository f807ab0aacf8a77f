# Every target creates what it needs itself: a fresh clone needs only `make run` or `make test`.
SHELL := /bin/bash
# The .venv's interpreter: `scripts/venv-python` says which and why, unless PYTHON is given.
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install chromium vscode docs screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(or $(PYTHON),$$(scripts/venv-python)) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,jupyter]"
	touch $(STAMP)

install: $(STAMP)

# The main job: lint the bundled example project.
run: $(STAMP)
	cd examples && ../$(BIN)/spec-lint . ; status=$$?; [ $$status -le 1 ] || exit $$status
	cd examples && ../$(BIN)/spec-lint coverage . ; status=$$?; [ $$status -le 1 ] || exit $$status

# Debian's chromium for the browser tests (no browser download: the registries are all we reach).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check lsp jupyter_ext tests bench scripts
	$(BIN)/ruff format --check lsp jupyter_ext tests bench scripts
	$(BIN)/mypy
	$(BIN)/python scripts/gen_docs.py --check

vscode:
	$(MAKE) -C vscode-client test

test: $(STAMP) chromium
	$(MAKE) lint
	$(BIN)/python -m pytest -q -p no:cacheprovider
	$(MAKE) vscode

bench: $(STAMP)
	$(BIN)/python -m bench.run

docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py

# After `make test`: refresh the README's pictures from what the tests photographed.
screenshots:
	cp tests/artifacts/terminal.png docs/images/terminal.png
	cp tests/artifacts/jupyterlab-spec-diagnostics.png docs/images/jupyterlab-diagnostics.png
	cp tests/artifacts/jupyterlab-panel-coverage.png docs/images/jupyterlab-panel.png
	cp tests/artifacts/vscode/real-3-hover.png docs/images/code-server-hover.png

clean:
	rm -rf $(VENV) .speclint-cache tests/artifacts
