"""``python -m ketamine_course.grading.instructor``: the instructor's grading commands."""

import sys

from .commands import main

sys.exit(main())
