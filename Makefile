# NextSkill: two commands on a fresh machine with Python 3.11.
#   make run    set up, build the caches for the embedded default, start the app
#   make test   set up, build the default caches, run the tests (incl. headless Chromium)
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

# The persona and browser tests use the real model on the embedded default: build it first
# (about 3 minutes the first time, seconds after). The browser test needs Debian's Chromium.
test: setup
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
	    || echo "Could not install chromium: the browser test will skip"; \
	  else echo "No /usr/bin/chromium and not root: the browser test will skip (sudo apt-get install -y chromium)"; fi; \
	fi
	$(PY) -m recommender build
	$(PY) -m pytest -q

bench: build
	$(PY) benchmarks/titles.py
	$(PY) benchmarks/spine.py
	$(PY) benchmarks/extraction.py
	$(PY) benchmarks/requirements.py
	$(PY) benchmarks/recommend.py

clean:
	rm -rf .nextskill
