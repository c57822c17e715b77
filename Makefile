# The two commands of the quick start: `make app` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: app test lint setup setup-dev data clean

app: setup  ## set up, then open the app on the first article
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: setup-dev  ## set up, then run the whole test suite
	$(BIN)/python -m pytest

lint: setup-dev  ## ruff on everything, mypy on the package
	$(BIN)/ruff check routes app.py tests benchmarks data
	$(BIN)/mypy routes

setup: $(VENV)/.runtime data

setup-dev: $(VENV)/.dev data

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .  # the routes command, from any folder
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

data:  ## build the gazetteer index once (kept in .cache/)
	$(BIN)/python -m routes build-data

clean:
	rm -rf $(VENV) .cache
