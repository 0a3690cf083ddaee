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

# JupyterLab settings; override on the command line, e.g. `make lab PORT=9999 OPEN=no`.
# PORT: the first port to try (the next free one is used if it is taken); TOKEN: the token in
# the address JupyterLab prints (default: a new random one); OPEN=no: do not open a browser.
# tools/lab.py fills workspace/ with the learner's copies of the lessons and starts the lab.
PORT  ?= 8888
TOKEN ?=
OPEN  ?= yes
LAB   := $(RUN) $(if $(TOKEN),JUPYTER_TOKEN="$(TOKEN)") "$(BIN)/python" tools/lab.py \
         --port=$(PORT) --open=$(OPEN)

.PHONY: help lab lab-instructor test install clean-notebooks record-outputs lint bench bench-pk clean book \
        assignments autograde audit feedback grades

# Instructor steps (nbgrader, run in the course root assignments/ with the course's venv).
# A is an assignment name, e.g. make autograde A=a1_absolute_effects; JOBS is how many
# submissions autograde grades at once (default: two per CPU core; JOBS=1 is plain nbgrader).
A ?=
JOBS ?=
NBGRADER := cd assignments && $(RUN) "$(BIN)/nbgrader"
ASSIGNMENT_NAMES := $(notdir $(wildcard assignments/source/*))

help:
	@echo "make lab              open the course in JupyterLab (installs it first if needed);"
	@echo "                      your work is saved in workspace/ (PORT=, TOKEN=, OPEN=no)"
	@echo "make test             run the whole test suite (installs test tools first if needed)"
	@echo "make clean-notebooks  strip outputs and editor metadata from every notebook"
	@echo "make record-outputs   run notebooks and store the outputs nbval checks (NB=path for one)"
	@echo "make lint             ruff on the code and notebooks, and a spell check"
	@echo "make book             build the lessons into a static HTML book (_build/book/html)"
	@echo "make bench            time lessons, widgets, grading and the environment (~10 min)"
	@echo "make bench-pk         time the PK model and the lesson 03 widget redraw (part of bench)"
	@echo "make clean            remove the virtual environment"
	@echo "Instructors (see assignments/README.md):"
	@echo "make lab-instructor   JupyterLab with nbgrader's instructor tools (Formgrader, Validate)"
	@echo "make assignments      regenerate every student version in assignments/release"
	@echo "make autograde A=..   autograde every submission of one assignment, with a report"
	@echo "                      (JOBS=n: n at once; default two per CPU core; JOBS=1 plain nbgrader)"
	@echo "make audit A=..       list submissions whose code deserves a human look"
	@echo "make feedback A=..    write each student's feedback (HTML) into assignments/feedback"
	@echo "make grades           export all grades to assignments/grades.csv"

lab: $(VENV)/.installed
	@$(LAB)

# The instructor's JupyterLab: nbgrader's Formgrader, Create Assignment and Validate.
lab-instructor: $(VENV)/.installed
	@$(LAB) --instructor

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
LINT_PATHS := course assignments/source tests tools conftest.py jupyter-config
SPELL_PATHS := README.md CONTRIBUTING.md course assignments/source assignments/README.md data jupyter-config \
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
	@$(RUN) "$(BIN)/python" tools/book.py

clean:
	rm -rf $(VENV)

# The venv is rebuilt when it is missing; the course is reinstalled when
# pyproject.toml changes (the stamp files are older than it).
# Packages are installed with uv, a fast installer, with the same pins pip would use
# (pyproject.toml). uv is bootstrapped into the venv by pip: Python's own pip if it has one
# (the venv then skips installing a pip of its own, which takes longer than everything else),
# else the venv's pip. If uv cannot be installed, pip does the work, more slowly.
UV_REQUIREMENT := uv~=0.13.9
$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "This course needs Python 3.11 or newer; $(PYTHON) is " + sys.version.split()[0] + ". Run: make lab PYTHON=/path/to/python3.11")'
	@echo "Creating the virtual environment $(VENV) ..."
	@$(PYTHON) -m venv --without-pip $(VENV) || { echo "Could not create a virtual environment. On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	@$(PYTHON) -m pip --python "$(BIN)/python" install -qq "$(UV_REQUIREMENT)" 2>/dev/null \
	  || { "$(BIN)/python" -m ensurepip --default-pip >/dev/null \
	       && "$(BIN)/python" -m pip install -qq "$(UV_REQUIREMENT)" 2>/dev/null; } \
	  || echo "Could not install uv, the fast installer; installing with pip instead (a few minutes)."

# $(call install_into_venv,ARGS): install ARGS into the venv with uv if it is there, else pip.
install_into_venv = if [ -x "$(BIN)/uv" ]; then \
	  "$(BIN)/uv" pip install --quiet --python "$(BIN)/python" $(1); \
	else { "$(BIN)/python" -m pip --version >/dev/null 2>&1 \
	       || "$(BIN)/python" -m ensurepip --default-pip >/dev/null; } \
	  && "$(BIN)/python" -m pip install --quiet --disable-pip-version-check $(1); fi

# The learner's JupyterLab settings (jupyter-config/learner/, laid out as in an environment)
# are copied into the venv, as Binder's postBuild copies them into its environment.
LEARNER_SETTINGS := $(shell find jupyter-config/learner -type f)
$(VENV)/.installed: pyproject.toml $(VENV)/bin/python $(LEARNER_SETTINGS)
	@echo "Installing the course into $(VENV) ..."
	@# a .venv made before the course used uv gets it now (quietly: pip is the fallback)
	@[ -x "$(BIN)/uv" ] || "$(BIN)/python" -m pip install -qq "$(UV_REQUIREMENT)" 2>/dev/null || true
	@$(call install_into_venv,--editable .)
	@cp -R jupyter-config/learner/. "$(VENV)/"
	@touch $@

# The tests also build the book, so they install its extra too.
TEST_EXTRAS := ".[test,book]"
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	@$(call install_into_venv,--editable $(TEST_EXTRAS))
	@touch $@ $(VENV)/.installed-book

$(VENV)/.installed-book: pyproject.toml $(VENV)/.installed
	@$(call install_into_venv,--editable ".[book]")
	@touch $@
