# Two entry points: `make book` builds the HTML book, `make test` runs every test;
# `make pdf` builds the PDF edition (needs Debian's TeX Live, see README);
# `make lab` installs JupyterLab into the same environment and opens the notebooks;
# `make benchmark` times our builds against plain Jupyter Book and weighs the pages;
# `make catalogs` brings the bokmål edition's translation catalogues up to date with the English pages;
# `make lock` writes requirements.lock (every dependency pinned, with hashes) from requirements.txt.
# Each sets up its own virtual environment first, so both work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book pdf lab test benchmark catalogs lock clean

# requirements.lock pins every package the book needs, direct or not, with hashes; pip refuses any
# file whose hash differs. `make lock` writes it again from requirements.txt (after a change there).
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --no-header -o requirements.lock requirements.txt

# With TeX Live installed, the web book also holds the PDF edition and links it from every page.
book: $(STAMP)
	$(PY) -m compendium.build $(if $(shell command -v xelatex),--with-pdf,)

pdf: $(STAMP)
	$(PY) -m compendium.build --builder pdflatex

# The chapters are MyST text notebooks: jupytext lets JupyterLab open them as notebooks (set as the default here).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
lab: $(STAMP)
	$(PY) -m pip install --quiet jupyterlab==4.6.6 jupytext==1.19.6
	mkdir -p $(LAB_SETTINGS)
	echo '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook"}}}' \
		> $(LAB_SETTINGS)/overrides.json
	COMPENDIUM_ROOT=$(CURDIR) $(VENV)/bin/jupyter lab book/

test: $(STAMP)
	$(PY) -m pytest

benchmark: $(STAMP)
	$(PY) -m compendium.build.benchmark

catalogs: $(STAMP)
	$(PY) -m compendium.build.catalogs

clean:
	rm -rf _build
