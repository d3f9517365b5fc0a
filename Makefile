# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
FONT := data/fonts/ipaexg.ttf
# Python keeps compiled modules (and pytest its rewritten tests) in __pycache__, which makes the second run of
# anything a third faster; some shells switch that off for everything, so it is switched back on here.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast lint bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Furikaeri needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(APP_STAMP)

# The Japanese font for the practice-sheet PDF: a pinned, hash-checked archive, unpacked, not installed.
$(FONT): requirements-fonts.txt | $(BIN)/python
	$(BIN)/python -m pip download --quiet --no-deps --require-hashes --dest $(VENV)/font-archive \
		-r requirements-fonts.txt
	$(BIN)/python -m lib.generate.fonts $(VENV)/font-archive

run: $(APP_STAMP) $(FONT)
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port 8501

lint: $(DEV_STAMP)
	$(BIN)/python -m pip check
	$(BIN)/ruff check .

test: lint $(FONT)
	$(BIN)/python -m pytest

# The inner loop: unit and page tests, no browser, no slow tests, on every core (pytest-xdist).
test-fast: $(DEV_STAMP) $(FONT)
	$(BIN)/python -m pytest -n auto -m "not e2e and not slow" tests/unit tests/app

bench: $(DEV_STAMP) $(FONT)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts data/fonts
