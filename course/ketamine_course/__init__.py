"""Ketamine, Depression and the Evidence: the course's own Python package.

Every lesson notebook imports this package, so that notebooks stay short and everything that
computes a number is tested.  The folders follow the course:

- ``core/``: what every lesson shares.  ``data`` (find, load and check the CSVs in ``data/``),
  ``plots`` (palette, figures with titles, labelled axes and alt text, legibility checks),
  ``tables`` (every table a learner reads), ``evidence`` (effect sizes, predictive value,
  cumulative remission), ``quiz`` ("pause and predict" questions, kept in
  ``data/questions.csv``), ``practice`` (the checks of the "Your turn" exercises), ``wiring``
  (question widgets; controls wired to view functions and laid out by one rule), ``syllabus``
  (the course map) and ``support`` (the not-medical-advice notice and where to get help).
- ``lessons/``: one module per lesson, named after its notebook (``l03_dosing_routes`` for
  ``course/03_dosing_routes_onset.ipynb``), holding that lesson's models and data; where the
  lesson has widgets, their views and wiring sit beside it in ``lNN_..._widgets``.
- ``assignments/``: helpers an assignment notebook imports (``a3_pooling``: A3's simulated
  literature, forest and funnel plots).
- ``grading/``: ``grading.checks`` is the only module an assignment's test cells import (it runs
  inside the student's kernel); ``grading.instructor`` holds the instructor's tools (autograde,
  parallel grading, gradebooks, feedback, audit), which no learner needs.
"""

__version__ = "0.1.0"
