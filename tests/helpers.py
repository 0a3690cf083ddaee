"""Shared paths for the tests."""

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
