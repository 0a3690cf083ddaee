"""The lesson widgets in the static book: frames built with no kernel, driven in Chromium.

The frame builder (tools/book_widgets.py) is tested on small widgets without a browser. In the
built book (the ``built_book`` fixture, built once), every lesson widget has one control moved
in Debian's Chromium at 1366 and 390 px, and must then show what the package's view function
gives for that setting; screenshots go to artefacts/book-widgets/.
"""

import base64
import json
import re
import sys
import time
from pathlib import Path

import ipywidgets as w
import nbformat
import pytest
from helpers import COURSE, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import book_widgets  # noqa: E402

LESSONS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
ARTEFACTS = ROOT / "artefacts" / "book-widgets"
#: The budget for a lesson page as loaded: the page with its frames, and every local script
#: and style sheet it loads (figures beyond the first load one per move).
PAGE_BUDGET_BYTES = 3_000_000
#: Of which the page itself, with its frames (the theme's shared scripts and styles, 2.4 MB
#: measured, are the rest).
OWN_BUDGET_BYTES = 1_000_000
WIDTHS = (1366, 390)


# --- the frame builder, on small widgets -------------------------------------------------------


def _toy(view=None):
    """A slider and a choice wired to a view, as the lessons wire theirs."""
    from ketamine_course.core.wiring import stack

    size = w.IntSlider(value=2, min=0, max=4, description="Size")
    kind = w.ToggleButtons(options=[("Apple", "a"), ("Pear", "p")], value="a",
                           description="Kind")
    view = view or (lambda s, k: (f"<p class='readout'>{s} of {k}</p>", "<p>fixed</p>"))
    return stack([size, kind], lambda: view(size.value, kind.value))


def test_frames_hold_what_the_widget_shows_for_each_combination_once(tmp_path):
    frames = book_widgets.compute_frames("toy", _toy, tmp_path)
    assert len(frames.frames) == 5 * 2 and frames.start_key == "2.0"
    readout, figure = (frames.fragments[i] for i in frames.frames["3.1"]["o"])
    assert readout == "<p class='readout'>3 of p</p>" and figure == "<p>fixed</p>"
    assert len(frames.fragments) == 10 + 1, "the unchanging output is stored once"
    assert frames.resets == {}


def test_a_control_the_widget_puts_back_is_reset_and_refused_combinations_have_no_frame(
        tmp_path):
    def make():
        country = w.ToggleButtons(options=["x", "y"], value="x", description="Country")
        group = w.ToggleButtons(options=["all", "g1", "g2"], value="all", description="Group")

        def new_country(change):
            group.options = ["all", "g1"] if change["new"] == "x" else ["all", "g2"]
            group.value = "all"

        country.observe(new_country, names="value")
        out = w.HTML()

        def update(_=None):
            out.value = f"{country.value}/{group.value}"

        for control in (country, group):
            control.observe(update, names="value")
        update()
        return w.VBox([country, group, out])

    frames = book_widgets.compute_frames("toy-dependent", make, tmp_path)
    assert sorted(frames.frames) == ["0.0", "0.1", "0.2", "1.0", "1.2"]
    assert frames.resets == {0: [1]}, "changing the country puts the group back"
    shown = {key: frames.fragments[frame["o"][0]] for key, frame in frames.frames.items()}
    assert shown["1.2"] == "y/g2"


def test_a_big_range_needs_stops_and_stops_must_be_values_the_control_has(monkeypatch,
                                                                           tmp_path):
    def make():
        slider = w.IntSlider(value=10, min=0, max=100, description="Wide")
        out = w.HTML()
        slider.observe(lambda _: setattr(out, "value", str(slider.value)), names="value")
        return w.VBox([slider, out])

    with pytest.raises(ValueError, match="STOPS"):
        book_widgets.compute_frames("toy-wide", make, tmp_path)
    monkeypatch.setitem(book_widgets.STOPS, "toy-wide", {"Wide": (0, 101)})
    with pytest.raises(ValueError, match="does not offer"):
        book_widgets.compute_frames("toy-wide", make, tmp_path)
    monkeypatch.setitem(book_widgets.STOPS, "toy-wide", {"Wide": (0, 50, 100)})
    frames = book_widgets.compute_frames("toy-wide", make, tmp_path)
    assert frames.controls[0].labels == ("0", "10", "50", "100"), "the start is always offered"
    note = book_widgets.offer_note("toy-wide", frames.controls)
    assert "“Wide” at 0, 10, 50 or 100 (JupyterLab offers 101 settings)" in note


def test_figures_become_files_named_by_their_content_and_the_page_points_to_them(tmp_path):
    def view(size, kind):
        svg = f"<svg xmlns='http://www.w3.org/2000/svg'><text>{kind}</text></svg>".encode()
        src = base64.b64encode(svg).decode()
        return f"<p>{size}</p>", f'<img src="data:image/svg+xml;base64,{src}" alt="A {kind}">'

    frames = book_widgets.compute_frames("toy-figures", lambda: _toy(view), tmp_path)
    files = sorted(book_widgets.figures_dir(tmp_path).glob("*.svg"))
    assert len(files) == 2, "one file per distinct figure"
    figure = frames.fragments[frames.frames["0.1"]["o"][1]]
    assert re.fullmatch(r'<img src="_static/widgets-figures/\w+\.svg" alt="A p">', figure)
    assert any(figure.endswith(f'{path.name}" alt="A p">') for path in files)
    page = book_widgets.page_html("toy-figures", frames)
    assert "data:image/svg+xml;base64," in page, "the starting figure stays in the page"


def test_each_frames_figure_is_drawn_once_as_the_lesson_would_draw_it(monkeypatch, tmp_path):
    from ketamine_course.core import plots
    from matplotlib.figure import Figure

    def view(size, kind):
        fig, ax = plots.new_figure(f"Toy {kind}", "Size (units)", "Count (n)", reuse="toy")
        ax.bar(range(size + 1), range(size + 1))
        return f"<p>{size}</p>", plots.figure_html(fig, f"A toy bar chart of {size} {kind}s.")

    drawn = []
    real_savefig = Figure.savefig

    def counted(fig, *args, **kwargs):
        drawn.append(fig)
        return real_savefig(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counted)
    frames = book_widgets.compute_frames("toy-lazy", lambda: _toy(view), tmp_path)
    assert len(frames.frames) == 10 and len(drawn) == 10, "one drawing per frame's figure"
    assert Figure.savefig is counted, "savefig is put back after computing"
    drawn.clear()
    with book_widgets._LazyFigures() as lazy:  # two redraws on the way to one frame
        view(1, "a")
        shown = lazy.resolve(view(3, "p")[1])
    assert len(drawn) == 1 and shown == view(3, "p")[1]
    for key in ("0.0", "4.1", "2.1"):
        size, kind = int(key[0]), "ap"[int(key[2])]
        file = re.search(r"widgets-figures/(\w+\.svg)",
                         frames.fragments[frames.frames[key]["o"][1]])[1]
        svg = base64.b64decode(re.search(r"base64,([^\"]+)", view(size, kind)[1])[1])
        assert (book_widgets.figures_dir(tmp_path) / file).read_bytes() == svg, key


def test_combinations_go_in_short_steps_from_the_start():
    combos = [(a, b, c) for a in range(3) for b in range(2) for c in range(2)]
    ordered = book_widgets._in_short_steps(combos, (1, 0, 1))
    assert ordered[0] == (1, 0, 1) and sorted(ordered) == combos
    steps = [sum(x != y for x, y in zip(p, q, strict=True))
             for p, q in zip(ordered, ordered[1:], strict=False)]
    assert max(steps) == 1, steps


def test_a_button_frame_shows_what_pressing_gives_and_the_page_has_plain_controls(tmp_path):
    def make():
        choice = w.ToggleButtons(options=["yes", "no"], value=None, description="Verdict")
        button = w.Button(description="Check")
        card = w.HTML("pick one")
        button.on_click(lambda _: setattr(card, "value", f"you said {choice.value}"))
        return w.VBox([choice, card, button])

    frames = book_widgets.compute_frames("toy-button", make, tmp_path)
    shown = {key: frames.fragments[frame["o"][0]] for key, frame in frames.frames.items()}
    assert shown == {"0.0": "pick one", "1.0": "pick one", "2.0": "pick one",
                     "0.1": "you said None", "1.1": "you said yes", "2.1": "you said no"}
    page = book_widgets.page_html("toy-button", frames)
    frames.save(tmp_path / "cached.json")
    assert book_widgets.page_html("toy-button",
                                  book_widgets.Frames.load(tmp_path / "cached.json")) == page
    assert "<legend>Verdict</legend>" in page and ">Check</button>" in page
    assert page.count('type="radio"') == 2, "no radio for 'nothing chosen yet'"
    assert "<script src" not in page and "http" not in page


# --- the built book --------------------------------------------------------------------------


def _widgets_called(path: Path) -> list[str]:
    """Return the lesson widgets a notebook shows, in order."""
    cells = nbformat.read(path, as_version=4).cells
    return [name for cell in cells if cell.cell_type == "code"
            for name in book_widgets.WIDGET_CALL.findall(cell.source)]


def _page(built_book, stem: str) -> str:
    return (built_book["html"] / f"{stem}.html").read_text()


def _loaded(page: str) -> list[str]:
    """Return the local scripts and style sheets a page loads (not the pages it links to)."""
    links = [tag for tag in re.findall(r"<link [^>]*>", page)
             if re.search(r'rel="(stylesheet|preload)"', tag)]
    return [*re.findall(r'<script[^>]* src="([^"]+)"', page),
            *(re.search(r'href="([^"]+)"', tag).group(1) for tag in links)]


def _widget_data(page: str, name: str) -> dict:
    block = re.search(rf'data-widget="{name}".*?<script type="application/json" '
                      r'class="widgets-data">(.*?)</script>', page, re.DOTALL)
    assert block, f"{name} is not interactive on its page"
    return json.loads(block.group(1).replace("<\\/", "</"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_widget_is_interactive_and_the_page_meets_its_budget(path, built_book):
    page = _page(built_book, path.stem)
    called = _widgets_called(path)
    assert called, f"{path.name} shows no lesson widget"
    assert re.findall(r'data-widget="(\w+)"', page) == called
    files = {built_book["html"] / url.split("?")[0] for url in _loaded(page)}
    assert built_book["html"] / "_static" / "widgets.js" in files
    weight = len(page.encode()) + sum(f.stat().st_size for f in files)
    assert weight < PAGE_BUDGET_BYTES, f"{path.name} loads {weight:,} bytes"
    assert len(page.encode()) < OWN_BUDGET_BYTES, "the page with its frames is too heavy"
    figures = set(re.findall(r"_static/widgets-figures/(\w+\.svg)", page))
    missing = [f for f in figures
               if not (built_book["html"] / "_static" / "widgets-figures" / f).is_file()]
    assert figures and missing == []


def test_lesson_03_routes_offer_no_time_to_reach_and_non_iv_routes_only_at_published_doses(
        built_book):
    from ketamine_course.lessons import l03_dosing_routes_widgets as pk_widgets

    page = _page(built_book, "03_dosing_routes_onset")
    data = _widget_data(page, "routes_widget")
    text = " ".join([page, *data["fragments"]]).lower()
    assert "time to reach" not in text and "time to effect" not in text
    box_labels = re.findall(r'widgets-checkbox" data-index="\d+" data-control="\d+"><label>'
                            r'<input type="checkbox"[^>]*> ([^<]+)</label>',
                            page.split('data-widget="routes_widget"')[1].split("</script>")[0])
    routes = list(pk_widgets.setting_labels().values())
    assert box_labels == [*routes, "Log scale"]
    sliders = re.findall(r'widgets-range"[^>]*><label for="[^"]+">([^<]+)</label>',
                         page.split('data-widget="routes_widget"')[1].split("</script>")[0])
    assert sliders and all(re.search(r"\bIV\b", label) for label in sliders), sliders
    published = {(route, float(dose)) for route, dose, _ in
                 pk_widgets.published_settings().values()}
    route_keys = {label: key for key, label in pk_widgets.ROUTE_LABELS.items()}
    named = {(route_keys[route], float(dose)) for fragment in data["fragments"]
             for route, dose in re.findall(r"(Intranasal|Sublingual|Oral|Intramuscular) "
                                           r"([\d.]+) mg", fragment)}
    assert named and named <= published, named - published


# --- in Chromium -----------------------------------------------------------------------------


def _moves() -> list[tuple]:
    """(lesson, widget, how to move one control, the view's outputs for the new setting)."""
    from ketamine_course.core.data import seed_label
    from ketamine_course.core.tables import plural
    from ketamine_course.lessons import l00_start_here as start_here
    from ketamine_course.lessons import l01_monoamine as monoamine
    from ketamine_course.lessons import l01_monoamine_widgets as l01
    from ketamine_course.lessons import l02_nmda_mtorc1 as pathway
    from ketamine_course.lessons import l02_nmda_mtorc1_widgets as l02
    from ketamine_course.lessons import l03_dosing_routes_widgets as l03
    from ketamine_course.lessons import l04_metabolism_inflammation_widgets as l04
    from ketamine_course.lessons import l05_misuse_harm as harms
    from ketamine_course.lessons import l05_misuse_harm_widgets as l05
    from ketamine_course.lessons import l06_reading_seeds as seeds
    from ketamine_course.lessons import l06_reading_seeds_widgets as l06

    first_seed, second_seed = seeds.SEED_FILES
    rapamycin = pathway.INTERVENTIONS["rapamycin"][1]
    count = int((seeds.claims_table()["seed_file"] == second_seed).sum())
    return [
        ("00_start_here", "risk_widget", ("range", "Chance without treatment (%)", "20"),
         lambda: start_here.risk_demo_view(0.2, 2.0)),
        ("01_monoamine_hypothesis", "ppv_widget", ("range", "True hypotheses (%)", "50"),
         lambda: l01.ppv_view(50, 80, 0.05, 0)),
        ("01_monoamine_hypothesis", "time_course_widget",
         ("range", "Time since treatment started", "1 week"),
         lambda: monoamine.time_course_view("1 week", ("citalopram_stard", "ketamine_zarate"))),
        ("02_nmda_mtorc1", "pathway_widget", ("checkbox", rapamycin, True),
         lambda: l02.pathway_view("ketamine", ("rapamycin",), False, False)),
        ("02_nmda_mtorc1", "evidence_map_widget", ("radio", "Evidence from", "Humans only"),
         lambda: l02.evidence_map_view("human")),
        ("03_dosing_routes_onset", "routes_widget", ("range", "IV dose (mg/kg)", "1.0"),
         lambda: l03.routes_view(("iv", "intranasal_30mg", "oral_25mg"), 1.0, 70.0, 40.0,
                                 False)),
        ("03_dosing_routes_onset", "observation_widget",
         ("select", "Study", l03.observation_labels()[2][0]), lambda: l03.observation_view(2)),
        ("04_metabolism_inflammation", "studies_widget", ("select", "Markers", "inflammation"),
         lambda: l04.studies_view("inflammation")),
        ("04_metabolism_inflammation", "biomarker_search_widget",
         ("range", "Markers tested", "200"), lambda: l04.biomarker_search_view(200, 40, 0.05, 0)),
        ("04_metabolism_inflammation", "tryptophan_widget", ("radio", "Show", "Serotonin branch"),
         lambda: l04.tryptophan_view("serotonin")),
        ("05_misuse_and_harm", "prevalence_widget", ("radio", "Country", "Australia"),
         lambda: l05.prevalence_view("Australia", harms.ALL, harms.year_span())),
        ("05_misuse_and_harm", "harms_widget", ("radio", "Harm", "bladder damage"),
         lambda: l05.harms_view("bladder damage", harms.ALL)),
        ("05_misuse_and_harm", "claim_widget", ("radio+button", "Your verdict", "wrong",
                                                "Check my verdict"),
         lambda: l05.claim_view(harms.load_marketing_claims().claim_id.iloc[0], "wrong")),
        ("06_reading_the_seeds", "highlighter_widget",
         ("radio", "Or load", f"{seed_label(first_seed)}, whole file"),
         lambda: l06.highlighter_view(seeds.load_seed(first_seed))),
        ("06_reading_the_seeds", "claim_cards_widget", ("number", "Sentence number", "10"),
         lambda: (f"<p class='readout'>{plural(count, 'sentence')} in this seed.</p>",
                  l06.claim_card_html(second_seed, 10))),
        ("06_reading_the_seeds", "summary_widget", ("radio", "Show", seed_label(first_seed)),
         lambda: l06.summary_figure_html(first_seed)),
    ]


#: What a widget shows now: the text of each output and the alt text of its images, and
#: whether every image has loaded.
_SHOWN = """(root) => {
  const squash = (s) => s.split(/\\s+/).filter(Boolean).join(' ');
  const slots = [...root.querySelectorAll('[data-slot]')];
  return {texts: slots.map((s) => squash(s.textContent)).filter(Boolean),
          alts: [...root.querySelectorAll('[data-slot] img')].map((i) => i.alt),
          loaded: [...root.querySelectorAll('[data-slot] img')]
            .every((i) => i.complete && i.naturalWidth > 0)};
}"""


#: True when the widget shows every expected output text and alt text, figures loaded.
_SHOWS = f"""([root, want]) => {{ const now = ({_SHOWN})(root);
  return want.texts.every((t) => now.texts.includes(t))
    && want.alts.every((a) => now.alts.includes(a)) && now.loaded; }}"""


def _move(root, how: tuple) -> None:
    """Work one control of the widget ``root`` as a reader would, with the keyboard if we can."""
    kind, label, target, *rest = how
    if kind == "range":
        box = root.locator(".widgets-range", has=root.page.locator(f"label:text-is('{label}')"))
        slider = box.locator("input")
        slider.focus()
        for _ in range(12):
            if box.locator("output").inner_text() == target:
                return
            slider.press("ArrowRight")
        raise AssertionError(f"{label}: no stop {target!r} to the right of the start")
    if kind == "select":
        root.get_by_label(label, exact=True).select_option(label=target)
    elif kind.startswith("radio"):
        group = root.locator("fieldset", has=root.page.locator(f"legend:text-is('{label}')"))
        group.get_by_role("radio", name=target, exact=True).check()
        if rest:
            root.get_by_role("button", name=rest[0]).click()
    elif kind == "checkbox":
        root.get_by_role("checkbox", name=label, exact=True).check()
    elif kind == "number":
        box = root.get_by_label(label, exact=True)
        box.fill(target)
        box.press("Tab")


#: What each widget must show after its move, from the view functions: widget -> state.
_EXPECTED: dict[str, dict] = {}


@pytest.fixture(scope="module")
def chromium():
    """Headless Debian Chromium for the book's pages (skipped without it, failed on CI)."""
    import browser

    yield from browser.headless_chromium()


#: Press "Show the answer" on every question that holds a widget back (after_question).
_REVEAL_HELD = ("() => document.querySelectorAll('.kc-held-block').forEach((b) =>"
                " document.getElementById('kc-' + b.dataset.heldFor)"
                ".querySelector('.kc-show').click())")


@pytest.mark.parametrize("width", WIDTHS)
def test_moving_a_control_of_every_widget_shows_the_views_new_state(width, built_book,
                                                                    chromium):
    from browser import expected_state

    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    ready_ms, problems = {}, []
    page.on("pageerror", lambda error: problems.append(error.message)
            if "widgets.js" in (error.stack or "") else None)
    try:
        current = None
        for lesson, name, how, view in _moves():
            if lesson != current:
                started = time.perf_counter()
                page.goto((built_book["html"] / f"{lesson}.html").as_uri())
                page.wait_for_function("() => [...document.querySelectorAll('.widgets-static')]"
                                       ".every((r) => r.dataset.ready)")
                ready_ms[lesson] = page.evaluate(
                    "() => [...document.querySelectorAll('.widgets-static')].map((r) =>"
                    " [r.dataset.widget, Number(r.dataset.ready), Number(r.dataset.setupMs)])")
                ready_ms[lesson + " (wall)"] = round((time.perf_counter() - started) * 1000)
                page.evaluate(_REVEAL_HELD)
                current = lesson
            root = page.locator(f'.widgets-static[data-widget="{name}"]')
            root.scroll_into_view_if_needed()
            before = root.evaluate(_SHOWN)
            _move(root, how)
            if name not in _EXPECTED:  # the same at both widths: drawn once
                _EXPECTED[name] = expected_state(*view())
            want = _EXPECTED[name]
            try:
                page.wait_for_function(_SHOWS, arg=[root.element_handle(), want],
                                       timeout=10_000)
            except Exception:  # Playwright's TimeoutError: say what differs
                now = root.evaluate(_SHOWN)
                problems.append(f"{name} at {width} px: shows {now} instead of {want}")
            after = root.evaluate(_SHOWN)
            assert after != before, f"{name}: moving {how[1]!r} changed nothing"
            live = root.evaluate("(r) => [...r.querySelectorAll('[aria-live]')]"
                                 ".map((e) => e.textContent.trim()).join(' ')")
            assert live, f"{name}: no readout in a live region after the move"
            root.screenshot(path=str(ARTEFACTS / f"{lesson[:2]}-{name}-{width}.png"))
    finally:
        context.close()
    (ARTEFACTS / f"ready-{width}.json").write_text(json.dumps(ready_ms, indent=1))
    assert problems == []


def test_moves_cover_every_widget():
    names = [name for _, name, _, _ in _moves()]
    called = [name for path in LESSONS for name in _widgets_called(path)]
    assert sorted(names) == sorted(called)
