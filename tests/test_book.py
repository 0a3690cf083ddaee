"""`make book`: the lessons as a static HTML site, built offline, one page per lesson."""

import re
import sys

import nbformat
import pytest
from helpers import COURSE, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import book  # noqa: E402

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
    # Measured on 2 shared cores: about 11 s from a cold cache (4 lessons), 4 s with it.
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


def test_static_widget_html_lists_a_questions_toggle_options():
    models = {
        "opts": {"model_name": "VBoxModel",
                 "state": {"children": ["IPY_MODEL_style", "IPY_MODEL_a", "IPY_MODEL_b"]}},
        "style": {"model_name": "HTMLModel", "state": {"value": "<style>.kc-option{}</style>"}},
        "a": {"model_name": "ToggleButtonModel", "state": {"description": "5 more",
                                                          "value": False}},
        "b": {"model_name": "ToggleButtonModel", "state": {"description": "10 more",
                                                          "value": False}},
    }
    assert book.static_widget_html(models, "opts") == (
        "<ul class='static-options'><li>5 more</li><li>10 more</li></ul>")
