""""Pause and predict" questions: the learner commits to an answer, then gets feedback.

The questions live in ``data/questions.csv`` (the question bank), not in the lessons, so that
no cell a learner sees holds an answer or an explanation.  A lesson asks one by its id;
:func:`ketamine_course.core.wiring.question_widget` puts it on screen.  The rules of a question
are plain functions here, and the tests hit them, not the widget:

- a first wrong answer gets a hint that points to the reasoning, not to the answer;
- a second wrong answer, or :meth:`Question.reveal`, gives the answer and the worked explanation;
- a right answer, at any time, gets the explanation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .data import load_table

#: How many wrong answers a learner gets before the answer is shown.
TRIES = 2

#: Separates the options of a multiple-choice question in ``data/questions.csv``.
OPTION_SEPARATOR = " | "

QUESTION_ID = re.compile(r"q(\d\d)-(\d+)")


@dataclass(frozen=True)
class Feedback:
    """The result of one answer or of a reveal.

    Attributes:
        correct: True for a right answer, False for a wrong or missing one, None for a reveal
            (the learner asked to see the answer).
        message: what to tell the learner, in plain words.
        revealed: True once the answer and the explanation are in ``message``.

    """

    correct: bool | None
    message: str
    revealed: bool = False


def parse_number(text: str) -> float | None:
    """Read a typed answer such as ``"5"``, ``"5.0"``, ``" 5 % "`` or ``"1,234"``.

    Returns None for an empty box; raises ValueError for anything else that is not a number.
    """
    cleaned = text.strip().rstrip("%").strip().replace(",", "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number: type digits, such as 12 or 0.5.") from None


@dataclass(frozen=True)
class Question:
    """One question of the bank.

    Attributes:
        question_id: ``qNN-k``, the k-th question of lesson NN.
        kind: ``"choice"`` (pick one of ``options``) or ``"number"`` (type a number).
        prompt: the question, in full.
        options: the choices, in the order shown (empty for a number question).
        answer: the right option, or the right number as text.
        tolerance: for a number question, how far from the answer still counts as right.
        unit: for a number question, the unit shown in feedback ("" for none).
        hint: shown after a wrong first answer; it must not give the answer away.
        explanation: the worked explanation, shown with the answer.
        source: what the answer rests on.

    """

    question_id: str
    kind: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    tolerance: float
    unit: str
    hint: str
    explanation: str
    source: str

    def __post_init__(self) -> None:
        """Refuse a question that cannot be answered correctly or gives itself away."""
        where = f"Question {self.question_id}"
        if not QUESTION_ID.fullmatch(self.question_id):
            raise ValueError(f"{where}: an id is 'qNN-k', such as 'q03-1'.")
        for name in ("prompt", "answer", "hint", "explanation", "source"):
            if not getattr(self, name).strip():
                raise ValueError(f"{where} needs a {name}.")
        if self.kind == "choice":
            if len(self.options) < 2 or len(set(self.options)) != len(self.options):
                raise ValueError(f"{where} needs two or more distinct options; got {self.options}.")
            if self.answer not in self.options:
                raise ValueError(f"{where}: the answer {self.answer!r} is not one of the options "
                                 f"{self.options}.")
            if self.answer.lower() in self.hint.lower():
                raise ValueError(f"{where}: the hint gives the answer away.")
        elif self.kind == "number":
            if self.options:
                raise ValueError(f"{where} is a number question and can have no options.")
            if not math.isfinite(self.number) or not self.tolerance >= 0:
                raise ValueError(f"{where}: the answer must be a number and the tolerance zero "
                                 f"or more; got {self.answer!r} and {self.tolerance!r}.")
        else:
            raise ValueError(f"{where}: kind must be 'choice' or 'number'; got {self.kind!r}.")

    @property
    def lesson(self) -> str:
        """The two-digit number of the lesson that asks this question."""
        return self.question_id[1:3]

    @property
    def number(self) -> float:
        """The answer of a number question, as a float."""
        try:
            return float(self.answer)
        except ValueError:
            return math.nan

    @property
    def shown_answer(self) -> str:
        """The answer as the learner reads it ("64%", "4 references", or the option)."""
        if self.kind == "choice":
            return self.answer
        gap = "" if self.unit in ("", "%") else " "
        return f"{self.number:g}{gap}{self.unit}"

    def is_right(self, response: str | None) -> bool | None:
        """Return whether ``response`` is right; None when there is no answer to judge yet.

        ``response`` is the option picked, or the text typed for a number question (``"5"``,
        ``"5.0"`` and ``"5 %"`` all read as 5).  Raises ValueError for an option that is not
        one of the question's, or for typed text that is not a number.
        """
        if response is None:
            return None
        if self.kind == "choice":
            if response not in self.options:
                raise ValueError(f"{response!r} is not one of the options: "
                                 f"{', '.join(self.options)}.")
            return response == self.answer
        value = parse_number(response)
        if value is None:
            return None
        return abs(value - self.number) <= self.tolerance + 1e-12

    def respond(self, response: str | None, wrong_so_far: int = 0) -> Feedback:
        """Feedback on ``response``, given how many wrong answers the learner has already made."""
        try:
            right = self.is_right(response)
        except ValueError as error:
            return Feedback(False, str(error))
        if right is None:
            first = ("Pick an option first" if self.kind == "choice" else "Type a number first")
            return Feedback(False, f"{first}: committing to a guess is the point.")
        if right:
            return self._answer(True)
        if wrong_so_far + 1 < TRIES:
            return Feedback(False, f"Hint: {self.hint} Try once more, or press "
                                   "“Show the answer”.")
        return self._answer(False)

    def reveal(self) -> Feedback:
        """Give the answer and the worked explanation to a learner who asks to see them."""
        return self._answer(None)

    def _answer(self, correct: bool | None) -> Feedback:
        return Feedback(correct, f"The answer is “{self.shown_answer}”. {self.explanation}",
                        revealed=True)


def _row_to_question(row: dict[str, object]) -> Question:
    def text(name: str) -> str:
        value = row.get(name)
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) \
            else str(value).strip()

    options = tuple(o.strip() for o in text("options").split(OPTION_SEPARATOR)) \
        if text("options") else ()
    tolerance = float(text("tolerance")) if text("tolerance") else 0.0
    answer = text("answer")
    if text("kind") == "number" and answer.endswith(".0"):
        answer = answer.removesuffix(".0")
    return Question(text("question_id"), text("kind"), text("prompt"), options, answer,
                    tolerance, text("unit"), text("hint"), text("explanation"), text("source"))


@cache
def question_bank() -> dict[str, Question]:
    """Every question in ``data/questions.csv``, by id (read once, checked on reading)."""
    table = load_table("questions.csv").astype(object)
    bank = {}
    for row in table.to_dict("records"):
        question = _row_to_question(row)
        if question.question_id in bank:
            raise ValueError(f"data/questions.csv has the id {question.question_id} twice.")
        bank[question.question_id] = question
    return bank


def get_question(question_id: str) -> Question:
    """Return the question with this id; if there is none, a ValueError names the real ids."""
    bank = question_bank()
    if not isinstance(question_id, str) or question_id not in bank:
        match = QUESTION_ID.fullmatch(question_id) if isinstance(question_id, str) else None
        lesson = [q for q in bank if match and q.startswith(f"q{match.group(1)}-")]
        known = ", ".join(lesson or sorted(bank))
        raise ValueError(f"There is no question {question_id!r} in data/questions.csv; "
                         f"the ids are like 'q03-1' ({known}).")
    return bank[question_id]
