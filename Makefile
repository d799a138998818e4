# Two commands do everything on a fresh machine:
#   make run    install, migrate, load demo data, serve http://127.0.0.1:8000 with a real worker and beat
#   make test   install and run the whole fast test suite (SQLite, tasks eager)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.instalado
ASSETS := static/vendor/govbr-ds/core.min.css
# Links in demo output and e-mails follow the port `make run` serves on (PORT=…), unless SITE_URL is set.
export SITE_URL ?= http://127.0.0.1:$(or $(PORT),8000)

.PHONY: run test install assets lint migrate demo integration browser ci clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $(STAMP)

install: $(STAMP) $(ASSETS)

# The source maps go along: the files name them, and collectstatic's manifest storage aborts on a missing one.
$(ASSETS): package.json package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor  # files an older recipe copied must not linger (collectstatic would ship them)
	mkdir -p static/vendor/govbr-ds
	cp node_modules/@govbr-ds/core/dist/core.min.css node_modules/@govbr-ds/core/dist/core.min.js static/vendor/govbr-ds/
	cp node_modules/@govbr-ds/core/dist/core.min.css.map node_modules/@govbr-ds/core/dist/core.min.js.map static/vendor/govbr-ds/
	mkdir -p static/vendor/fonts/raleway
	cp node_modules/@fontsource/raleway/files/raleway-latin-[4-9]00-normal.woff2 static/vendor/fonts/raleway/
	touch $(ASSETS)

assets: $(ASSETS)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py inicializar_ac
	$(BIN)/python manage.py carregar_demo

run: demo
	bin/run-dev

test: install
	DJANGO_ENV=test $(BIN)/python -m pytest -n 2 -q

lint: install
	$(BIN)/ruff check .

integration: install
	bin/integration-tests

browser: install
	bin/browser-tests

ci:
	bash .ci/run

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var
