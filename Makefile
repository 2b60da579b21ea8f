# Two commands for a fresh machine with Python 3 and pip: `make run` and `make test`.
#
# Both install into .venv from the lock files in requirements/ (exact versions, with hashes), so
# that every machine gets what CI tested. `make lock` refreshes the lock on purpose.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
# The lock is made with uv (fast, and it writes hashes for every platform's files); only
# `make lock` needs it, at this version.
UV_VERSION := 0.13.9
UV := .uv/bin/uv
LOCK := $(UV) pip compile --quiet --universal --generate-hashes --python-version 3.10 \
	--no-header --annotation-style line
# pytest-xdist: one worker per core. `make test-long` runs the tests marked `long` (the full
# random-key runs), which `make test` leaves out.
PYTEST := $(BIN)/python -m pytest -n auto

.PHONY: run test test-long test-browser test-oldest check lock clean

# A new venv whenever a lock changes, so that nothing the lock no longer names stays installed.
$(VENV)/.created: requirements/pip.txt requirements/app.txt requirements/test.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements/pip.txt
	touch $@

# The app (or the app and its test tools) from the lock, then this checkout as an editable
# install, built by the locked hatchling rather than one fetched for the build.
$(VENV)/.app: $(VENV)/.created pyproject.toml
	$(PIP) install --require-hashes -r requirements/app.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test: $(VENV)/.created pyproject.toml
	$(PIP) install --require-hashes -r requirements/test.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

run: $(VENV)/.app
	$(BIN)/gmp-timeline

test: $(VENV)/.test
	$(PYTEST)

test-long: $(VENV)/.test
	$(PYTEST) -m long

# The explorer served by `gmp-timeline serve` to the system's Chromium, driven by Playwright
# (tests/browser, the tests marked `browser`, which `make test` leaves out). One browser for all,
# so not in parallel. Chromium: `apt-get install chromium`, or GMP_TIMELINE_CHROMIUM=its path.
test-browser: $(VENV)/.test
	$(BIN)/python -m pytest -m browser tests/browser

# The suite on the oldest Python that pyproject.toml claims, in a venv of its own.
test-oldest:
	$(MAKE) test VENV=.venv-oldest PYTHON="$$(scripts/oldest-python)"

check: $(VENV)/.test
	$(BIN)/python scripts/check_lock.py
	$(BIN)/ruff check tui tests benchmarks scripts
	$(BIN)/ruff format --check tui tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# Refresh the lock: the newest versions that pyproject.toml's ranges allow. The test lock is
# constrained by the app's, so that the packages they share have the same versions in both.
$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip --quiet install uv==$(UV_VERSION)

lock: $(UV)
	$(LOCK) requirements/pip.in -o requirements/pip.txt
	$(LOCK) pyproject.toml requirements/build.in -o requirements/app.txt
	$(LOCK) pyproject.toml requirements/build.in --extra test --extra dev \
		--constraint requirements/app.txt -o requirements/test.txt
	@echo "Lock refreshed: run make test and make check, then commit requirements/."

clean:
	rm -rf $(VENV) .venv-oldest .uv build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
