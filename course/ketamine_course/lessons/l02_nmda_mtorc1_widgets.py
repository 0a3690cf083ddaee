"""Lesson 02's widgets: the pathway model beside the experiments, and the evidence map."""

from __future__ import annotations

import html

import ipywidgets as w

from ..core import plots
from ..core.wiring import WIDE, stack
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
        table = pathway.compare_with_experiments(eef2_route=eef2_route,
                                                 opioid_required=opioid_required,
                                                 interventions=chosen)
        rows = "".join(
            f"<tr><td>{html.escape(r.intervention)}</td><td>{html.escape(r.species)}</td>"
            f"<td>{'' if r.n != r.n else int(r.n)}</td><td>{html.escape(r.result)}</td>"
            f"<td>{html.escape(r.model_predicts)}</td>"
            f"<td>{'✔ agrees' if r.agrees else '✘ disagrees'}</td>"
            f"<td>{html.escape(r.source)}</td></tr>"
            for r in table.itertuples()
        )
        readout.append(
            "<table class='experiments'><thead><tr><th>Intervention</th><th>Species</th>"
            "<th>n</th><th>What the experiment found</th><th>Model predicts</th><th>Match</th>"
            f"<th>Source</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    figure = plots.figure_html(pathway.state_figure(state, reuse="pathway"),
                               pathway.describe_state(state))
    return "".join(readout), figure


def pathway_widget() -> w.VBox:
    """Choose a drug, block steps and switch hypotheses; see the pathway and the experiments."""
    drug = w.Dropdown(options=[("Ketamine", "ketamine"), ("Esketamine", "esketamine"),
                               ("(2R,6R)-HNK instead of ketamine", "hnk"), ("No drug", "none")],
                      value="ketamine", description="Drug given", style=WIDE)
    blocks = {key: w.Checkbox(value=False, description=label, indent=False,
                              layout=w.Layout(width="auto"))
              for key, (_, label) in pathway.INTERVENTIONS.items()}
    eef2 = w.Checkbox(value=False, description="Hypothesis: eEF2 route to BDNF (Autry 2011)",
                      indent=False, layout=w.Layout(width="auto"))
    opioid = w.Checkbox(value=False,
                        description="Hypothesis: effect needs opioid signalling (Williams 2018)",
                        indent=False, layout=w.Layout(width="auto"))

    def view() -> tuple[str, str]:
        chosen = tuple(key for key, box in blocks.items() if box.value)
        return pathway_view(drug.value, chosen, eef2.value, opioid.value)

    return stack([drug, *blocks.values(), eef2, opioid], view)


def evidence_map_view(species: str) -> tuple[str, str]:
    """Return the readout and the diagram colouring each step by who it was tested in."""
    found = pathway.evidence_by_step(species)
    styles = {}
    for key, kinds in found.items():
        if "human" in kinds:
            styles[key] = "human"
        elif kinds:
            styles[key] = "animal"
        else:
            styles[key] = "inactive"
    steps = [key for key, step in pathway.STEPS.items() if step.inputs]
    tested = [key for key in steps if styles[key] != "inactive"]
    human = [key for key in steps if styles[key] == "human"]
    names = {"any": "humans or animals", "human": "humans", "animal": "animals"}
    labels = ", ".join(pathway.STEPS[key].label.replace("\n", " ") for key in tested) or "none"
    readout = (f"<p class='readout'>Steps with direct evidence from {names[species]}: "
               f"<strong>{len(tested)} of {len(steps)}</strong> ({labels}). "
               f"Of these, tested in humans: <strong>{len(human)}</strong>.</p>")
    fig = pathway.pathway_figure(
        styles, f"Where the evidence for each step comes from ({names[species]})",
        legend={"human": "tested in humans", "animal": "tested in animals only",
                "inactive": "no direct test in the course's dataset"},
        reuse="evidence map",
    )
    alt = (f"Pathway diagram with each step coloured by evidence from {names[species]}. "
           f"{len(tested)} of {len(steps)} steps have a direct test: {labels}.")
    return readout, plots.figure_html(fig, alt, caption="Source: data/mechanism_experiments.csv.")


def evidence_map_widget() -> w.VBox:
    """Show which pathway steps were tested in humans, in animals, or in either."""
    species = w.ToggleButtons(options=[("Humans or animals", "any"), ("Humans only", "human"),
                                       ("Animals only", "animal")],
                              value="any", description="Evidence from", style=WIDE)
    return stack([species], lambda: evidence_map_view(species.value))
