# Ketamine, Depression and the Evidence: two commands do all the set-up.
#   make lab   create .venv if needed, install the course, open JupyterLab
#   make test  the same set-up plus test tools, then the whole test suite
# Other targets: make help

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
# Everything started from here finds the venv's programs first (nbgrader calls
# `alembic` by name when it creates a gradebook; kernels start as `python`).
RUN    := PATH="$(BIN):$$PATH"

# JupyterLab settings; override on the command line, e.g. `make lab PORT=9999`.
# The lab opens on the start notebook, asks no "news" question, and hides build
# leftovers (the editable install's *.egg-info) from the file browser.
PORT       ?= 8888
TOKEN      ?=
OPEN       ?= yes
START_PAGE := course/00_start_here.ipynb
LAB_FLAGS  := --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
              --ServerApp.root_dir="$(CURDIR)" \
              --LabApp.default_url=/lab/tree/$(START_PAGE) \
              --LabApp.news_url=None \
              $(foreach glob,__pycache__ *.pyc *.egg-info,--ContentsManager.hide_globs='$(glob)')
# JupyterLab refuses to run as root unless told it may.
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif
# With no TOKEN, Jupyter makes a random one and prints the address with it.
ifneq ($(TOKEN),)
LAB_FLAGS += --IdentityProvider.token=$(TOKEN) --ServerApp.port_retries=0
endif
ifneq ($(OPEN),yes)
LAB_FLAGS += --no-browser
endif

.PHONY: help lab test install clean-notebooks record-outputs lint bench bench-pk clean book \
        assignments autograde audit feedback grades

# Instructor steps (nbgrader, run in the course root assignments/ with the course's venv).
# A is an assignment name, e.g. make autograde A=a1_absolute_effects; JOBS is how many
# submissions autograde grades at once (default: two per CPU core; JOBS=1 is plain nbgrader).
A ?=
JOBS ?=
NBGRADER := cd assignments && $(RUN) "$(BIN)/nbgrader"
ASSIGNMENT_NAMES := $(notdir $(wildcard assignments/source/*))

help:
	@echo "make lab              open the course in JupyterLab (installs it first if needed)"
	@echo "make test             run the whole test suite (installs test tools first if needed)"
	@echo "make clean-notebooks  strip outputs and editor metadata from every notebook"
	@echo "make record-outputs   run notebooks and store the outputs nbval checks (NB=path for one)"
	@echo "make lint             ruff on the code and notebooks, and a spell check"
	@echo "make book             build the lessons into a static HTML book (_build/book/html)"
	@echo "make bench            time lessons, widgets, grading and the environment (~10 min)"
	@echo "make bench-pk         time the PK model and the lesson 03 widget redraw (part of bench)"
	@echo "make clean            remove the virtual environment"
	@echo "Instructors (see assignments/README.md):"
	@echo "make assignments      regenerate every student version in assignments/release"
	@echo "make autograde A=..   autograde every submission of one assignment, with a report"
	@echo "                      (JOBS=n: n at once; default two per CPU core; JOBS=1 plain nbgrader)"
	@echo "make audit A=..       list submissions whose code deserves a human look"
	@echo "make feedback A=..    write each student's feedback (HTML) into assignments/feedback"
	@echo "make grades           export all grades to assignments/grades.csv"

lab: $(VENV)/.installed
	@echo "Starting JupyterLab on http://127.0.0.1:$(PORT)/ (Ctrl-C twice to stop)."
	$(RUN) "$(BIN)/jupyter" lab $(LAB_FLAGS)

test: $(VENV)/.installed-test
	$(RUN) "$(BIN)/python" -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

assignments: $(VENV)/.installed
	cd assignments && for name in $(ASSIGNMENT_NAMES); do \
	  $(RUN) "$(BIN)/nbgrader" generate_assignment $$name --force --log-level=WARN || exit 1; done

# Stops with the list of assignments when A is missing.
NEED_A = @test -n "$(A)" || { echo "Say which assignment: make $@ A=name (one of: $(ASSIGNMENT_NAMES))"; exit 2; }

autograde: $(VENV)/.installed
	$(NEED_A)
	$(RUN) "$(BIN)/python" -m ketamine_course.grading.instructor autograde $(A) $(if $(JOBS),--jobs $(JOBS))

audit: $(VENV)/.installed
	$(NEED_A)
	$(RUN) "$(BIN)/python" -m ketamine_course.grading.instructor audit $(A)

feedback: $(VENV)/.installed
	$(NEED_A)
	$(RUN) "$(BIN)/python" -m ketamine_course.grading.instructor feedback $(A)

grades: $(VENV)/.installed
	$(RUN) "$(BIN)/python" -m ketamine_course.grading.instructor grades

# Ruff on the package, tests, tools and every notebook (lessons and assignment sources), then
# codespell on the course's own words (pyproject.toml says what it skips and why).
LINT_PATHS := course assignments/source tests tools conftest.py
SPELL_PATHS := README.md CONTRIBUTING.md course assignments/source assignments/README.md data \
               tests tools
lint: $(VENV)/.installed-test
	$(RUN) "$(BIN)/ruff" check $(LINT_PATHS)
	$(RUN) "$(BIN)/codespell" $(SPELL_PATHS)

clean-notebooks: $(VENV)/.installed
	$(RUN) "$(BIN)/python" tools/nbhygiene.py --fix

record-outputs: $(VENV)/.installed
	$(RUN) "$(BIN)/python" tools/nbhygiene.py --record $(NB)

# Benchmarks (issue 10): a table per part, each figure beside its target; PARTS=widgets etc.
bench: $(VENV)/.installed
	$(RUN) "$(BIN)/python" tools/bench.py $(PARTS)

bench-pk: $(VENV)/.installed
	$(RUN) "$(BIN)/python" tools/bench.py pk widgets

# The static book (Jupyter Book 1.x, the optional extra [book]); builds offline.
book: $(VENV)/.installed-book
	$(RUN) "$(BIN)/python" tools/book.py

clean:
	rm -rf $(VENV)

# The venv is rebuilt when it is missing; the course is reinstalled when
# pyproject.toml changes (the stamp files are older than it).
$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "This course needs Python 3.11 or newer; $(PYTHON) is " + sys.version.split()[0] + ". Run: make lab PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment. On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	"$(BIN)/python" -m pip install --quiet --upgrade pip

# Learners are not asked whether JupyterLab may fetch its news feed.
$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	"$(BIN)/python" -m pip install --quiet --editable .
	$(RUN) "$(BIN)/jupyter" labextension disable --level=sys_prefix \
	    "@jupyterlab/apputils-extension:announcements" >/dev/null
	@touch $@

# The tests also build the book, so they install its extra too.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	"$(BIN)/python" -m pip install --quiet --editable ".[test,book]"
	@touch $@ $(VENV)/.installed-book

$(VENV)/.installed-book: pyproject.toml $(VENV)/.installed
	"$(BIN)/python" -m pip install --quiet --editable ".[book]"
	@touch $@
