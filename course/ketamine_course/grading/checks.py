"""Checks that the assignments' test cells use, written so that a submission cannot fool them.

A test cell in an nbgrader assignment runs in the same Python process as the
student's code.  Two kinds of answer must not score there:

- objects that fake their comparisons (an ``__eq__`` that always answers True,
  a ``float`` subclass that claims to be close to anything, a dict whose
  ``__getitem__`` returns whatever is asked for);
- redefinitions of what the tests rely on (``abs``, ``isinstance``,
  ``math.isclose``, ``numpy.isclose``, or the names of these checks).

So every check here first demands a value of an exact built-in type (not a
subclass), converts it to a plain ``float``, ``str`` or ``bool`` and then
compares with Python's operators, never with the value's own methods.  The
built-in types are taken from literals (``(0.0).__class__`` is ``float``), so
rebinding ``float`` or ``type`` in the notebook changes nothing, and no check
uses ``math.isclose`` or ``numpy.isclose``.  The hidden part of a
test cell reloads this module (``importlib.reload``) before using it, which
restores any function a submission replaced on it.

No in-process grader can stop code that rewrites Python's ``builtins`` module
or the import system; ``python -m ketamine_course.grading.instructor audit`` lists
submissions that reach for such things, for the instructor to read.
Every failure raises :class:`CheckFailed` (an ``AssertionError``) with a message
meant for the student: what was expected, in words, and what came back.  IPython
shows it as that one line, without the frames of this module, and nbgrader's
Validate prints the same line.

A test cell reads as one visible line, ``check.q1_risks(effect_measures)``,
where ``check`` is the assignment's visible checks (``a1`` ... ``a5``), imported
once in the notebook's setup cell.  A visible check prints ``✔ q1 visible checks
passed`` (with the part's name) when it passes.  The hidden part of each test cell
reloads this module and runs the same check again on the fresh module before its
own checks, so a submission that replaces ``check`` or anything in this module
still scores nothing for that cell.
"""

from __future__ import annotations

from textwrap import wrap as _wrap
from traceback import extract_tb as _extract_tb

# Exact built-in types, taken from literals so that no rebinding of a name reaches them.
_TYPE = (0).__class__.__class__
_INT = (0).__class__
_FLOAT = (0.0).__class__
_BOOL = (True).__class__
_STR = "".__class__
_DICT = {}.__class__
_LIST = [].__class__
_TUPLE = ().__class__
_NUMPY_NUMBERS = frozenset({
    "float64", "float32", "float16", "longdouble",
    "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8",
})


class CheckFailed(AssertionError):  # noqa: N818 - students read this name in feedback
    """A check that did not pass; IPython and Validate show only its message, as one line."""

    def _render_traceback_(self) -> list[str]:
        """Return what IPython prints instead of a traceback (its protocol for custom errors)."""
        return _wrap(f"\u2718 {self}", width=80, subsequent_indent="  ")


def _passed(label: str, tick: bool) -> None:
    """Print the tick a student sees when the visible checks of ``label`` pass."""
    if tick:
        print(f"\u2714 {label} visible checks passed")


def _where(error: BaseException) -> str:
    """Return " (line N of your cell: <code>)" for the deepest frame of the student's code."""
    frames = [frame for frame in _extract_tb(error.__traceback__)
              if "ketamine_course" not in frame.filename]
    if not frames or not frames[-1].line:
        return ""
    return f" (line {frames[-1].lineno} of your cell: {frames[-1].line.strip()})"


def call(function: object, *args: object, what: str) -> object:
    """Return ``function(*args)``; turn any error it raises into a :class:`CheckFailed`.

    The message names the call, the error and the student's own line, so that
    a failed check never shows this module's frames.
    """
    if not callable(function):
        raise CheckFailed(f"{what}: expected a function, found a {_type_name(function)}.")
    try:
        return function(*args)
    except CheckFailed:
        raise
    except NotImplementedError:
        raise CheckFailed(f"{what}: not answered yet (the answer cell still raises "
                          "NotImplementedError).") from None
    except Exception as error:  # noqa: BLE001 - any error in the answer is the student's to see
        raise CheckFailed(f"{what} raised {_type_name(error)}: {error}{_where(error)}") from None


def _type_name(value: object) -> str:
    """Name the exact type of ``value`` for an error message."""
    return _TYPE(value).__name__


def _is_numpy_number(value: object) -> bool:
    """Return True if ``value``'s exact type is named as one of numpy's scalar number types.

    A class could borrow the name; that gains it nothing, because the value is
    then converted to a plain float and only that float is compared.
    """
    cls = _TYPE(value)
    return cls.__module__ == "numpy" and cls.__name__ in _NUMPY_NUMBERS


def as_number(value: object, what: str) -> float:
    """Return ``value`` as a plain float if it is an int, a float or a numpy number.

    Subclasses of these types, booleans, strings and anything else are refused,
    so a value cannot bring its own comparison methods into a check.
    """
    cls = _TYPE(value)
    if cls is _INT or cls is _FLOAT or _is_numpy_number(value):
        number = _FLOAT(value)
        if _TYPE(number) is not _FLOAT:
            raise CheckFailed(f"{what} could not be read as a plain number.")
        return number
    raise CheckFailed(
        f"{what} should be a number (int or float); "
        f"your code returned an object of type {_type_name(value)}."
    )


def _distance(a: float, b: float) -> float:
    """Return |a - b| for plain floats, with infinities equal to themselves."""
    if a == b:
        return 0.0
    difference = a - b
    return difference if difference >= 0 else -difference


def check_number(value: object, expected: float, tolerance: float, what: str) -> None:
    """Raise AssertionError unless ``value`` is a number within ``tolerance`` of ``expected``.

    ``expected`` may be ``math.inf``; NaN never passes.
    """
    number = as_number(value, what)
    if number != number:
        raise CheckFailed(f"{what} is NaN (not a number); expected about {expected:.4g}.")
    if not _distance(number, expected) <= tolerance:
        raise CheckFailed(
            f"{what} should be {expected:.4g} (within {tolerance:g}); your code gave {number:.6g}."
        )


def check_dict(value: object, keys: tuple[str, ...] | list[str], what: str) -> dict:
    """Return a plain copy of ``value`` if it is a dict with exactly ``keys``, else raise.

    The copy is made item by item from the dict's own storage, so a dict
    subclass with a doctored ``__getitem__`` is refused and never consulted.
    """
    if _TYPE(value) is not _DICT:
        raise CheckFailed(f"{what} should be a dict; "
        f"your code returned an object of type {_type_name(value)}.")
    plain = _DICT(_DICT.items(value))
    found = sorted(k for k in plain if _TYPE(k) is _STR)
    if found != sorted(keys) or len(plain) != len(found):
        raise CheckFailed(
            f"{what} should have exactly the keys {sorted(keys)}; your dict has "
            f"{sorted(repr(k) for k in plain)}."
        )
    return plain


def check_sequence(value: object, what: str) -> list:
    """Return ``value`` as a plain list if it is a list or a tuple, else raise."""
    cls = _TYPE(value)
    if cls is _LIST:
        return _LIST(_LIST.__iter__(value))
    if cls is _TUPLE:
        return _LIST(_TUPLE.__iter__(value))
    raise CheckFailed(f"{what} should be a list or tuple; "
        f"your code returned an object of type {_type_name(value)}.")


def check_numbers(value: object, expected: list[float], tolerance: float, what: str) -> None:
    """Raise unless ``value`` is a list of numbers, each within ``tolerance`` of ``expected``."""
    items = check_sequence(value, what)
    if len(items) != len(expected):
        raise CheckFailed(
            f"{what} should have {len(expected)} items; your code gave {len(items)}."
        )
    for index, (item, want) in enumerate(zip(items, expected, strict=True)):
        check_number(item, want, tolerance, f"{what}[{index}]")


def check_equal_ints(value: object, expected: list[int], what: str) -> None:
    """Raise unless ``value`` is a list of ints equal, in order, to ``expected``."""
    items = check_sequence(value, what)
    numbers = []
    for index, item in enumerate(items):
        if _TYPE(item) is not _INT:
            raise CheckFailed(
                f"{what}[{index}] should be an int; your code gave a {_type_name(item)}."
            )
        numbers.append(_INT(item))
    if numbers != _LIST(expected):
        raise CheckFailed(f"{what} should be {_LIST(expected)}; your code gave {numbers}.")


def check_text(value: object, expected: str, what: str) -> None:
    """Raise unless ``value`` is a plain string equal to ``expected``."""
    if _TYPE(value) is not _STR:
        raise CheckFailed(f"{what} should be a str; "
        f"your code returned an object of type {_type_name(value)}.")
    text = _STR.__str__(value)
    if text != expected:
        raise CheckFailed(f"{what} should be {expected!r}; your code gave {text!r}.")


def check_true(condition: object, message: str) -> None:
    """Raise with ``message`` unless ``condition`` is the plain boolean True."""
    if condition is not True:
        raise CheckFailed(message)


def check_raises_value_error(function: object, *args: object, what: str) -> None:
    """Raise unless calling ``function(*args)`` raises ValueError (or a subclass of it)."""
    try:
        function(*args)
    except ValueError:
        return
    except Exception as error:  # noqa: BLE001 - any other exception is the student's slip
        raise CheckFailed(
            f"{what} should raise ValueError; it raised {_type_name(error)} instead."
        ) from None
    raise CheckFailed(f"{what} should raise ValueError; it returned normally.")


def text_equals(value: object, expected: str) -> bool:
    """Return True only if ``value`` is a plain string equal to ``expected`` (never raises)."""
    return _TYPE(value) is _STR and _STR.__str__(value) == expected


def check_pairs(value: object, what: str) -> list[tuple[str, str]]:
    """Return ``value`` as a list of plain ``(str, str)`` pairs, or raise saying what is wrong."""
    pairs = []
    for index, item in enumerate(check_sequence(value, what)):
        pair = check_sequence(item, f"{what}[{index}]")
        if len(pair) != 2 or not all(_TYPE(part) is _STR for part in pair):
            raise CheckFailed(f"{what}[{index}] should be a pair of strings (phrase, original).")
        pairs.append((_STR.__str__(pair[0]), _STR.__str__(pair[1])))
    return pairs


def check_int(value: object, what: str) -> int:
    """Return ``value`` as a plain int if it is exactly an int (not a bool), else raise."""
    if _TYPE(value) is not _INT:
        raise CheckFailed(f"{what} should be an int (a whole number such as 2); "
                          f"your code gave a {_type_name(value)}.")
    return _INT(value)


def _result(function: object, *args: object, what: str) -> object:
    """Call the student's function with ``args``, naming the call ``what`` in any failure."""
    return call(function, *args, what=what)


# --- the visible checks, one class per assignment ------------------------------------------------
# A test cell's visible line is ``check.<question>(answer)``; its hidden part reloads this module
# and calls the same method with ``tick=False`` before the hidden checks.

_A1_KEYS = ("risk_treated", "risk_control", "risk_ratio", "odds_ratio", "risk_difference", "nnt")
_A3_FIXED_KEYS = ("estimate", "se", "lower", "upper")
_A3_RANDOM_KEYS = ("estimate", "se", "lower", "upper", "q", "i2", "tau2")
_A3_EGGER_KEYS = ("intercept", "se", "t", "df")
_A4_LABELS = ("animal", "in_vitro", "human", "none")


def _interval(value: object, what: str) -> tuple[float, float]:
    """Return ``value`` as (lower, upper) floats if it is a pair with lower below upper."""
    items = check_sequence(value, what)
    if len(items) != 2:
        raise CheckFailed(f"{what} should be a pair (lower, upper); it has {len(items)} items.")
    lower, upper = as_number(items[0], f"{what}[0]"), as_number(items[1], f"{what}[1]")
    if not lower < upper:
        raise CheckFailed(f"{what}: lower ({lower:.4g}) should be below upper ({upper:.4g}).")
    return lower, upper


class _A1:
    """Visible checks for assignment 1 (relative and absolute effects)."""

    @staticmethod
    def _murrough(effect_measures: object) -> dict:
        what = "effect_measures(30, 47, 7, 25)"
        return check_dict(_result(effect_measures, 30, 47, 7, 25, what=what), _A1_KEYS, what)

    @staticmethod
    def q1_shape(effect_measures: object, tick: bool = True) -> None:
        """Check: a dict with the six keys, each a number."""
        result = _A1._murrough(effect_measures)
        for key in _A1_KEYS:
            as_number(result[key], f"effect_measures(30, 47, 7, 25)[{key!r}]")
        _passed("q1 (shape)", tick)

    @staticmethod
    def q1_risks(effect_measures: object, tick: bool = True) -> None:
        """Check: the risk in the ketamine arm of Murrough's trial."""
        check_number(_A1._murrough(effect_measures)["risk_treated"], 30 / 47, 1e-9,
                     "risk_treated for 30 of 47")
        _passed("q1 (risks)", tick)

    @staticmethod
    def q1_ratios(effect_measures: object, tick: bool = True) -> None:
        """Check: both ratios are numbers."""
        result = _A1._murrough(effect_measures)
        as_number(result["risk_ratio"], "risk_ratio")
        as_number(result["odds_ratio"], "odds_ratio")
        _passed("q1 (ratios)", tick)

    @staticmethod
    def q2_crude(crude_odds_ratio: object, tick: bool = True) -> None:
        """Check: the crude odds ratio is a number above 1 (ketamine's arm responded more)."""
        check_true(as_number(crude_odds_ratio, "crude_odds_ratio") > 1,
                   "crude_odds_ratio should be above 1: more responded with ketamine.")
        _passed("q2", tick)

    @staticmethod
    def q3_difference(risk_difference_ci: object, tick: bool = True) -> None:
        """Check: a (lower, upper) pair for the risk difference."""
        what = "risk_difference_ci(30, 47, 7, 25)"
        _interval(_result(risk_difference_ci, 30, 47, 7, 25, what=what), what)
        _passed("q3 (risk difference)", tick)

    @staticmethod
    def q3_ratio(risk_ratio_ci: object, tick: bool = True) -> None:
        """Check: a (lower, upper) pair for the risk ratio."""
        what = "risk_ratio_ci(30, 47, 7, 25)"
        _interval(_result(risk_ratio_ci, 30, 47, 7, 25, what=what), what)
        _passed("q3 (risk ratio)", tick)

    @staticmethod
    def q4_value(treated_risk_from_odds_ratio: object, tick: bool = True) -> None:
        """Check: a number for the Cochrane odds ratio and control risk."""
        what = "treated_risk_from_odds_ratio(3.94, 0.088)"
        as_number(_result(treated_risk_from_odds_ratio, 3.94, 0.088, what=what), what)
        _passed("q4", tick)


class _A2:
    """Visible checks for assignment 2 (comparators and blinding)."""

    @staticmethod
    def q1_shape(bang_blinding_index: object, tick: bool = True) -> None:
        """Check: a number for the CRISP treatment arm."""
        what = "bang_blinding_index(82, 25, 170)"
        as_number(_result(bang_blinding_index, 82, 25, 170, what=what), what)
        _passed("q1 (shape)", tick)

    @staticmethod
    def q1_values(bang_blinding_index: object, tick: bool = True) -> None:
        """Check: a number for the CRISP placebo arm."""
        what = "bang_blinding_index(29, 27, 83)"
        as_number(_result(bang_blinding_index, 29, 27, 83, what=what), what)
        _passed("q1 (values)", tick)

    @staticmethod
    def q1_errors(bang_blinding_index: object, tick: bool = True) -> None:
        """Check: valueError when nobody answered."""
        check_raises_value_error(bang_blinding_index, 0, 0, 0, what="no guesses at all (0, 0, 0)")
        _passed("q1 (errors)", tick)

    @staticmethod
    def q2_shape(nnt_from_rates: object, tick: bool = True) -> None:
        """Check: a number for the midazolam-controlled trials."""
        what = "nnt_from_rates(0.45, 0.18)"
        as_number(_result(nnt_from_rates, 0.45, 0.18, what=what), what)
        _passed("q2 (shape)", tick)

    @staticmethod
    def q2_edges(nnt_from_rates: object, tick: bool = True) -> None:
        """Check: equal rates give math.inf."""
        what = "nnt_from_rates(0.3, 0.3)"
        check_number(_result(nnt_from_rates, 0.3, 0.3, what=what), 1e309, 0.0,
                     f"{what} (equal rates: math.inf)")
        _passed("q2 (edges)", tick)

    @staticmethod
    def q3_shape(observed_effect: object, tick: bool = True) -> None:
        """Check: a number from the model."""
        what = "observed_effect(0.5, 0.6, 0.9, 0.1)"
        as_number(_result(observed_effect, 0.5, 0.6, 0.9, 0.1, what=what), what)
        _passed("q3 (shape)", tick)

    @staticmethod
    def q3_values(observed_effect: object, tick: bool = True) -> None:
        """Check: equal beliefs leave only the true effect."""
        what = "observed_effect(0.4, 1.0, 0.5, 0.5)"
        check_number(_result(observed_effect, 0.4, 1.0, 0.5, 0.5, what=what), 0.4, 1e-9,
                     f"{what} (equal beliefs leave only the true effect)")
        _passed("q3 (values)", tick)


class _A3:
    """Visible checks for assignment 3 (pooling the trials)."""

    @staticmethod
    def q1_se(se_from_ci: object, tick: bool = True) -> None:
        """Check: a number for a symmetric interval."""
        what = "se_from_ci(0.4, 0.9)"
        as_number(_result(se_from_ci, 0.4, 0.9, what=what), what)
        _passed("q1", tick)

    @staticmethod
    def _pooled(function: object, keys: tuple[str, ...], name: str) -> dict:
        what = f"{name}([0.7, 1.8], [0.13, 0.2])"
        return check_dict(_result(function, [0.7, 1.8], [0.13, 0.2], what=what), keys, what)

    @staticmethod
    def q2_shape(fixed_effect: object, tick: bool = True) -> None:
        """Check: a dict with the four keys."""
        _A3._pooled(fixed_effect, _A3_FIXED_KEYS, "fixed_effect")
        _passed("q2 (shape)", tick)

    @staticmethod
    def q2_values(fixed_effect: object, tick: bool = True) -> None:
        """Check: the interval's limits are in order."""
        pooled = _A3._pooled(fixed_effect, _A3_FIXED_KEYS, "fixed_effect")
        _interval([pooled["lower"], pooled["upper"]], "fixed_effect's (lower, upper)")
        _passed("q2 (values)", tick)

    @staticmethod
    def q3_shape(random_effects: object, tick: bool = True) -> None:
        """Check: a dict with the seven keys."""
        _A3._pooled(random_effects, _A3_RANDOM_KEYS, "random_effects")
        _passed("q3 (shape)", tick)

    @staticmethod
    def q3_heterogeneity(random_effects: object, tick: bool = True) -> None:
        """Check: i-squared is a proportion."""
        result = _A3._pooled(random_effects, _A3_RANDOM_KEYS, "random_effects")
        check_true(0 <= as_number(result["i2"], "i2") <= 1, "I-squared is a proportion from 0 to 1")
        _passed("q3 (heterogeneity)", tick)

    @staticmethod
    def q3_pooled(random_effects: object, tick: bool = True) -> None:
        """Check: the random-effects estimate is a number."""
        as_number(_A3._pooled(random_effects, _A3_RANDOM_KEYS, "random_effects")["estimate"],
                  "the random-effects estimate")
        _passed("q3 (pooled)", tick)

    @staticmethod
    def q4_shape(egger_test: object, tick: bool = True) -> None:
        """Check: a dict with the four keys."""
        what = "egger_test([0.1, 0.4, 0.3, 0.8], [0.1, 0.2, 0.15, 0.3])"
        check_dict(_result(egger_test, [0.1, 0.4, 0.3, 0.8], [0.1, 0.2, 0.15, 0.3], what=what),
                   _A3_EGGER_KEYS, what)
        _passed("q4 (shape)", tick)

    @staticmethod
    def q4_values(egger_test: object, tick: bool = True) -> None:
        """Check: the intercept is a number."""
        what = "egger_test on five studies"
        result = check_dict(_result(egger_test, [0.1, 0.4, 0.3, 0.8, 0.5],
                                    [0.1, 0.2, 0.15, 0.3, 0.25], what=what), _A3_EGGER_KEYS, what)
        as_number(result["intercept"], "intercept")
        _passed("q4 (values)", tick)


class _A4:
    """Visible checks for assignment 4 (from rat to patient)."""

    @staticmethod
    def _level(evidence_level: object, design: str) -> object:
        return _result(evidence_level, design, what=f"evidence_level({design!r})")

    @staticmethod
    def q1_trials(evidence_level: object, tick: bool = True) -> None:
        """Check: a randomised trial is level 2."""
        check_equal_ints([_A4._level(evidence_level, "randomised trial")], [2],
                         'evidence_level("randomised trial")')
        _passed("q1 (trials)", tick)

    @staticmethod
    def q1_mechanism(evidence_level: object, tick: bool = True) -> None:
        """Check: an animal study is level 5."""
        check_equal_ints([_A4._level(evidence_level, "animal study")], [5],
                         'evidence_level("animal study")')
        _passed("q1 (mechanism)", tick)

    @staticmethod
    def q1_studies(level_li_2010: object, level_abdallah_2020: object, tick: bool = True) -> None:
        """Check: both levels are whole numbers from 1 to 5."""
        for value, name in ((level_li_2010, "level_li_2010"),
                            (level_abdallah_2020, "level_abdallah_2020")):
            check_true(1 <= check_int(value, name) <= 5, f"{name} should be a level from 1 to 5.")
        _passed("q1 (the two studies)", tick)

    @staticmethod
    def _label(classify_species: object, sentence: str) -> object:
        return _result(classify_species, sentence, what=f"classify_species({sentence!r})")

    @staticmethod
    def q2_shape(classify_species: object, tick: bool = True) -> None:
        """Check: a sentence about rats is animal."""
        check_text(_A4._label(classify_species, "Rats given ketamine swam for longer."), "animal",
                   "a sentence about rats")
        _passed("q2 (shape)", tick)

    @staticmethod
    def q2_clear(classify_species: object, tick: bool = True) -> None:
        """Check: one of the four labels."""
        label = _A4._label(classify_species, "Ketamine is a medicine.")
        check_true(any(text_equals(label, name) for name in _A4_LABELS),
                   f"return one of the four labels {list(_A4_LABELS)} as a str")
        _passed("q2 (labels)", tick)

    @staticmethod
    def q2_accuracy(classify_species: object, tick: bool = True) -> None:
        """Check: two clear sentences."""
        check_text(_A4._label(classify_species, "Rats were stressed for three weeks."), "animal",
                   "rats")
        check_text(_A4._label(classify_species, "Adults with depression improved."), "human",
                   "adults")
        _passed("q2 (accuracy)", tick)

    @staticmethod
    def _compare(compare_prediction: object, *args: object) -> object:
        what = "compare_prediction(" + ", ".join(repr(a) for a in args) + ")"
        return _result(compare_prediction, *args, what=what)

    @staticmethod
    def q3_shape(compare_prediction: object, tick: bool = True) -> None:
        """Check: a large fall, as predicted."""
        check_text(_A4._compare(compare_prediction, -1, -0.30, 0.10), "confirmed",
                   "a large fall, as predicted")
        _passed("q3 (shape)", tick)

    @staticmethod
    def q3_values(compare_prediction: object, tick: bool = True) -> None:
        """Check: a large rise when a fall was predicted."""
        check_text(_A4._compare(compare_prediction, -1, 0.30, 0.10), "contradicted",
                   "a large rise when a fall was predicted")
        _passed("q3 (values)", tick)


class _A5:
    """Visible checks for assignment 5 (reworded text and spin)."""

    @staticmethod
    def q1_shape(find_reworded: object, lexicon: object, tick: bool = True) -> None:
        """Check: one pair for a sentence with one reworded phrase."""
        text = "The monoamine speculation was popular."
        pairs = check_pairs(_result(find_reworded, text, lexicon, what="find_reworded(...)"),
                            "find_reworded(...)")
        check_true(pairs == [("monoamine speculation", "monoamine hypothesis")],
                   f"one (phrase, original) pair for that sentence; got {pairs}")
        _passed("q1 (shape)", tick)

    @staticmethod
    def q1_order(find_reworded: object, lexicon: object, seed: object, tick: bool = True) -> None:
        """Check: a list of pairs for the seed."""
        what = "find_reworded(seed, LEXICON)"
        check_pairs(_result(find_reworded, seed, lexicon, what=what), what)
        _passed("q1 (order)", tick)

    @staticmethod
    def _normalised(normalise_spun_numbers: object, text: str) -> object:
        return _result(normalise_spun_numbers, text, what=f"normalise_spun_numbers({text!r})")

    @staticmethod
    def q2_shape(normalise_spun_numbers: object, tick: bool = True) -> None:
        """Check: a spun decimal repaired."""
        check_text(_A5._normalised(normalise_spun_numbers, "at 11.three%"), "at 11.3%",
                   'normalise_spun_numbers("at 11.three%")')
        _passed("q2 (shape)", tick)

    @staticmethod
    def q2_edges(normalise_spun_numbers: object, tick: bool = True) -> None:
        """Check: a word before the full stop (a spun reference number) is left alone."""
        check_text(_A5._normalised(normalise_spun_numbers, "disability.one Inside"),
                   "disability.one Inside",
                   "a word before the full stop: a reference number, leave it")
        _passed("q2 (edges)", tick)

    @staticmethod
    def _expanded(expand_group: object, group: str) -> object:
        return _result(expand_group, group, what=f"expand_group({group!r})")

    @staticmethod
    def q3_single(expand_group: object, tick: bool = True) -> None:
        """Check: one number."""
        check_equal_ints(_A5._expanded(expand_group, "196"), [196], 'expand_group("196")')
        _passed("q3 (single)", tick)

    @staticmethod
    def q3_groups(expand_group: object, tick: bool = True) -> None:
        """Check: a list of two numbers."""
        check_equal_ints(_A5._expanded(expand_group, "102,106"), [102, 106],
                         'expand_group("102,106")')
        _passed("q3 (groups)", tick)

    @staticmethod
    def q3_ranges(expand_group: object, tick: bool = True) -> None:
        """Check: a range of digits."""
        check_equal_ints(_A5._expanded(expand_group, "17\u201319"), [17, 18, 19],
                         'expand_group("17\u201319")')
        _passed("q3 (ranges)", tick)

    @staticmethod
    def q3_sentences(extract_citations: object, tick: bool = True) -> None:
        """Check: a sentence that cites two references."""
        sentence = "Effects were abolished by rapamycin.102,106 However, not always."
        check_equal_ints(_result(extract_citations, sentence, what="extract_citations(...)"),
                         [102, 106], f"extract_citations({sentence!r})")
        _passed("q3 (sentences)", tick)

    @staticmethod
    def _counts(count_hedges_boosters: object, text: str, hedges: object,
                boosters: object) -> dict:
        what = f"count_hedges_boosters({text!r}, HEDGES, BOOSTERS)"
        return check_dict(_result(count_hedges_boosters, text, hedges, boosters, what=what),
                          ("hedges", "boosters"), what)

    @staticmethod
    def q4_shape(count_hedges_boosters: object, hedges: object, boosters: object,
                 tick: bool = True) -> None:
        """Check: a dict with the two keys."""
        _A5._counts(count_hedges_boosters, "This may help.", hedges, boosters)
        _passed("q4 (shape)", tick)

    @staticmethod
    def q4_values(count_hedges_boosters: object, hedges: object, boosters: object,
                  tick: bool = True) -> None:
        """Check: empty text gives a dict too."""
        _A5._counts(count_hedges_boosters, "", hedges, boosters)
        _passed("q4 (values)", tick)


#: What a notebook's setup cell imports, e.g. ``from ...checks import a1 as check``.
a1, a2, a3, a4, a5 = _A1(), _A2(), _A3(), _A4(), _A5()
