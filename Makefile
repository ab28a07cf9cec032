# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The deploy check needs production settings and something in every required variable.
DEPLOY_CHECK_ENV := DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=leadership.example.com DATABASE_URL=sqlite:///:memory: \
	REDIS_URL=redis://127.0.0.1:6379/0 EMAIL_URL=smtp://mail.example.com:587

.PHONY: run setup test lint pytest bench messages lock clean compiled-messages

$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

# Message catalogues are compiled with Babel (pure Python), so no system gettext is needed.
compiled-messages: $(BIN)/.installed
	$(BIN)/pybabel compile --domain django --directory locale --statistics

setup: $(BIN)/.installed compiled-messages
	mkdir -p var/celery/queue var/celery/processed var/celery/control
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_content
	$(PY) manage.py load_demo_data

## Set everything up and start the platform (web + Celery worker with beat) on http://127.0.0.1:8000
run: setup
	@echo ""
	@echo "Open http://127.0.0.1:8000 and sign in with one of the demo accounts above."
	@echo "Emails are printed in this terminal. Stop with Ctrl-C."
	$(BIN)/honcho start --procfile Procfile

## Lint, type-check, check the deploy settings, then run the whole test suite
test: lint pytest

lint: $(BIN)/.installed compiled-messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/djlint templates --lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

pytest: $(BIN)/.installed compiled-messages
	$(BIN)/pytest

## Seed a large organisation and print per-page timings and query counts
bench: $(BIN)/.installed compiled-messages
	$(PY) -m tests.bench

## Re-extract the UI strings into locale/da/LC_MESSAGES/django.po (needs GNU gettext)
messages: $(BIN)/.installed
	$(PY) manage.py makemessages --locale da --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'

## Re-pin the dependencies from pyproject.toml
lock: $(BIN)/.installed
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
