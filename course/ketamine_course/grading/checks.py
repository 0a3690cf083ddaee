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
uses ``math.isclose`` or ``numpy.isclose``.  Test cells reload this module
(``importlib.reload``) before using it, which restores any function a
submission replaced on it.

No in-process grader can stop code that rewrites Python's ``builtins`` module
or the import system; ``python -m ketamine_course.grading.instructor audit`` lists
submissions that reach for such things, for the instructor to read.
Every failure raises :class:`AssertionError` with a message meant for the
student: what was expected, in words, and what came back.
"""

from __future__ import annotations

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
            raise AssertionError(f"{what} could not be read as a plain number.")
        return number
    raise AssertionError(
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
        raise AssertionError(f"{what} is NaN (not a number); expected about {expected:.4g}.")
    if not _distance(number, expected) <= tolerance:
        raise AssertionError(
            f"{what} should be {expected:.4g} (within {tolerance:g}); your code gave {number:.6g}."
        )


def check_dict(value: object, keys: tuple[str, ...] | list[str], what: str) -> dict:
    """Return a plain copy of ``value`` if it is a dict with exactly ``keys``, else raise.

    The copy is made item by item from the dict's own storage, so a dict
    subclass with a doctored ``__getitem__`` is refused and never consulted.
    """
    if _TYPE(value) is not _DICT:
        raise AssertionError(f"{what} should be a dict; "
        f"your code returned an object of type {_type_name(value)}.")
    plain = _DICT(_DICT.items(value))
    found = sorted(k for k in plain if _TYPE(k) is _STR)
    if found != sorted(keys) or len(plain) != len(found):
        raise AssertionError(
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
    raise AssertionError(f"{what} should be a list or tuple; "
        f"your code returned an object of type {_type_name(value)}.")


def check_numbers(value: object, expected: list[float], tolerance: float, what: str) -> None:
    """Raise unless ``value`` is a list of numbers, each within ``tolerance`` of ``expected``."""
    items = check_sequence(value, what)
    if len(items) != len(expected):
        raise AssertionError(
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
            raise AssertionError(
                f"{what}[{index}] should be an int; your code gave a {_type_name(item)}."
            )
        numbers.append(_INT(item))
    if numbers != _LIST(expected):
        raise AssertionError(f"{what} should be {_LIST(expected)}; your code gave {numbers}.")


def check_text(value: object, expected: str, what: str) -> None:
    """Raise unless ``value`` is a plain string equal to ``expected``."""
    if _TYPE(value) is not _STR:
        raise AssertionError(f"{what} should be a str; "
        f"your code returned an object of type {_type_name(value)}.")
    text = _STR.__str__(value)
    if text != expected:
        raise AssertionError(f"{what} should be {expected!r}; your code gave {text!r}.")


def check_true(condition: object, message: str) -> None:
    """Raise with ``message`` unless ``condition`` is the plain boolean True."""
    if condition is not True:
        raise AssertionError(message)


def check_raises_value_error(function: object, *args: object, what: str) -> None:
    """Raise unless calling ``function(*args)`` raises ValueError (or a subclass of it)."""
    try:
        function(*args)
    except ValueError:
        return
    except Exception as error:  # noqa: BLE001 - any other exception is the student's slip
        raise AssertionError(
            f"{what} should raise ValueError; it raised {_type_name(error)} instead."
        ) from None
    raise AssertionError(f"{what} should raise ValueError; it returned normally.")


def text_equals(value: object, expected: str) -> bool:
    """Return True only if ``value`` is a plain string equal to ``expected`` (never raises)."""
    return _TYPE(value) is _STR and _STR.__str__(value) == expected


def check_pairs(value: object, what: str) -> list[tuple[str, str]]:
    """Return ``value`` as a list of plain ``(str, str)`` pairs, or raise saying what is wrong."""
    pairs = []
    for index, item in enumerate(check_sequence(value, what)):
        pair = check_sequence(item, f"{what}[{index}]")
        if len(pair) != 2 or not all(_TYPE(part) is _STR for part in pair):
            raise AssertionError(f"{what}[{index}] should be a pair of strings (phrase, original).")
        pairs.append((_STR.__str__(pair[0]), _STR.__str__(pair[1])))
    return pairs
