# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# The intranet with demo content on http://127.0.0.1:8000 (SQLite, database search, mail to the console).
# SQLite's search is a demo only; `bin/with-postgres bin/with-opensearch make run` runs the real search
# (throwaway PostgreSQL and OpenSearch, removed when the server stops).
# Background tasks run at once here, since no worker runs beside the development server.
run: export DEBUG := true
run: export TASKS_BACKEND := django_tasks.backends.immediate.ImmediateBackend
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py update_index
	@echo
	@echo "  Intranet:      http://$(HOST):$(PORT)/        Admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Demo logins (password: intranat-demo):"
	@echo "    editor (Redaktörer, may publish):         redaktor"
	@echo "    writer (Skribenter, submits for review):  skribent"
	@echo "    staff member (reads):                     medarbetare"
	@case "$${SEARCH_URL:+engine}$${DATABASE_URL%%:*}" in \
	engine*) echo "  Search:        the engine at $$SEARCH_URL, with the Swedish analysis production has" ;; \
	postgres*) echo "  Search:        PostgreSQL's Swedish full-text search (no typo tolerance, no suggestions)" ;; \
	*) echo "  Search:        SQLite's full-text search, a DEMO ONLY: no Swedish stemming, compounds, synonyms" \
	       "or typo tolerance."; \
	   echo "                 For the real search: bin/with-postgres bin/with-opensearch make run" ;; \
	esac
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite on PostgreSQL and a real OpenSearch node; each is started, and removed
# afterwards, when DATABASE_URL or SEARCH_URL is unset.
test: install
	bin/with-postgres bin/with-opensearch $(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media static var
