# Developer tasks for Qoldau: install, run, test, lint, format, clean.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY = $(VENV)/bin/python
TEST_SETTINGS ?= config.settings.test
PYTEST_ARGS ?=
BENCH_ARGS ?=
DRILLS_ARGS ?=
# WeasyPrint (the petition PDF) needs pango; DejaVu has every Kazakh letter.
PDF_PACKAGES = libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

.PHONY: install run test bench drills lint format clean

install: $(VENV)/.installed
	@if ! { /sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 \
			&& [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } \
		&& [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get install -y $(PDF_PACKAGES) || { apt-get update && apt-get install -y $(PDF_PACKAGES); }; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev]'
	touch $@

# One foreground command: Ctrl-C stops web, worker, beat and the stand-in eGov together.
# devidp_setup prepares the stand-in eGov (port 8001): its database, signing key, demo
# citizens, the portal as its client, and the demo certification authority in var/eds.
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	@if ! command -v msgfmt >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get install -y gettext || { apt-get update && apt-get install -y gettext; }; \
	fi
	@if ! command -v msgfmt >/dev/null; then \
		echo "note: msgfmt (gettext) not found, skipping compilemessages"; \
	elif [ -z "$$(find . -path ./$(VENV) -prune -o -name '*.po' -print -quit)" ]; then \
		echo "note: no .po catalogues yet, skipping compilemessages"; \
	else \
		echo "$(PY) manage.py compilemessages --ignore=$(VENV)"; \
		$(PY) manage.py compilemessages --ignore=$(VENV); \
	fi
	$(PY) manage.py seed_demo
	$(PY) devidp/manage.py devidp_setup
	exec $(VENV)/bin/honcho -f Procfile start

# Runs inside throwaway PostgreSQL and Redis; exits with pytest's status.
# Pass pytest options with e.g. make test PYTEST_ARGS="-k petitions -x".
test: install
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) tests/services.sh sh -c \
		'$(PY) manage.py makemigrations --check --dry-run \
		&& $(PY) manage.py compilemessages --ignore=$(VENV) -v 0 \
		&& exec $(PY) -m pytest "$$@"' \
		sh $(PYTEST_ARGS)

# The load benchmark (bench/README.md); e.g. make bench BENCH_ARGS="--quick".
bench: install
	tests/services.sh $(PY) bench/run.py $(BENCH_ARGS)

# The failure drills (bench/README.md): Redis, the Celery worker and beat, and PostgreSQL are
# killed under a sign load; e.g. make drills DRILLS_ARGS="--quick".
drills: install
	tests/services.sh $(PY) bench/drills.py $(DRILLS_ARGS)

# semgrep pins its own jsonschema, click and opentelemetry, which clash with the project's
# (openapi-spec-validator needs a newer jsonschema), so it has a venv of its own inside .venv.
# Local rules only (.semgrep/), no metrics, no version check: it runs offline.
SEMGREP = $(VENV)/semgrep/bin/semgrep

$(SEMGREP): | install
	$(PYTHON) -m venv $(VENV)/semgrep
	$(VENV)/semgrep/bin/pip install 'semgrep>=1.100,<2'

lint: install $(SEMGREP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -c pyproject.toml -r accounts agencies petitions config -ll -q
	$(SEMGREP) scan --config .semgrep/ --metrics=off --disable-version-check --error --quiet \
		--no-git-ignore accounts agencies petitions config templates

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var
