"""The layout rule for widgets (core/wiring.py), held by every widget of lessons 00-02, 04-06.

Label column, slider track, toggle buttons for short choices, a spoken readout for selection
sliders, and the figure above any long table. tests/test_browser_layout.py measures the same
widgets as Chromium draws them.
"""

import re

import ipywidgets as w
import pytest
from ketamine_course.core import wiring
from ketamine_course.lessons import l00_start_here as start_here
from ketamine_course.lessons import l01_monoamine_widgets as monoamine_widgets
from ketamine_course.lessons import l02_nmda_mtorc1_widgets as pathway_widgets
from ketamine_course.lessons import l04_metabolism_inflammation_widgets as biomarker_widgets
from ketamine_course.lessons import l05_misuse_harm_widgets as harm_widgets
from ketamine_course.lessons import l06_reading_seeds_widgets as seed_widgets

WIDGETS = {
    "00 risk": start_here.risk_widget,
    "01 ppv": monoamine_widgets.ppv_widget,
    "01 time course": monoamine_widgets.time_course_widget,
    "02 pathway": pathway_widgets.pathway_widget,
    "02 evidence map": pathway_widgets.evidence_map_widget,
    "04 studies": biomarker_widgets.studies_widget,
    "04 biomarker search": biomarker_widgets.biomarker_search_widget,
    "04 tryptophan": biomarker_widgets.tryptophan_widget,
    "05 prevalence": harm_widgets.prevalence_widget,
    "05 harms": harm_widgets.harms_widget,
    "05 claim checker": harm_widgets.claim_widget,
    "06 highlighter": seed_widgets.highlighter_widget,
    "06 claim cards": seed_widgets.claim_cards_widget,
    "06 summary": seed_widgets.summary_widget,
}

#: A short choice: this many options or fewer belong in toggle buttons, not a drop-down.
SHORT_CHOICE = 6


def walk(widget: w.Widget) -> list[w.Widget]:
    """Return ``widget`` and everything inside it, in order."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += walk(child)
    return found


@pytest.mark.parametrize("name", WIDGETS)
def test_every_control_follows_the_layout_rule(name):
    parts = walk(WIDGETS[name]())
    controls = [part for part in parts if isinstance(part, w.ValueWidget)
                and not isinstance(part, w.HTML)]
    assert controls, name
    for control in controls:
        label = control.description
        assert not isinstance(control, w.RadioButtons), f"{name}: radio buttons {label!r}"
        if isinstance(control, w.Dropdown):
            assert len(control.options) > SHORT_CHOICE, f"{name}: short drop-down {label!r}"
        if isinstance(control, wiring.SLIDERS):
            assert control.style.description_width == wiring.LABEL_WIDTH, label
            assert str(wiring.TRACK_WIDTH_PX) in control.layout.width, label
        if isinstance(control, w.ToggleButtons):
            assert control.style.button_width == "auto", f"{name}: {label!r} cuts its labels"
            assert control.layout.flex_flow == "row wrap", label
        if isinstance(control, w.Dropdown | w.Text | w.Textarea | w.BoundedIntText):
            assert control.style.description_width == wiring.LABEL_WIDTH, label
        # the label column holds about 30 characters at JupyterLab's widget font (a tick-box's
        # label runs beside it instead); the browser test measures that none is cut
        if not isinstance(control, w.Checkbox):
            assert len(label) <= 30, f"{name}: label {label!r} is too long for the column"


@pytest.mark.parametrize("name", WIDGETS)
def test_no_figure_sits_below_a_long_table(name):
    outputs = [part.value for part in walk(WIDGETS[name]()) if isinstance(part, w.HTML)]
    figure = next((i for i, value in enumerate(outputs)
                   if "<figure" in value or "claim-card" in value), None)
    tables = [i for i, value in enumerate(outputs) if value.count("<tr>") > 6]
    assert figure is None or all(table > figure for table in tables), name


def test_selection_sliders_say_their_choice_in_words():
    box = monoamine_widgets.time_course_widget()
    parts = walk(box)
    slider = next(p for p in parts if isinstance(p, w.SelectionSlider))
    spoken = parts[parts.index(slider) + 1]
    assert 'aria-live="polite"' in spoken.value
    assert "Time since treatment started: 1 day" in spoken.value
    slider.value = "8 weeks"
    assert "Time since treatment started: 8 weeks" in spoken.value
    search = walk(biomarker_widgets.biomarker_search_widget())
    patients = next(p for p in search if isinstance(p, w.SelectionSlider))
    assert "Patients in the study: 40 patients" in search[search.index(patients) + 1].value


def test_lesson_04_toggle_buttons_show_their_whole_labels():
    toggles = next(p for p in walk(biomarker_widgets.tryptophan_widget())
                   if isinstance(p, w.ToggleButtons))
    assert "What changed after ketamine" in [label for label, _ in toggles.options]
    assert toggles.style.button_width == "auto"


def test_fit_control_and_arrange():
    slider = wiring.fit_control(w.IntSlider(description="Dose"))
    assert slider.layout.width == f"calc(17em + {wiring.TRACK_WIDTH_PX}px + 6em)"
    toggles = wiring.fit_control(w.ToggleButtons(options=["a", "b"]))
    assert toggles.style.description_width == "0px"
    box = wiring.fit_control(w.Checkbox(description="Tick", indent=True))
    assert box.indent is False and box.layout.width == "auto"
    figure, readout, table = w.HTML("figure"), w.HTML("readout"), w.HTML("table")
    laid_out = wiring.arrange([slider], figure, readout, table=table)
    assert laid_out.children[1:4] == (readout, figure, table)
    assert "course-widget" in laid_out._dom_classes
    assert wiring.SPACING_CSS in laid_out.children[-1].value
    with pytest.raises(ValueError, match="lays out ipywidgets controls"):
        wiring.fit_control("slider")
    with pytest.raises(ValueError, match="SelectionSlider"):
        wiring.selection_announcer(slider)


def feedback_above_a_control(box: w.Widget) -> list[str]:
    """Press every button of ``box`` (a choice made first) and list feedback shown above a control.

    Feedback is an output with ``role="status"``: it belongs below the controls that
    produce it, as :func:`wiring.arrange` lays out every lesson widget. (A selection
    slider's spoken choice, which sits right after its slider and is never seen, is not.)
    """
    parts = walk(box)
    for toggles in (p for p in parts if isinstance(p, w.ToggleButtons) and p.value is None):
        toggles.value = toggles.options[0][1] if isinstance(toggles.options[0], tuple) \
            else toggles.options[0]
    for button in (p for p in parts if isinstance(p, w.Button)):
        button.click()
    controls = [i for i, p in enumerate(parts) if isinstance(p, w.ValueWidget | w.Button)
                and not isinstance(p, w.HTML)]
    return [f"feedback {p.value[:60]!r} above a control" for i, p in enumerate(parts)
            if isinstance(p, w.HTML) and re.search(r"role=['\"]status", p.value)
            and "slider-announcer" not in p.value and any(i < c for c in controls)]


@pytest.mark.parametrize("name", WIDGETS)
def test_feedback_comes_below_the_controls(name):
    assert feedback_above_a_control(WIDGETS[name]()) == []


def test_the_feedback_check_can_fail():
    verdict = w.ToggleButtons(options=["yes", "no"], value=None)
    button, card = w.Button(description="Check"), w.HTML()
    button.on_click(lambda _: setattr(card, "value", "<div role='status'>Right</div>"))
    assert feedback_above_a_control(w.VBox([card, verdict, button])) != []
    assert feedback_above_a_control(w.VBox([verdict, button, card])) == []
