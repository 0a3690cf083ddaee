"""`make book`: the lessons as a static HTML site, built offline, one page per lesson."""

import base64
import html
import re
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import COURSE, ROOT
from ketamine_course.core import plots
from ketamine_course.core.quiz import TRIES, question_bank
from ketamine_course.core.wiring import HELD_NOTE, feedback_html

sys.path.insert(0, str(ROOT / "tools"))
import book  # noqa: E402
import book_questions  # noqa: E402

LESSONS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
FIGURE = re.compile(r'<img [^>]*src="data:image/svg\+xml;base64,[^"]+"[^>]*alt="([^"]+)"')


def _id(path):
    return path.name


def _title(path):
    return nbformat.read(path, as_version=4).cells[0].source.splitlines()[0].lstrip("# ").strip()


def test_book_builds_offline(built_book):
    if not built_book["network_namespace"]:
        pytest.skip("no `unshare -rn` here: the build ran with dead proxies only")
    assert (built_book["html"] / "index.html").is_file()


def test_build_names_one_output_folder_and_prints_no_kernel_warnings(built_book):
    log = built_book["log"]
    assert "Kernel is running over TCP" not in log and "IPKernelApp" not in log, log
    assert re.findall(r"\S*_build\S*html\S*", log) == [str(book.OUT / "html" / "index.html")], log


def test_book_has_one_page_per_lesson_and_no_other_content_pages(built_book):
    pages = {p.stem for p in built_book["html"].glob("*.html")}
    assert pages - {"index", "genindex", "search"} == {p.stem for p in LESSONS}
    index = (built_book["html"] / "index.html").read_text()
    assert LESSONS[0].stem + ".html" in index, "the book opens on the start notebook"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_lesson_page_has_its_title_and_every_figure(path, built_book, executed_lessons):
    page = (built_book["html"] / f"{path.stem}.html").read_text()
    assert re.search(r"<h1>" + re.escape(_title(path)), page), "the lesson's title is the page's"
    expected = book.staticise(executed_lessons[path])
    images = [img for cell in expected.cells for output in cell.get("outputs", [])
              for img in FIGURE.findall(output.get("data", {}).get("text/html", ""))]
    assert images, f"{path.name} shows no figure when executed"
    found = FIGURE.findall(page)
    assert len(found) == len(images), f"{len(images)} figures executed, {len(found)} on the page"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_widgets_degrade_to_static_html(path, built_book):
    page = (built_book["html"] / f"{path.stem}.html").read_text()
    assert "widget-view+json" not in page and "VBox(children" not in page
    source = path.read_text()
    if re.search(r"\b\w+\.(?!question_)\w+_widget\(", source):
        assert "this page shows the starting settings" in page


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_lesson_page_loads_nothing_from_the_network(path, built_book):
    page = (built_book["html"] / f"{path.stem}.html").read_text()
    loaded = re.findall(r'<(?:script|img)[^>]* src="([^"]+)"|<link[^>]* href="([^"]+)"', page)
    remote = [url for pair in loaded for url in pair if url.startswith(("http:", "https:", "//"))]
    assert remote == []


def test_book_build_stays_quick(built_book):
    # Measured on 2 shared cores (load average 3 to 4.5): 224 s from a cold cache (7 lessons
    # executed, 809 widget frames computed alongside), 27 s with it.
    assert built_book["seconds"] < 240, f"the book took {built_book['seconds']:.0f} s"


def test_static_widget_html_shows_figure_and_settings_without_buttons():
    models = {
        "box": {"model_name": "VBoxModel",
                "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_b", "IPY_MODEL_h"]}},
        "s": {"model_name": "FloatSliderModel", "state": {"description": "Dose (mg/kg)",
                                                           "value": 0.5}},
        "b": {"model_name": "ButtonModel", "state": {"description": "Check my answer"}},
        "h": {"model_name": "HTMLModel", "state": {"value": "<figure>fig</figure>"}},
        "q": {"model_name": "RadioButtonsModel",
              "state": {"description": "Your answer:", "index": None,
                        "_options_labels": ["Yes", "No"]}},
    }
    rendered = book.static_widget_html(models, "box")
    assert "Dose (mg/kg): 0.5" in rendered and "<figure>fig</figure>" in rendered
    assert "Check my answer" not in rendered
    question = book.static_widget_html(models, "q")
    assert "<li>Yes</li><li>No</li>" in question


def _visible_text(fragment: str) -> str:
    """The text of an HTML fragment without its ``hidden`` elements (no nesting inside them)."""
    shown = re.sub(r"<(\w+)[^>]*\bhidden\b[^>]*>.*?</\1>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", shown))


@pytest.mark.parametrize("question", sorted(question_bank().values(), key=lambda q: q.question_id),
                         ids=lambda q: q.question_id)
def test_question_form_hides_the_answer_until_an_attempt(question):
    form = book_questions.question_html(question.question_id)
    visible = " ".join(_visible_text(form).split())
    assert question.prompt in html.unescape(form) and "Check my answer" in visible
    assert "The answer is" not in visible and question.explanation not in visible
    assert question.hint not in visible
    states = re.findall(r'<div class="kc-state" data-state="(\w+)" hidden>', form)
    expected = {"empty", "hint", "wrong", "right", "shown"} | (
        {"invalid"} if question.kind == "number" else set())
    assert set(states) == expected and len(states) == len(expected)
    assert re.search(r'<div class="kc-feedback" aria-live="polite"></div>', form)


@pytest.mark.parametrize("question", sorted(question_bank().values(), key=lambda q: q.question_id),
                         ids=lambda q: q.question_id)
def test_question_states_are_the_feedback_jupyterlab_gives(question):
    """Whatever the learner answers, the state the page shows is what JupyterLab says."""
    states = book_questions.feedback_states(question)
    responses = list(question.options) or [question.answer, "0", "-1e3", question.answer + " %"]
    for response in responses:
        right = question.is_right(response)
        for wrong_so_far in range(TRIES + 1):
            name = "right" if right else ("hint" if wrong_so_far + 1 < TRIES else "wrong")
            assert states[name] == feedback_html(question.respond(response, wrong_so_far))
    assert states["shown"] == feedback_html(question.reveal())
    assert "The answer is" not in states["hint"] and "The answer is" in states["wrong"]


def test_a_number_questions_invalid_state_quotes_what_was_typed():
    question = next(q for q in question_bank().values() if q.kind == "number")
    invalid = book_questions.feedback_states(question)["invalid"]
    typed = feedback_html(question.respond("abc"))
    assert invalid.replace('<span class="kc-typed"></span>', "abc") == typed


def test_asked_question_reads_only_a_cell_that_just_asks_a_question():
    assert book_questions.asked_question('question_widget("q03-1")') == "q03-1"
    assert book_questions.asked_question("question_widget('q03-1')\n") == "q03-1"
    assert book_questions.asked_question('x = question_widget("q03-1")') is None
    assert book_questions.asked_question("widgets.routes_widget()") is None


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_every_question_of_a_lesson_works_on_its_page(path, built_book):
    page = (built_book["html"] / f"{path.stem}.html").read_text()
    asked = re.findall(r'question_widget\(\\?"(q\d\d-\d+)\\?"\)', path.read_text())
    forms = re.findall(r'<form class="kc-question" id="kc-(q\d\d-\d+)"', page)
    assert forms == asked and asked, f"{path.name}: questions {asked}, forms {forms}"
    assert '<script src="_static/questions.js' in page
    assert "static-options" not in page, "no question is left as a plain list"


def _code_cell(source, tags=()):
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)})


def test_reader_tag_hides_only_code_the_reader_does_not_need():
    assert book.reader_tag(_code_cell('question_widget("q03-1")')) == "remove-input"
    assert book.reader_tag(_code_cell("widgets.routes_widget()")) == "remove-input"
    assert book.reader_tag(_code_cell("import pandas\nfrom x import y\n\nsupport.show_help()")) \
        == "hide-input"
    assert book.reader_tag(_code_cell('plots.show(fig, alt_text="...")')) == "hide-input"
    assert book.reader_tag(_code_cell("pk.comparison_table()")) is None
    assert book.reader_tag(_code_cell("x = widgets.routes_widget()")) is None
    assert book.reader_tag(_code_cell("import pandas", tags=["exercise"])) is None
    assert book.reader_tag(_code_cell("this is not python(")) is None
    assert book.reader_tag(nbformat.v4.new_markdown_cell("widgets.routes_widget()")) is None


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_page_hides_widget_code_and_keeps_exercises_and_collapsed_answers(path, built_book):
    page = (built_book["html"] / f"{path.stem}.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert 'question_widget("' not in text, "a question's code is on the page"
    assert not re.search(r"\w+\.\w+_widget\(\)", text), "a widget's code is on the page"
    nb = nbformat.read(path, as_version=4)
    exercises = [c for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    for cell in exercises:
        first_line = cell.source.splitlines()[0]
        assert first_line in text, f"exercise code missing from the page: {first_line}"
    folded = sum(tag in ("worked-answer", "solution") for c in nb.cells
                 for tag in c.metadata.get("tags", []))
    assert folded and page.count("<details>") == folded, "each worked answer folds once"
    assert not re.search(r"<details[^>]*\bopen\b", page), "worked answers start folded"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_page_links_to_binder_and_the_notebook(path, built_book):
    page = (built_book["html"] / f"{path.stem}.html").read_text()
    readme = (ROOT / "README.md").read_text()
    badge = re.search(r"\((https://mybinder\.org/v2/gh/[^)\s]+)\)", readme)
    binder = badge.group(1).replace("00_start_here.ipynb", path.name)
    assert f'href="{binder}"' in page and "Launch on Binder" in page
    assert f'href="_sources/{path.name}"' in page
    download = built_book["html"] / "_sources" / path.name
    assert download.read_bytes() == path.read_bytes(), "the download is the lesson as stored"


# --- in a real browser: one lesson page, as a learner on a laptop and on a phone ---------------

LESSON = COURSE / "04_metabolism_inflammation.ipynb"  # a choice and a number question, help box
WIDTHS = (1366, 390)
#: What a learner might type into a number box, judged by the page and by quiz.is_right.
TYPED = ["64", "64.0", "64 %", " 64% ", "61", "67", "67.0000001", "60.9", "6,4", "1,064", "+64",
         "6.4e1", "64.", ".64e2", "6_4", "64%%", "64 % %", "sixty", "", "  ", "%", ",", "--64",
         "inf", "nan", "0x40", "64e", "1e400", "−64", "64 percent"]


@pytest.fixture(scope="module")
def chromium(built_book):
    """Start headless Debian Chromium for the book's pages; close it after this module."""
    import browser

    yield from browser.headless_chromium()


def _open(chromium, built_book, width: int, scheme: str = "light"):
    page = chromium.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.set_default_timeout(10_000)
    page.goto((built_book["html"] / f"{LESSON.stem}.html").as_uri())
    page.wait_for_load_state("load")
    return page


def built_book_html(page) -> Path:
    """Return the folder of the book page open in ``page``."""
    return Path(page.url.removeprefix("file://")).parent


def _smallest_figure_text_px(page) -> dict[str, float]:
    """Each course figure's smallest text as rendered, in CSS px (font size x drawn scale)."""
    found = {}
    for image in page.locator("figure.course-figure img").all():
        src = image.get_attribute("src")
        svg = (base64.b64decode(src.split(",", 1)[1]).decode() if src.startswith("data:")
               else (built_book_html(page) / src).read_text())
        view_width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg)[1])
        smallest = min(float(size) for size in re.findall(r"font-size[:=]\s*\"?([\d.]+)", svg))
        shown = image.evaluate("img => img.getBoundingClientRect().width")
        found[image.get_attribute("alt")[:40]] = smallest * shown / view_width
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_a_learner_answers_reveals_and_reads_the_page(width, chromium, built_book):
    question = question_bank()["q04-2"]
    page = _open(chromium, built_book, width)
    try:
        assert question.explanation not in page.locator("body").inner_text()
        number = page.locator("#kc-q04-2")
        box = number.get_by_label("Your answer:")
        box.fill("50")
        number.get_by_role("button", name="Check my answer").click()
        feedback = number.locator(".kc-feedback")
        assert feedback.inner_text().startswith("✘ Not yet. Hint:")
        assert question.explanation not in page.locator("body").inner_text()
        box.fill("40 %")
        box.press("Enter")  # the keyboard checks too
        assert "The answer is “64%”" in feedback.inner_text()
        assert question.explanation in feedback.inner_text()
        assert feedback.get_attribute("aria-live") == "polite"

        choice = page.locator("#kc-q04-1")
        choice.get_by_label(question_bank()["q04-1"].answer).check()
        choice.get_by_role("button", name="Check my answer").click()
        assert choice.locator(".kc-feedback").inner_text().startswith("✔ Correct.")

        by_keyboard = page.locator("#kc-q04-3")  # arrow keys pick, Tab and Enter check
        by_keyboard.locator("input[type=radio]").first.focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        third = question_bank()["q04-3"]
        mark = "✔ Correct." if third.options[1] == third.answer else "✘ Not yet. Hint:"
        assert by_keyboard.locator(".kc-feedback").inner_text().startswith(mark)

        worked = page.locator("details:not(.hide)").first
        assert not worked.evaluate("d => d.open")
        worked.locator("summary").click()
        assert worked.evaluate("d => d.open") and worked.inner_text().count("\n") > 2

        sizes = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert sizes[0] <= sizes[1], f"the page scrolls sideways: {sizes}"
        small = {alt: px for alt, px in _smallest_figure_text_px(page).items()
                 if px < plots.MIN_TEXT_PX - 0.05}
        assert small == {}, f"figure text under {plots.MIN_TEXT_PX} px at {width} px: {small}"
        number_box = page.get_by_text("1-800-662-4357", exact=True)
        assert number_box.evaluate("n => n.getClientRects().length") == 1, "the number wraps"

        binder = page.locator("a[href*='mybinder.org']")
        assert binder.get_attribute("href").endswith(f"workspace/{LESSON.name}")
        page.get_by_role("button", name="Download this page").click()
        download = page.locator(f"a[href='_sources/{LESSON.name}']")
        download.wait_for(state="visible")
        if width == WIDTHS[0]:
            browser_shot = ROOT / "artefacts" / "book" / f"test-{LESSON.stem}-{width}.png"
            page.locator("#kc-q04-2").screenshot(path=browser_shot)
    finally:
        page.close()


#: axe-core's contrast rule is most of its time (13 of 19 s a run, measured on a busy machine).
#: Only colours change with the colour scheme, and the page's colours not with its width: every
#: rule runs at 1366 px in light mode, every rule but contrast at 390 px, and contrast alone in
#: dark mode at both widths.
AXE_RUNS = [(1366, "light", {}), (1366, "dark", {"runOnly": ["color-contrast"]}),
            (390, "light", {"rules": {"color-contrast": {"enabled": False}}}),
            (390, "dark", {"runOnly": ["color-contrast"]})]


@pytest.mark.parametrize(("width", "scheme", "rules"), AXE_RUNS,
                         ids=[f"{width}-{scheme}" for width, scheme, _ in AXE_RUNS])
def test_axe_finds_no_serious_problem_in_the_lessons_content(width, scheme, rules, chromium,
                                                             built_book):
    from axe_playwright_python.sync_playwright import Axe

    page = _open(chromium, built_book, width, scheme)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        page.locator("#kc-q04-2").get_by_role("button", name="Show the answer").click()
        results = Axe().run(page, context={"include": [["article"]]},
                            options={"resultTypes": ["violations"], **rules})
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], serious
    finally:
        page.close()


#: Lesson 02 holds back two tables until q02-2 is tried and the evidence map until q02-3 is.
HELD_LESSON = COURSE / "02_nmda_mtorc1.ipynb"


def test_an_output_held_back_for_a_question_shows_after_the_first_try(chromium, built_book):
    page = chromium.new_page(viewport={"width": WIDTHS[0], "height": 900})
    page.set_default_timeout(10_000)
    try:
        page.goto((built_book["html"] / f"{HELD_LESSON.stem}.html").as_uri())
        held = {qid: page.locator(f'.kc-held-block[data-held-for="{qid}"]')
                for qid in ("q02-2", "q02-3")}
        for block in held.values():
            assert block.locator(".kc-held-note").inner_text() == HELD_NOTE
            assert block.locator(".kc-held").is_hidden()
        assert held["q02-3"].locator(".widgets-static").count() == 1  # the evidence map

        table = page.locator("#kc-q02-2")  # a first judged answer releases it, wrong or right
        wrong = next(o for o in question_bank()["q02-2"].options
                     if o != question_bank()["q02-2"].answer)
        table.get_by_label(wrong).check()
        table.get_by_role("button", name="Check my answer").click()
        assert held["q02-2"].locator(".kc-held").is_visible()
        assert held["q02-2"].locator(".kc-held-note").is_hidden()
        assert held["q02-2"].locator("table").count() == 2
        assert held["q02-3"].locator(".kc-held").is_hidden(), "only its own question releases it"

        page.locator("#kc-q02-3").get_by_role("button", name="Show the answer").click()
        assert held["q02-3"].locator(".kc-held").is_visible()
        assert held["q02-3"].locator(".widgets-static input").first.is_enabled()
        if (ROOT / "artefacts").is_dir():
            held["q02-3"].screenshot(path=ROOT / "artefacts" / "book" / "held-q02-3-shown.png")
    finally:
        page.close()


def test_held_for_reads_only_an_after_question_cell():
    assert book.held_for('after_question("q02-3", widgets.evidence_map_widget())') == "q02-3"
    assert book.held_for("after_question('q02-2', a(), b())") == "q02-2"
    assert book.held_for("widgets.evidence_map_widget()") is None
    assert book.held_for('x = after_question("q02-3", y)\nx') is None


def test_the_page_judges_typed_numbers_as_the_course_does(chromium, built_book):
    question = question_bank()["q04-2"]
    page = _open(chromium, built_book, WIDTHS[0])
    try:
        judged = page.evaluate(
            "typed => typed.map(t => kcQuestions.judge(document.getElementById('kc-q04-2'), t))",
            TYPED)
    finally:
        page.close()
    for text, verdict in zip(TYPED, judged, strict=True):
        try:
            right = question.is_right(text)
        except ValueError:
            right = "invalid"
        expected = {True: "right", False: "wrong", None: "empty"}.get(right, right)
        assert verdict == expected, f"{text!r}: the page says {verdict}, the course {expected}"


def test_figures_are_kept_as_wide_as_the_course_draws_them_legible_for():
    css = (ROOT / "tools" / "book_assets" / "book.css").read_text()
    width = re.search(r"--kc-figure-width: (\d+)px;", css)
    assert width and float(width[1]) == plots.SHOWN_WIDTH_PX["book"]
