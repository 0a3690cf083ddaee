""""Your turn" exercises: a learner writes a line or a small function; a check says what is right.

The check says, in plain words, what is right or what is wrong.

A lesson's exercise cell ends with ``practice.check("e01-odds", odds_ratio)``.  The check never
raises and never shows a traceback: it returns a :class:`Result` that the notebook displays
(HTML in JupyterLab, plain text elsewhere).  An exercise left as ``None`` says "Not answered
yet", so Run All and nbval still pass on an untouched lesson.

Every expected value is computed here from the course's data (``data/*.csv``) or from the
numbers the exercise states, never typed in as a result.  One judge function per exercise, in
:data:`EXERCISES`; the tests drive each one with a right answer, a wrong one and no answer.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import pandas as pd

from ..lessons import l03_dosing_routes as pk
from ..lessons import l04_metabolism_inflammation as biomarkers
from ..lessons import l06_reading_seeds as seeds
from .data import load_table
from .evidence import absolute_from_relative

#: Whole words that name an animal or a person, for ``species_of`` (lesson 02).
ANIMAL_WORDS = ("rat", "rats", "mouse", "mice", "rodent", "rodents", "animal", "animals",
                "monkey", "monkeys")
HUMAN_WORDS = ("patient", "patients", "participant", "participants", "volunteer", "volunteers",
               "people", "adults", "women", "men")

#: Digits written as words, for ``fix_decimals`` (lesson 06).
DIGIT_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
               "six": "6", "seven": "7", "eight": "8", "nine": "9"}

#: Small word lists for counting hedges and boosters (lesson 06's exercise).
HEDGE_WORDS = ("may", "might", "could", "suggest", "suggests", "possibly", "appears")
BOOSTER_WORDS = ("clearly", "proven", "demonstrated", "undoubtedly", "always", "potent")

#: Three small studies of one marker, invented for practice (lesson 04): estimate, SE.
PRACTICE_STUDIES = ((0.30, 0.10), (0.10, 0.20), (0.45, 0.15))

#: The odds ratio for response at 24 hours that Murrough 2013's abstract prints beside the
#: percentages 64% and 28% (95% CI 1.21-4.14; abstract as quoted in PMC4243034, Table 3).
MURROUGH_ABSTRACT_ODDS_RATIO = 2.18

#: Response at 24 hours, ketamine against placebo, in the Cochrane review (Dean et al. 2021,
#: doi:10.1002/14651858.CD011612.pub3, summary of findings): the pooled odds ratio (7 trials,
#: 185 participants) and the control risk the review assumes.
COCHRANE_24H = {"odds_ratio": 3.94, "control_risk": 0.088}

#: The simulated research infusion of lesson 03: 0.5 mg/kg for 70 kg over 40 minutes, 24 h.
INFUSION = {"route": "iv", "dose_mg": 35.0, "infusion_min": 40.0, "hours": 24.0}

Z95 = NormalDist().inv_cdf(0.975)


@dataclass(frozen=True)
class Result:
    """What a check found: ``status`` is "unanswered", "wrong" or "right"."""

    exercise_id: str
    status: str
    message: str

    def __repr__(self) -> str:
        """Plain text, for a terminal or a stored output."""
        mark = {"right": "✔ Right", "wrong": "✘ Not yet", "unanswered": "… Not answered yet"}
        return f"{mark[self.status]} ({self.exercise_id}): {self.message}"

    def _repr_html_(self) -> str:
        colour = {"right": "#009E73", "wrong": "#D55E00", "unanswered": "#0072B2"}[self.status]
        mark = {"right": "✔ Right", "wrong": "✘ Not yet",
                "unanswered": "Not answered yet"}[self.status]
        return (f'<div role="status" class="kc-check" style="border-left:4px solid {colour};'
                f'padding:0.3em 0.8em"><strong>{mark}.</strong> {html.escape(self.message)}</div>')


class _Wrong(Exception):  # noqa: N818 - read as "raise _Wrong(why)"
    """Raised inside a judge to say, in plain words, what is wrong."""


class _Unanswered(Exception):  # noqa: N818
    """Raised inside a judge when the learner has not answered yet."""


# --- the course data the exercises use ------------------------------------------------------


def murrough_counts() -> dict[str, int]:
    """Responders and group sizes at 24 hours in Murrough 2013, from ``response_timecourse.csv``.

    The paper reports percentages (64% of 47, 28% of 25); the counts are the whole numbers
    that give those percentages (30 and 7): a reconstruction, as assignment A1 says.
    """
    table = load_table("response_timecourse.csv")
    rows = table[(table["study"] == "Murrough 2013") & (table["time_h"] == 24)]
    arm = {series: row for series, row in zip(rows["series"], rows.itertuples(), strict=True)}
    treated, control = arm["ketamine_murrough"], arm["midazolam_murrough"]
    return {"events_treated": round(treated.percent / 100 * treated.n),
            "n_treated": int(treated.n),
            "events_control": round(control.percent / 100 * control.n),
            "n_control": int(control.n)}


def murrough_rates() -> tuple[float, float]:
    """Return the published response rates at 24 hours (ketamine, midazolam), as proportions."""
    table = load_table("response_timecourse.csv")
    rows = table[(table["study"] == "Murrough 2013") & (table["time_h"] == 24)]
    rate = dict(zip(rows["series"], rows["percent"] / 100, strict=True))
    return float(rate["ketamine_murrough"]), float(rate["midazolam_murrough"])


def infusion_curve() -> pd.DataFrame:
    """Return the simulated research infusion that lesson 03's exercises use."""
    return pk.simulate(INFUSION["route"], INFUSION["dose_mg"],
                       infusion_min=INFUSION["infusion_min"], hours=INFUSION["hours"])


def kiraly_markers() -> int:
    """How many molecules Kiraly 2017 measured, read from ``biomarker_studies.csv``."""
    table = load_table("biomarker_studies.csv")
    marker = table[(table["study"] == "Kiraly 2017")
                   & table["marker"].str.match(r"\d+ ")]["marker"].iloc[0]
    return int(marker.split()[0])


def _seed000(numbers: list[int]) -> pd.DataFrame:
    """Return the annotated sentences ``numbers`` of seed 000 (``seed_claims.csv``), in order."""
    claims = seeds.claims_table()
    return claims[(claims["seed_file"] == seeds.SEED_FILES[0])
                  & claims["sentence_id"].isin(numbers)].sort_values("sentence_id")


def opening_paragraph() -> str:
    """Return sentences 16 and 17 of seed 000: the opening of its scholarly part (lesson 06)."""
    return " ".join(_seed000([16, 17])["sentence"])


def seed_sentence(number: int) -> str:
    """Return sentence ``number`` of seed 000, as annotated in ``seed_claims.csv``."""
    return str(_seed000([number])["sentence"].iloc[0])


def cited_in_sentence(number: int) -> list[int]:
    """Return the reference numbers the course found in sentence ``number`` of seed 000."""
    return [int(n) for n in str(_seed000([number])["cited_refs"].iloc[0]).split(";")]


#: The longest line :func:`print_wrapped` prints: it fits JupyterLab's output area and the
#: book's narrower page in the monospaced output font, so no word is broken at the edge.
PRINT_WIDTH = 76


def print_wrapped(text: str, width: int = PRINT_WIDTH) -> None:
    """Print ``text`` in lines of at most ``width`` characters, broken only at spaces.

    JupyterLab breaks a printed line that is too long for the output area inside a word
    ("synd" / "rome"); this breaks it between words instead. Line breaks already in ``text``
    are kept, and a word longer than ``width`` is printed whole on a line of its own.
    """
    if not isinstance(text, str):
        raise ValueError(f"print_wrapped prints text; got {type(text).__name__}.")
    if not isinstance(width, int) or width < 20:
        raise ValueError(f"width is a whole number of characters, at least 20; got {width!r}.")
    for line in text.splitlines() or [""]:
        print(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
              if line.strip() else "")


def words_in(text: str) -> list[str]:
    """Return the words of ``text`` in lower case, without punctuation or digits."""
    return re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())


# --- reference answers (what a right answer computes) ---------------------------------------


def _odds_ratio(events_treated: int, n_treated: int, events_control: int, n_control: int) -> float:
    return (events_treated / (n_treated - events_treated)) / (
        events_control / (n_control - events_control))


def _odds(risk: float) -> float:
    return risk / (1 - risk)


def _rr_ci(counts: dict[str, int], z: float) -> tuple[float, float]:
    """Return the risk ratio's interval (z standard errors), made on the log scale."""
    a, n1, c, n2 = (counts[key] for key in ("events_treated", "n_treated", "events_control",
                                            "n_control"))
    log_rr = math.log((a / n1) / (c / n2))
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    return math.exp(log_rr - z * se), math.exp(log_rr + z * se)


def _treated_risk(odds_ratio: float, control_risk: float) -> float:
    odds = _odds(control_risk) * odds_ratio
    return odds / (1 + odds)


def _rd_ci(counts: dict[str, int], z: float) -> tuple[float, float]:
    p1 = counts["events_treated"] / counts["n_treated"]
    p2 = counts["events_control"] / counts["n_control"]
    se = math.sqrt(p1 * (1 - p1) / counts["n_treated"] + p2 * (1 - p2) / counts["n_control"])
    return p1 - p2 - z * se, p1 - p2 + z * se


def _species(sentence: str) -> str:
    words = set(words_in(sentence))
    if words & set(ANIMAL_WORDS):
        return "animal"
    if words & set(HUMAN_WORDS):
        return "human"
    return "none"


def _compare(predicted_direction: int, observed_difference: float, smallest: float) -> str:
    if abs(observed_difference) < smallest:
        return "no difference"
    return "confirmed" if (observed_difference > 0) == (predicted_direction > 0) else "contradicted"


def _pooled(studies: tuple[tuple[float, float], ...]) -> float:
    weights = [1 / se**2 for _, se in studies]
    return sum(w * y for w, (y, _) in zip(weights, studies, strict=True)) / sum(weights)


def _heterogeneity(studies: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    """Return Cochran's Q around the fixed-effect estimate, and I-squared (a proportion, >= 0)."""
    pooled = _pooled(studies)
    q = sum((y - pooled) ** 2 / se**2 for y, se in studies)
    df = len(studies) - 1
    return q, max(0.0, (q - df) / q) if q > 0 else 0.0


def _egger_lists(studies: tuple[tuple[float, float], ...]) -> tuple[list[float], list[float]]:
    """Return Egger's x (precision, 1 / SE) and y (standardised effect, estimate / SE)."""
    return [1 / se for _, se in studies], [y / se for y, se in studies]


def _fix_decimals(text: str) -> str:
    return re.sub(r"(?<=\d)\.(" + "|".join(DIGIT_WORDS) + r")\b",
                  lambda m: "." + DIGIT_WORDS[m.group(1)], text)


def _count_words(text: str, words: tuple[str, ...]) -> int:
    found = words_in(text)
    return sum(found.count(word) for word in words)


OXFORD_LEVELS = {"systematic review of randomised trials": 1, "randomised trial": 2,
                 "cohort study": 3, "case-control study": 4, "case series": 4,
                 "animal study": 5, "cell culture": 5}


# --- judging helpers -------------------------------------------------------------------------


def _number(answer: object, what: str) -> float:
    """Return ``answer`` as a float, or say plainly why it is not a number."""
    if answer is None or answer is Ellipsis:
        raise _Unanswered(f"replace None with your calculation of {what}, then run the cell.")
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        try:
            return float(answer)  # a numpy number, or a one-element Series
        except (TypeError, ValueError):
            raise _Wrong(f"{what} should be one number; you gave a {type(answer).__name__} "
                         f"({_short(answer)}).") from None
    if math.isnan(answer):
        raise _Wrong(f"{what} came out as nan (not a number): check for a missing value.")
    return float(answer)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _close(value: float, expected: float, rel: float = 2e-3, abs_: float = 1e-9) -> bool:
    return math.isclose(value, expected, rel_tol=rel, abs_tol=abs_)


def _pair(answer: object, what: str,
          names: tuple[str, str] = ("the lower limit", "the upper limit")) -> tuple[float, float]:
    """Return two numbers from ``answer``; ``names`` say what each one is, for the messages."""
    if answer is None:
        raise _Unanswered(f"replace None with {what}, then run the cell.")
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise _Wrong(f"{what} should be two numbers in brackets, like (0.1, 0.5); "
                     f"you gave {_short(answer)}.")
    return _number(answer[0], names[0]), _number(answer[1], names[1])


def _numbers(answer: object, what: str, length: int) -> list[float]:
    """Return ``answer`` as a list of ``length`` numbers, or say plainly what is wrong."""
    if answer is None:
        raise _Unanswered(f"replace None with {what}, then run the cell.")
    if isinstance(answer, str | bytes | dict) or not hasattr(answer, "__len__"):
        raise _Wrong(f"{what} should be a list of numbers, like [1.0, 2.0, 3.0]; "
                     f"you gave {_short(answer)}.")
    answer = list(answer)  # a list, a tuple, a NumPy array or a pandas Series
    if len(answer) != length:
        raise _Wrong(f"{what} has {len(answer)} numbers; there are {length} studies, so it "
                     "needs one number for each.")
    return [_number(value, f"each number in {what}") for value in answer]


def _function(answer: object, name: str) -> Callable:
    if answer is None:
        raise _Unanswered(f"write the function {name}, then run the cell.")
    if not callable(answer):
        raise _Wrong(f"{name} should be a function (made with def); you gave {_short(answer)}.")
    return answer


def _call(function: Callable, name: str, args: tuple) -> object:
    """Call the learner's function; turn any error into a plain sentence."""
    shown = f"{name}({', '.join(repr(a) for a in args)})"
    try:
        result = function(*args)
    except Exception as error:  # noqa: BLE001 - any error becomes a sentence, not a traceback
        raise _Wrong(f"{shown} stopped with {type(error).__name__}: {error}. "
                     "Read that line of your function again.") from None
    return result


def _cases(function: Callable, name: str, cases: list[tuple[tuple, object]],
           same: Callable[[object, object], bool], hint: str) -> None:
    if _call(function, name, cases[0][0]) is None:
        raise _Unanswered(f"your {name} still returns None: finish it where it says "
                          "# your code here.")
    for args, expected in cases:
        result = _call(function, name, args)
        if not same(result, expected):
            shown = f"{name}({', '.join(repr(a) for a in args)})"
            raise _Wrong(f"{shown} returned {_short(result)}, which is not right. {hint}")


def _same_number(result: object, expected: object) -> bool:
    if isinstance(result, bool) or not isinstance(result, int | float):
        return False
    if isinstance(expected, float) and math.isinf(expected):
        return result == expected
    return _close(float(result), float(expected))


def _same(result: object, expected: object) -> bool:
    return result == expected


def _frame(answer: object, what: str) -> pd.DataFrame:
    if answer is None:
        raise _Unanswered(f"replace None with {what}, then run the cell.")
    if isinstance(answer, pd.Series) and answer.dtype == bool:
        raise _Wrong("that is a column of True/False values (a mask), not the rows: put it "
                     "inside the square brackets, table[mask], to keep the rows where it is True.")
    if not isinstance(answer, pd.DataFrame):
        raise _Wrong(f"{what} should be a table (a DataFrame); you gave {_short(answer)}.")
    return answer


# --- one judge per exercise: return the message for a right answer, or raise -----------------


def _e00_names(answer: object) -> str:
    counts = murrough_counts()
    expected = counts["events_treated"] / counts["n_treated"]
    value = _number(answer, "the share who responded")
    if _close(value, expected * 100):
        raise _Wrong(f"{value:g} is a percentage; the task asks for a proportion between 0 and 1 "
                     "(do not multiply by 100).")
    if _close(value, 1 / expected):
        raise _Wrong("your division is upside down: responders divided by everyone treated.")
    if not _close(value, expected, rel=1e-3):
        raise _Wrong(f"{value:g} is not the share: divide the {counts['events_treated']} "
                     f"responders by the {counts['n_treated']} people given ketamine.")
    return f"{value:.3f}, about {expected:.0%} of the ketamine group responded."


def _e00_call(answer: object) -> str:
    expected = absolute_from_relative(control_risk=0.10, risk_ratio=2.0)["per_100"]
    if isinstance(answer, dict):
        raise _Wrong("you kept the whole dictionary the function returns; pick out one entry "
                     "with ['per_100'] after the call.")
    value = _number(answer, "the extra people per 100")
    if not _close(value, expected):
        raise _Wrong(f"{value:g} is not it: call absolute_from_relative(control_risk=0.10, "
                     "risk_ratio=2.0) and take its 'per_100' entry.")
    return f"{value:g} more people in 100: doubling 10 in 100 gives 20 in 100."


def _e00_loop(answer: object) -> str:
    risks = (0.01, 0.05, 0.10, 0.20, 0.40)
    expected = [absolute_from_relative(risk, 2.0)["per_100"] for risk in risks]
    if answer is None:
        raise _Unanswered("fill the list inside the loop, then run the cell.")
    if not isinstance(answer, list | tuple):
        raise _Wrong(f"extra should be a list; you gave {_short(answer)}.")
    if len(answer) == 0:
        raise _Unanswered("the list is still empty: inside the loop, use extra.append(...).")
    if len(answer) != len(expected):
        raise _Wrong(f"the list has {len(answer)} numbers; there are {len(expected)} baseline "
                     "risks, so it needs one number for each.")
    values = [_number(v, "each entry") for v in answer]
    if all(_close(v, e / 100) for v, e in zip(values, expected, strict=True)):
        raise _Wrong("those are proportions; the task asks for people per 100 "
                     "(the 'per_100' entry).")
    if not all(_close(v, e) for v, e in zip(values, expected, strict=True)):
        raise _Wrong(f"{values} is not right: for each baseline risk, call "
                     "absolute_from_relative(risk, 2.0) and append its 'per_100'.")
    return (f"{', '.join(f'{v:g}' for v in values)} more people in 100: the same 'doubling' "
            "means 1 extra person or 40, depending on the baseline.")


def _e00_def(answer: object) -> str:
    function = _function(answer, "risk_ratio")
    c = murrough_counts()
    murrough = (c["events_treated"], c["n_treated"], c["events_control"], c["n_control"])
    cases = [(args, (args[0] / args[1]) / (args[2] / args[3]))
             for args in (murrough, (10, 100, 5, 100), (3, 30, 6, 30))]
    _cases(function, "risk_ratio", cases, _same_number,
           "The risk ratio is (events_treated / n_treated) divided by "
           "(events_control / n_control).")
    return (f"risk_ratio{murrough} = {cases[0][1]:.2f}: with ketamine, about 2.3 times the "
            "chance of responding at 24 hours.")


def _e00_filter(answer: object) -> str:
    table = load_table("response_timecourse.csv")
    expected = table[table["study"] == "Murrough 2013"]
    frame = _frame(answer, "the Murrough rows of the table")
    if "study" not in frame:
        raise _Wrong("your table has no 'study' column left: keep whole rows, "
                     "table[table['study'] == ...].")
    if set(frame["study"]) - {"Murrough 2013"}:
        raise _Wrong(f"your table still holds other studies: {sorted(set(frame['study']))}. "
                     "Compare the 'study' column with \"Murrough 2013\", written exactly so.")
    if len(frame) != len(expected):
        raise _Wrong(f"your table has {len(frame)} rows; the data hold {len(expected)} rows "
                     "for Murrough 2013.")
    return f"{len(frame)} rows: ketamine and midazolam at 24 hours."


def _e01_odds(answer: object) -> str:
    c = murrough_counts()
    expected = _odds_ratio(c["events_treated"], c["n_treated"], c["events_control"],
                           c["n_control"])
    risk_ratio = (c["events_treated"] / c["n_treated"]) / (c["events_control"] / c["n_control"])
    value = _number(answer, "the odds ratio")
    if _close(value, risk_ratio):
        raise _Wrong("that is the risk ratio (risk divided by risk). Odds are events divided "
                     "by NON-events: 30 / 17 in the ketamine group.")
    if _close(value, 1 / expected):
        raise _Wrong("your ratio is upside down: ketamine's odds go on top.")
    if not _close(value, expected):
        raise _Wrong(f"{value:g} is not it: the odds in each group are responders divided by "
                     "non-responders; divide ketamine's odds by midazolam's.")
    return (f"{value:.2f}: about twice the risk ratio ({risk_ratio:.2f}). When most people "
            "respond, the odds ratio is much further from 1 than the risk ratio.")


def _e01_odds_pct(answer: object) -> str:
    treated, control = murrough_rates()
    expected = _odds(treated) / _odds(control)
    c = murrough_counts()
    from_counts = _odds_ratio(c["events_treated"], c["n_treated"], c["events_control"],
                              c["n_control"])
    value = _number(answer, "the odds ratio from the percentages")
    if _close(value, MURROUGH_ABSTRACT_ODDS_RATIO, rel=5e-3):
        raise _Wrong(f"{MURROUGH_ABSTRACT_ODDS_RATIO} is the odds ratio the abstract prints; "
                     f"compute the crude one yourself from {treated} and {control}, then "
                     "compare the two.")
    if _close(value, treated / control):
        raise _Wrong(f"that is the risk ratio ({treated} / {control}). Turn each percentage "
                     "into odds first: p / (1 - p).")
    if _close(value, 1 / expected):
        raise _Wrong("your ratio is upside down: ketamine's odds go on top.")
    if _close(value, from_counts):
        raise _Wrong(f"{value:.2f} is the odds ratio from the reconstructed counts (the "
                     f"exercise above); here start from the percentages, {treated} and {control}.")
    if not _close(value, expected):
        raise _Wrong(f"{value:g} is not it: the odds in each arm are p / (1 - p), for example "
                     f"{treated} / {1 - treated:.2f}; divide ketamine's odds by midazolam's.")
    return (f"{value:.2f}, the crude odds ratio. The abstract prints "
            f"{MURROUGH_ABSTRACT_ODDS_RATIO} beside the same percentages: not this crude figure, "
            "but the result of an analysis the abstract does not describe. Before you quote or "
            "compare an odds ratio, find out which one it is: crude or from a model (adjusted).")


def _e01_or_risk(answer: object) -> str:
    odds_ratio, control = COCHRANE_24H["odds_ratio"], COCHRANE_24H["control_risk"]
    expected = _treated_risk(odds_ratio, control)
    value = _number(answer, "the risk with ketamine")
    if _close(value, expected * 100):
        raise _Wrong(f"{value:g} looks like a percentage; give a proportion between 0 and 1.")
    if _close(value, control * odds_ratio):
        raise _Wrong("you multiplied the risk by the odds ratio, as if it were a risk ratio. "
                     "Multiply the odds instead, control_risk / (1 - control_risk), then turn "
                     "the odds back into a risk.")
    if _close(value, _odds(control) * odds_ratio):
        raise _Wrong("that is the odds with ketamine, not the risk: turn it back into a risk "
                     "with odds / (1 + odds).")
    if not _close(value, expected):
        raise _Wrong(f"{value:g} is not it: odds = control_risk / (1 - control_risk); multiply "
                     "by the odds ratio; risk = odds / (1 + odds).")
    extra = value - control
    return (f"{value:.3f}: about {value * 100:.0f} in 100 respond with ketamine against "
            f"{control * 100:.1f} in 100 without, about {extra * 100:.0f} more per 100 "
            f"(treat about {1 / extra:.0f} for one extra response). The review rated this "
            "evidence very low certainty: the true effect may well be substantially different.")


def _e01_rd_ci(answer: object) -> str:
    c = murrough_counts()
    lower, upper = _pair(answer, "the interval (lower, upper)")
    low_ok = [_close(lower, _rd_ci(c, z)[0], rel=5e-3) for z in (1.96, Z95)]
    high_ok = [_close(upper, _rd_ci(c, z)[1], rel=5e-3) for z in (1.96, Z95)]
    expected = _rd_ci(c, 1.96)
    if lower > upper:
        raise _Wrong("the lower limit is above the upper one: write (lower, upper).")
    if _close(lower, expected[0] * 100, rel=5e-3) or upper > 1:
        raise _Wrong("those look like percentages; give proportions between 0 and 1.")
    if not (any(low_ok) and any(high_ok)):
        raise _Wrong(f"({lower:.3f}, {upper:.3f}) is not it: the standard error is "
                     "sqrt(p1*(1-p1)/n1 + p2*(1-p2)/n2); the limits are the difference minus "
                     "and plus 1.96 standard errors.")
    return (f"({lower:.2f}, {upper:.2f}): from about {lower * 100:.0f} to {upper * 100:.0f} "
            f"extra responders per 100, so an NNT anywhere from about {1 / upper:.0f} to "
            f"{1 / lower:.0f}.")


def _e01_rr_ci(answer: object) -> str:
    c = murrough_counts()
    lower, upper = _pair(answer, "the interval (lower, upper)")
    if lower > upper:
        raise _Wrong("the lower limit is above the upper one: write (lower, upper).")
    if any(_close(lower, low, rel=5e-3) and _close(upper, high, rel=5e-3)
           for low, high in (_rr_ci(c, 1.96), _rr_ci(c, Z95))):
        risk_ratio = (c["events_treated"] / c["n_treated"]) / (c["events_control"]
                                                               / c["n_control"])
        return (f"({lower:.2f}, {upper:.2f}) around a risk ratio of {risk_ratio:.2f}: lopsided, "
                f"{upper - risk_ratio:.1f} above and {risk_ratio - lower:.1f} below, as intervals "
                "for ratios are. Even the lower limit is above 1, but 1.2 times the chance of "
                "responding is a far smaller benefit than 4.4 times.")
    a, n1, e, n2 = (c[key] for key in ("events_treated", "n_treated", "events_control",
                                       "n_control"))
    log_rr = math.log((a / n1) / (e / n2))
    se = math.sqrt(1 / a - 1 / n1 + 1 / e - 1 / n2)
    se_log_or = math.sqrt(1 / a + 1 / (n1 - a) + 1 / e + 1 / (n2 - e))

    def near(low: float, high: float) -> bool:
        return _close(lower, low, rel=1e-2) and _close(upper, high, rel=1e-2)

    if near(log_rr - 1.96 * se, log_rr + 1.96 * se):
        raise _Wrong("those limits are still on the log scale: turn each one back with "
                     "math.exp.")
    if near(math.exp(log_rr) - 1.96 * se, math.exp(log_rr) + 1.96 * se):
        raise _Wrong("your interval is symmetric around the risk ratio. Add and subtract 1.96 "
                     "standard errors on the log scale (log_rr), then turn back with math.exp.")
    if near(math.exp(log_rr - 1.96 * se_log_or), math.exp(log_rr + 1.96 * se_log_or)):
        raise _Wrong("that standard error, √(1/a + 1/b + 1/c + 1/d), is the one for a log "
                     "odds ratio; for a log risk ratio it is √(1/a − 1/n1 + 1/c − 1/n2).")
    raise _Wrong(f"({lower:.3f}, {upper:.3f}) is not it: se = math.sqrt(1/a - 1/n1 + 1/c - "
                 "1/n2); the limits are math.exp(log_rr - 1.96 * se) and "
                 "math.exp(log_rr + 1.96 * se).")


def _e01_nnt_rates(answer: object) -> str:
    function = _function(answer, "nnt_from_rates")
    treated, control = murrough_rates()
    cases = [((treated, control), 1 / (treated - control)), ((0.30, 0.10), 1 / 0.20),
             ((0.25, 0.25), math.inf)]
    _cases(function, "nnt_from_rates", cases[:2], _same_number,
           "The NNT is 1 divided by (rate_treated - rate_control), with rates as proportions.")
    _cases(function, "nnt_from_rates", cases[2:], _same_number,
           "When the rates are equal the difference is 0: return math.inf instead of dividing.")
    return (f"nnt_from_rates({treated}, {control}) = {cases[0][1]:.2f}: treat about 3 people "
            "for one extra response at 24 hours.")


def _e01_blinding(answer: object) -> str:
    function = _function(answer, "bang_blinding_index")
    cases = [((c, w, d), (c - w) / (c + w + d))
             for c, w, d in ((30, 5, 12), (10, 10, 5), (2, 8, 0), (0, 0, 9))]
    _cases(function, "bang_blinding_index", cases, _same_number,
           "The index is (correct - wrong) divided by everyone who answered, "
           "correct + wrong + dont_know.")
    return (f"bang_blinding_index(30, 5, 12) = {cases[0][1]:.2f}: far more guessed their arm "
            "right than wrong, so blinding was weak in that arm.")


def _e02_humans(answer: object) -> str:
    table = load_table("mechanism_experiments.csv")
    expected = table[table["species"] == "human"]
    frame = _frame(answer, "the human rows")
    if "species" in frame and set(frame["species"]) - {"human"}:
        raise _Wrong(f"your table still holds {sorted(set(frame['species']) - {'human'})} rows; "
                     "keep only the rows whose species is \"human\".")
    if len(frame) != len(expected):
        raise _Wrong(f"your table has {len(frame)} rows; the data hold {len(expected)} human "
                     "rows.")
    kinds = ", ".join(sorted(set(expected["evidence_kind"])))
    return (f"{len(frame)} of {len(table)} experiments are in people (all {kinds}); the rest "
            "are in rats and mice.")


SPECIES_CASES = ("In rats, a low dose of ketamine raised glutamate outflow in the cortex.",
                 "Twenty patients with depression took oral rapamycin before the infusion.",
                 "Ketamine blocks NMDA receptors.",
                 "Mice lacking BDNF in the forebrain did not respond, unlike most people.",
                 "The separation between the groups was small.")


def _e02_species(answer: object) -> str:
    function = _function(answer, "species_of")
    cases = [((sentence,), _species(sentence)) for sentence in SPECIES_CASES]
    _cases(function, "species_of", cases, _same,
           "Check the animal words first, then the human words, and match whole words only "
           "('separation' contains 'rat' but is not about rats).")
    return "all five sentences classified: an animal word wins over a human word, as in A4."


def _e02_compare(answer: object) -> str:
    function = _function(answer, "compare_prediction")
    cases = [((args), _compare(*args))
             for args in ((-1, -5.0, 2.0), (-1, 4.0, 2.0), (-1, 0.5, 2.0), (1, 3.0, 2.0),
                          (1, -2.5, 2.0))]
    _cases(function, "compare_prediction", cases, _same,
           "First: is the difference smaller than smallest_meaningful (use abs)? Then: does it "
           "have the same sign as the prediction?")
    return "all five cases right: a difference too small to matter confirms nothing."


def _e03_auc(answer: object) -> str:
    curve = infusion_curve()
    expected = pk.summarize(curve)["auc_ng_h_ml"]
    value = _number(answer, "the area under the curve")
    if value == 0:
        raise _Unanswered("the area is still 0: add each strip's area inside the loop.")
    if _close(value, curve["ketamine_ng_ml"].sum(), rel=1e-2):
        raise _Wrong("you added up the heights only; multiply each trapezoid's average height "
                     "by its width (the time step, in hours).")
    if not _close(value, expected, rel=1e-2):
        raise _Wrong(f"{value:.0f} ng·h/mL is not it: each trapezoid is (c1 + c2) / 2 × "
                     "(t2 - t1); add them all up.")
    return f"about {value:.0f} ng·h/mL over 24 hours, as pk.summarize(curve) finds."


def _e03_peak(answer: object) -> str:
    summary = pk.summarize(infusion_curve())
    cmax, tmax = _pair(answer, "(highest concentration, time of the highest)",
                       ("the highest concentration", "the time of the highest"))
    if _close(cmax, summary["tmax_h"]) and _close(tmax, summary["cmax_ng_ml"]):
        raise _Wrong("you swapped them: the concentration first, then the time.")
    if not _close(cmax, summary["cmax_ng_ml"], rel=1e-3):
        raise _Wrong(f"{cmax:.1f} ng/mL is not the highest value of curve['ketamine_ng_ml'] "
                     "(use .max()).")
    if not _close(tmax, summary["tmax_h"], rel=1e-3, abs_=1e-3):
        raise _Wrong(f"{tmax:g} h is not when the peak happens: find the row with the highest "
                     "concentration (.idxmax()) and read its 'time_h'.")
    return (f"{cmax:.0f} ng/mL at {tmax * 60:.0f} minutes: the peak comes as the 40-minute "
            "infusion ends.")


def _e04_fwer(answer: object) -> str:
    markers = kiraly_markers()
    expected = biomarkers.chance_of_any_false_positive(markers)
    value = _number(answer, "the chance")
    if _close(value, expected * 100, rel=1e-2):
        raise _Wrong("that is a percentage; give a proportion between 0 and 1.")
    if _close(value, 0.95**markers, rel=1e-2):
        raise _Wrong("that is the chance that NONE comes out significant; you want 1 minus it.")
    if not _close(value, expected, rel=1e-2):
        raise _Wrong(f"{value:g} is not it: each useless marker stays non-significant with "
                     f"chance 0.95; all {markers} do with 0.95 ** {markers}.")
    return (f"{value:.2f}: with {markers} molecules and no real link at all, a 'significant' "
            "finding is more likely than not.")


def _e04_se(answer: object) -> str:
    function = _function(answer, "se_from_ci")
    cases = [((low, high), (high - low) / (2 * Z95))
             for low, high in ((0.4, 0.9), (-1.0, 3.0), (69.0, 90.0))]
    _cases(function, "se_from_ci", cases, lambda r, e: _same_number(r, e) and _close(r, e, 2e-3),
           "A 95% interval is the estimate ± 1.96 standard errors, so its width is "
           "2 × 1.96 × SE.")
    return "right: (upper - lower) / (2 × 1.96); the exact 1.959964 gives the same to 4 digits."


def _e04_pool(answer: object) -> str:
    expected = _pooled(PRACTICE_STUDIES)
    value = _number(answer, "the pooled estimate")
    plain = sum(y for y, _ in PRACTICE_STUDIES) / len(PRACTICE_STUDIES)
    by_se = (sum(y / se for y, se in PRACTICE_STUDIES)
             / sum(1 / se for _, se in PRACTICE_STUDIES))
    if _close(value, plain):
        raise _Wrong("that is the plain average; weight each study by 1 / SE², so that "
                     "precise studies count for more.")
    if _close(value, by_se):
        raise _Wrong("you weighted by 1 / SE; the inverse-variance weight is 1 / SE² "
                     "(SE squared).")
    if not _close(value, expected):
        raise _Wrong(f"{value:g} is not it: sum(weight × estimate) / sum(weight), "
                     "with weight = 1 / SE².")
    return (f"{value:.3f}: pulled towards 0.30, the most precise study (SE 0.10), "
            "away from the plain average.")


def _e04_heterogeneity(answer: object) -> str:
    expected_q, expected_i2 = _heterogeneity(PRACTICE_STUDIES)
    df = len(PRACTICE_STUDIES) - 1
    q, i2 = _pair(answer, "(Q, I²)", ("Q", "I²"))
    pooled = _pooled(PRACTICE_STUDIES)
    plain = sum(y for y, _ in PRACTICE_STUDIES) / len(PRACTICE_STUDIES)
    if _close(q, sum((y - pooled) ** 2 / se for y, se in PRACTICE_STUDIES)):
        raise _Wrong("you weighted by 1 / SE; the weight is 1 / SE² (SE squared).")
    if _close(q, sum((y - pooled) ** 2 for y, _ in PRACTICE_STUDIES)):
        raise _Wrong("multiply each squared distance by the study's weight (1 / SE²) before "
                     "adding them up.")
    if _close(q, sum((y - plain) ** 2 / se**2 for y, se in PRACTICE_STUDIES)):
        raise _Wrong("measure each distance from the pooled estimate, not from the plain "
                     "average.")
    if not _close(q, expected_q):
        raise _Wrong(f"Q = {q:g} is not it: sum(weight × (estimate − pooled)²) over the "
                     "three studies.")
    if i2 < 0:
        raise _Wrong(f"I² is never negative: when Q is below its degrees of freedom ({df}), "
                     "the spread is no more than chance, and I² is set to 0.")
    if not _close(i2, expected_i2, abs_=1e-3):
        raise _Wrong(f"I² = {i2:g} is not it: (Q − df) / Q with df = {df}, the number of "
                     "studies minus 1; 0 if that comes out negative.")
    return (f"Q = {q:.2f} on {df} degrees of freedom, about what chance alone gives, so "
            f"I² = {expected_i2:.0%}: these estimates differ no more than their standard errors "
            "explain. That does not prove the studies agree: with three small studies Q has "
            "little power, and I² is very uncertain.")


def _e04_egger(answer: object) -> str:
    precision_expected, standardised_expected = _egger_lists(PRACTICE_STUDIES)
    count = len(PRACTICE_STUDIES)
    if answer is None:
        raise _Unanswered("replace None with your two lists, then run the cell.")
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise _Wrong(f"give the two lists as (precision, standardised); you gave "
                     f"{_short(answer)}.")
    precision = _numbers(answer[0], "your list of precisions (1 / SE)", count)
    standardised = _numbers(answer[1], "your list of standardised effects (estimate / SE)",
                            count)

    def same(got: list[float], want: list[float]) -> bool:
        return all(_close(g, w) for g, w in zip(got, want, strict=True))

    if same(precision, standardised_expected) and same(standardised, precision_expected):
        raise _Wrong("you swapped the lists: precision (1 / SE) first, then the standardised "
                     "effects (estimate / SE).")
    if same(precision, [1 / se**2 for _, se in PRACTICE_STUDIES]):
        raise _Wrong("those are the weights, 1 / SE²; precision is 1 / SE.")
    if not same(precision, precision_expected):
        raise _Wrong(f"precision {precision} is not right: 1 / SE for each study.")
    if same(standardised, [y * se for y, se in PRACTICE_STUDIES]):
        raise _Wrong("divide each estimate by its SE; you multiplied.")
    if not same(standardised, standardised_expected):
        raise _Wrong(f"standardised {standardised} is not right: estimate / SE for each study, "
                     "in the same order.")
    shown = "; ".join(f"({x:.1f}, {y:.1f})" for x, y in zip(precision, standardised,
                                                            strict=True))
    return (f"the points (precision, standardised effect) are {shown}. Egger's test fits a "
            "straight line through such points: when small studies report larger effects, its "
            "intercept moves away from 0. With three studies the test means nothing; guidance "
            "asks for at least ten.")


def _australia_everyone() -> pd.DataFrame:
    table = load_table("use_prevalence.csv")
    return table[(table["country"] == "Australia") & (table["age_group"] == "14 and over")]


def _e05_change(answer: object) -> str:
    rows = _australia_everyone().sort_values("year")
    first, last = float(rows["percent"].iloc[0]), float(rows["percent"].iloc[-1])
    value = _number(answer, "the change in percentage points")
    if _close(value, (last - first) / first * 100, rel=1e-2) or _close(value, (last - first)
                                                                      / first, rel=1e-2):
        raise _Wrong("that is the relative change; the task asks for percentage points: "
                     "the later percentage minus the earlier one.")
    if _close(value, first - last):
        raise _Wrong("the sign is reversed: later minus earlier.")
    if not _close(value, last - first):
        raise _Wrong(f"{value:g} is not it: take the 'percent' of the later survey minus "
                     "that of the earlier one.")
    return (f"{value:+.1f} percentage points ({first:g}% to {last:g}%): a relative rise of "
            f"{(last - first) / first:.0%}. The same change sounds far bigger in relative terms.")


def _e05_level(answer: object) -> str:
    function = _function(answer, "evidence_level")
    cases = [((design,), level) for design, level in OXFORD_LEVELS.items()]
    _cases(function, "evidence_level", cases, _same,
           "Look each design up in the table above the cell (a dictionary does it in one line).")
    return ("all seven designs right: a case series (4) says far less about benefit than a "
            "trial (2).")


def _e06_reworded(answer: object) -> str:
    paragraph = opening_paragraph()
    expected = sum(phrase in paragraph for phrase in seeds.spun_lexicon())
    value = _number(answer, "the number of reworded phrases")
    if not _close(value, expected):
        raise _Wrong(f"{value:g} is not it: go through the lexicon and count the phrases for "
                     "which `phrase in paragraph` is True.")
    return f"{expected} reworded phrases in two sentences: the mark of article spinning."


DECIMAL_CASES = ("the lifetime prevalence of MDD was 11.three%.two",
                 "ketamine 0.five mg/kg", "no decimals here. two ideas.")


def _e06_decimals(answer: object) -> str:
    function = _function(answer, "fix_decimals")
    cases = [((text,), _fix_decimals(text)) for text in DECIMAL_CASES]
    _cases(function, "fix_decimals", cases, _same,
           "Change a number word only right after a digit and a point ('11.three' → '11.3'); "
           "'%.two' is a citation and 'here. two' a new sentence: leave them.")
    return "right: '11.3%.two' keeps its citation, and ordinary sentences are untouched."


def _e06_citations(answer: object) -> str:
    expected = cited_in_sentence(2)
    if answer is None:
        raise _Unanswered("replace None with a list of the reference numbers, like [1, 2].")
    if not isinstance(answer, list | tuple) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in answer):
        raise _Wrong(f"give a list of whole numbers, like [1, 2]; you gave {_short(answer)}.")
    if sorted(answer) != sorted(expected):
        raise _Wrong(f"{list(answer)} is not it: look for numbers glued to the end of a word "
                     "('ketamine,196'); they are reference numbers, not part of the text.")
    return f"{list(answer)}: two references, each glued to a word with no space or brackets."


HEDGE_CASES = ("Ketamine may help, and it might possibly work for you.",
               "It is clearly proven and undoubtedly potent.",
               "The review suggests an effect that appears real, may fade, and was never proven.")


def _e06_hedges(answer: object) -> str:
    function = _function(answer, "count_words")
    cases = [((text, words), _count_words(text, words)) for text in HEDGE_CASES
             for words in (HEDGE_WORDS, BOOSTER_WORDS)]
    _cases(function, "count_words", cases, _same,
           "Count whole words: split the text with practice.words_in(text) and count how many "
           "of those words are in the list (a word can appear twice).")
    return "right: hedges soften a claim, boosters harden it; match both to the evidence."


#: Every exercise: its id and its judge.
EXERCISES: dict[str, Callable[[object], str]] = {
    "e00-names": _e00_names, "e00-call": _e00_call, "e00-loop": _e00_loop,
    "e00-def": _e00_def, "e00-filter": _e00_filter,
    "e01-odds": _e01_odds, "e01-odds-pct": _e01_odds_pct, "e01-or-risk": _e01_or_risk,
    "e01-rd-ci": _e01_rd_ci, "e01-rr-ci": _e01_rr_ci, "e01-nnt-rates": _e01_nnt_rates,
    "e01-blinding": _e01_blinding,
    "e02-humans": _e02_humans, "e02-species": _e02_species, "e02-compare": _e02_compare,
    "e03-auc": _e03_auc, "e03-peak": _e03_peak,
    "e04-fwer": _e04_fwer, "e04-se": _e04_se, "e04-pool": _e04_pool,
    "e04-heterogeneity": _e04_heterogeneity, "e04-egger": _e04_egger,
    "e05-change": _e05_change, "e05-level": _e05_level,
    "e06-reworded": _e06_reworded, "e06-decimals": _e06_decimals,
    "e06-citations": _e06_citations, "e06-hedges": _e06_hedges,
}


def check(exercise_id: str, answer: object) -> Result:
    """Check a learner's ``answer`` to exercise ``exercise_id``; say what is right or wrong.

    Never raises for a wrong or missing answer; raises ValueError only for an unknown id.
    """
    if exercise_id not in EXERCISES:
        raise ValueError(f"There is no exercise {exercise_id!r}; the ids are: "
                         f"{', '.join(EXERCISES)}.")
    try:
        status, message = "right", EXERCISES[exercise_id](answer)
    except _Unanswered as missing:
        status, message = "unanswered", str(missing)
    except _Wrong as wrong:
        status, message = "wrong", str(wrong)
    return Result(exercise_id, status, message[:1].upper() + message[1:])
