"""One way to show a table to a learner: plain-English headers, tidy numbers, a width that fits.

Every table a lesson or a widget shows goes through :func:`learner_table`. It takes a pandas
table and a list of :class:`Column` (which column, its header in plain English with its unit,
and what kind of value it holds) and returns a :class:`LearnerTable`, which a notebook displays
as it is and a widget puts into an ``ipywidgets.HTML`` through its ``.html``.

What it guarantees, so that no table shows raw plumbing:

- headers are words, not column names: no underscores, never empty;
- counts are whole numbers with thousands separators ("1,234", never "20.0");
- other numbers are rounded to the decimals their column asks for;
- yes/no columns say so in words (or in the column's own pair of words), never True/False;
- a missing value reads as the column's ``missing`` text, never None, NaN or <NA>;
- a DOI or PMID in a cell is a link to its record;
- single line spacing (JupyterLab's widgets otherwise give each line 28 px), text left and
  numbers right, and a box that scrolls sideways (and, for long tables, down) instead of
  running off the page.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

#: The kinds of value a column can hold, and how each is written.
KINDS = ("text", "count", "number", "percent", "yesno")

#: Words that must never reach a learner's screen as a cell's whole text.
PLUMBING = ("None", "nan", "NaN", "<NA>", "NaT", "True", "False")

#: A header that is a column name rather than words: snake_case or a lone lower-case token.
_SNAKE = re.compile(r"[A-Za-z0-9]_[A-Za-z0-9]")

_CELL = "padding:2px 8px;border-bottom:1px solid #DDDDDD;vertical-align:top;"
_HEAD = "padding:4px 8px;border-bottom:2px solid #555555;vertical-align:bottom;"


@dataclass(frozen=True)
class Column:
    """One column of a learner's table.

    Attributes:
        key: the column's name in the pandas table.
        header: what the learner reads, in plain English, with the unit in brackets where
            there is one ("Participants (n)", "Time to peak (hours)").
        kind: one of :data:`KINDS`.
        decimals: decimals for ``number`` and ``percent`` columns.
        missing: what an empty cell says ("not reported", "—").
        yes_no: the words for True and False in a ``yesno`` column.
        min_width_em: for a column of sentences, the narrowest it may be drawn (in ems), so
            that a wide table does not squeeze it to a word a line; None lets the browser
            choose.
    """

    key: str
    header: str
    kind: str = "text"
    decimals: int = 1
    missing: str = "—"
    yes_no: tuple[str, str] = ("yes", "no")
    min_width_em: float | None = None

    def __post_init__(self) -> None:
        """Refuse a header that is a column name, an unknown kind or odd decimals."""
        if not isinstance(self.header, str) or not self.header.strip():
            raise ValueError(f"Column {self.key!r} needs a header in plain English; "
                             f"got {self.header!r}.")
        if _SNAKE.search(self.header):
            raise ValueError(f"Header {self.header!r} looks like a column name; write it in "
                             "words, with its unit in brackets, e.g. 'Participants (n)'.")
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.key!r}: kind {self.kind!r} is not one of "
                             f"{', '.join(KINDS)}.")
        if not isinstance(self.decimals, int) or not 0 <= self.decimals <= 4:
            raise ValueError(f"Column {self.key!r}: decimals must be a whole number from 0 to "
                             f"4; got {self.decimals!r}.")
        width = self.min_width_em
        if width is not None and (isinstance(width, bool) or not isinstance(width, int | float)
                                  or not 2 <= width <= 40):
            raise ValueError(f"Column {self.key!r}: min_width_em must be a number of ems from 2 "
                             f"to 40, or None; got {self.min_width_em!r}.")

    def format(self, value: object) -> str:
        """Write one value of this column as the learner reads it."""
        if _is_missing(value):
            return self.missing
        if self.kind == "text":
            return str(value)
        if self.kind == "yesno":
            if not isinstance(value, bool | int) or value not in (0, 1):
                raise ValueError(f"Column {self.key!r} holds yes/no values; got {value!r}.")
            return self.yes_no[0] if value else self.yes_no[1]
        number = _as_number(self.key, value)
        if self.kind == "count":
            if not math.isclose(number, round(number)):
                raise ValueError(f"Column {self.key!r} holds counts; {value!r} is not a whole "
                                 "number (make it a 'number' column with decimals).")
            return f"{round(number):,}"
        text = f"{number:,.{self.decimals}f}"
        return f"{text}%" if self.kind == "percent" else text

    @property
    def numeric(self) -> bool:
        """Whether the column's values are numbers (aligned right)."""
        return self.kind in ("count", "number", "percent")


def _is_missing(value: object) -> bool:
    """Whether ``value`` is None, NaN, NaT, pd.NA or an empty string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_number(key: str, value: object) -> float:
    """Return ``value`` as a float, or say which column held something that is not a number."""
    if isinstance(value, bool):
        raise ValueError(f"Column {key!r} holds numbers; got {value!r}.")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"Column {key!r} holds numbers; got {value!r}.") from None


@dataclass(frozen=True)
class LearnerTable:
    """A finished table: its HTML, and its headers and cells as the learner reads them."""

    html: str
    headers: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]

    def _repr_html_(self) -> str:
        """Let a notebook display the table as it is."""
        return self.html

    def __len__(self) -> int:
        """Return the number of rows."""
        return len(self.cells)


def learner_table(frame: pd.DataFrame, columns: Sequence[Column], *, caption: str = "",
                  max_height_em: float | None = None) -> LearnerTable:
    """Turn ``frame`` into a table a learner can read (see the module's docstring).

    Args:
        frame: the data; only the columns named in ``columns`` are shown, in that order.
        columns: what to show and how.
        caption: an optional caption shown above the table (and its accessible name).
        max_height_em: for long tables, the height (in lines of text) after which the box
            scrolls; None lets the table be as long as it is.

    Raises:
        ValueError: for a column the table does not have, a header that is a column name,
            or a value that does not fit its column's kind.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"learner_table needs a pandas DataFrame; got {type(frame).__name__}.")
    if not columns:
        raise ValueError("learner_table needs at least one Column to show.")
    missing = [column.key for column in columns if column.key not in frame.columns]
    if missing:
        raise ValueError(f"The table has no column(s) {missing}; it has: "
                         f"{', '.join(map(str, frame.columns))}.")
    if max_height_em is not None and max_height_em < 5:
        raise ValueError(f"max_height_em must be at least 5 lines or None; got {max_height_em!r}.")
    cells = tuple(tuple(column.format(row[column.key]) for column in columns)
                  for _, row in frame.iterrows())
    headers = tuple(column.header for column in columns)
    return LearnerTable(_render(columns, cells, caption, max_height_em), headers, cells)


#: A DOI or a PubMed ID in a cell's text ("doi:10.1001/x.y", "PMID: 12345678"); a full stop,
#: comma or semicolon right after one ends the sentence, not the identifier.
_DOI = re.compile(r"\bdoi:\s?(10\.\d{4,9}/[^\s]+?)(?=[.,;)]?(?:\s|$))")
_PMID = re.compile(r"\bPMID:?\s?(\d{5,9})\b")


def linked(text: str) -> str:
    """Make every DOI and PMID in ``text`` (already HTML-escaped) a link to its record."""
    text = _DOI.sub(lambda m: f'<a href="https://doi.org/{m.group(1)}" target="_blank" '
                              f'rel="noopener">{m.group(0)}</a>', text)
    return _PMID.sub(lambda m: f'<a href="https://pubmed.ncbi.nlm.nih.gov/{m.group(1)}/" '
                               f'target="_blank" rel="noopener">{m.group(0)}</a>', text)


def _render(columns: Sequence[Column], cells: tuple[tuple[str, ...], ...], caption: str,
            max_height_em: float | None) -> str:
    """Write the table's HTML, every style inline (widgets and the book keep no stylesheet)."""
    def align(column: Column) -> str:
        width = f"min-width:{column.min_width_em:g}em;" if column.min_width_em else ""
        return width + ("text-align:right;" if column.numeric else "text-align:left;")

    head = "".join(f'<th scope="col" style="{_HEAD}{align(c)}">{html.escape(c.header)}</th>'
                   for c in columns)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}{align(c)}">{linked(html.escape(text))}</td>'
                         for c, text in zip(columns, row, strict=True)) + "</tr>"
        for row in cells)
    title = (f'<caption style="text-align:left;font-weight:bold;padding:2px 0">'
             f"{html.escape(caption)}</caption>" if caption else "")
    table = (f'<table class="learner-table" style="border-collapse:collapse;line-height:1.35;'
             f'font-size:13px;margin:0.3em 0;table-layout:auto">{title}'
             f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    height = f"max-height:{max_height_em}em;overflow-y:auto;" if max_height_em else ""
    name = html.escape(caption or "table", quote=True)
    # A box that scrolls must be reachable with the keyboard (tabindex) and have a name.
    return (f'<div class="learner-table-box" role="region" aria-label="{name}" tabindex="0" '
            f'style="overflow-x:auto;max-width:100%;line-height:1.35;{height}">{table}</div>')


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Write a count with its noun: "1 sentence", "2 sentences", "1,234 findings"."""
    if isinstance(count, bool) or not isinstance(count, int | float) or count != int(count):
        raise ValueError(f"plural needs a whole number; got {count!r}.")
    word = singular if int(count) == 1 else (plural_form or f"{singular}s")
    return f"{int(count):,} {word}"
