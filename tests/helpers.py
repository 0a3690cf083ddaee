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
