"""Every lesson, and an assignment's Validate button, work in JupyterLab in a real browser.

Each lesson is opened in a fresh workspace and run with Run > Run All Cells. Then: no cell
shows an error, every widget cell shows a rendered widget, and at least one control of every
widget is worked (slider by keyboard, dropdown, toggle, tick-box, text box) until the widget
shows the state that the new value determines. That state is computed here from the package's
pure view functions (the same ones the widgets call), so the check is exact, not "it changed".

Timings (page ready, Run All, control to output) are printed, not asserted; screenshots go to
artefacts/browser/. Without Chromium these tests are skipped (CI fails instead).
"""

from __future__ import annotations

import re
import shutil
import time

import browser as b
import nbformat
import pytest
from helpers import COURSE, ROOT
from ketamine_course.core import quiz, wiring
from ketamine_course.lessons import l00_start_here as start_here
from ketamine_course.lessons import l01_monoamine as monoamine
from ketamine_course.lessons import l01_monoamine_widgets as monoamine_widgets
from ketamine_course.lessons import l02_nmda_mtorc1 as pathway
from ketamine_course.lessons import l02_nmda_mtorc1_widgets as pathway_widgets
from ketamine_course.lessons import l03_dosing_routes_widgets as pk_widgets
from ketamine_course.lessons import l04_metabolism_inflammation as biomarkers
from ketamine_course.lessons import l04_metabolism_inflammation_widgets as biomarker_widgets
from ketamine_course.lessons import l05_misuse_harm as harms
from ketamine_course.lessons import l05_misuse_harm_widgets as harm_widgets
from ketamine_course.lessons import l06_reading_seeds as seeds
from ketamine_course.lessons import l06_reading_seeds_widgets as seed_widgets

LESSONS = sorted(path.name for path in COURSE.glob("[0-9][0-9]_*.ipynb"))
TIMEOUT_MS = 20_000  # per control: generous for a loaded 2-core CI machine

state = b.expected_state


# --- what to do with each lesson's widgets, and what it must lead to ---------------------------


def first_question(lesson: str) -> quiz.Question:
    """The question the lesson's first ``question_widget("qNN-k")`` cell asks."""
    index = next(i for i, n in b.widget_cells(COURSE / lesson).items() if n == "question_widget")
    source = nbformat.read(COURSE / lesson, as_version=4).cells[index].source
    return quiz.get_question(re.search(r'"(q\d\d-\d+)"', source).group(1))


def question_drives(prefix: str) -> list[b.Drive]:
    """Answer the lesson's first question wrongly twice (a hint, then the answer), then rightly."""
    lesson = next(name for name in LESSONS if name.startswith(prefix))
    question = first_question(lesson)
    if question.kind == "choice":
        wrongs = [option for option in question.options if option != question.answer][:2]

        def answer(text: str):
            return lambda c: (b.press_toggle(c, text), b.click_button(c, "Check my answer"))
    else:
        wrongs = [f"{question.number + 1 + question.tolerance:g}",
                  f"{question.number + 2 + question.tolerance:g} %"]

        def answer(text: str):
            return lambda c: (b.type_into(c, "Your answer:", text),
                              b.click_button(c, "Check my answer"))
    first, second = (state(wiring.feedback_html(question.respond(wrongs[0], 0))),
                     state(wiring.feedback_html(question.respond(wrongs[1], 1))))
    right = question.answer if question.kind == "choice" else f"{question.number:g}.0"
    return [
        b.Drive("question_widget", f"{question.question_id}: wrong '{wrongs[0]}' (hint)",
                answer(wrongs[0]), {"texts": [], "alts": []}, first),
        b.Drive("question_widget", f"{question.question_id}: wrong '{wrongs[1]}' (answer shown)",
                answer(wrongs[1]), first, second),
        b.Drive("question_widget", f"{question.question_id}: right '{right}'",
                answer(right), second, state(wiring.feedback_html(question.respond(right, 2)))),
    ]


def drives_00() -> list[b.Drive]:
    return [
        b.Drive("risk_widget", "slider 'Chance without treatment (%)', ArrowRight x5",
                lambda c: b.slider_keys(c, "Chance without treatment (%)", "ArrowRight", 5),
                state(*start_here.risk_demo_view(0.10, 2.0)),
                state(*start_here.risk_demo_view(0.15, 2.0))),
        *question_drives("00"),
    ]


def drives_01() -> list[b.Drive]:
    labels = monoamine.series_labels()
    times = [label for label, _ in monoamine.TIME_POINTS]
    start = ("ketamine_zarate", "citalopram_stard")
    start_keys = tuple(k for k in labels if k in start)
    more = tuple(k for k in labels if k in (*start, "midazolam_murrough"))
    return [
        b.Drive("time_course_widget", "selection slider by keyboard, ArrowRight x1",
                lambda c: b.slider_keys(c, "Time since treatment started", "ArrowRight"),
                state(*monoamine.time_course_view("1 day", start_keys)),
                state(*monoamine.time_course_view(times[times.index("1 day") + 1],
                                                   start_keys))),
        b.Drive("time_course_widget", "tick-box 'Midazolam ...'",
                lambda c: b.tick(c, labels["midazolam_murrough"]),
                state(*monoamine.time_course_view(times[times.index("1 day") + 1],
                                                   start_keys)),
                state(*monoamine.time_course_view(times[times.index("1 day") + 1], more))),
        b.Drive("ppv_widget", "toggle alpha 0.01",
                lambda c: b.press_toggle(c, "0.01"),
                state(*monoamine_widgets.ppv_view(10, 80, 0.05, 0)),
                state(*monoamine_widgets.ppv_view(10, 80, 0.01, 0))),
        b.Drive("ppv_widget", "slider 'Power (%)', ArrowLeft x2",
                lambda c: b.slider_keys(c, "Power (%)", "ArrowLeft", 2),
                state(*monoamine_widgets.ppv_view(10, 80, 0.01, 0)),
                state(*monoamine_widgets.ppv_view(10, 70, 0.01, 0))),
        *question_drives("01"),
    ]


def drives_02() -> list[b.Drive]:
    return [
        b.Drive("pathway_widget", "tick-box rapamycin",
                lambda c: b.tick(c, pathway.INTERVENTIONS["rapamycin"][1]),
                state(*pathway_widgets.pathway_view("ketamine", (), False, False)),
                state(*pathway_widgets.pathway_view("ketamine", ("rapamycin",), False, False))),
        b.Drive("pathway_widget", "toggle drug 'No drug'",
                lambda c: b.press_toggle(c, "No drug"),
                state(*pathway_widgets.pathway_view("ketamine", ("rapamycin",), False, False)),
                state(*pathway_widgets.pathway_view("none", ("rapamycin",), False, False))),
        b.Drive("evidence_map_widget", "toggle 'Humans only'",
                lambda c: b.press_toggle(c, "Humans only"),
                state(*pathway_widgets.evidence_map_view("any")),
                state(*pathway_widgets.evidence_map_view("human"))),
        *question_drives("02"),
    ]


def drives_03() -> list[b.Drive]:
    ticked = ("iv", "intranasal_30mg", "oral_25mg")
    more = ("iv", "intranasal_30mg", "sublingual_25mg", "oral_25mg")
    labels = pk_widgets.observation_labels()
    return [
        b.Drive("routes_widget", "slider 'IV dose (mg/kg)', ArrowRight x2",
                lambda c: b.slider_keys(c, "IV dose (mg/kg)", "ArrowRight", 2),
                state(*pk_widgets.routes_view(ticked, 0.5, 70.0, 40.0, False)),
                state(*pk_widgets.routes_view(ticked, 0.7, 70.0, 40.0, False))),
        b.Drive("routes_widget", "tick-box 'Sublingual 25 mg'",
                lambda c: b.tick(c, pk_widgets.setting_labels()["sublingual_25mg"]),
                state(*pk_widgets.routes_view(ticked, 0.7, 70.0, 40.0, False)),
                state(*pk_widgets.routes_view(more, 0.7, 70.0, 40.0, False))),
        b.Drive("routes_widget", "slider 'Body weight, IV (kg)', ArrowRight x2",
                lambda c: b.slider_keys(c, "Body weight, IV (kg)", "ArrowRight", 2),
                state(*pk_widgets.routes_view(more, 0.7, 70.0, 40.0, False)),
                state(*pk_widgets.routes_view(more, 0.7, 80.0, 40.0, False))),
        b.Drive("routes_widget", "slider 'IV infusion time', ArrowLeft x8",
                lambda c: b.slider_keys(c, "IV infusion time (min; 0 = bolus)", "ArrowLeft", 8),
                state(*pk_widgets.routes_view(more, 0.7, 80.0, 40.0, False)),
                state(*pk_widgets.routes_view(more, 0.7, 80.0, 0.0, False))),
        b.Drive("routes_widget", "tick-box 'Log scale'",
                lambda c: b.tick(c, "Log scale"),
                state(*pk_widgets.routes_view(more, 0.7, 80.0, 0.0, False)),
                state(*pk_widgets.routes_view(more, 0.7, 80.0, 0.0, True))),
        b.Drive("observation_widget", f"dropdown study '{labels[2][0]}'",
                lambda c: b.choose(c, "Study", labels[2][0]),
                state(*pk_widgets.observation_view(0)),
                state(*pk_widgets.observation_view(2))),
        *question_drives("03"),
    ]


def drives_04() -> list[b.Drive]:
    category = sorted(set(biomarkers.load_studies()["category"]))[0]
    return [
        b.Drive("tryptophan_widget", "toggle 'Serotonin branch'",
                lambda c: b.press_toggle(c, "Serotonin branch"),
                state(*biomarker_widgets.tryptophan_view("none")),
                state(*biomarker_widgets.tryptophan_view("serotonin"))),
        b.Drive("studies_widget", f"dropdown 'Markers' {category}",
                lambda c: b.choose(c, "Markers", category),
                state(*biomarker_widgets.studies_view("all")),
                state(*biomarker_widgets.studies_view(category))),
        b.Drive("biomarker_search_widget", "slider 'Run (random seed)', ArrowRight x1",
                lambda c: b.slider_keys(c, "Run (random seed)", "ArrowRight"),
                state(*biomarker_widgets.biomarker_search_view(50, 40, 0.05, 0)),
                state(*biomarker_widgets.biomarker_search_view(50, 40, 0.05, 1))),
        *question_drives("04"),
    ]


def drives_05() -> list[b.Drive]:
    first, last = harms.year_span()
    country = harms.countries()[0]
    claim = harms.load_marketing_claims().iloc[0].claim_id
    verdict = harms.VERDICTS[0]
    return [
        b.Drive("prevalence_widget", f"toggle 'Country' {country}",
                lambda c: b.press_toggle(c, country),
                state(*harm_widgets.prevalence_view(harms.ALL, harms.ALL, (first, last))),
                state(*harm_widgets.prevalence_view(country, harms.ALL, (first, last)))),
        b.Drive("harms_widget", f"toggle 'Harm' {harms.OUTCOMES[0]}",
                lambda c: b.press_toggle(c, harms.OUTCOMES[0]),
                state(*harm_widgets.harms_view(harms.ALL, harms.ALL)),
                state(*harm_widgets.harms_view(harms.OUTCOMES[0], harms.ALL))),
        b.Drive("claim_widget", f"toggle '{verdict}' + 'Check my verdict'",
                lambda c: (b.press_toggle(c, verdict), b.click_button(c, "Check my verdict")),
                state(harm_widgets.claim_view(claim, None)[0]),
                state(*harm_widgets.claim_view(claim, verdict))),
        *question_drives("05"),
    ]


def drives_06() -> list[b.Drive]:
    text = ("Studies have documented that ketamine may possibly help, reportedly.12,13 "
            "It is clearly the best treatment.")
    seed = seeds.SEED_FILES[1]
    count = int((seeds.claims_table()["seed_file"] == seed).sum())

    def card(number: int) -> dict:
        return state(f"<p class='readout'>{count} sentences in this seed.</p>",
                     seed_widgets.claim_card_html(seed, number))

    return [
        b.Drive("highlighter_widget", "text box: type a new text",
                lambda c: b.type_into(c, "Text to read", text),
                state(*seed_widgets.highlighter_view(seed_widgets.SAMPLE)),
                state(*seed_widgets.highlighter_view(text))),
        b.Drive("claim_cards_widget", "number box 'Sentence number' 12 + Enter",
                lambda c: b.type_into(c, "Sentence number", "12", enter=True),
                card(52), card(12)),
        b.Drive("summary_widget", "toggle 'Seed 000'",
                lambda c: b.press_toggle(c, "Seed 000"),
                state(*seed_widgets.summary_figure_html(None)),
                state(*seed_widgets.summary_figure_html(seeds.SEED_FILES[0]))),
        *question_drives("06"),
    ]


DRIVES = {"00": drives_00, "01": drives_01, "02": drives_02, "03": drives_03, "04": drives_04,
          "05": drives_05, "06": drives_06}


# --- the checks --------------------------------------------------------------------------------


def run_lesson(page, lab, path: str, drives: list[b.Drive], *, name: str,
               timeout_ms: float = TIMEOUT_MS, ran: dict | None = None) -> dict:
    """Open, Run All, check errors and rendering, work every control; return the timings.

    ``ran``: the timings of a Run All already done in ``page`` (nothing changed since),
    which is then not opened and run again. Raises AssertionError on the first thing a
    learner would see go wrong.
    """
    notebook = ROOT / path
    cells = b.widget_cells(notebook)
    timings = dict(ran) if ran is not None else b.open_and_run(page, lab, path)
    started = time.perf_counter()
    missing = b.unrendered_widgets(page, cells)
    timings["widgets rendered after Run All"] = time.perf_counter() - started
    b.screenshot(page, f"{name}-after-run-all")
    errors = b.output_errors(page)
    assert not errors, f"{path}: cells show errors after Run All:\n" + "\n".join(errors)
    assert not missing, f"{path}: widgets not rendered: {', '.join(missing)}"
    timings |= open_held_outputs(page, path, name)
    interactive = {n for n in cells.values() if n != "question_widget"}
    undriven = interactive - {d.widget for d in drives}
    assert not undriven, f"{path}: no browser check drives {sorted(undriven)}: add a Drive"
    for drive in drives:
        index = next(i for i, n in cells.items() if n == drive.widget)
        cell = b.cell_of(page, index)
        cell.scroll_into_view_if_needed()
        assert drive.before != drive.after, f"{drive.widget}: the action would change nothing"
        assert b.shows(page, index, drive.before), (
            f"{path}: {drive.widget} does not show its expected state before '{drive.control}'")
        started = time.perf_counter()
        drive.action(cell)
        try:
            b.wait_until_shows(page, index, drive.after, timeout_ms)
        except Exception as error:  # Playwright's TimeoutError
            b.screenshot(page, f"{name}-FAILED-{drive.widget}", cell)
            raise AssertionError(
                f"{path}: after {drive.control}, {drive.widget} did not show the state that "
                f"value determines within {timeout_ms / 1000:g} s") from error
        timings[f"{drive.widget}: {drive.control}"] = time.perf_counter() - started
        b.screenshot(page, f"{name}-{drive.widget}-after", cell)
    errors = b.output_errors(page)
    assert not errors, f"{path}: cells show errors after the interactions:\n" + "\n".join(errors)
    return timings


HELD = re.compile(r'after_question\("(q\d\d-\d+)"')


def open_held_outputs(page, path: str, name: str) -> dict:
    """Check that what answers a question is hidden after Run All, and shows once it is tried.

    For each ``after_question("qNN-k", ...)`` cell: its output is not visible; pressing
    "Show the answer" in the question's widget shows it. Returns the timings.
    """
    cells = nbformat.read(ROOT / path, as_version=4).cells
    timings = {}
    for index, cell in enumerate(cells):
        for question_id in HELD.findall(cell.source) if cell.cell_type == "code" else ():
            held = b.cell_of(page, index).locator(".kc-held").first
            held.wait_for(state="attached")
            assert not held.is_visible(), (
                f"{path}: cell {index} shows what answers {question_id} before it is tried")
            asked = next(i for i, c in enumerate(cells)
                         if f'question_widget("{question_id}")' in c.source)
            question = b.cell_of(page, asked)
            question.scroll_into_view_if_needed()
            b.screenshot(page, f"{name}-{question_id}-held")
            started = time.perf_counter()
            b.click_button(question, "Show the answer")
            held.wait_for(state="visible", timeout=TIMEOUT_MS)
            timings[f"{question_id}: 'Show the answer' shows what it held"] = (
                time.perf_counter() - started)
            b.screenshot(page, f"{name}-{question_id}-shown")
    return timings


def report(name: str, timings: dict) -> None:
    """Print the timings (a benchmark, not an assertion); flag controls slower than 250 ms."""
    print(f"\n[browser timings] {name}")
    for what, seconds in timings.items():
        slow = "  (over the 250 ms target)" if ": " in what and seconds > 0.25 else ""
        print(f"  {what:<75} {seconds * 1000:8.0f} ms{slow}")


def test_every_lesson_has_browser_checks():
    assert LESSONS, "no lessons found"
    assert sorted(DRIVES) == sorted(name[:2] for name in LESSONS), (
        "each lesson needs a drives_NN() function in tests/test_browser.py")


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_works_in_the_browser(lesson, lesson_tab):
    drives = DRIVES[lesson[:2]]()
    stored = (COURSE / lesson).read_bytes()
    name = lesson.removesuffix(".ipynb")
    page, lab, ran = lesson_tab(f"course/{lesson}", take=True)  # its Run All may be shared
    timings = run_lesson(page, lab, f"course/{lesson}", drives, name=name, ran=ran)
    assert page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button").count() == 0, (
        "the lessons run in the learner's lab (make lab), without nbgrader's Validate button")
    cells = nbformat.read(COURSE / lesson, as_version=4).cells
    index = next(i for i, cell in enumerate(cells)
                 if "worked-answer" in cell.metadata.get("tags", []))
    started = time.perf_counter()
    shown = b.reveal_worked_answer(b.cell_of(page, index))
    timings["worked answer: click 'Show a worked answer'"] = time.perf_counter() - started
    body = cells[index].source.split("</summary>")[1].split("</details>")[0]
    first_words = " ".join(re.sub(r"^\s*(\d+\.|-)\s+|[*`\\]", "", body.strip()).split()[:6])
    assert first_words in shown, f"{lesson}: the worked answer shows {shown[:80]!r}"
    b.screenshot(page, f"{name}-worked-answer-open", b.cell_of(page, index))
    report(lesson, timings)
    assert (COURSE / lesson).read_bytes() == stored, "the browser test changed the lesson file"


# --- the checks can fail: a lesson with a broken widget ----------------------------------------


BROKEN = [
    "from ketamine_course.lessons import l01_monoamine_widgets as widgets\nimport ipywidgets as w",
    "widgets.ppv_widget()",
    # A widget whose control no longer redraws its output (the callback raises).
    "level = w.IntSlider(value=1, min=0, max=5, description='Level', continuous_update=False)\n"
    "shown = w.HTML('<p>level 1</p>')\n"
    "level.observe(lambda change: 1 / 0, names='value')\n"
    "w.VBox([level, shown])  # demo.level_widget(",
]


def broken_lesson(folder, cells: list[str]) -> str:
    """Write a tiny lesson of ``cells`` into an ignored folder under the lab's root."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "99_broken.ipynb"
    nbformat.write(nb, path)
    return str(path.relative_to(ROOT))


@pytest.fixture
def scratch():
    folder = b.ARTEFACTS / "scratch"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_widget_that_stops_redrawing_fails_the_check(lab_page, scratch):
    page, lab = lab_page
    path = broken_lesson(scratch, BROKEN)
    drive = b.Drive("level_widget", "slider 'Level', ArrowRight",
                    lambda c: b.slider_keys(c, "Level", "ArrowRight"),
                    state("<p>level 1</p>"), state("<p>level 2</p>"))
    ppv = drives_01()[2]
    with pytest.raises(AssertionError, match="did not show the state"):
        run_lesson(page, lab, path, [ppv, drive], name="selfcheck-broken", timeout_ms=3000)


def test_an_error_in_a_widget_cell_fails_the_check(lab_page, scratch):
    page, lab = lab_page
    path = broken_lesson(scratch, [BROKEN[0], "l01_monoamine_widgets.ppv_widget(prior=5)"])
    with pytest.raises(AssertionError, match="cells show errors"):
        run_lesson(page, lab, path, [drives_01()[2]], name="selfcheck-error")


# --- an assignment: Validate fails on the student version, passes once answered ---------------


ASSIGNMENT = "a4_rat_to_patient"  # A1-A3 cannot pass Validate: see the report


def solutions(source: nbformat.NotebookNode) -> dict[str, str]:
    """Return {grade_id: instructor solution} for every solution cell (code or written)."""
    found = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            found[meta["grade_id"]] = "\n".join(
                line for line in cell.source.splitlines()
                if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    return found


def validate(page) -> str:
    """Press the nbgrader Validate button; return the result dialog's text, then close it."""
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button").click()
    dialog = page.locator(".jp-Dialog", has=page.locator("#validation-message"))
    dialog.wait_for(timeout=180_000)
    text = b.squash(dialog.locator("#validation-message").text_content())
    dialog.locator("button.jp-mod-accept").click()
    dialog.wait_for(state="detached")
    return text


def test_validate_fails_then_passes_on_an_assignment(instructor_lab_page, scratch):
    page, lab = instructor_lab_page
    release = ROOT / "assignments" / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    source = nbformat.read(ROOT / "assignments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                           as_version=4)
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / release.name  # Validate saves the notebook: never touch the release copy
    shutil.copy(release, copy)
    started = time.perf_counter()
    page.goto(lab.url(str(copy.relative_to(ROOT))))
    page.wait_for_selector(".jp-NotebookPanel .validate-button", timeout=90_000)
    timings = {"page ready": time.perf_counter() - started}

    started = time.perf_counter()
    text = validate(page)
    timings["Validate (student version)"] = time.perf_counter() - started
    assert "failed" in text.lower() and "Success!" not in text, text
    b.screenshot(page, f"{ASSIGNMENT}-validate-failed")

    student = nbformat.read(release, as_version=4)
    answers = solutions(source)
    for index, cell in enumerate(student.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            target = b.cell_of(page, index)
            if cell.cell_type == "markdown":  # a written answer: open its editor first
                target.locator(".jp-MarkdownOutput").dblclick()
            target.locator(".cm-content").click()
            page.keyboard.press("Control+A")
            page.keyboard.insert_text(answers[grade_id])
            if cell.cell_type == "markdown":
                page.keyboard.press("Control+Enter")
    started = time.perf_counter()
    text = validate(page)
    timings["Validate (answered)"] = time.perf_counter() - started
    assert "Success! Your notebook passes all the tests." in text, text
    b.screenshot(page, f"{ASSIGNMENT}-validate-passed")
    report(ASSIGNMENT, timings)
