"""Lesson 02's widgets: the pathway model beside the experiments, and the evidence map."""

from __future__ import annotations

import ipywidgets as w

from ..core import plots
from ..core.wiring import stack
from . import l02_nmda_mtorc1 as pathway


def pathway_view(drug: str, interventions: tuple[str, ...], eef2_route: bool,
                 opioid_required: bool) -> tuple[str, str]:
    """Return the readout (prediction and experiments) and the diagram for the pathway widget."""
    state = pathway.simulate_pathway(drug, interventions, eef2_route=eef2_route,
                                     opioid_required=opioid_required)
    verdict = "present" if state.effect else "abolished"
    readout = [f"<p class='readout'>Model prediction: antidepressant effect "
               f"<strong>{verdict}</strong>.</p>"]
    chosen = list(interventions) + (["hnk_instead"] if drug == "hnk" else [])
    if chosen:
        readout.append(pathway.experiments_table(eef2_route=eef2_route,
                                                 opioid_required=opioid_required,
                                                 interventions=chosen, details=True).html)
    figure = plots.figure_html(pathway.state_figure(state, reuse="pathway"),
                               pathway.describe_state(state))
    return "".join(readout), figure


def pathway_widget() -> w.VBox:
    """Choose a drug, block steps and switch hypotheses; see the pathway and the experiments."""
    drug = w.ToggleButtons(options=[("Ketamine", "ketamine"), ("Esketamine", "esketamine"),
                                    ("(2R,6R)-HNK instead of ketamine", "hnk"),
                                    ("No drug", "none")],
                           value="ketamine", description="Drug given")
    blocks = {key: w.Checkbox(value=False, description=label)
              for key, (_, label) in pathway.INTERVENTIONS.items()}
    eef2 = w.Checkbox(value=False, description="Hypothesis: eEF2 route to BDNF (Autry 2011)")
    opioid = w.Checkbox(value=False,
                        description="Hypothesis: effect needs opioid signalling (Williams 2018)")

    def view() -> tuple[str, str]:
        chosen = tuple(key for key, box in blocks.items() if box.value)
        return pathway_view(drug.value, chosen, eef2.value, opioid.value)

    return stack([drug, *blocks.values(), eef2, opioid], view, readout_is_table=True)


def evidence_map_view(species: str) -> tuple[str, str]:
    """Return the readout and the diagram colouring each step by who it was tested in.

    The readout names the steps tested in people and those tested in rats or mice, whatever
    the filter, so that "animals only" never hides a step that was also tested in people.
    """
    shown = pathway.evidence_by_step(species)
    in_people = {key for key, kinds in pathway.evidence_by_step("human").items() if kinds}
    in_animals = {key for key, kinds in pathway.evidence_by_step("animal").items() if kinds}
    steps = [key for key, step in pathway.STEPS.items() if step.inputs]
    styles = {}
    for key, kinds in shown.items():
        if not kinds:
            styles[key] = "inactive"
        elif species == "animal" or "human" not in kinds:
            styles[key] = "animal"
        else:
            styles[key] = "human"

    def names(keys: set[str] | list[str]) -> str:
        return ", ".join(pathway.STEPS[key].label.replace("\n", " ")
                         for key in steps if key in keys) or "none"

    untested = [key for key in steps if key not in in_people | in_animals]
    both = in_people & in_animals
    if species == "human":
        sentence = (f"Steps tested directly in people: <strong>{len(in_people)} of "
                    f"{len(steps)}</strong> ({names(in_people)}). The other "
                    f"{len(steps) - len(in_people)} rest on rats and mice or have no direct "
                    "test.")
    elif species == "animal":
        sentence = (f"Steps tested directly in rats or mice: <strong>{len(in_animals)} of "
                    f"{len(steps)}</strong> ({names(in_animals)}). Of these, also tested in "
                    f"people: <strong>{len(both)}</strong> ({names(both)}).")
    else:
        tested = in_people | in_animals
        sentence = (f"Steps with a direct test: <strong>{len(tested)} of {len(steps)}</strong>: "
                    f"<strong>{len(in_people)}</strong> in people ({names(in_people)}), "
                    f"<strong>{len(tested - in_people)}</strong> in rats or mice only. "
                    f"No direct test: {names(untested)}.")
    readout = f"<p class='readout'>{sentence}</p>"
    where = {"any": "people or animals", "human": "people", "animal": "rats or mice"}[species]
    legend = {"human": "tested in people", "animal": ("tested in rats or mice"
                                                      if species == "animal"
                                                      else "tested in animals only"),
              "inactive": "no direct test in the course's dataset"}
    used = [name for name in ("human", "animal", "inactive") if name in styles.values()]
    fig = pathway.pathway_figure(
        styles, f"Where the evidence for each step comes from ({where})",
        legend={name: legend[name] for name in used}, reuse="evidence map",
    )
    coloured = [key for key in steps if styles[key] != "inactive"]
    alt = (f"Pathway diagram with each step coloured by direct evidence from {where}: "
           f"{len(coloured)} of {len(steps)} steps ({names(coloured)}).")
    return readout, plots.figure_html(fig, alt, caption="Source: data/mechanism_experiments.csv.")


def evidence_map_widget() -> w.VBox:
    """Show which pathway steps were tested in humans, in animals, or in either."""
    species = w.ToggleButtons(options=[("Humans or animals", "any"), ("Humans only", "human"),
                                       ("Animals only", "animal")],
                              value="any", description="Evidence from")
    return stack([species], lambda: evidence_map_view(species.value))
