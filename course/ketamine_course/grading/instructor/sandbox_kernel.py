"""The grading kernel's first steps inside the sandbox: limits, a clean import path, then IPython.

The sandbox (:mod:`.sandbox`) starts this module as
``python -I -m ketamine_course.grading.instructor.sandbox_kernel LIMITS -f CONNECTION_FILE ...``
where ``LIMITS`` is JSON such as ``{"RLIMIT_AS": 2147483648, "RLIMIT_NPROC": 128}``. It sets
those resource limits (they hold for the kernel and everything it starts), makes sure nothing
in the working folder can be imported (``-I`` already leaves the folder off ``sys.path``, and
IPython is told not to add it), imports the course's checking functions before any student
code runs, and then becomes an ordinary IPython kernel with the remaining arguments.
"""

from __future__ import annotations

import json
import os
import resource
import sys


def apply_limits(limits: dict[str, int]) -> None:
    """Set each resource limit named in ``limits`` (e.g. ``RLIMIT_AS``) as soft and hard limit."""
    for name, value in limits.items():
        if not name.startswith("RLIMIT_") or not hasattr(resource, name):
            raise ValueError(f"unknown resource limit {name!r}; use names such as RLIMIT_AS")
        resource.setrlimit(getattr(resource, name), (int(value), int(value)))


def clean_import_path() -> None:
    """Remove the working folder (and '') from ``sys.path``: submissions cannot shadow modules."""
    here = os.getcwd()
    sys.path[:] = [entry for entry in sys.path if entry not in ("", ".", here)]


def main(argv: list[str]) -> None:
    """Apply the limits in ``argv[0]``, then run an IPython kernel with the other arguments."""
    apply_limits(json.loads(argv[0]))
    clean_import_path()
    from ipykernel import kernelapp

    import ketamine_course.grading.checks  # noqa: F401 - the installed checks, before any answer

    kernelapp.launch_new_instance(argv=[*argv[1:], "--IPKernelApp.ignore_cwd=True"])


if __name__ == "__main__":
    main(sys.argv[1:])
