# Two entry points: `make book` builds the HTML book, `make test` runs every test;
# `make pdf` builds the PDF edition (needs Debian's TeX Live, see README);
# `make lab` installs JupyterLab into the same environment and opens the notebooks;
# `make benchmark` times our builds against plain Jupyter Book and weighs the pages.
# Each sets up its own virtual environment first, so both work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book pdf lab test benchmark clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

book: $(STAMP)
	$(PY) -m compendium.build

pdf: $(STAMP)
	$(PY) -m compendium.build --builder pdflatex

lab: $(STAMP)
	$(PY) -m pip install --quiet jupyterlab==4.6.6
	COMPENDIUM_ROOT=$(CURDIR) $(VENV)/bin/jupyter lab book/

test: $(STAMP)
	$(PY) -m pytest

benchmark: $(STAMP)
	$(PY) -m compendium.benchmark

clean:
	rm -rf _build
