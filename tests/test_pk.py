"""The pharmacokinetic model: exact solution, laws of linear kinetics, data, validation, input."""

import base64
import html
import itertools
import math
import re

import ipywidgets
import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from ketamine_course.core import wiring
from ketamine_course.core.data import load_table
from ketamine_course.lessons import l03_dosing_routes as pk
from ketamine_course.lessons import l03_dosing_routes_widgets as pk_widgets
from scipy.integrate import solve_ivp

EXTRAVASCULAR = ("im", "intranasal", "sublingual", "oral")


def numerical_concentration(route, dose_mg, weight_kg=70.0, infusion_min=0.0, hours=6.0):
    """Integrate the model's differential equations independently with an implicit solver."""
    p = pk.parameters()
    ratio = weight_kg / 70
    cl, q = p["cl"] * ratio ** p["exponent"], p["q"] * ratio ** p["exponent"]
    v1, v2 = p["v1"] * ratio, p["v2"] * ratio
    ka = p["ka"].get(route, 0.0)
    infusion_h = infusion_min / 60

    def rates(t, x):
        depot, central, peripheral = x
        rate_in = dose_mg / infusion_h if route == "iv" and infusion_h > 0 and t < infusion_h else 0
        return [-ka * depot,
                ka * depot - (cl + q) / v1 * central + q / v2 * peripheral + rate_in,
                q / v1 * central - q / v2 * peripheral]

    start = [0.0, 0.0, 0.0]
    if route == "iv" and infusion_h == 0:
        start[1] = dose_mg
    elif route != "iv":
        start[0] = dose_mg * p["f"][route]
    times = np.arange(0, hours + 1e-9, 0.5 / 60)
    breaks = [0, infusion_h, hours] if 0 < infusion_h < hours else [0, hours]
    values = []
    state = start
    for begin, end in zip(breaks, breaks[1:], strict=False):
        inside = times[(times >= begin) & (times <= end)]
        solution = solve_ivp(rates, (begin, end), state, method="LSODA", t_eval=inside,
                             rtol=1e-10, atol=1e-12)
        values.append(solution.y[1][: len(inside) - (1 if end < hours else 0)])
        state = solution.y[:, -1]
    return np.concatenate(values) / v1 * 1000


@pytest.mark.parametrize(("route", "dose", "infusion", "weight"), [
    ("iv", 35, 0, 70), ("iv", 35, 40, 70), ("im", 100, 0, 90), ("intranasal", 50, 0, 60),
    ("sublingual", 25, 0, 70), ("oral", 50, 0, 120),
])
def test_exact_solution_matches_numerical_integration(route, dose, infusion, weight):
    exact = pk.simulate(route, dose, weight_kg=weight, infusion_min=infusion)["ketamine_ng_ml"]
    numerical = numerical_concentration(route, dose, weight, infusion)
    assert len(exact) == len(numerical)
    np.testing.assert_allclose(exact, numerical, rtol=1e-6, atol=1e-6)


def test_output_shape_and_grid():
    curve = pk.simulate("oral", 50, hours=2, step_min=1)
    assert list(curve.columns) == ["time_h", "ketamine_ng_ml"]
    assert len(curve) == 121 and curve["time_h"].iloc[-1] == pytest.approx(2)


@pytest.mark.parametrize("route", pk.ROUTES)
def test_auc_is_proportional_to_dose(route):
    small = pk.summarize(pk.simulate(route, 10, hours=48))["auc_ng_h_ml"]
    large = pk.summarize(pk.simulate(route, 30, hours=48))["auc_ng_h_ml"]
    assert large == pytest.approx(3 * small, rel=1e-9)


@pytest.mark.parametrize("route", EXTRAVASCULAR)
def test_auc_ratio_to_iv_equals_bioavailability(route):
    iv = pk.summarize(pk.simulate("iv", 20, hours=96, step_min=0.25))["auc_ng_h_ml"]
    other = pk.summarize(pk.simulate(route, 20, hours=96, step_min=0.25))["auc_ng_h_ml"]
    assert other / iv == pytest.approx(pk.parameters()["f"][route], rel=2e-3)


def test_iv_auc_equals_dose_over_clearance():
    auc = pk.summarize(pk.simulate("iv", 35, hours=96, step_min=0.1))["auc_ng_h_ml"]
    assert auc == pytest.approx(35 / pk.parameters()["cl"] * 1000, rel=2e-3)


def test_iv_bolus_peaks_at_once_at_dose_over_central_volume():
    summary = pk.summarize(pk.simulate("iv", 35))
    assert summary["tmax_h"] == 0
    assert summary["cmax_ng_ml"] == pytest.approx(35 / pk.parameters()["v1"] * 1000)


@pytest.mark.parametrize("route", EXTRAVASCULAR)
def test_extravascular_starts_at_zero_and_falls_after_absorption(route):
    curve = pk.simulate(route, 50, hours=24)
    values = curve["ketamine_ng_ml"].to_numpy()
    assert values[0] == 0
    peak = int(np.argmax(values))
    assert peak > 0
    late = values[curve["time_h"].to_numpy() > 12 / pk.parameters()["ka"][route] + 1]
    assert np.all(np.diff(late) < 0), "concentration must fall once absorption has ended"


def test_infusion_rises_until_it_stops_then_falls():
    curve = pk.simulate("iv", 35, infusion_min=40)
    values, times = curve["ketamine_ng_ml"].to_numpy(), curve["time_h"].to_numpy()
    assert values[0] == 0
    assert np.all(np.diff(values[times <= 40 / 60]) > 0)
    assert np.all(np.diff(values[times >= 40 / 60]) < 0)
    assert pk.summarize(curve)["tmax_h"] == pytest.approx(40 / 60)


def test_heavier_people_have_lower_peaks_for_the_same_dose():
    light = pk.summarize(pk.simulate("iv", 35, weight_kg=50))["cmax_ng_ml"]
    heavy = pk.summarize(pk.simulate("iv", 35, weight_kg=100))["cmax_ng_ml"]
    assert light == pytest.approx(2 * heavy)


def test_clearance_and_steady_state_volume_are_kamps_published_values():
    p = pk.parameters()
    assert p["cl"] == 79 and p["v1"] + p["v2"] == pytest.approx(252)
    assert pk.steady_state_volume_l() == pytest.approx(252)
    for name in ("clearance", "steady_state_volume"):
        assert stored(name).kind == "published" and "Kamp 2020 abstract" in stored(name).source


def test_compartments_account_for_every_milligram():
    table = pk.compartments("iv", 140, hours=3)
    total = table[["absorbing_mg", "central_mg", "peripheral_mg", "eliminated_mg"]].sum(axis=1)
    assert np.allclose(total, 140)
    assert table["central_mg"].iloc[0] == pytest.approx(140)
    oral = pk.compartments("oral", 100, hours=24)
    assert oral["absorbing_mg"].iloc[0] == pytest.approx(100 * pk.parameters()["f"]["oral"])


# --- the parameters and where they come from ---------------------------------------------


def stored(parameter, route="all"):
    table = load_table("pk_parameters.csv")
    return table[(table.parameter == parameter) & (table.route == route)].iloc[0]


def test_every_parameter_has_a_kind_and_a_source():
    table = load_table("pk_parameters.csv")
    assert set(table["kind"]) <= {"published", "fitted", "derived", "assumption", "definition"}
    assert table["source"].notna().all() and table["derivation"].notna().all()
    fitted = table["kind"].isin(["derived", "assumption"])
    derived = table[fitted & (table.parameter != "clearance_weight_exponent")]
    assert derived["basis_value"].notna().all(), "a derived value must name what it came from"
    least_squares = table[table["kind"] == "fitted"]
    assert set(least_squares["parameter"]) == {"central_volume"}
    assert least_squares["source"].str.startswith("Fitted by the course to row 1 ").all()
    assert stored("intercompartmental_clearance").kind == "derived"


def test_the_distribution_half_life_is_the_labels_ten_minute_end():
    row = stored("distribution_half_life")
    assert (row.value, row.unit, row.kind) == (10, "min", "published")
    assert "Ketalar" in row.source and "10-15 minutes" in row.source
    assert pk.distribution_half_life_h() * 60 == pytest.approx(10, rel=1e-4)
    assert pk.terminal_half_life_h() == pytest.approx(5.75, abs=0.01)


def distribution_half_life_h():
    return stored("distribution_half_life").value / 60


def test_the_fitting_rows_are_the_declared_iv_rows():
    rows = pk.fitting_rows()
    assert list(rows.index + 1) == [1]
    assert set(rows["route"]) == {"iv"} and set(rows["role"]) == {"fit"}
    observations = load_table("pk_observations.csv")
    assert set(observations["role"]) == {"fit", "check"}
    infusion = observations[(observations.route == "iv") & (observations.infusion_min > 0)]
    assert list(infusion["role"]) == ["check"], "the research infusion is an independent check"


def test_distribution_parameters_refit_to_the_stored_values():
    fitted = pk.fit_distribution(cl=stored("clearance").value,
                                 vss=stored("steady_state_volume").value,
                                 distribution_half_life_h=distribution_half_life_h())
    for name in ("central_volume", "intercompartmental_clearance", "peripheral_volume"):
        assert fitted[name] == pytest.approx(stored(name).value, rel=1e-3), name
    assert fitted["residual_0"] == pytest.approx(0, abs=1e-6), "one row, one parameter: exact"
    assert stored("peripheral_volume").value == pytest.approx(
        stored("steady_state_volume").value - stored("central_volume").value, abs=1e-3)


def test_q_rederives_from_the_fitted_central_volume():
    row = stored("intercompartmental_clearance")
    assert row.basis_value == stored("central_volume").value
    q = pk.intercompartmental_clearance(row.basis_value, stored("clearance").value,
                                        stored("steady_state_volume").value,
                                        distribution_half_life_h())
    assert q == pytest.approx(row.value, rel=1e-4)


def test_the_fit_is_a_least_squares_minimum_by_an_independent_solver():
    """scipy's least_squares, from another start, finds the same V1 (and so the same Q)."""
    from scipy.optimize import least_squares

    cl, vss = stored("clearance").value, stored("steady_state_volume").value
    half_life = distribution_half_life_h()
    rows = pk.fitting_rows()

    def residuals(log_v1):
        v1 = math.exp(log_v1[0])
        q = pk.intercompartmental_clearance(v1, cl, vss, half_life)
        return [math.log(pk._iv_peak_for_fit(v1, q, cl, vss, row) / row.cmax_ng_ml)
                for row in rows.itertuples()]

    result = least_squares(residuals, [math.log(100.0)], bounds=([math.log(20)],
                                                                 [math.log(250)]))
    assert math.exp(result.x[0]) == pytest.approx(stored("central_volume").value, rel=1e-3)


def test_the_ten_minute_end_brings_the_infusion_closest():
    """The data file's claim: with 10 min the infusion is over-predicted least (2.2 vs 2.5)."""
    cl, vss = stored("clearance").value, stored("steady_state_volume").value
    infusion = load_table("pk_observations.csv").iloc[7]
    ratios = []
    for minutes in (10, 12.5, 15):
        fitted = pk.fit_distribution(cl, vss, minutes / 60)
        peak = pk._iv_peak_for_fit(fitted["central_volume"],
                                   fitted["intercompartmental_clearance"], cl, vss, infusion)
        ratios.append(peak / infusion.cmax_ng_ml)
    assert ratios == sorted(ratios)
    assert [round(ratio, 1) for ratio in ratios[:2]] == [2.2, 2.5]


def test_fit_distribution_rejects_rows_without_a_peak():
    rows = pk.fitting_rows().assign(cmax_ng_ml=float("nan"))
    with pytest.raises(ValueError, match="published peak"):
        pk.fit_distribution(79, 252, 10 / 60, rows)


@pytest.mark.parametrize(("half_life", "message"), [
    (0, "more than 0"), (-1, "more than 0"), (float("nan"), "finite number"),
    ("10", "finite number"), (3.0, "must be shorter than"),
])
def test_fit_distribution_rejects_a_bad_half_life(half_life, message):
    with pytest.raises(ValueError, match=message):
        pk.fit_distribution(79, 252, half_life)


@pytest.mark.parametrize("v1", [1.0, 252.0, 300.0])
def test_q_needs_a_central_volume_in_range(v1):
    with pytest.raises(ValueError, match="v1 must be between"):
        pk.intercompartmental_clearance(v1, 79, 252, 10 / 60)


@pytest.mark.parametrize("route", EXTRAVASCULAR)
def test_absorption_rates_rederive_from_their_tmax(route):
    row = stored("absorption_rate", route)
    assert pk.derive_absorption_rate(row.basis_value) == pytest.approx(row.value, rel=2e-3)
    peak = pk.summarize(pk.simulate(route, 10, step_min=0.1))["tmax_h"]
    assert peak == pytest.approx(row.basis_value, abs=0.01)


def test_intranasal_bioavailability_is_the_mean_of_the_three_measured():
    assert stored("bioavailability", "intranasal").value == pytest.approx((0.17 + 0.13 + 0.11) / 3,
                                                                          abs=5e-4)


# --- the model against published measurements ----------------------------------------------


def test_recorded_fit_verdicts_are_true():
    """Rows the data file says fit must fit within a factor of 1.5; rows it says miss must miss."""
    table = pk.compare_with_observations()
    wrong = table[table["fits"] != table["model_fits"]]
    columns = ["study", "route", "dose_mg", "cmax_ratio"]
    assert wrong.empty, f"update model_fits/note in pk_observations.csv:\n{wrong[columns]}"


def test_the_model_over_predicts_the_infusion_and_under_predicts_the_absorbed_peaks():
    """The honest record: the fitted IV row fits; the research infusion (an independent
    check) is over-predicted about 2.2 times; every absorbed route's peak falls short."""
    table = pk.compare_with_observations()
    iv = table[table["route"] == "iv"]
    assert iv.loc[iv["role"] == "fit", "fits"].all()
    infusion = iv[iv["infusion_min"] > 0].iloc[0]
    assert infusion["role"] == "check" and not infusion["fits"]
    assert infusion["cmax_ratio"] == pytest.approx(2.24, abs=0.01)
    absorbed = table[(table["route"] != "iv") & table["cmax_observed"].notna()]
    assert (absorbed["cmax_ratio"] < 1).all()


def test_known_misfits_are_explained():
    observations = load_table("pk_observations.csv")
    assert observations.loc[observations.model_fits == "no", "note"].notna().all()


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"route": "rectal"}, "routes: iv, im, intranasal, sublingual, oral"),
    ({"dose_mg": 0}, "more than 0"),
    ({"dose_mg": -5}, "more than 0"),
    ({"dose_mg": float("nan")}, "finite number"),
    ({"dose_mg": "35"}, "finite number"),
    ({"weight_kg": 20}, "between 40 and 200"),
    ({"weight_kg": 500}, "between 40 and 200"),
    ({"infusion_min": -1}, "0 \\(a bolus\\) or more"),
    ({"route": "oral", "infusion_min": 40}, "only to route 'iv'"),
    ({"hours": 0}, "more than 0"),
    ({"step_min": 0}, "more than 0"),
    ({"hours": 0.01, "step_min": 5}, "must not be longer"),
])
def test_bad_input_says_what_is_allowed(kwargs, message):
    arguments = {"route": "iv", "dose_mg": 35} | kwargs
    route, dose = arguments.pop("route"), arguments.pop("dose_mg")
    with pytest.raises(ValueError, match=message):
        pk.simulate(route, dose, **arguments)


@pytest.mark.parametrize("curve", [
    pd.DataFrame({"t": [0, 1]}), "curve", pd.DataFrame({"time_h": [0], "ketamine_ng_ml": [1]}),
    pd.DataFrame({"time_h": [1, 0], "ketamine_ng_ml": [1, 2]}),
])
def test_summarize_rejects_what_simulate_did_not_make(curve):
    with pytest.raises(ValueError, match="summarize needs"):
        pk.summarize(curve)


def test_compartments_validate_like_simulate():
    with pytest.raises(ValueError, match="routes"):
        pk.compartments("patch", 10)


# --- widget views -----------------------------------------------------------------------------


def test_routes_view_reads_out_each_setting():
    readout, figure = pk_widgets.routes_view(("iv", "oral_25mg"), 0.5, 70.0, 40.0, False)
    rows = _routes_rows(readout)
    assert rows[0][:3] == ["Intravenous 0.5 mg/kg (35 mg), over 40 min", "414", "40 min"]
    assert rows[1][0] == "Oral 25 mg (Chong 2006)"
    assert "learner-table" in readout  # the course's one table style, not a bare <table>
    assert "not for dosing" in readout and "alt=" in figure
    assert "Tick at least one" in pk_widgets.routes_view((), 0.5, 70.0, 40.0, False)[0]


def test_routes_view_refuses_a_setting_it_does_not_offer():
    with pytest.raises(ValueError, match="published doses only"):
        pk_widgets.routes_view(("oral_100mg",), 0.5, 70.0, 40.0, False)
    with pytest.raises(ValueError, match="published doses only"):
        pk_widgets.routes_view(("intranasal",), 0.5, 70.0, 40.0, False)


def test_non_iv_settings_are_the_doses_the_cited_studies_gave():
    observations = load_table("pk_observations.csv")
    published = {(row.route, row.dose_mg) for row in observations.itertuples() if row.route != "iv"}
    offered = {(route, dose) for route, dose, _ in pk_widgets.published_settings().values()}
    assert offered == published
    assert "im" not in {route for route, _ in offered}, "no checked study measured IM levels"
    sliders = [child for child in _routes_controls(pk_widgets.routes_widget())
               if isinstance(child, ipywidgets.IntSlider | ipywidgets.FloatSlider)]
    assert len(sliders) == 3 and all("IV" in slider.description for slider in sliders), (
        "only the intravenous curve may have free controls")


def _routes_controls(box):
    """Return the routes widget's controls, in order: its tick-boxes, sliders and log box."""
    return list(box.children[0].children)


def _routes_rows(readout):
    """Return the readout table's rows as lists of cell texts (the header row left out)."""
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", readout)]
    return [row for row in rows if row]


def test_routes_widget_follows_the_dose_slider():
    box = pk_widgets.routes_widget()
    dose = next(c for c in _routes_controls(box) if c.description == "IV dose (mg/kg)")
    readout = box.children[1]
    assert _routes_rows(readout.value)[0][:2] == ["Intravenous 0.5 mg/kg (35 mg), over 40 min",
                                                  "414"]
    dose.value = 1.0
    assert _routes_rows(readout.value)[0][:2] == ["Intravenous 1 mg/kg (70 mg), over 40 min",
                                                  "827"]


def test_routes_widget_follows_the_layout_rule():
    """Controls first, then the readout, then the figure; every slider track the same width."""
    box = pk_widgets.routes_widget()
    sliders = [c for c in _routes_controls(box)
               if isinstance(c, ipywidgets.IntSlider | ipywidgets.FloatSlider)]
    assert {s.style.description_width for s in sliders} == {wiring.LABEL_WIDTH}
    assert len({s.layout.width for s in sliders}) == 1
    assert "not for dosing" in box.children[1].value and "<img" in box.children[2].value


def _every_setting_the_routes_widget_allows():
    """Yield (settings, dose, weight, infusion, log) covering every value of every control.

    Every subset of the tick-boxes (with the IV controls at their defaults and at both
    ends), and every value of each IV slider with every box ticked; the non-IV curves do
    not depend on the IV controls (checked below), so this covers every reading of them.
    """
    dose, weight, infusion, log_box = _routes_controls(pk_widgets.routes_widget())[-4:]
    keys = tuple(pk_widgets.setting_labels())

    def values(slider):
        return list(np.round(np.arange(slider.min, slider.max + slider.step / 2, slider.step), 6))

    defaults = (dose.value, float(weight.value), float(infusion.value))
    ends = [(dose.min, float(weight.max), 0.0), (dose.max, float(weight.min), float(infusion.max))]
    for size in range(1, len(keys) + 1):
        for chosen in itertools.combinations(keys, size):
            for iv_controls in [defaults, *ends] if "iv" in chosen else [defaults]:
                for log in (False, True):
                    yield (chosen, *iv_controls, log)
    assert log_box.description == "Log scale"
    for value in values(dose):
        yield (keys, value, defaults[1], defaults[2], False)
    for value in values(weight):
        yield (keys, defaults[0], float(value), defaults[2], False)
    for value in values(infusion):
        yield (keys, defaults[0], defaults[1], float(value), False)


def _svg_text(figure_html):
    """Return every text element drawn in the SVG figure that a view returned."""
    encoded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', figure_html).group(1)
    svg = base64.b64decode(encoded).decode()
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


_FORBIDDEN = re.compile(r"reach|onset|first|band|effect|feel|psychedelic|bowdle|"
                        r"\b(50|200) ng/mL", re.IGNORECASE)


def _check_routes_output(settings, readout, alt, caption, drawn):
    """Fail if a routes-widget output names a time to reach a level, or the effect band."""
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", readout)
    assert headers == [column.header for column in pk_widgets.ROUTES_COLUMNS], headers
    for where, text in (("readout", readout), ("alt text", alt), ("caption", caption),
                        ("figure", drawn)):
        found = _FORBIDDEN.search(text)
        assert found is None, f"{where} of {settings} says {found.group(0)!r}"


def test_no_routes_widget_setting_reads_out_a_time_to_reach_an_effect_level(monkeypatch):
    """Safety: no setting shows when any concentration is reached, nor the effect band.

    For every setting the controls allow: the readout table's columns and words, the
    alt text, the caption, every text drawn in the figure, and no shaded band.  The
    figure is inspected as drawn, before it is turned into an image (which takes
    longer); the test below renders a few to check the SVG text as well.
    """
    assert {pk.effect_band()[0], pk.effect_band()[1]} == {50, 200}
    captured = {}

    def keep(fig, alt_text, caption=None):
        captured.update(fig=fig, alt=alt_text, caption=caption)
        return "<figure></figure>"

    monkeypatch.setattr(pk_widgets.plots, "figure_html", keep)
    non_iv_rows = {}
    checked = 0
    for settings, dose, weight, infusion, log in _every_setting_the_routes_widget_allows():
        readout, _ = pk_widgets.routes_view(settings, dose, weight, infusion, log)
        fig = captured["fig"]
        drawn = " ".join(text.get_text() for text in fig.findobj(matplotlib.text.Text))
        _check_routes_output(settings, readout, captured["alt"], captured["caption"], drawn)
        assert not fig.axes[0].patches, "the routes figure must not shade any band"
        for name, *cells in _routes_rows(readout):
            if not name.startswith("Intravenous"):
                assert non_iv_rows.setdefault(name, cells) == cells, "a non-IV row changed"
        checked += 1
    assert checked > 200 and len(non_iv_rows) == len(pk_widgets.published_settings())


@pytest.mark.parametrize("settings", [("iv",), tuple(pk_widgets.setting_labels())])
def test_routes_figure_as_rendered_names_no_effect_level(settings):
    readout, figure = pk_widgets.routes_view(settings, 2.0, 70.0, 0.0, True)
    alt = html.unescape(re.search(r'alt="([^"]*)"', figure).group(1))
    caption = re.search(r"<figcaption[^>]*>([^<]*)</figcaption>", figure).group(1)
    drawn = _svg_text(figure)
    assert "Plasma ketamine" in drawn
    _check_routes_output(settings, readout, alt, caption, drawn)


def test_the_band_is_drawn_only_beside_the_research_infusion():
    fig = pk_widgets.research_infusion_figure()
    low, high, _ = pk.effect_band()
    ax = fig.axes[0]
    assert len(ax.patches) == 1
    band = ax.patches[0]
    corners = band.get_path().transformed(band.get_patch_transform()).vertices
    assert {round(y) for y in corners[:, 1]} == {low, high}
    assert "infusion" in ax.get_title().lower()
    assert any("steady state" in t.get_text() for t in ax.get_legend().get_texts())


def test_observation_view_and_widget():
    labels = pk_widgets.observation_labels()
    assert labels[0][0].startswith("Pharmacotherapy 2022: 10 mg intravenous")
    readout, _ = pk_widgets.observation_view(labels[0][1])
    assert "<strong>fits</strong>" in readout and "296 ng/mL" in readout
    readout, _ = pk_widgets.observation_view(labels[-1][1])
    assert "does not fit" in readout and "185 ng/mL" in readout and "independent check" in readout
    readout, _ = pk_widgets.observation_view(labels[1][1])
    assert "does not fit" in readout and "22.9 ng/mL" in readout
    with pytest.raises(ValueError, match="row number"):
        pk_widgets.observation_view(99)
    box = pk_widgets.observation_widget()
    menu, readout = box.children[0].children[0], box.children[1]
    menu.value = 4
    assert "Chong" in readout.value or "28.6" in readout.value
    assert "None" not in readout.value and readout.value.rstrip().endswith(".</p>")


def test_effect_band_is_bowdle_1998():
    low, high, source = pk.effect_band()
    assert (low, high) == (50, 200) and "Bowdle" in source
    assert math.isfinite(low)


def test_steady_state_volume_is_the_sum_of_the_volumes_and_scales_with_weight():
    p = pk.parameters()
    assert pk.steady_state_volume_l() == pytest.approx(p["v1"] + p["v2"])
    assert pk.steady_state_volume_l(140) == pytest.approx(2 * pk.steady_state_volume_l())


def test_the_lesson_tables_read_in_words():
    for table in (pk.clinical_doses_table(), pk.parameters_table(), pk.comparison_table()):
        assert all("_" not in header for header in table.headers)
        assert not any(cell in ("None", "nan", "True", "False") for row in table.cells
                       for cell in row)
    comparison = pk.comparison_table()
    assert len(comparison) == len(pk.compare_with_observations())
    assert "Used to fit the model?" in comparison.headers
