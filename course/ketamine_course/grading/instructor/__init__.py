"""The instructor's grading tools; run them with ``python -m ketamine_course.grading.instructor``.

- :mod:`.commands`: the command line (``autograde``, ``audit``) and its reports.
- :mod:`.parallel`: nbgrader's autograde in long-lived workers, merged into one gradebook.
- :mod:`.gradebooks`: read, merge and compare what autograde writes into a gradebook.
- :mod:`.feedback`: what students see in feedback (failed tests, never hidden test code).
"""
