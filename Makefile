# Two commands set up a fresh machine: `make run` serves the tool, `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed
DEMO_DATABASE ?= $(or $(SCREENING_INSTANCE_PATH),instance)/demo.db

.PHONY: run serve demo test lint typecheck pytest bench chromium check clean translations-extract translations-update translations-compile lock

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

# A fresh database of synthetic people and screenings (`screening demo`), served like `make run`.
demo: $(RUN_STAMP) translations-compile
	$(BIN)/screening demo --database $(DEMO_DATABASE)
	SCREENING_DATABASE=$(DEMO_DATABASE) $(BIN)/screening serve

# The browser tests find Chromium the same way (tests/chromium.py): $$CHROMIUM when set, else
# chromium on the PATH; when there is none, Debian's package is installed (needs root).
chromium:
	@test -n "$$CHROMIUM" || python3 tests/chromium.py >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@python3 tests/chromium.py >/dev/null

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r screening

typecheck: $(TEST_STAMP)
	$(BIN)/mypy screening/questionnaire screening/counts screening/settings.py screening/store screening/handover.py screening/handover_text.py screening/wording.py screening/command_language.py \
		screening/demo.py screening/own_command.py screening/translation_commands.py

check: $(RUN_STAMP)
	$(BIN)/screening questionnaires check

# Tests run in as many processes as there are cores, at most 4 (each may drive a Chromium):
# on this project's 2-core machine the suite takes about half as long. PYTEST_WORKERS=0 runs
# them in one process.
PYTEST_WORKERS ?= $(shell python3 -c "import os; print(min(4, len(os.sched_getaffinity(0))))")
pytest: $(TEST_STAMP) chromium translations-compile
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

test: lint typecheck check pytest

bench: $(TEST_STAMP) chromium translations-compile
	$(BIN)/python benchmarks/interactions.py
	$(BIN)/python benchmarks/scoring.py
	$(BIN)/python benchmarks/counts_export.py
	$(BIN)/python benchmarks/page_latency.py --practitioners 50 --seconds 20
	$(BIN)/python benchmarks/page_latency.py --practitioners 50 --seconds 60 --think 5
	$(BIN)/python benchmarks/page_latency.py --practitioners 50 --seconds 20 --think 5 --pace screenings
	$(BIN)/python benchmarks/crash_test.py --kills 10 --clients 4

# Interface text: extract into messages.pot, merge it into each language's messages.po (new
# messages arrive empty or fuzzy; dropped ones are removed), compile the .po files to .mo.
# tests/test_translations.py fails while a catalog misses a message or keeps a stale one.
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k N_ -k Nn_:1,2
translations-extract: $(RUN_STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg $(BABEL_KEYWORDS) --project=screening \
		--copyright-holder="screening contributors" \
		-o translations/messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --ignore-obsolete

translations-compile: $(RUN_STAMP)
	$(BIN)/pybabel -q compile -d translations

lock:
	$(BIN)/pip freeze --exclude-editable > /tmp/screening-freeze.txt && echo "see /tmp/screening-freeze.txt"

# What installing and testing leave behind; never instance/, which holds the database and keys.
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis test-results \
		screening.egg-info build translations/*/LC_MESSAGES/messages.mo
