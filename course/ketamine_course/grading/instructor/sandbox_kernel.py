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


#: Files Python runs as code when it imports them (or, for .pth, when it starts).
CODE_SUFFIXES = (".py", ".pyc", ".pyo", ".pyw", ".pth", ".so")


def _reads(mode, flags) -> bool:
    """Return True for an ``open`` audit event that only reads."""
    if isinstance(mode, str):
        return not any(letter in mode for letter in "wax+")
    return not (flags or 0) & (os.O_WRONLY | os.O_RDWR)


def guard_code_loading(installed: tuple[str, ...]) -> None:
    """Refuse to read Python code files from anywhere but the ``installed`` (read-only) folders.

    An answer can write a file into its working folder and put that folder on ``sys.path`` or
    on a package's ``__path__`` (test cells reload the checks module, which searches it); this
    audit hook, which Python code cannot remove, stops such a file from being imported.
    """
    def hook(event: str, args: tuple) -> None:
        if event != "open" or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        name = os.fsdecode(args[0])
        if name.endswith(CODE_SUFFIXES) and _reads(args[1], args[2]):
            real = os.path.realpath(name)
            if not real.startswith(installed):
                raise PermissionError(f"the grading sandbox loads code only from the installed "
                                      f"course and Python, not from {name}")

    sys.addaudithook(hook)


def main(argv: list[str]) -> None:
    """Apply the limits in ``argv[0]``, then run an IPython kernel with the other arguments."""
    apply_limits(json.loads(argv[0]))
    clean_import_path()
    import ketamine_course

    package = os.path.dirname(os.path.realpath(ketamine_course.__file__))
    guard_code_loading(tuple(os.path.realpath(p) + os.sep for p in
                             {sys.prefix, sys.base_prefix, package, "/usr"}))
    from ipykernel import kernelapp

    import ketamine_course.grading.checks  # noqa: F401 - the installed checks, before any answer

    kernelapp.launch_new_instance(argv=[*argv[1:], "--IPKernelApp.ignore_cwd=True"])


if __name__ == "__main__":
    main(sys.argv[1:])
