"""Lesson 02's pathway model: interventions, hypotheses, experiments and bad input."""

import matplotlib.pyplot as plt
import pytest
from helpers import laid_out
from ketamine_course.lessons import l02_nmda_mtorc1 as pathway
from ketamine_course.lessons import l02_nmda_mtorc1_widgets as pathway_widgets


def test_ketamine_alone_produces_the_effect_through_every_step():
    state = pathway.simulate_pathway("ketamine")
    assert state.effect
    for step in ("nmda_block", "glutamate_surge", "ampa", "bdnf", "trkb", "mtorc1", "synapses"):
        assert state.active[step], step
    assert not state.active["hnk"] and not state.active["eef2"]


def test_no_drug_no_effect():
    assert not pathway.simulate_pathway("none").effect


def test_esketamine_behaves_like_ketamine():
    assert pathway.simulate_pathway("esketamine").active == pathway.simulate_pathway().active


@pytest.mark.parametrize(("intervention", "step"), [
    ("rapamycin", "mtorc1"), ("nbqx", "ampa"), ("bdnf_loss", "bdnf"),
])
def test_each_block_of_the_main_chain_abolishes_the_effect(intervention, step):
    state = pathway.simulate_pathway("ketamine", [intervention])
    assert not state.active[step] and not state.effect
    assert step in state.blocked


def test_rapamycin_leaves_upstream_steps_active():
    state = pathway.simulate_pathway("ketamine", ["rapamycin"])
    assert state.active["trkb"] and not state.active["synapses"]


def test_naltrexone_matters_only_under_the_opioid_hypothesis():
    assert pathway.simulate_pathway("ketamine", ["naltrexone"]).effect
    assert not pathway.simulate_pathway("ketamine", ["naltrexone"], opioid_required=True).effect


def test_eef2_route_lets_the_effect_survive_ampa_blockade():
    assert not pathway.simulate_pathway("ketamine", ["nbqx"]).effect
    assert pathway.simulate_pathway("ketamine", ["nbqx"], eef2_route=True).effect
    assert not pathway.simulate_pathway("ketamine", ["nbqx", "bdnf_loss"], eef2_route=True).effect


def test_hnk_bypasses_nmda_but_not_ampa():
    state = pathway.simulate_pathway("hnk")
    assert state.effect and not state.active["nmda_block"]
    assert not pathway.simulate_pathway("hnk", ["nbqx"]).effect


def test_model_meets_the_human_rapamycin_trial_with_a_disagreement():
    table = pathway.compare_with_experiments(interventions=["rapamycin"])
    by_species = dict(zip(table["species"], table["agrees"], strict=True))
    assert by_species == {"rat": True, "human": False}


def test_opioid_hypothesis_fixes_naltrexone_but_breaks_hnk():
    plain = pathway.compare_with_experiments().set_index("intervention")["agrees"]
    opioid = pathway.compare_with_experiments(opioid_required=True).set_index("intervention")
    assert not plain["naltrexone"] and opioid["agrees"]["naltrexone"]
    assert plain["hnk_instead"] and not opioid["agrees"]["hnk_instead"]


def test_every_experiment_step_exists_in_the_model():
    from ketamine_course.core.data import load_table

    experiments = load_table("mechanism_experiments.csv")
    assert set(experiments["step_tested"]) <= set(pathway.STEPS)
    assert set(experiments["intervention"]) - {"none", "hnk_instead"} <= set(pathway.INTERVENTIONS)


def test_evidence_map_shows_how_little_was_tested_in_humans():
    human = {step for step, kinds in pathway.evidence_by_step("human").items() if kinds}
    assert human == {"mtorc1", "opioid", "effect"}
    animal = {step for step, kinds in pathway.evidence_by_step("animal").items() if kinds}
    assert {"ampa", "bdnf", "glutamate_surge", "synapses", "eef2"} <= animal


@pytest.mark.parametrize(("call", "message"), [
    (lambda: pathway.simulate_pathway("lsd"), "Unknown drug"),
    (lambda: pathway.simulate_pathway("ketamine", ["aspirin"]), "Unknown intervention"),
    (lambda: pathway.simulate_pathway("ketamine", "rapamycin"), "as a list"),
    (lambda: pathway.compare_with_experiments(interventions=["x"]), "Unknown intervention"),
    (lambda: pathway.evidence_by_step("fish"), "species must be"),
    (lambda: pathway.pathway_figure({}, "t"), "Every step needs a style"),
])
def test_bad_input_is_refused_with_the_allowed_values(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_state_figure_marks_blocked_steps():
    fig = pathway.state_figure(pathway.simulate_pathway("ketamine", ["rapamycin"]))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "✕ mTORC1 signalling" in texts and "blocked: Rapamycin" in texts
    assert fig.axes[0].get_title() == "Pathway model: ketamine given, no effect predicted"
    plt.close(fig)


def test_pathway_widget_updates_prediction_and_experiments():
    controls, (_, readout) = laid_out(pathway_widgets.pathway_widget())
    assert "effect <strong>present</strong>" in readout.value
    controls["Rapamycin (blocks mTORC1)"].value = True
    assert "effect <strong>abolished</strong>" in readout.value
    assert "Abdallah" in readout.value and "✘ disagree" in readout.value
    controls["Drug given"].value = "hnk"
    assert "(2R,6R)-HNK given instead of ketamine" in readout.value
    assert "hnk_instead" not in readout.value


def test_evidence_map_widget_follows_the_menu():
    controls, (readout, _) = laid_out(pathway_widgets.evidence_map_widget())
    menu = controls["Evidence from"]
    assert "8 of 11" in readout.value
    menu.value = "human"
    assert "tested directly in people: <strong>3 of 11</strong>" in readout.value


def test_the_lesson_table_of_model_versions_says_what_the_text_teaches():
    # Lesson 02, section 5: no version agrees with every experiment; the default and opioid
    # versions agree with 4 of 6, adding the eEF2 route with 3 of 6.
    assert pathway.hypotheses_table().cells == (
        ("Disinhibition route only (the default model)", "4", "6"),
        ("Effect also needs opioid signalling (Williams 2018)", "4", "6"),
        ("Added eEF2 route to BDNF (Autry 2011)", "3", "6"))
