"""Shared paths for the tests, and work that several test files share."""

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def laid_out(box) -> tuple[dict, list]:
    """Split a widget laid out by ``wiring.arrange`` into {label: control} and its outputs.

    The first child holds the controls (and the hidden announcers of selection sliders,
    which have no label); the rest are the outputs in the order shown.
    """
    controls, *outputs = box.children
    labelled = {child.description: child for child in controls.children
                if getattr(child, "description", "")}
    return labelled, [part for part in outputs if "<style>" not in part.value]


def static_figures() -> dict:
    """Every figure a lesson or assignment draws outside a widget, by name, freshly drawn."""
    from ketamine_course.assignments import a3_pooling as pooling
    from ketamine_course.core import plots
    from ketamine_course.lessons import l01_monoamine as monoamine
    from ketamine_course.lessons import l03_dosing_routes_widgets as pk_widgets

    literature = pooling.simulate_literature(seed=3)
    return {
        "timeline": monoamine.timeline_figure(),
        "compartments": pk_widgets.compartments_figure(140),
        "validation": pk_widgets.validation_figure(),
        "research infusion": pk_widgets.research_infusion_figure(),
        "icon array": plots.icon_array_figure({"Placebo": 10, "Treated": 30}, "Icon arrays"),
        "forest": pooling.forest_figure(["Midazolam-controlled trials", "Saline-controlled trials"],
                                        [0.4, 0.9], [0.2, 0.3],
                                        {"estimate": 0.6, "lower": 0.3, "upper": 0.9},
                                        "Cohen's d on day 1"),
        "funnel": pooling.funnel_figure(literature.estimates, literature.standard_errors,
                                        literature.published),
    }


@dataclass
class Swept:
    """What a widget's sweep sample showed: each call's output, and checks on every figure.

    ``clipped`` holds, for each figure drawn, what runs off its canvas
    (``plots.clipped_parts``); ``illegible`` its too small and too pale parts
    (``plots.small_texts`` + ``plots.pale_parts``), taken before it is rendered.
    """

    calls: tuple
    outputs: list = field(default_factory=list)
    clipped: list = field(default_factory=list)
    illegible: list = field(default_factory=list)


_SWEPT: dict[str, Swept] = {}


def swept(sweep) -> Swept:
    """Run the sample of a widget's sweep (``widget_sweep.sample``) once for every test that
    reads it (figures, legibility, tables, the benchmark's own check); return what it showed.

    The calls run in sweep order with the widget's kept figure reused between them, as when a
    learner moves its controls; every figure is checked as ``figure_html`` renders it.
    """
    if sweep.widget not in _SWEPT:
        import pytest
        import widget_sweep
        from ketamine_course.core import plots

        record = Swept(widget_sweep.sample(sweep))
        render = plots.figure_html

        def checked(fig, alt_text, caption=None):
            record.illegible.append(plots.small_texts(fig) + plots.pale_parts(fig))
            record.clipped.append(plots.clipped_parts(fig))
            return render(fig, alt_text, caption)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(plots, "figure_html", checked)
            record.outputs = [call() for call in record.calls]
        _SWEPT[sweep.widget] = record
    return _SWEPT[sweep.widget]
