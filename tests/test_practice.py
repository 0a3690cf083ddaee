""""Your turn" exercises: every check, driven with a right answer, a wrong one and no answer.

Then the lessons themselves: every lesson has at least two exercise cells and a worked answer;
an exercise cell left as it is says "Not answered yet" (so Run All and nbval are unharmed); the
worked solution beneath it, run in its place, is judged right; every reveal is a <details> block,
which opens the same way in JupyterLab and in the static book.
"""

import contextlib
import io
import math
import re

import nbformat
import pandas as pd
import pytest
from helpers import COURSE
from ketamine_course.core import practice
from ketamine_course.core.data import load_table

LESSONS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
CHECK = re.compile(r'practice\.check\("(e\d\d-[\w-]+)"')


def _table(name: str, column: str, value: str) -> pd.DataFrame:
    table = load_table(name)
    return table[table[column] == value]


# A right answer, as a learner might write it (the judges compute the expected values).
RIGHT = {
    "e00-names": lambda: 30 / 47,
    "e00-call": lambda: 10.0,
    "e00-loop": lambda: [1, 5, 10, 20, 40],
    "e00-def": lambda: lambda a, n1, c, n2: (a / n1) / (c / n2),
    "e00-filter": lambda: _table("response_timecourse.csv", "study", "Murrough 2013"),
    "e01-odds": lambda: (30 / 17) / (7 / 18),
    "e01-odds-pct": lambda: (0.64 / 0.36) / (0.28 / 0.72),
    "e01-or-risk": lambda: 0.088 / 0.912 * 3.94 / (1 + 0.088 / 0.912 * 3.94),
    "e01-rd-ci": lambda: (0.1351, 0.5815),
    "e01-rr-ci": lambda: (1.1730, 4.4302),
    "e01-nnt-rates": lambda: lambda t, c: math.inf if t == c else 1 / (t - c),
    "e01-blinding": lambda: lambda c, w, d: (c - w) / (c + w + d),
    "e02-humans": lambda: _table("mechanism_experiments.csv", "species", "human"),
    "e02-species": lambda: lambda s: ("animal" if set(practice.words_in(s)) & set(
        practice.ANIMAL_WORDS) else "human" if set(practice.words_in(s)) & set(
        practice.HUMAN_WORDS) else "none"),
    "e02-compare": lambda: lambda p, o, s: ("no difference" if abs(o) < s else
                                            "confirmed" if o * p > 0 else "contradicted"),
    "e03-auc": lambda: practice.pk.summarize(practice.infusion_curve())["auc_ng_h_ml"],
    "e03-peak": lambda: tuple(practice.pk.summarize(practice.infusion_curve())[k]
                              for k in ("cmax_ng_ml", "tmax_h")),
    "e04-fwer": lambda: 1 - 0.95**41,
    "e04-se": lambda: lambda low, high: (high - low) / (2 * 1.959964),
    "e04-pool": lambda: (0.30 / 0.01 + 0.10 / 0.04 + 0.45 / 0.0225)
    / (1 / 0.01 + 1 / 0.04 + 1 / 0.0225),
    "e04-heterogeneity": lambda: (1.9836, 0.0),
    "e04-egger": lambda: ([10.0, 5.0, 6.6667], [3.0, 0.5, 3.0]),
    "e05-change": lambda: 1.4 - 0.9,
    "e05-level": lambda: practice.OXFORD_LEVELS.get,
    "e06-reworded": lambda: 8,
    "e06-decimals": lambda: lambda text: re.sub(
        r"(?<=\d)\.(zero|one|two|three|four|five|six|seven|eight|nine)\b",
        lambda m: "." + practice.DIGIT_WORDS[m.group(1)], text),
    "e06-citations": lambda: [196, 197],
    "e06-hedges": lambda: lambda text, words: sum(practice.words_in(text).count(w)
                                                  for w in words),
}

# A wrong answer a learner might give, and what the check must say about it.
#: The model's research-infusion peak (e03-peak), from the model, not a copied number.
_INFUSION_PEAK = practice.pk.summarize(practice.infusion_curve())

WRONG = {
    "e00-names": (63.8, "percentage"),
    "e00-call": ({"per_100": 10.0}, "whole dictionary"),
    "e00-loop": ([0.01, 0.05, 0.1, 0.2, 0.4], "proportions"),
    "e00-def": (lambda a, n1, c, n2: a / c, "risk ratio is"),
    "e00-filter": (load_table("response_timecourse.csv")["study"] == "Murrough 2013", "mask"),
    "e01-odds": ((30 / 47) / (7 / 25), "risk ratio"),
    "e01-odds-pct": (2.18, "the abstract prints"),
    "e01-or-risk": (0.088 * 3.94, "as if it were a risk ratio"),
    "e01-rd-ci": ((0.5815, 0.1351), "lower limit is above"),
    "e01-rr-ci": ((2.2796 - 1.96 * 0.3390, 2.2796 + 1.96 * 0.3390), "symmetric"),
    "e01-nnt-rates": (lambda t, c: 1 / (t - c), "ZeroDivisionError"),
    "e01-blinding": (lambda c, w, d: (c - w) / (c + w), "correct + wrong + dont_know"),
    "e02-humans": (load_table("mechanism_experiments.csv"), "keep only the rows"),
    "e02-species": (lambda s: "animal" if "rat" in s.lower() else "none", "whole words"),
    "e02-compare": (lambda p, o, s: "confirmed" if o * p > 0 else "contradicted", "abs"),
    "e03-auc": (sum(practice.infusion_curve()["ketamine_ng_ml"]), "heights only"),
    "e03-peak": ((_INFUSION_PEAK["tmax_h"], _INFUSION_PEAK["cmax_ng_ml"]), "swapped"),
    "e04-fwer": (0.95**41, "NONE"),
    "e04-se": (lambda low, high: (high - low) / 1.96, "2 × 1.96"),
    "e04-pool": ((0.30 + 0.10 + 0.45) / 3, "plain average"),
    "e04-heterogeneity": ((1.9836, (1.9836 - 2) / 1.9836), "never negative"),
    "e04-egger": (([100, 25, 44.44], [3.0, 0.5, 3.0]), "weights"),
    "e05-change": ((1.4 - 0.9) / 0.9 * 100, "relative change"),
    "e05-level": (lambda design: 2 if "random" in design else 5, "not right"),
    "e06-reworded": (3, "phrase in paragraph"),
    "e06-decimals": (lambda text: text.replace(".three", ".3").replace(".two", ".2"),
                     "citation"),
    "e06-citations": ([196, 197, 2012], "glued"),
    "e06-hedges": (lambda text, words: sum(text.lower().count(w) for w in words), "whole words"),
}


def test_every_exercise_has_a_right_and_a_wrong_case():
    assert set(RIGHT) == set(practice.EXERCISES) == set(WRONG)


@pytest.mark.parametrize("exercise_id", list(practice.EXERCISES))
def test_right_answer_is_right(exercise_id):
    result = practice.check(exercise_id, RIGHT[exercise_id]())
    assert result.status == "right", result.message


@pytest.mark.parametrize("exercise_id", list(practice.EXERCISES))
def test_wrong_answer_says_what_is_wrong(exercise_id):
    answer, words = WRONG[exercise_id]
    result = practice.check(exercise_id, answer)
    assert result.status == "wrong", result.message
    assert words in result.message
    assert "Traceback" not in result.message and "AssertionError" not in result.message


@pytest.mark.parametrize("exercise_id", list(practice.EXERCISES))
def test_no_answer_is_not_answered_yet(exercise_id):
    result = practice.check(exercise_id, None)
    assert result.status == "unanswered" and "Not answered yet" in repr(result)
    assert "Not answered yet" in result._repr_html_()


def test_a_function_that_returns_none_is_not_answered_yet():
    result = practice.check("e00-def", lambda *counts: None)
    assert result.status == "unanswered" and "still returns None" in result.message


def test_the_exact_normal_quantile_passes_where_1_96_does():
    counts = practice.murrough_counts()
    for z in (1.96, 1.959963984540054):
        assert practice.check("e01-rd-ci", practice._rd_ci(counts, z)).status == "right"
        assert practice.check("e01-rr-ci", practice._rr_ci(counts, z)).status == "right"


# More wrong answers a learner is likely to give, and what the check must say about each.
MORE_WRONG = [
    ("e01-odds-pct", 0.64 / 0.28, "risk ratio"),
    ("e01-odds-pct", (0.36 / 0.64) / (0.72 / 0.28), "upside down"),
    ("e01-odds-pct", (30 / 17) / (7 / 18), "reconstructed counts"),
    ("e01-or-risk", 0.088 / 0.912 * 3.94, "odds with ketamine"),
    ("e01-or-risk", 27.55, "percentage"),
    ("e01-rr-ci", (math.log(2.2796) - 1.96 * 0.3390, math.log(2.2796) + 1.96 * 0.3390),
     "log scale"),
    ("e01-rr-ci", (2.2796 * math.exp(-1.96 * 0.5390), 2.2796 * math.exp(1.96 * 0.5390)),
     "log odds ratio"),
    ("e04-heterogeneity", (1.9836 / 100, 0.0), "weight"),
    ("e04-heterogeneity", (1.9836, 0.5), "(Q − df) / Q"),
    ("e04-egger", ([3.0, 0.5, 3.0], [10.0, 5.0, 6.6667]), "swapped"),
    ("e04-egger", ([10.0, 5.0, 6.6667], [0.03, 0.02, 0.0675]), "you multiplied"),
    ("e04-egger", ([10.0, 5.0], [3.0, 0.5]), "needs one number for each"),
    ("e04-egger", (None, None), "Not answered yet"),
]


@pytest.mark.parametrize(("exercise_id", "answer", "words"), MORE_WRONG,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(MORE_WRONG)])
def test_likely_mistakes_get_a_specific_hint(exercise_id, answer, words):
    shown = repr(practice.check(exercise_id, answer))
    assert words in shown, shown


def test_expected_values_come_from_the_data():
    assert practice.murrough_counts() == {"events_treated": 30, "n_treated": 47,
                                          "events_control": 7, "n_control": 25}
    assert practice.kiraly_markers() == 41
    assert practice.cited_in_sentence(2) == [196, 197]
    assert practice.murrough_rates() == (0.64, 0.28)
    q, i2 = practice._heterogeneity(practice.PRACTICE_STUDIES)
    assert q == pytest.approx(1.9836, abs=1e-4) and i2 == 0.0  # Q below df = 2: I² is 0


def test_an_unknown_exercise_id_is_a_clear_error():
    with pytest.raises(ValueError, match="no exercise 'e09-x'"):
        practice.check("e09-x", 1)


# --- the lessons ----------------------------------------------------------------------------


def tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def imports_before(cells, index: int) -> str:
    """The import lines of the code cells above ``index`` (an exercise needs nothing else)."""
    return "\n".join(line for cell in cells[:index] if cell.cell_type == "code"
                     for line in cell.source.splitlines()
                     if line.startswith(("from ", "import ")))


def run(code: str) -> object:
    """Run a cell's code; return the value of its last line, as the notebook would show it."""
    *body, last = code.rstrip().splitlines()
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec("\n".join(body), namespace)  # noqa: S102 - the course's own cells
        return eval(last, namespace)  # noqa: S307


def solution_code(cell) -> str:
    return "\n".join(re.findall(r"```python\n(.*?)```", cell.source, re.DOTALL))


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_has_exercises_and_worked_answers(path):
    cells = nbformat.read(path, as_version=4).cells
    exercises = [i for i, cell in enumerate(cells) if "exercise" in tags(cell)]
    assert len(exercises) >= 2, f"{path.name}: at least two cells tagged 'exercise'"
    assert any("worked-answer" in tags(cell) for cell in cells), (
        f"{path.name}: at least one cell tagged 'worked-answer'")
    for cell in cells:
        if tags(cell) & {"worked-answer", "solution"}:
            assert cell.cell_type == "markdown"
            assert cell.source.startswith("<details>\n<summary>Show a worked")
            assert cell.source.rstrip().endswith("</details>")
    for index in exercises:
        cell = cells[index]
        assert cell.cell_type == "code" and 1 <= len(cell.source.splitlines()) <= 10
        assert len(CHECK.findall(cell.source)) == 1
        assert "solution" in tags(cells[index + 1]), f"{path.name}: no solution under {cell.id}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_untouched_exercises_say_not_answered_and_solutions_are_right(path):
    cells = nbformat.read(path, as_version=4).cells
    for index, cell in enumerate(cells):
        if "exercise" not in tags(cell):
            continue
        imports = imports_before(cells, index)
        untouched = run(imports + "\n" + cell.source)
        assert untouched.status == "unanswered", f"{cell.id}: {untouched}"
        # The worked solution is the whole cell, solved, without its check line.
        solved = solution_code(cells[index + 1])
        check_line = cell.source.rstrip().splitlines()[-1]
        result = run("\n".join([imports, solved, check_line]))
        assert result.status == "right", f"{cell.id}: the worked solution is judged {result}"


# --- printed text wraps between words -------------------------------------------------------


def test_print_wrapped_breaks_long_lines_between_words_only(capsys):
    sentence = practice.seed_sentence(2)
    practice.print_wrapped(sentence)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 1 and all(len(line) <= practice.PRINT_WIDTH for line in lines)
    assert " ".join(lines).split() == sentence.split(), "no word is cut, none lost"
    practice.print_wrapped("first line\n\n" + "x" * 90)
    assert capsys.readouterr().out == "first line\n\n" + "x" * 90 + "\n"


@pytest.mark.parametrize(("args", "message"), [((None,), "prints text; got NoneType"),
                                               (("text", 5), "at least 20; got 5")])
def test_print_wrapped_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        practice.print_wrapped(*args)
