"""Find, load and check the course's datasets (``data/*.csv``) and seed documents.

Every dataset is a CSV file in ``data/`` with its columns described in the data
dictionary, ``data/README.md``: one ``## file.csv`` section per file, each with
a table of ``column | type | unit | meaning``.  :func:`check_table` holds a CSV
to its dictionary entry; the test suite runs it on every file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

#: The folder that holds ``data/``, ``seeds/`` and ``course/`` when the package
#: is installed from a clone with ``pip install --editable .`` (what ``make lab`` does).
_DEFAULT_ROOT = Path(__file__).resolve().parents[3]

#: The column types a data dictionary may declare.
COLUMN_TYPES = ("text", "integer", "number", "year", "date", "url")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://\S+$")


def project_root() -> Path:
    """Return the course's top folder (the one holding ``data/`` and ``seeds/``).

    The environment variable ``KETAMINE_COURSE_ROOT`` overrides the default,
    which is the clone the package was installed from.
    """
    override = os.environ.get("KETAMINE_COURSE_ROOT")
    root = Path(override) if override else _DEFAULT_ROOT
    if not (root / "data").is_dir():
        raise FileNotFoundError(
            f"The course's data folder was not found at {root / 'data'}. Install the course "
            "from a clone of its repository with `make lab` (or `pip install --editable .`), "
            "or set KETAMINE_COURSE_ROOT to the clone's top folder."
        )
    return root


def seed_label(file_name: str) -> str:
    """Name a seed document as a learner reads it: "Seed 003", not its hashed file name."""
    number = re.fullmatch(r"(\d{3})_[0-9a-f]+\.txt", str(file_name))
    if number is None:
        raise ValueError(f"{file_name!r} is not a seed file name such as '003_<hash>.txt'.")
    return f"Seed {number.group(1)}"


def data_dir() -> Path:
    """Return the folder of the course's datasets."""
    return project_root() / "data"


def available_tables() -> list[str]:
    """Return the file names of every dataset in ``data/``, sorted."""
    return sorted(path.name for path in data_dir().glob("*.csv"))


def data_path(name: str) -> Path:
    """Return the path of the dataset ``name`` (for example ``"support_services.csv"``).

    Raises:
        ValueError: if ``name`` is not the plain file name of a dataset in ``data/``.

    """
    if not isinstance(name, str) or not name.endswith(".csv") or Path(name).name != name:
        raise ValueError(
            f"A dataset is named by its file name in data/, such as 'support_services.csv'; "
            f"got {name!r}."
        )
    path = data_dir() / name
    if not path.is_file():
        raise ValueError(
            f"There is no dataset called {name!r}. Available: {', '.join(available_tables())}."
        )
    return path


def load_table(name: str) -> pd.DataFrame:
    """Load the dataset ``name`` from ``data/`` as a DataFrame (a copy of your own to change).

    Only empty cells count as missing: a text such as "NA" stays text. Each file is
    read once and kept (widgets look tables up on every redraw); an edited file is
    read again.
    """
    path = data_path(name)
    return _read_csv(path, path.stat().st_mtime_ns).copy()


@lru_cache(maxsize=64)
def _read_csv(path: Path, modified_ns: int) -> pd.DataFrame:
    """Read one CSV file; ``modified_ns`` makes an edited file a new cache entry."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


@dataclass(frozen=True)
class Column:
    """One column of a dataset, as its data dictionary describes it."""

    name: str
    type: str
    unit: str
    meaning: str


def read_data_dictionary(readme: Path | None = None) -> dict[str, list[Column]]:
    """Parse the data dictionary into ``{file name: [Column, ...]}``.

    The dictionary is Markdown: a ``## name.csv`` heading per file, followed by a
    table whose header is ``column | type | unit | meaning``.
    """
    text = (readme or data_dir() / "README.md").read_text(encoding="utf-8")
    dictionary: dict[str, list[Column]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = re.match(r"^##\s+`?([\w.-]+\.csv)`?\s*$", line)
        if heading:
            current = heading.group(1)
            dictionary[current] = []
            continue
        if current is None or not line.startswith("|"):
            continue
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("column", "") or set(cells[0]) <= {"-", ":"}:
            continue
        dictionary[current].append(Column(*cells))
    return dictionary


def _bad_values(values: pd.Series, column_type: str) -> pd.Series:
    """Return the values of one column that do not fit ``column_type``."""
    present = values.dropna()
    if column_type == "text":
        return present[present.astype(str).str.strip() == ""]
    if column_type in ("integer", "number"):
        numbers = pd.to_numeric(present, errors="coerce")
        bad = numbers.isna()
        if column_type == "integer":
            bad |= numbers.notna() & (numbers % 1 != 0)
        return present[bad]
    if column_type == "year":
        return present[~present.astype(str).str.fullmatch(r"\d{4}")]
    if column_type == "date":
        return present[~present.astype(str).str.match(_DATE)]
    return present[~present.astype(str).str.match(_URL)]


def check_table(name: str, dictionary: dict[str, list[Column]] | None = None) -> list[str]:
    """Check the dataset ``name`` against its data dictionary.

    Returns a list of problems, empty when the file is sound: columns that
    differ from the dictionary, declared types that are not in
    :data:`COLUMN_TYPES`, values that do not fit their column's type, and rows
    without a ``source``.
    """
    dictionary = read_data_dictionary() if dictionary is None else dictionary
    if name not in dictionary:
        return [f"{name} has no section in data/README.md (add '## {name}' and its table)."]
    columns = dictionary[name]
    table = load_table(name)
    problems = []
    declared = [column.name for column in columns]
    if list(table.columns) != declared:
        problems.append(
            f"{name}: columns are {list(table.columns)}, the dictionary declares {declared}."
        )
    if "source" not in declared:
        problems.append(f"{name}: every dataset needs a 'source' column.")
    elif table["source"].isna().any():
        rows = [int(i) + 2 for i in table.index[table["source"].isna()]]
        problems.append(f"{name}: rows with no source (file line numbers): {rows}.")
    for column in columns:
        if column.type not in COLUMN_TYPES:
            problems.append(
                f"{name}: column {column.name!r} has type {column.type!r}; "
                f"allowed types: {', '.join(COLUMN_TYPES)}."
            )
        elif column.name in table.columns:
            bad = _bad_values(table[column.name], column.type)
            if len(bad):
                problems.append(
                    f"{name}: column {column.name!r} ({column.type}) has values that do not "
                    f"fit: {list(bad.astype(str))[:5]}."
                )
        if not column.meaning:
            problems.append(f"{name}: column {column.name!r} has no meaning in the dictionary.")
    return problems
