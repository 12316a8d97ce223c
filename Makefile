# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app snf
PORT ?= 5000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed-stamp

.PHONY: install run serve db demo test fuzz lint format bench translations clean mutate prod

# Outside debug the app needs the address printed in certificates' QR codes
# (snf/__init__.py); locally that is where `make run` serves.
db demo run: export SNF_PUBLIC_URL ?= http://$(HOST):$(PORT)

install: $(STAMP) translations

$(STAMP): setup.cfg pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Compiled catalogues are build output (.mo is ignored by git).
translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d snf/translations -f --statistics 2>&1 | grep -v "^compiling" || true

db: install
	mkdir -p instance
	$(FLASK) db upgrade

# The demo's geography: small files in the CBS formats for the demo's towns
# (README, "Municipalities and regions", says how to load the real ones).
demo: db
	$(FLASK) norms load
	$(FLASK) geo import --municipalities snf/geo/data/demo_gemeenten.csv --addresses snf/geo/data/demo_pc6hnr.csv
	$(FLASK) demo
	$(FLASK) residents tokens

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# bandit: medium and high severity fail the build. pip-audit checks the pinned
# dependencies and skips (with a message) when its service cannot be reached.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r snf -ll
	$(BIN)/python tests/security/audit_dependencies.py
	$(BIN)/pytest $(PYTEST_ARGS)

# The API fuzzer of make test, longer: SNF_FUZZ_EXAMPLES per operation and
# caller, plus schemathesis' coverage phase (minutes, not seconds).
SNF_FUZZ_EXAMPLES ?= 200
fuzz: install
	SNF_FUZZ_EXAMPLES=$(SNF_FUZZ_EXAMPLES) $(BIN)/pytest -p no:cacheprovider tests/security/test_api_fuzz.py $(PYTEST_ARGS)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Mutation testing of the core modules, one module at a time against the tests
# that concern it (tools/mutate.py; mutmut, [mutmut] in setup.cfg); slow, not
# in CI. MODULES narrows it, e.g. MODULES='rules idempotency'; the last
# result is in docs/mutation.md.
mutate: install
	$(BIN)/python tools/mutate.py $(MODULES)

# Two gunicorn app servers, two RQ workers and the scheduler on PostgreSQL,
# Redis and S3 (a moto server unless SNF_S3_ENDPOINT_URL is set); README
# "Production". Ctrl-C stops everything.
prod: install
	$(BIN)/python -m prod.stack

bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# Extract the messages after changing texts, then translate snf/translations/nl.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k _n:1,2 --no-location --sort-output -o snf/translations/messages.pot snf
	$(BIN)/pybabel update -i snf/translations/messages.pot -d snf/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .coverage htmlcov
