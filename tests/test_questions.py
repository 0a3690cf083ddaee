"""The question bank, its rules (two tries, a hint, then the answer), and its widget.

Also the promise that makes "pause and predict" work: no lesson cell a learner sees holds a
question's answer, an option marked correct, or its explanation.
"""

import re

import nbformat
import pytest
from helpers import COURSE
from ketamine_course.core import quiz, wiring
from ketamine_course.lessons import l04_metabolism_inflammation as biomarkers

LESSONS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
BANK = quiz.question_bank()
ASKED = re.compile(r'question_widget\("(q\d\d-\d+)"\)')


def make(**changes) -> quiz.Question:
    """A small valid question, with ``changes`` applied."""
    fields = {"question_id": "q99-1", "kind": "choice", "prompt": "How many?",
              "options": ("one", "two"), "answer": "two", "tolerance": 0.0, "unit": "",
              "hint": "Count them.", "explanation": "Because there are two.", "source": "A."}
    return quiz.Question(**(fields | changes))


# --- the bank ----------------------------------------------------------------------------------


def test_bank_holds_the_seventeen_questions_of_lessons_00_to_06():
    assert len(BANK) == 17
    assert {q.lesson for q in BANK.values()} == {f"{n:02d}" for n in range(7)}


@pytest.mark.parametrize("question", BANK.values(), ids=list(BANK))
def test_hint_does_not_give_the_answer_away(question):
    assert question.hint.strip() and question.hint != question.explanation
    if question.kind == "choice":
        assert question.answer.lower() not in question.hint.lower()
    else:
        assert not re.search(rf"\b{question.shown_answer}\b", question.hint)


def test_a_number_answer_matches_the_arithmetic_it_rests_on():
    chance = quiz.get_question("q04-2")
    assert chance.number == round(100 * biomarkers.chance_of_any_false_positive(20))
    assert quiz.get_question("q04-3").answer.startswith("Large")
    assert biomarkers.critical_r(16) >= 0.45


@pytest.mark.parametrize(
    "changes",
    [{"options": ("one",), "answer": "one"}, {"options": ("one", "one"), "answer": "one"},
     {"answer": "three"}, {"explanation": " "}, {"hint": "It is two."},
     {"question_id": "question 1"}, {"kind": "essay"},
     {"kind": "number", "options": (), "answer": "five"},
     {"kind": "number", "options": (), "answer": "5", "tolerance": -1.0}],
)
def test_a_broken_question_is_refused_with_a_reason(changes):
    with pytest.raises(ValueError, match=r"q99-1|id is"):
        make(**changes)


def test_an_unknown_id_names_the_lessons_ids():
    with pytest.raises(ValueError, match=r"no question 'q03-9'.*q03-1"):
        quiz.get_question("q03-9")


# --- two tries, a hint, then the answer -------------------------------------------------------


def test_first_wrong_answer_gets_the_hint_and_not_the_answer():
    question = make()
    feedback = question.respond("one", wrong_so_far=0)
    assert feedback.correct is False and not feedback.revealed
    assert "Count them." in feedback.message
    assert "two" not in feedback.message and "Because" not in feedback.message


def test_second_wrong_answer_reveals_the_answer_and_explanation():
    feedback = make().respond("one", wrong_so_far=1)
    assert feedback.correct is False and feedback.revealed
    assert "“two”" in feedback.message and "Because there are two." in feedback.message


def test_right_answer_and_reveal_give_the_explanation():
    right = make().respond("two")
    assert right.correct is True and "Because there are two." in right.message
    shown = make().reveal()
    assert shown.correct is None and shown.revealed and "“two”" in shown.message


def test_no_answer_is_not_a_try():
    assert "Pick an option first" in make().respond(None).message


@pytest.mark.parametrize("typed", ["5", "5.0", "5 %", " 5% ", "5.4"])
def test_number_answers_accept_reasonable_forms(typed):
    question = make(kind="number", options=(), answer="5", tolerance=0.5, unit="%")
    assert question.respond(typed).correct is True
    assert question.shown_answer == "5%"


def test_a_number_question_explains_bad_typing_and_it_is_not_a_try():
    question = make(kind="number", options=(), answer="5", tolerance=0)
    assert "not a number" in question.respond("five").message
    assert question.respond("6").correct is False


@pytest.mark.parametrize(
    ("text", "value"), [("5", 5.0), (" 5.5 % ", 5.5), ("1,234", 1234.0), ("", None)]
)
def test_parse_number(text, value):
    assert quiz.parse_number(text) == value


# --- the widget only wires buttons to those rules ------------------------------------------


def parts(box):
    prompt, answer, buttons, result, spacing = box.children
    assert "line-height" in spacing.value, "the prompt and feedback are single-spaced"
    check, show = buttons.children
    return prompt, answer, check, show, result


def pick(answer_box, option: str) -> None:
    next(b for b in answer_box.children[1:] if b.description == option).value = True


def test_widget_two_wrong_tries_then_right():
    question = quiz.get_question("q00-1")
    wrong = next(o for o in question.options if o != question.answer)
    prompt, answer, check, show, result = parts(wiring.question_widget("q00-1"))
    assert question.prompt.split("'")[0] in prompt.value
    assert question.explanation not in prompt.value
    check.click()
    assert "Pick an option first" in result.value
    pick(answer, wrong)
    check.click()
    assert result.value == wiring.feedback_html(question.respond(wrong, 0))
    check.click()
    assert result.value == wiring.feedback_html(question.respond(wrong, 1))
    pick(answer, question.answer)
    assert sum(b.value for b in answer.children[1:]) == 1, "options are exclusive"
    check.click()
    assert "✔ Correct" in result.value


def test_widget_show_the_answer_button():
    _, _, _, show, result = parts(wiring.question_widget("q05-2"))
    show.click()
    assert result.value == wiring.feedback_html(quiz.get_question("q05-2").reveal())


def test_number_widget_reads_typed_forms():
    question = quiz.get_question("q06-1")
    _, answer, check, _, result = parts(wiring.question_widget("q06-1"))
    answer.value = f"{question.number:g}.0"
    check.click()
    assert "✔ Correct" in result.value


# --- no answer on screen before the learner tries -----------------------------------------


def visible_sources(notebook) -> list[tuple[int, str]]:
    """Every cell a learner sees before asking for anything: all but worked answers/solutions."""
    hidden = {"worked-answer", "solution"}
    return [(i, cell.source) for i, cell in enumerate(notebook.cells)
            if not hidden & set(cell.metadata.get("tags", []))]


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_no_lesson_cell_holds_a_quiz_answer_or_explanation(path):
    notebook = nbformat.read(path, as_version=4)
    asked = [qid for cell in notebook.cells for qid in ASKED.findall(cell.source)]
    assert asked == sorted(q for q in BANK if q.startswith(f"q{path.name[:2]}-")), (
        f"{path.name} must ask each of its questions from data/questions.csv once, in order")
    for index, source in visible_sources(notebook):
        assert not re.search(r"\b(answer|explanation)\s*=\s*[\"'(]", source), (
            f"{path.name} cell {index} holds a quiz answer or explanation")
        assert not re.search(r"MultipleChoice|NumericQuestion", source)
        for qid in asked:
            question = BANK[qid]
            assert question.explanation[:60] not in source, (
                f"{path.name} cell {index} shows the explanation of {qid}")
            if question.kind == "choice":
                assert f'"{question.answer}"' not in source, (
                    f"{path.name} cell {index} shows the answer of {qid} as a string")


def test_the_no_answer_check_can_fail(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'question_widget(MultipleChoice(prompt="Q?", options=("a", "b"), answer="b", '
        'explanation="Because."))')])
    (index, source), = visible_sources(notebook)
    assert re.search(r"\b(answer|explanation)\s*=\s*[\"'(]", source)


def test_the_seed_summary_question_matches_the_annotations():
    from ketamine_course.lessons import l06_reading_seeds as seeds

    totals = seeds.summary_counts().sum()
    question = quiz.get_question("q06-3")
    false = sum(totals.get(v, 0) for v in ("contradicted", "outdated", "overstated"))
    critical = false + totals["garbled"]
    nearest = min(question.options, key=lambda option: abs(int(option.split()[-1])
                                                           - totals["supported"]))
    assert question.answer == nearest
    assert question.explanation.startswith(
        f"{totals['supported']} of {totals.sum()}. Another {critical} have a critical verdict "
        f"({totals['garbled']} garbled but faithful to their source, {false} contradicted, "
        f"overstated or outdated), {totals['not_a_claim']} are not claims at all, and "
        f"{totals['unchecked']} could not")
