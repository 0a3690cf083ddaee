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


# --- no output that answers a question shows before the learner has tried it --------------

#: The outputs that answer a question outright, by the call that shows them: a learner who
#: sees them before trying the question has nothing left to predict.
ANSWERED_BY = {
    "q00-1": "widgets.risk_widget(",  # extra people = baseline at a risk ratio of 2, grid and text
    "q01-3": "widgets.ppv_widget(",  # opens on the question's own case: 64% of positives true
    "q02-2": "pathway.experiments_table(",  # the rapamycin trial's result, row by row
    "q02-3": "widgets.evidence_map_widget(",  # "3 in people", drawn and written
    "q04-3": "widgets.biomarker_search_widget(",  # the curve of the smallest significant r at 16
    "q05-1": "widgets.prevalence_widget(",  # each age group's figure, and the table's note
    "q05-2": "widgets.harms_widget(",  # the bladder findings, bar by kind of evidence
    "q06-2": "widgets.claim_cards_widget(",  # opens on the PCP sentence, verdict and correction
    "q06-3": "widgets.summary_widget(",  # the verdict counts: 24 supported
}
HELD = re.compile(r'after_question\("(q\d\d-\d+)"')


def answers_shown_too_soon(cells: list[str], question_id: str, call: str) -> list[str]:
    """Say where ``call`` (an output that answers ``question_id``) shows before it is tried.

    ``cells`` are the sources of a lesson's code cells, in order. The output must come after
    the question's cell and be held back by ``after_question("<question_id>", ...)``.
    """
    asked = next((i for i, s in enumerate(cells) if f'question_widget("{question_id}")' in s),
                 None)
    shown = [i for i, source in enumerate(cells) if call in source]
    if asked is None or not shown:
        return [f"{question_id}: the lesson must ask it and show {call}...)"]
    problems = [f"code cell {i}: {call}...) comes before {question_id}"
                for i in shown if i < asked]
    problems += [f"code cell {i}: {call}...) shows without after_question({question_id!r}, ...)"
                 for i in shown if question_id not in HELD.findall(cells[i])]
    return problems


def code_cells(lesson: str) -> list[str]:
    """The sources of a lesson's code cells (``lesson`` as "02"), in order."""
    path = next(p for p in LESSONS if p.name.startswith(lesson))
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("question_id", ANSWERED_BY)
def test_an_output_that_answers_a_question_waits_until_it_is_tried(question_id):
    cells = code_cells(question_id[1:3])
    assert answers_shown_too_soon(cells, question_id, ANSWERED_BY[question_id]) == []


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_held_output_waits_for_a_question_asked_above_it(path):
    cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    asked: set[str] = set()
    for source in cells:
        for question_id in HELD.findall(source):
            assert question_id in asked, (
                f"{path.name}: an output waits for {question_id} before it is asked")
        asked.update(ASKED.findall(source))


def test_the_answered_too_soon_check_can_fail():
    shown_first = ['question_widget("q02-3")', "widgets.evidence_map_widget()"]
    assert answers_shown_too_soon(shown_first, "q02-3", "widgets.evidence_map_widget(") == [
        "code cell 1: widgets.evidence_map_widget(...) shows without "
        "after_question('q02-3', ...)"]
    held_for_another = ['question_widget("q02-3")',
                        'after_question("q02-2", widgets.evidence_map_widget())']
    assert answers_shown_too_soon(held_for_another, "q02-3", "widgets.evidence_map_widget(")
    above = ['after_question("q02-3", widgets.evidence_map_widget())', 'question_widget("q02-3")']
    assert "comes before" in answers_shown_too_soon(above, "q02-3",
                                                    "widgets.evidence_map_widget(")[0]


@pytest.fixture
def fresh_kernel(monkeypatch):
    """No question tried yet, as in a kernel just started."""
    monkeypatch.setattr(wiring, "_TRIED", set())
    monkeypatch.setattr(wiring, "_WAITING", {})


def shown(held_box) -> bool:
    """Whether what ``after_question`` holds is on screen (and its note is not)."""
    note, held, _style = held_box.children
    assert (note.layout.display == "none") != (held.layout.display == "none")
    return held.layout.display != "none"


def test_a_held_output_shows_after_the_first_try_not_before(fresh_kernel):
    question = quiz.get_question("q02-3")
    _, answer, check, _, _ = parts(wiring.question_widget("q02-3"))
    table = pathway_table()
    box = wiring.after_question("q02-3", table)
    assert not shown(box) and wiring.HELD_NOTE in box.children[0].value
    assert box.children[1].children[0].value == table.html
    check.click()  # nothing picked: not a try
    assert not shown(box)
    pick(answer, next(o for o in question.options if o != question.answer))
    check.click()  # a wrong answer is a try
    assert shown(box)
    assert shown(wiring.after_question("q02-3", table)), "once tried, a re-run shows it at once"
    assert not shown(wiring.after_question("q02-2", table)), "another question still waits"


def test_show_the_answer_also_shows_what_was_held(fresh_kernel):
    _, _, _, show, _ = parts(wiring.question_widget("q05-1"))
    box = wiring.after_question("q05-1", wiring.question_widget("q05-2"))
    show.click()
    assert shown(box)


@pytest.mark.parametrize(("args", "message"), [
    (("q09-9", "x"), "no question 'q09-9'"),
    (("q02-3",), "needs the output"),
    (("q02-3", 42), "got int"),
])
def test_after_question_refuses_bad_input_with_a_reason(fresh_kernel, args, message):
    with pytest.raises(ValueError, match=message):
        wiring.after_question(*args)


def pathway_table():
    """A lesson table, as the lesson holds it back."""
    from ketamine_course.lessons import l02_nmda_mtorc1 as pathway

    return pathway.experiments_table()
