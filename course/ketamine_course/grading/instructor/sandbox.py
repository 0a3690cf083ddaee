r"""Run each submission's code in a bubblewrap sandbox that sees only what grading it needs.

Student code runs only in the grading *kernel*, so the sandbox wraps the kernel and nothing
else: nbgrader, the gradebook and every file it writes stay outside, in the instructor's process.
:class:`SandboxedExecute` (nbgrader's ``Execute`` with two changes) starts each notebook's
kernel through :class:`SandboxKernelManager`, which launches::

    bwrap --unshare-all --die-with-parent --new-session ... \\
        python -I -m ketamine_course.grading.instructor.sandbox_kernel LIMITS -f kernel.json

Inside, the kernel sees the system's programs and libraries, Python, the venv and the course
package, all read-only; an empty home on a tmpfs; and, as its working folder, a fresh writable
copy of the submitted notebooks and of the files the instructor's source folder ships (nothing
else the student handed in). It does not see the course root (``source/``, ``gradebook.db``,
other students), the instructor's home, the network (the kernel talks to nbgrader over ZMQ
``ipc`` sockets in a folder made for it), or other processes (a new PID namespace: when the
kernel ends, everything it started ends). Resource limits cap its memory, processes, CPU time
and file size; a timer stops a notebook that runs past its wall-clock limit; and
:class:`SandboxedExecute` caps what a notebook can print, per cell and in all.

:func:`nbgrader_options` gives the ``nbgrader autograde`` options that switch this on; plain
(``nbgrader autograde`` in a subprocess) and parallel grading pass the same ones.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Dict, Integer, Unicode

#: What to tell an instructor whose machine cannot start the sandbox.
INSTALL_HINT = (
    "Grading runs each submission in a bubblewrap sandbox, and it could not start here ({why}). "
    "Install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf "
    "install bubblewrap) and make sure unprivileged user namespaces are allowed "
    "(sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 also the AppArmor profile for "
    "bwrap). To grade without a sandbox anyway, at your own risk, pass --no-sandbox.")

#: Printed when grading runs without the sandbox.
NO_SANDBOX_WARNING = (
    "WARNING: --no-sandbox: student code runs with YOUR rights, in YOUR course folder. A "
    "submission can read the solutions in source/, change gradebook.db and other students' "
    "files, and leave programs running. Use this only for submissions you trust.")

#: Said in the log (and so in the report) when a notebook runs past its wall-clock limit.
WALL_CLOCK_MESSAGE = "Sandbox: the notebook ran past its wall-clock limit of {seconds} s"

BWRAP = "/usr/bin/bwrap"


class SandboxUnavailableError(RuntimeError):
    """bubblewrap is missing or cannot start a sandbox on this machine."""


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Sizes in MB, times in seconds."""

    memory_mb: int = 2048  # address space of each process (RLIMIT_AS)
    processes: int = 128  # processes and threads (RLIMIT_NPROC; not enforced for root)
    cpu_seconds: int = 600  # CPU time of each process (RLIMIT_CPU)
    file_mb: int = 64  # largest file it can write (RLIMIT_FSIZE)
    notebook_seconds: int = 600  # wall clock for the whole notebook
    cell_output_kb: int = 256  # output kept per cell
    notebook_output_kb: int = 2048  # output kept per notebook

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"sandbox limit {name} must be a whole number of at least 1, "
                                 f"not {value!r}")

    def rlimits(self) -> dict[str, int]:
        """Return the limits the kernel sets on itself, keyed by their names in :mod:`resource`."""
        return {"RLIMIT_AS": self.memory_mb << 20, "RLIMIT_NPROC": self.processes,
                "RLIMIT_CPU": self.cpu_seconds, "RLIMIT_FSIZE": self.file_mb << 20,
                "RLIMIT_CORE": 0}


#: The student's home and working folder inside the sandbox (bubblewrap makes them afresh for
#: each notebook; they are the same on every machine, not paths of this one).
SANDBOX_HOME = "/home/student"
SANDBOX_WORKDIR = SANDBOX_HOME + "/work"


def nbgrader_options(limits: Limits | None = None) -> list[str]:
    """Return the ``nbgrader autograde`` options that execute every notebook in the sandbox."""
    limits = limits or Limits()
    preprocessors = [f"{__name__}.SandboxedExecute", "nbgrader.preprocessors.IgnorePattern",
                     "nbconvert.preprocessors.ClearMetadataPreprocessor",
                     "nbgrader.preprocessors.LimitOutput", "nbgrader.preprocessors.SaveAutoGrades",
                     "nbgrader.preprocessors.AssignLatePenalties",
                     "nbgrader.preprocessors.CheckCellMetadata"]
    return [f"--Autograde.autograde_preprocessors={json.dumps(preprocessors)}",
            f"--SandboxKernelManager.rlimits={json.dumps(limits.rlimits())}",
            f"--SandboxKernelManager.notebook_seconds={limits.notebook_seconds}",
            f"--SandboxedExecute.cell_output_bytes={limits.cell_output_kb << 10}",
            f"--SandboxedExecute.notebook_output_bytes={limits.notebook_output_kb << 10}"]


def _course_paths() -> list[Path]:
    """Return the read-only folders the kernel needs: Python, the venv, the course package."""
    import ketamine_course
    from ketamine_course.core.data import project_root

    package = Path(ketamine_course.__file__).resolve().parent
    root = project_root()
    paths = [Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), package,
             root / "data", root / "seeds"]
    return [path for path in dict.fromkeys(paths) if path.exists()]


def bwrap_command(workdir: Path, shared: list[Path], readable: list[Path]) -> list[str]:
    """Return the ``bwrap`` arguments (up to ``--``) for a kernel working in ``workdir``.

    ``shared`` folders are bound writable at their own paths (the ZMQ sockets), ``readable``
    files and folders read-only at their own paths.
    """
    command = [BWRAP, "--unshare-all", "--die-with-parent", "--new-session",
               "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev"]
    for system in ("/usr", "/bin", "/lib", "/lib32", "/lib64", "/sbin"):
        if os.path.lexists(system):
            command += (["--symlink", os.readlink(system), system] if os.path.islink(system)
                        else ["--ro-bind", system, system])
    for name in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "fonts", "localtime",
                 "alternatives", "mime.types", "nsswitch.conf"):
        if os.path.exists(f"/etc/{name}"):
            command += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    command += ["--tmpfs", "/tmp", "--tmpfs", "/home", "--dir", SANDBOX_HOME]
    for path in [*readable]:
        command += ["--ro-bind", str(path), str(path)]
    for path in shared:
        command += ["--bind", str(path), str(path)]
    command += ["--bind", str(workdir), SANDBOX_WORKDIR, "--remount-ro", "/",
                "--chdir", SANDBOX_WORKDIR, "--clearenv"]
    environment = {"HOME": SANDBOX_HOME, "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/bin:/bin",
                   "LANG": "C.UTF-8", "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp/matplotlib",
                   "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                   "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   "MALLOC_ARENA_MAX": "2", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
                   "NBGRADER_EXECUTION": "autograde"}
    for name, value in environment.items():
        command += ["--setenv", name, value]
    return command


def check_available() -> None:
    """Start a trivial sandbox; if it fails, raise :class:`SandboxUnavailableError` (what to do)."""
    if not Path(BWRAP).is_file():
        raise SandboxUnavailableError(INSTALL_HINT.format(why=f"{BWRAP} is not installed"))
    with tempfile.TemporaryDirectory(prefix="ketamine-sandbox-check-") as scratch:
        command = [*bwrap_command(Path(scratch), [], []), "--", "/bin/true"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SandboxUnavailableError(INSTALL_HINT.format(why=str(error))) from error
    if done.returncode:
        said = done.stderr.strip().splitlines()
        raise SandboxUnavailableError(INSTALL_HINT.format(
            why=f"bwrap said: {said[-1] if said else f'exit code {done.returncode}'}"))


def _working_copy(cwd: Path, workdir: Path) -> None:
    """Copy the notebooks in ``cwd`` and the files the instructor's source ships into ``workdir``.

    ``cwd`` is nbgrader's ``autograded/<student>/<assignment>/``; the source folder is
    ``source/<assignment>/`` of the same course root. Anything else the student handed in
    (a module beside the notebook, a folder named like a package) stays out.
    """
    source = cwd.parent.parent.parent / "source" / cwd.name
    for notebook in cwd.glob("*.ipynb"):
        if notebook.is_file() and not notebook.is_symlink():
            shutil.copyfile(notebook, workdir / notebook.name)
    if not source.is_dir():
        return
    for shipped in source.rglob("*"):
        relative = shipped.relative_to(source)
        if shipped.is_file() and shipped.suffix != ".ipynb" and ".ipynb_checkpoints" not in \
                relative.parts and "__pycache__" not in relative.parts:
            (workdir / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shipped, workdir / relative)


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts each kernel in a fresh bubblewrap sandbox."""

    rlimits = Dict({}, help="Resource limits the kernel sets on itself, e.g. "
                   '{"RLIMIT_AS": 2147483648}.').tag(config=True)
    notebook_seconds = Integer(600, help="Wall-clock limit for one notebook (s).").tag(config=True)
    python = Unicode(sys.executable, help="The venv's Python, run in the sandbox.").tag(config=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._scratch = Path(tempfile.mkdtemp(prefix="ketamine-sandbox-"))
        (self._scratch / "ipc").mkdir()
        (self._scratch / "work").mkdir()
        self.transport = "ipc"
        self.ip = str(self._scratch / "ipc" / "kernel")
        self.connection_file = str(self._scratch / "kernel.json")
        self._timer: threading.Timer | None = None
        self.timed_out = False

    async def _async_pre_start_kernel(self, **kw):
        cwd = kw.get("cwd")
        if cwd:
            _working_copy(Path(cwd), self._scratch / "work")
        self.kernel_spec.interrupt_mode = "message"  # a signal would reach bwrap, not the kernel
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """Return ``bwrap ... python -I -m ...sandbox_kernel LIMITS -f kernel.json ...``."""
        sandbox = bwrap_command(self._scratch / "work", [self._scratch / "ipc"],
                                [*_course_paths(), self._scratch / "kernel.json"])
        kernel = [self.python, "-I", "-m", "ketamine_course.grading.instructor.sandbox_kernel",
                  json.dumps(dict(self.rlimits)), "-f", str(self._scratch / "kernel.json"),
                  *(extra_arguments or [])]
        return [*sandbox, "--", *kernel]

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        await super()._async_launch_kernel(kernel_cmd, **kw)
        self._timer = threading.Timer(self.notebook_seconds, self._time_up,
                                      args=(self.provisioner.pid,))
        self._timer.daemon = True
        self._timer.start()

    def _time_up(self, pid: int) -> None:
        """Stop a kernel that ran past the notebook's wall-clock limit (and all it started)."""
        self.timed_out = True
        try:
            os.kill(pid, signal.SIGKILL)  # bwrap; --die-with-parent ends everything inside
        except ProcessLookupError:
            pass

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            self.discard()

    def discard(self) -> None:
        """Stop the wall-clock timer and remove the sandbox's folder (sockets, working copy)."""
        if self._timer is not None:
            self._timer.cancel()
        shutil.rmtree(self._scratch, ignore_errors=True)


class SandboxedExecute(Execute):
    """nbgrader's Execute with the kernel in the sandbox and a cap on what it may print.

    Past the cap an output is not dropped but shrunk to a note, so a cell that wrote to
    stderr, raised an error or produced a value is still scored as nbgrader would score it.
    """

    cell_output_bytes = Integer(256 << 10, help="Output kept per cell (bytes).").tag(config=True)
    notebook_output_bytes = Integer(2 << 20, help="Output kept per notebook (bytes)."
                                    ).tag(config=True)

    def __init__(self, **kwargs) -> None:
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(**kwargs)
        self._spent: dict = {"notebook": 0}
        self._noted: set[tuple] = set()
        self._manager: SandboxKernelManager | None = None

    def create_kernel_manager(self):  # noqa: D102 - nbclient's interface
        self._manager = super().create_kernel_manager()
        return self._manager

    def preprocess(self, nb, resources=None, km=None):  # noqa: D102 - nbconvert's interface
        self._spent, self._noted, self._manager = {"notebook": 0}, set(), None
        try:
            return super().preprocess(nb, resources, km)
        except Exception:
            if getattr(self._manager, "timed_out", False):
                self.log.error(WALL_CLOCK_MESSAGE.format(seconds=self._manager.notebook_seconds)
                               + "; its kernel was stopped and the notebook was not graded.")
            raise
        finally:
            if self._manager is not None:  # nbclient skips the clean-up of a dead kernel
                self._manager.discard()

    def output(self, outs, msg, display_id, cell_index):  # noqa: D102 - nbclient's interface
        out = super().output(outs, msg, display_id, cell_index)
        if out is None or not outs or outs[-1] is not out:
            return out
        size = len(json.dumps(out))
        cell = self._spent.get(cell_index, 0)
        if cell + size <= self.cell_output_bytes and \
                self._spent["notebook"] + size <= self.notebook_output_bytes:
            self._spent[cell_index] = cell + size
            self._spent["notebook"] += size
            return out
        outs.pop()
        kind = (cell_index, out.get("output_type"), out.get("name"))
        if kind in self._noted and kind[1] in ("stream", "display_data"):
            return None  # one note per cell and kind is enough
        self._noted.add(kind)
        short = _shrunk(out, self._note(cell + size > self.cell_output_bytes))
        outs.append(short)
        return short

    def _note(self, cell_full: bool) -> str:
        if cell_full:
            return (f"[Output cut by the grader: this cell printed more than "
                    f"{self.cell_output_bytes >> 10} kB.]\n")
        return (f"[Output cut by the grader: this notebook printed more than "
                f"{self.notebook_output_bytes >> 10} kB.]\n")


def _shrunk(out, note: str):
    """Return ``out`` cut to ``note``, keeping what nbgrader scores by (kind, stream, value)."""
    from nbformat.v4 import new_output

    kind = out.get("output_type")
    if kind == "stream":
        return new_output("stream", name=out.get("name", "stdout"), text=note)
    if kind == "error":
        return new_output("error", ename=str(out.get("ename", "Error"))[:200],
                          evalue=str(out.get("evalue", ""))[:1000], traceback=[note])
    if kind == "execute_result":
        plain = str(out.get("data", {}).get("text/plain", ""))
        return new_output("execute_result", data={"text/plain": plain if len(plain) <= 200
                                                  else note},
                          execution_count=out.get("execution_count"))
    return new_output("display_data", data={"text/plain": note})
