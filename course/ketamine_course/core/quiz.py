""""Pause and predict" questions: the learner commits to an answer, then gets feedback.

A question is plain data with a :meth:`check` method that returns
:class:`Feedback`; :func:`ketamine_course.core.wiring.question_widget` puts it on
screen.  Tests hit ``check``; the widget only wires a button to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer."""

    correct: bool
    message: str


@dataclass(frozen=True)
class MultipleChoice:
    """A question with one right option among several.

    Attributes:
        prompt: the question, in full.
        options: the choices, shown in this order.
        answer: the right option; must be one of ``options``.
        explanation: why it is right, shown after any attempt.

    """

    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str

    def __post_init__(self) -> None:
        """Refuse a question that cannot be answered correctly."""
        if not self.prompt.strip() or not self.explanation.strip():
            raise ValueError("A question needs a prompt and an explanation.")
        if len(self.options) < 2 or len(set(self.options)) != len(self.options):
            raise ValueError(f"A question needs two or more distinct options; got {self.options}.")
        if self.answer not in self.options:
            raise ValueError(
                f"The answer {self.answer!r} is not one of the options {self.options}."
            )

    def check(self, choice: str | None) -> Feedback:
        """Check ``choice`` against the answer."""
        if choice is None:
            return Feedback(False, "Pick an option first: committing to a guess is the point.")
        if choice not in self.options:
            raise ValueError(f"{choice!r} is not one of the options: {', '.join(self.options)}.")
        if choice == self.answer:
            return Feedback(True, f"Right. {self.explanation}")
        return Feedback(False, f"Not quite: the answer is “{self.answer}”. {self.explanation}")


@dataclass(frozen=True)
class NumericQuestion:
    """A question whose answer is a number, accepted within a tolerance.

    Attributes:
        prompt: the question, in full, saying what unit to answer in.
        answer: the right value.
        tolerance: how far from ``answer`` still counts as right (absolute).
        unit: the unit, for the feedback text ("" for none).
        explanation: how to get there, shown after any attempt.

    """

    prompt: str
    answer: float
    tolerance: float
    unit: str
    explanation: str

    def __post_init__(self) -> None:
        """Refuse a negative tolerance or a missing explanation."""
        if self.tolerance < 0 or math.isnan(self.tolerance):
            raise ValueError(f"tolerance must be zero or more; got {self.tolerance!r}.")
        if not self.prompt.strip() or not self.explanation.strip():
            raise ValueError("A question needs a prompt and an explanation.")

    def check(self, value: float | None) -> Feedback:
        """Check ``value`` against the answer, within the tolerance."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return Feedback(False, "Type a number first.")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"The answer must be a number; got {value!r}.")
        unit = f" {self.unit}" if self.unit else ""
        if abs(value - self.answer) <= self.tolerance:
            return Feedback(True, f"Right: {self.answer:g}{unit}. {self.explanation}")
        return Feedback(
            False, f"Not quite: you said {value:g}{unit}; it is {self.answer:g}{unit}. "
            f"{self.explanation}"
        )
