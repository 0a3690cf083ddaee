"""Grading the assignments.

- :mod:`.checks`: the checks an assignment's test cells import.  It runs inside the student's
  kernel, so it is small, imports nothing else from the course, and cannot be fooled by
  look-alike values.
- :mod:`.instructor`: the instructor's tools (``python -m ketamine_course.grading.instructor``):
  autograde with a report, parallel grading, gradebooks, feedback and the audit.  Learners never
  need them.
"""
