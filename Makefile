# NextSkill: two commands on a fresh machine with Python 3.11.
#   make run    set up, build the caches for the embedded default, start the app
#   make test   set up and run the tests
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1

.PHONY: setup run build test bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) -m recommender taxonomy fetch

build: setup
	$(PY) -m recommender build

run: build
	$(PY) -m streamlit run app.py

test: setup
	$(PY) -m pytest -q

bench: build
	$(PY) benchmarks/titles.py
	$(PY) benchmarks/spine.py

clean:
	rm -rf .nextskill
