"""Questions that work in the static book: plain HTML and a little JavaScript, no kernel.

A lesson's ``question_widget("qNN-k")`` output becomes a form (:func:`question_html`): the
prompt, the options as radio buttons (or a box for a number), *Check my answer* and *Show the
answer*, and an empty live region.  Every feedback the learner can get is written here, at
build time, by the functions JupyterLab uses (``Question.respond`` and ``Question.reveal``,
rendered by ``wiring.feedback_html``), one ``hidden`` element per state, so the texts cannot
drift from JupyterLab's.  ``book_assets/questions.js`` only judges the answer (the option's
index, or the typed number within the bank's tolerance, read as ``quiz.parse_number`` reads it)
and copies the state that applies into the live region.

The states: ``empty`` (nothing picked or typed), ``invalid`` (typed text that is not a number;
the text is put in ``<span class="kc-typed">``), ``hint`` (a wrong answer while tries remain),
``wrong`` (a wrong answer after that: answer and explanation), ``right`` and ``shown`` (the
learner pressed *Show the answer*).
"""

from __future__ import annotations

import html
import re

from ketamine_course.core.quiz import TRIES, Question, get_question
from ketamine_course.core.wiring import feedback_html, prompt_html

#: A cell that asks a question: ``question_widget("q03-1")`` (the whole cell, nothing else).
QUESTION_CELL = re.compile(r"\s*question_widget\(\s*[\"'](q\d\d-\d+)[\"']\s*\)\s*")

#: Stands for the learner's text in the ``invalid`` state until the page puts it in.
_TYPED = "KCTYPEDTEXT"


def asked_question(source: str) -> str | None:
    """Return the id of the question a code cell asks, or None if it is not a question cell."""
    match = QUESTION_CELL.fullmatch(source)
    return match.group(1) if match else None


def _wrong_response(question: Question) -> str:
    """Return an answer the bank judges wrong (the first wrong option, or a number far off)."""
    if question.kind == "choice":
        return next(option for option in question.options if option != question.answer)
    wrong = f"{question.number + question.tolerance + max(1.0, abs(question.number)):g}"
    if question.is_right(wrong) is not False:
        raise ValueError(f"{question.question_id}: could not find a wrong number to show the "
                         f"hint with ({wrong} is judged right).")
    return wrong


def feedback_states(question: Question) -> dict[str, str]:
    """Return every feedback the learner can get, as JupyterLab renders it, by state name."""
    wrong = _wrong_response(question)
    states = {
        "empty": feedback_html(question.respond(None)),
        "hint": feedback_html(question.respond(wrong, 0)),
        "wrong": feedback_html(question.respond(wrong, TRIES - 1)),
        "right": feedback_html(question.respond(question.answer)),
        "shown": feedback_html(question.reveal()),
    }
    if question.kind == "number":
        typed = feedback_html(question.respond(_TYPED))
        if _TYPED not in typed:
            raise ValueError(f"{question.question_id}: the message for text that is not a "
                             "number no longer quotes the text.")
        states["invalid"] = typed.replace(_TYPED, '<span class="kc-typed"></span>')
    return states


def _answer_box(question: Question) -> str:
    """Return the options as radio buttons, or a text box for a number, labelled by the prompt."""
    qid = question.question_id
    if question.kind == "choice":
        options = "".join(
            f'<label class="kc-option"><input type="radio" name="kc-{qid}" value="{index}"> '
            f"<span>{html.escape(option)}</span></label>"
            for index, option in enumerate(question.options))
        return (f'<fieldset class="kc-options" aria-labelledby="kc-{qid}-prompt">'
                f"<legend class='kc-sr-only'>Your answer</legend>{options}</fieldset>")
    return (f'<p class="kc-number"><label for="kc-{qid}-answer">Your answer:</label> '
            f'<input type="text" id="kc-{qid}-answer" inputmode="decimal" autocomplete="off" '
            f'placeholder="a number" aria-describedby="kc-{qid}-prompt"></p>')


def _judging_data(question: Question) -> str:
    """Return the data attributes questions.js judges with (in the source, not on screen)."""
    if question.kind == "choice":
        return f'data-right="{question.options.index(question.answer)}"'
    return f'data-answer="{question.number!r}" data-tolerance="{question.tolerance!r}"'


def question_html(question_id: str) -> str:
    """Return the bank's question ``question_id`` as a form that works without a kernel."""
    question = get_question(question_id)
    qid = question.question_id
    states = "".join(f'<div class="kc-state" data-state="{name}" hidden>{body}</div>'
                     for name, body in feedback_states(question).items())
    return (
        f'<form class="kc-question" id="kc-{qid}" data-question="{qid}" '
        f'data-kind="{question.kind}" data-tries="{TRIES}" {_judging_data(question)} novalidate>'
        f'<div id="kc-{qid}-prompt">{prompt_html(question)}</div>{_answer_box(question)}'
        '<p class="kc-buttons"><button type="submit" class="kc-check">Check my answer</button> '
        '<button type="button" class="kc-show">Show the answer</button></p>'
        f'<div class="kc-feedback" aria-live="polite"></div>{states}</form>'
    )
