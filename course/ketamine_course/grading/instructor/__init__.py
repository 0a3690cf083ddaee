"""The instructor's grading tools; run them with ``python -m ketamine_course.grading.instructor``.

- :mod:`.commands`: the command line (``autograde``, ``audit``, ``feedback``, ``grades``) and
  its reports.
- :mod:`.sandbox`: each notebook's kernel in a bubblewrap sandbox, with limits;
  :mod:`.sandbox_kernel` is what starts inside it.
- :mod:`.students`: which student ids can be graded; autograded folders a killed run left.
- :mod:`.exports`: feedback pages checked for scripts, a spreadsheet-safe ``grades.csv``.
- :mod:`.parallel`: nbgrader's autograde in long-lived workers, merged into one gradebook.
- :mod:`.gradebooks`: read, merge and compare what autograde writes into a gradebook.
- :mod:`.feedback`: what students see in feedback (failed tests, never hidden test code).
"""
