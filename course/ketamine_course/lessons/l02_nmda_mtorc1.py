"""A small model of the proposed pathway from NMDA receptor block to antidepressant effect.

The model (lesson 02) is a directed graph of the steps in the "disinhibition"
hypothesis (reviewed by Duman et al. 2016, Nat Med 22:238, doi:10.1038/nm.4050):
ketamine blocks NMDA receptors on GABA interneurons, the pyramidal cells they
restrain fire more, a glutamate surge activates AMPA receptors, BDNF is released,
TrkB and then mTORC1 are activated, new synapses form, and mood lifts.  Two
further hypotheses can be switched on: NMDA block at rest acting through eEF2
on BDNF translation (Autry et al. 2011), and a requirement for opioid
signalling (Williams et al. 2018).

A step is active when one of its inputs is active (all of them, for the
antidepressant effect) and nothing blocks it.  The model is boolean on purpose:
it says whether any route to the effect remains, not how large the effect is.
The lesson puts each prediction beside the experiment that tested it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from ..core import plots
from ..core.data import load_table
from ..core.tables import Column, LearnerTable, learner_table


@dataclass(frozen=True)
class Step:
    """One step of the pathway: its label, inputs and place in the diagram."""

    label: str
    inputs: tuple[str, ...]
    position: tuple[float, float]
    hypothesis: str = ""


#: The steps, in an order in which every input comes before the steps it feeds.
#: Half the width of a step's box, and how far the side column sits from the middle one
#: (diagram units): wide enough for "disinhibited pyramidal cells" at 8 points.
BOX_HALF_WIDTH = 1.35
SIDE_X = 2.9

STEPS: dict[str, Step] = {
    "ketamine": Step("Ketamine or esketamine", (), (0.0, 11.0)),
    "hnk": Step("(2R,6R)-HNK\n(a metabolite)", (), (SIDE_X, 7.0)),
    "nmda_block": Step("NMDA receptors blocked", ("ketamine",), (0.0, 10.0)),
    "interneurons_quiet": Step("GABA interneurons\nfire less", ("nmda_block",), (0.0, 9.0)),
    "glutamate_surge": Step("Glutamate surge from\ndisinhibited pyramidal cells",
                            ("interneurons_quiet",), (0.0, 8.0)),
    "ampa": Step("AMPA receptors\nactivated", ("glutamate_surge", "hnk"), (0.0, 7.0)),
    "eef2": Step("eEF2 kinase off:\nBDNF translated", ("nmda_block",), (-SIDE_X, 9.0),
                 "eef2_route"),
    "bdnf": Step("BDNF released", ("ampa", "eef2"), (0.0, 6.0)),
    "trkb": Step("TrkB receptors\nactivated", ("bdnf",), (0.0, 5.0)),
    "mtorc1": Step("mTORC1 signalling", ("trkb",), (0.0, 4.0)),
    "synapses": Step("New synapses form", ("mtorc1",), (0.0, 3.0)),
    "opioid": Step("Opioid receptor\nsignalling", ("ketamine",), (SIDE_X, 3.0), "opioid_required"),
    "effect": Step("Rapid antidepressant\neffect", ("synapses", "opioid"), (0.0, 2.0)),
}

#: Arrows that do not run straight down the middle column, as the points they pass through.
_EDGE, _SIDE_EDGE = BOX_HALF_WIDTH, SIDE_X - BOX_HALF_WIDTH
ROUTES: dict[tuple[str, str], tuple[tuple[float, float], ...]] = {
    ("nmda_block", "eef2"): ((-_EDGE, 10.0), (-SIDE_X, 10.0), (-SIDE_X, 9.3)),
    ("eef2", "bdnf"): ((-SIDE_X, 8.7), (-SIDE_X, 6.0), (-_EDGE, 6.0)),
    ("hnk", "ampa"): ((_SIDE_EDGE, 7.0), (_EDGE, 7.0)),
    ("ketamine", "opioid"): ((_EDGE, 11.0), (4.5, 11.0), (4.5, 3.0),
                             (SIDE_X + BOX_HALF_WIDTH, 3.0)),
    ("opioid", "effect"): ((SIDE_X, 2.7), (SIDE_X, 2.0), (_EDGE, 2.0)),
}

#: What each drug given acts on first.
DRUGS: dict[str, str | None] = {"ketamine": "ketamine", "esketamine": "ketamine",
                                "hnk": "hnk", "none": None}

#: Interventions, the step each one blocks, and what it is.
INTERVENTIONS: dict[str, tuple[str, str]] = {
    "rapamycin": ("mtorc1", "Rapamycin (blocks mTORC1)"),
    "nbqx": ("ampa", "NBQX (blocks AMPA receptors)"),
    "bdnf_loss": ("bdnf", "No BDNF (conditional knockout)"),
    "naltrexone": ("opioid", "Naltrexone (blocks opioid receptors)"),
}

#: What a learner reads for each drug given (the keys are the model's names).
DRUG_NAMES: dict[str, str] = {"ketamine": "ketamine", "esketamine": "esketamine",
                              "hnk": "(2R,6R)-HNK", "none": "no drug"}

#: What a learner reads for each intervention of the experiments table.
INTERVENTION_NAMES: dict[str, str] = {
    **{key: label for key, (_, label) in INTERVENTIONS.items()},
    "hnk_instead": "(2R,6R)-HNK given instead of ketamine",
}

#: The experiment outcomes that count as "the effect survived".
_SURVIVED = {"present", "not_blocked"}


@dataclass(frozen=True)
class PathwayState:
    """The result of running the model: which steps are active, and why not."""

    drug: str
    interventions: tuple[str, ...]
    active: dict[str, bool]
    blocked: dict[str, str] = field(default_factory=dict)
    hypotheses: dict[str, bool] = field(default_factory=dict)

    @property
    def effect(self) -> bool:
        """Whether the model predicts an antidepressant effect."""
        return self.active["effect"]


def _check_choices(drug: str, interventions: Iterable[str]) -> tuple[str, ...]:
    """Validate the drug and interventions; return the interventions as a sorted tuple."""
    if drug not in DRUGS:
        raise ValueError(f"Unknown drug {drug!r}; allowed: {', '.join(DRUGS)}.")
    if isinstance(interventions, str):
        raise ValueError(
            f"Give interventions as a list, such as ['{interventions}'], not a string."
        )
    chosen = tuple(sorted(set(interventions)))
    unknown = [name for name in chosen if name not in INTERVENTIONS]
    if unknown:
        raise ValueError(
            f"Unknown intervention(s) {unknown}; allowed: {', '.join(INTERVENTIONS)}."
        )
    return chosen


def simulate_pathway(
    drug: str = "ketamine",
    interventions: Iterable[str] = (),
    *,
    eef2_route: bool = False,
    opioid_required: bool = False,
) -> PathwayState:
    """Run the pathway model.

    Args:
        drug: ``"ketamine"``, ``"esketamine"`` (the same route in this model),
            ``"hnk"`` or ``"none"``.
        interventions: any of :data:`INTERVENTIONS`.
        eef2_route: include the eEF2 route from NMDA block to BDNF (Autry 2011).
        opioid_required: make the effect need opioid signalling too (Williams 2018).
    """
    chosen = _check_choices(drug, interventions)
    switches = {"eef2_route": bool(eef2_route), "opioid_required": bool(opioid_required)}
    blocked = {INTERVENTIONS[name][0]: INTERVENTIONS[name][1] for name in chosen}
    active: dict[str, bool] = {}
    for key, step in STEPS.items():
        if step.hypothesis and not switches[step.hypothesis]:
            active[key] = False
        elif not step.inputs:
            active[key] = DRUGS[drug] == key
        elif key == "effect":
            needed = ["synapses", "opioid"] if switches["opioid_required"] else ["synapses"]
            active[key] = all(active[name] for name in needed)
        else:
            active[key] = any(active[name] for name in step.inputs)
        if key in blocked:
            active[key] = False
    return PathwayState(drug, chosen, active, blocked, switches)


def compare_with_experiments(
    *, eef2_route: bool = False, opioid_required: bool = False, interventions: Iterable[str] = ()
) -> pd.DataFrame:
    """Put the model's prediction beside each experiment that blocked or replaced a step.

    Args:
        eef2_route: include the eEF2 route (see :func:`simulate_pathway`).
        opioid_required: make the effect need opioid signalling.
        interventions: keep only experiments with these interventions (all if empty);
            ``"hnk_instead"`` selects the metabolite experiment.

    Returns:
        One row per experiment: intervention, species, design, n, result, source,
        ``model_predicts`` and ``experiment_found`` ("effect survives" or "effect
        abolished or reduced") and ``agrees`` (bool).
    """
    experiments = load_table("mechanism_experiments.csv")
    tested = experiments[experiments["intervention"] != "none"].copy()
    wanted = set(interventions)
    allowed = set(INTERVENTIONS) | {"hnk_instead"}
    if wanted - allowed:
        raise ValueError(f"Unknown intervention(s) {sorted(wanted - allowed)}; "
                         f"allowed: {', '.join(sorted(allowed))}.")
    if wanted:
        tested = tested[tested["intervention"].isin(wanted)]
    predictions = []
    for row in tested.itertuples():
        blocks = [] if row.intervention == "hnk_instead" else [row.intervention]
        state = simulate_pathway(row.drug, blocks, eef2_route=eef2_route,
                                 opioid_required=opioid_required)
        predictions.append("effect survives" if state.effect else "effect abolished")
    tested["model_predicts"] = predictions
    tested["experiment_found"] = [
        "effect survives" if found in _SURVIVED else "effect abolished or reduced"
        for found in tested["ketamine_effect"]
    ]
    tested["agrees"] = (tested["model_predicts"] == "effect survives") == (
        tested["experiment_found"] == "effect survives"
    )
    columns = ["intervention", "species", "design", "n", "result", "model_predicts",
               "experiment_found", "agrees", "evidence_kind", "source"]
    return tested[columns].reset_index(drop=True)


def experiments_table(*, eef2_route: bool = False, opioid_required: bool = False,
                      interventions: Iterable[str] = (), details: bool = False) -> LearnerTable:
    """Show :func:`compare_with_experiments` to a learner: one experiment per row, in words.

    ``details`` adds what each experiment found and its source (the widget's table); without
    it the table is the lesson's short overview.
    """
    table = compare_with_experiments(eef2_route=eef2_route, opioid_required=opioid_required,
                                     interventions=interventions)
    shown = table.assign(intervention=table["intervention"].map(INTERVENTION_NAMES),
                         species=table["species"].str.capitalize())
    columns = [Column("intervention", "Intervention"), Column("species", "Species"),
               Column("n", "Participants (n)", "count", missing="not stated (animal study)")]
    if details:
        columns.append(Column("result", "What the experiment found"))
    columns += [Column("model_predicts", "The model predicts"),
                Column("experiment_found", "The experiment found"),
                Column("agrees", "Model and experiment", "yesno",
                       yes_no=("✔ agree", "✘ disagree"))]
    if details:
        columns.append(Column("source", "Source"))
    return learner_table(shown, columns, caption="The model's predictions beside the experiments")


#: The hypotheses a learner can add to the model, as (keyword arguments, what they mean).
HYPOTHESES: tuple[tuple[dict[str, bool], str], ...] = (
    ({}, "Disinhibition route only (the default model)"),
    ({"opioid_required": True}, "Effect also needs opioid signalling (Williams 2018)"),
    ({"eef2_route": True}, "Added eEF2 route to BDNF (Autry 2011)"),
)


def hypotheses_table() -> LearnerTable:
    """Show, for each version of the model, how many experiments it agrees with."""
    rows = []
    for switches, label in HYPOTHESES:
        table = compare_with_experiments(**switches)
        rows.append({"model": label, "agrees": int(table["agrees"].sum()),
                     "experiments": len(table)})
    return learner_table(pd.DataFrame(rows), [
        Column("model", "Version of the model"),
        Column("agrees", "Experiments it agrees with (n)", "count"),
        Column("experiments", "Experiments compared (n)", "count"),
    ], caption="How well each version of the model fits the experiments")


def evidence_by_step(species: str = "any") -> dict[str, list[str]]:
    """Return ``{step: [species with an experiment on it, ...]}`` for the evidence map.

    Args:
        species: ``"any"``, ``"human"`` or ``"animal"`` (rat or mouse).
    """
    groups = {"any": None, "human": {"human"}, "animal": {"rat", "mouse"}}
    if species not in groups:
        raise ValueError(f"species must be one of {', '.join(groups)}; got {species!r}.")
    experiments = load_table("mechanism_experiments.csv")
    if groups[species] is not None:
        experiments = experiments[experiments["species"].isin(groups[species])]
    found: dict[str, list[str]] = {key: [] for key in STEPS}
    for row in experiments.itertuples():
        if row.species not in found[row.step_tested]:
            found[row.step_tested].append(row.species)
    return found


#: Node styles for the diagram: (face colour, edge colour, text colour, line style).
STYLES = {
    "active": (plots.OKABE_ITO["blue"], plots.OKABE_ITO["blue"], "white", "solid"),
    "inactive": ("#F2F2F2", "#767676", "#555555", "solid"),
    "blocked": ("white", plots.OKABE_ITO["vermillion"], plots.TEXT_COLOURS["vermillion"],
                "solid"),
    "off": ("white", "#767676", "#666666", "dotted"),
    "human": (plots.OKABE_ITO["bluish_green"], plots.OKABE_ITO["bluish_green"], "black", "solid"),
    "animal": (plots.OKABE_ITO["orange"], plots.OKABE_ITO["orange"], "black", "solid"),
}


#: The pathway diagram's size in inches: its boxes and nothing around them but the title.
DIAGRAM_SIZE = (5.9, 7.1)


def pathway_figure(styles: dict[str, str], title: str, notes: dict[str, str] | None = None,
                   legend: dict[str, str] | None = None, reuse: str | None = None) -> Figure:
    """Draw the pathway with each step in one of :data:`STYLES`.

    Args:
        styles: step -> style name; every step must be given one.
        title: the figure's title.
        notes: step -> a short note drawn beside the box (for example "blocked by rapamycin").
        legend: style name -> what it means, for the legend.
        reuse: a widget's name, to redraw its last figure (see :func:`plots.new_figure`).
    """
    missing = set(STEPS) - set(styles)
    unknown = {value for value in styles.values()} - set(STYLES)
    if missing or unknown:
        raise ValueError(f"Every step needs a style from {sorted(STYLES)}; "
                         f"missing {sorted(missing)}, unknown {sorted(unknown)}.")
    # (a diagram: the axis labels are required by new_figure but never drawn)
    # The axes fill the figure, below room for the title: a diagram has no axis labels to
    # leave margins for. 0.64 inch a unit across and 0.61 up keep every label inside its box.
    fig, ax = plots.new_figure(title, "pathway step", "level", size=DIAGRAM_SIZE, reuse=reuse)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.4 / DIAGRAM_SIZE[1])
    ax.set_axis_off()
    ax.set_xlim(-4.4, 4.7)
    ax.set_ylim(0.75, 11.7)  # the legend goes below the last box
    for key, step in STEPS.items():
        for source in step.inputs:
            (sx, sy), (tx, ty) = STEPS[source].position, step.position
            points = ROUTES.get((source, key), ((sx, sy - 0.3), (tx, ty + 0.3)))
            line = ":" if "off" in (styles[source], styles[key]) else "-"
            xs, ys = zip(*points, strict=True)
            ax.plot(xs[:-1], ys[:-1], color="#777777", linestyle=line, linewidth=1.2)
            ax.annotate("", xy=points[-1], xytext=points[-2],
                        arrowprops={"arrowstyle": "-|>", "color": "#777777",
                                    "linestyle": line, "linewidth": 1.2})
    for key, step in STEPS.items():
        face, edge, text, line = STYLES[styles[key]]
        x, y = step.position
        ax.add_patch(FancyBboxPatch((x - BOX_HALF_WIDTH, y - 0.3), 2 * BOX_HALF_WIDTH, 0.6,
                                    boxstyle="round,pad=0.02,rounding_size=0.15",
                                    facecolor=face, edgecolor=edge, linestyle=line,
                                    linewidth=2.2 if styles[key] == "blocked" else 1.2))
        label = ("✕ " if styles[key] == "blocked" else "") + step.label
        ax.text(x, y, label, ha="center", va="center", fontsize=8, color=text)
        if notes and key in notes:
            if x == 0:  # beside a box of the middle column, below its left-hand corner
                ax.text(x - BOX_HALF_WIDTH - 0.1, y - 0.45, notes[key], fontsize=8,
                        ha="right", va="center", color="#333333")
            else:  # above a box of a side column, where no arrow runs
                ax.text(x, y + 0.45, notes[key], fontsize=8, ha="center", va="center",
                        color="#333333")
    if legend:
        handles = [FancyBboxPatch((0, 0), 1, 1, facecolor=STYLES[name][0],
                                  edgecolor=STYLES[name][1], linestyle=STYLES[name][3])
                   for name in legend]
        ax.legend(handles, list(legend.values()), loc="lower left", ncol=2, fontsize=8,
                  frameon=False, borderaxespad=0.2)
    return fig


def state_figure(state: PathwayState, reuse: str | None = None) -> Figure:
    """Draw a model run: active steps filled, blocked steps crossed, switched-off steps dotted.

    ``reuse`` names a widget whose last figure is redrawn (see :func:`plots.new_figure`).
    """
    styles = {}
    for key, step in STEPS.items():
        if key in state.blocked:
            styles[key] = "blocked"
        elif step.hypothesis and not state.hypotheses.get(step.hypothesis):
            styles[key] = "off"
        else:
            styles[key] = "active" if state.active[key] else "inactive"
    notes = {step: f"blocked: {label.split(' (')[0]}" for step, label in state.blocked.items()}
    verdict = "effect predicted" if state.effect else "no effect predicted"
    return pathway_figure(
        styles, f"Pathway model: {DRUG_NAMES[state.drug]} given, {verdict}", notes,
        legend={"active": "active", "inactive": "not reached", "blocked": "blocked",
                "off": "hypothesis switched off"},
        reuse=reuse,
    )


def describe_state(state: PathwayState) -> str:
    """Describe a model run in one or two sentences (for alt text and the readout)."""
    active = [STEPS[key].label.replace("\n", " ") for key, on in state.active.items() if on]
    blocked = ", ".join(state.blocked.values()) or "nothing"
    verdict = ("predicts an antidepressant effect" if state.effect
               else "predicts no antidepressant effect")
    return (f"With {DRUG_NAMES[state.drug]} given and {blocked} blocked, the model {verdict}. "
            f"Active steps: {', '.join(active) or 'none'}.")
