# Two commands set up a fresh machine: `make run` serves the tool, `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed
CHROMIUM := /usr/bin/chromium

.PHONY: run serve test lint typecheck pytest bench chromium check clean translations-extract translations-update translations-compile lock

$(BIN)/python:
	python3 -m venv $(VENV)

$(RUN_STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(TEST_STAMP): requirements-test.lock $(RUN_STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.lock
	touch $@

run: $(RUN_STAMP) translations-compile
	$(BIN)/screening serve

serve: $(RUN_STAMP) translations-compile
	$(BIN)/screening serve --gunicorn

chromium:
	@command -v chromium >/dev/null 2>&1 || test -x $(CHROMIUM) || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r screening

typecheck: $(TEST_STAMP)
	$(BIN)/mypy screening/questionnaire screening/counts screening/settings.py screening/store screening/handover.py screening/handover_text.py

check: $(RUN_STAMP)
	$(BIN)/screening questionnaires check

pytest: $(TEST_STAMP) chromium translations-compile
	$(BIN)/python -m pytest

test: lint typecheck check pytest

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/scoring.py
	@if [ -f benchmarks/counts_export.py ]; then $(BIN)/python benchmarks/counts_export.py; fi

translations-extract: $(RUN_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations

translations-compile: $(RUN_STAMP)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -q -d translations; fi

lock:
	$(BIN)/pip freeze --exclude-editable > /tmp/screening-freeze.txt && echo "see /tmp/screening-freeze.txt"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
