"""Figures and widget views for the pharmacokinetics lesson (lesson 03)."""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, NullFormatter

from ..core import plots, wiring
from ..core.data import load_table
from ..core.tables import Column, learner_table
from . import l03_dosing_routes as pk

ROUTE_LABELS = {"iv": "Intravenous", "im": "Intramuscular", "intranasal": "Intranasal",
                "sublingual": "Sublingual", "oral": "Oral"}
ROUTE_STYLE = {"iv": (plots.OKABE_ITO["blue"], "-"), "im": (plots.MARK_COLOURS["orange"], "--"),
               "intranasal": (plots.OKABE_ITO["bluish_green"], "-."),
               "sublingual": (plots.OKABE_ITO["reddish_purple"], ":"),
               "oral": (plots.OKABE_ITO["vermillion"], (0, (5, 1, 1, 1)))}
NOT_FOR_DOSING = ("An educational model of average adults, checked against a handful of small "
                  "studies. It is not for dosing anyone.")
#: The columns of the routes widget's readout: each curve's peak, time of peak and exposure.
ROUTES_COLUMNS = (Column("setting", "Setting"),
                  Column("cmax", "Peak concentration, Cmax (ng/mL)", "number", decimals=0),
                  Column("tmax", "Time to peak, Tmax"),
                  Column("auc", "Exposure over 6 h, AUC (ng·h/mL)", "number", decimals=0))
#: The intravenous curve, driven by the dose, weight and infusion controls.
IV_SETTING = "iv"
_SETTING_STYLES = ((plots.OKABE_ITO["blue"], "-"), (plots.MARK_COLOURS["orange"], "--"),
                   (plots.OKABE_ITO["bluish_green"], "-."),
                   (plots.OKABE_ITO["reddish_purple"], ":"),
                   (plots.OKABE_ITO["vermillion"], (0, (5, 1, 1, 1))),
                   (plots.MARK_COLOURS["sky_blue"], (0, (3, 1, 1, 1, 1, 1))))


@lru_cache(maxsize=1)
def published_settings() -> dict[str, tuple[str, float, str]]:
    """Return the non-IV settings the routes widget offers: the doses the cited studies gave.

    Keys such as ``"intranasal_30mg"`` map to (route, dose in mg, a label naming the
    studies).  They come from the non-IV rows of ``data/pk_observations.csv``, so the
    widget shows a non-IV route only at a dose that a cited study gave to adults, never
    at a dose the reader picks.
    """
    observations = load_table("pk_observations.csv")
    found: dict[str, tuple[str, float, list[str]]] = {}
    for row in observations[observations["route"] != "iv"].itertuples():
        key = f"{row.route}_{row.dose_mg:g}mg"
        studies = found.setdefault(key, (row.route, float(row.dose_mg), []))[2]
        if row.study not in studies:
            studies.append(row.study)
    return {key: (route, dose, f"{ROUTE_LABELS[route]} {dose:g} mg ({'; '.join(studies)})")
            for key, (route, dose, studies) in found.items()}


def setting_labels() -> dict[str, str]:
    """Return the tick-box label of every setting the routes widget offers, IV first."""
    return {IV_SETTING: "Intravenous (dose and infusion set below)"} | {
        key: label for key, (_, _, label) in published_settings().items()}


def _check_settings(settings: tuple[str, ...]) -> None:
    """Raise ValueError unless every item of ``settings`` is one the widget offers."""
    allowed = setting_labels()
    unknown = [setting for setting in settings if setting not in allowed]
    if unknown:
        raise ValueError(f"Unknown setting(s) {unknown!r}; the routes widget offers only "
                         f"{', '.join(allowed)} (non-IV routes at published doses only).")


def _setting_curve(setting: str, iv_dose_mg_kg: float, weight_kg: float, infusion_min: float,
                   hours: float) -> tuple[object, dict[str, float]]:
    """Simulate one setting: IV at the chosen mg/kg, the others at their published dose (70 kg)."""
    if setting == IV_SETTING:
        curve = pk.simulate("iv", iv_dose_mg_kg * weight_kg, weight_kg=weight_kg,
                            infusion_min=infusion_min, hours=hours)
    else:
        route, dose_mg, _ = published_settings()[setting]
        curve = pk.simulate(route, dose_mg, hours=hours)
    return curve, pk.summarize(curve)


def _setting_name(setting: str, iv_dose_mg_kg: float, weight_kg: float,
                  infusion_min: float) -> str:
    """Return a setting's name for a legend or a readout row."""
    if setting != IV_SETTING:
        return published_settings()[setting][2]
    how = f"over {infusion_min:g} min" if infusion_min > 0 else "bolus"
    return f"Intravenous {iv_dose_mg_kg:g} mg/kg ({iv_dose_mg_kg * weight_kg:.0f} mg), {how}"


def routes_figure(settings: tuple[str, ...], iv_dose_mg_kg: float, weight_kg: float,
                  infusion_min: float, log_scale: bool, hours: float = 6.0,
                  reuse: str | None = None) -> Figure:
    """Overlay the model's concentration curves for the chosen settings (no effect band).

    ``reuse`` names a widget whose last figure is redrawn (see :func:`plots.new_figure`).
    """
    _check_settings(settings)
    fig, ax = plots.new_figure(
        "Model curves: IV as set; other routes at published study doses",
        "Time after the dose starts (hours)", "Plasma ketamine (ng/mL)", size=(7.5, 4.2),
        reuse=reuse,
    )
    order = list(setting_labels())
    for setting in settings:
        curve, _ = _setting_curve(setting, iv_dose_mg_kg, weight_kg, infusion_min, hours)
        colour, style = _SETTING_STYLES[order.index(setting)]
        ax.plot(curve["time_h"], curve["ketamine_ng_ml"], color=colour, linestyle=style,
                linewidth=2, label=_setting_name(setting, iv_dose_mg_kg, weight_kg, infusion_min))
    if log_scale:
        ax.set_yscale("log")
        ax.set_ylim(1, None)
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))  # plain numbers draw faster
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel("Plasma ketamine (ng/mL, log scale)")
    else:
        ax.set_ylim(0, None)
    ax.set_xlim(0, hours)
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    return fig


def _minutes(hours: float) -> str:
    """Format a time in hours as minutes or hours, for a readout."""
    return f"{hours * 60:.0f} min" if hours < 2 else f"{hours:.1f} h"


def routes_view(settings: tuple[str, ...], iv_dose_mg_kg: float, weight_kg: float,
                infusion_min: float, log_scale: bool) -> tuple[str, str]:
    """Return the readout table and the figure (HTML) for the routes widget.

    The readout gives each curve's peak (Cmax), time of peak (Tmax) and AUC, and
    nothing else: no time at which any concentration is reached.
    """
    _check_settings(settings)
    if not settings:
        return "<p class='readout'>Tick at least one setting.</p>", ""
    rows = []
    for setting in settings:
        _, summary = _setting_curve(setting, iv_dose_mg_kg, weight_kg, infusion_min, 6.0)
        rows.append({"setting": _setting_name(setting, iv_dose_mg_kg, weight_kg, infusion_min),
                     "cmax": summary["cmax_ng_ml"], "tmax": _minutes(summary["tmax_h"]),
                     "auc": summary["auc_ng_h_ml"]})
    table = learner_table(pd.DataFrame(rows), ROUTES_COLUMNS,
                          caption="What the model gives for each ticked curve")
    readout = f"<p class='readout'><strong>{NOT_FOR_DOSING}</strong></p>{table.html}"
    names = "; ".join(_setting_name(s, iv_dose_mg_kg, weight_kg, infusion_min) for s in settings)
    axis = "a logarithmic" if log_scale else "a linear"
    alt = (f"Line chart of the model's plasma ketamine concentration over 6 hours, on {axis} "
           f"concentration axis, for: {names}. Each curve rises to its peak and falls.")
    fig = routes_figure(settings, iv_dose_mg_kg, weight_kg, infusion_min, log_scale,
                        reuse="routes")
    return readout, plots.figure_html(fig, alt, caption="Model: the course's two-compartment "
                                      "model (lesson 03); doses: data/pk_observations.csv.")


def routes_widget() -> w.VBox:
    """Tick settings (IV, or a non-IV route at a published dose) and compare the model's curves.

    Only the IV curve has free controls (dose in mg/kg, weight, infusion time); the
    other routes are offered only at the doses the cited studies gave.
    """
    boxes = {setting: w.Checkbox(value=setting in (IV_SETTING, "intranasal_30mg", "oral_25mg"),
                                 description=label)
             for setting, label in setting_labels().items()}
    dose = w.FloatSlider(value=0.5, min=0.1, max=2.0, step=0.1, readout_format=".1f",
                         description="IV dose (mg/kg)", continuous_update=False)
    weight = w.IntSlider(value=70, min=40, max=200, step=5, description="Body weight, IV (kg)",
                         continuous_update=False)
    infusion = w.IntSlider(value=40, min=0, max=60, step=5, continuous_update=False,
                           description="IV infusion time (min; 0 = bolus)")
    log_scale = w.Checkbox(value=False, description="Log scale")

    def view() -> tuple[str, str]:
        chosen = tuple(setting for setting, box in boxes.items() if box.value)
        return routes_view(chosen, dose.value, float(weight.value), float(infusion.value),
                           log_scale.value)

    controls = [*boxes.values(), dose, weight, infusion, log_scale]
    readout, figure = wiring.wire(controls, view)
    return wiring.arrange(controls, figure, readout)


def research_infusion_figure() -> Figure:
    """Draw the research infusion (0.5 mg/kg over 40 min, 70 kg) beside Bowdle's band.

    The only figure that draws the band: it was measured in volunteers held at steady
    concentrations by IV infusion, so it is shown beside an IV infusion and nowhere else.
    """
    low, high, _ = pk.effect_band()
    curve = pk.simulate("iv", 35, infusion_min=40, hours=3)
    fig, ax = plots.new_figure("Research infusion: 0.5 mg/kg IV over 40 minutes (70 kg)",
                               "Time after the infusion starts (hours)",
                               "Plasma ketamine (ng/mL)", size=(7, 3.8))
    ax.axhspan(low, high, color=plots.NEUTRAL, alpha=0.35, zorder=0,
               label=f"Bowdle 1998: held at steady state by IV infusion ({low:g}-{high:g} ng/mL)")
    ax.plot(curve["time_h"], curve["ketamine_ng_ml"], color=plots.OKABE_ITO["blue"],
            linewidth=2, label="Model")
    observations = load_table("pk_observations.csv")
    quoted = observations[(observations["route"] == "iv") & (observations["infusion_min"] == 40)]
    for row in quoted.itertuples():  # the published mean the model is checked against
        ax.plot(row.infusion_min / 60, row.cmax_ng_ml, marker="D", markersize=7, linestyle="none",
                color=plots.OKABE_ITO["black"],
                label=f"Mean quoted for this infusion ({row.study}): {row.cmax_ng_ml:g} ng/mL")
    ax.set_xlim(0, 3)
    ax.set_ylim(0, None)
    ax.legend(frameon=False, fontsize=8, loc="upper right")
    return fig


def observation_labels() -> list[tuple[str, int]]:
    """Return (label, row index) pairs for the published observations, for a menu."""
    table = pk.compare_with_observations()
    return [(f"{row.study}: {row.dose_mg:g} mg {ROUTE_LABELS[row.route].lower()}"
             + (f" over {row.infusion_min:g} min" if row.infusion_min else ""), index)
            for index, row in table.iterrows()]


def observation_view(index: int) -> tuple[str, str]:
    """Return the readout and figure comparing the model with one published observation."""
    table = pk.compare_with_observations()
    if not isinstance(index, int) or not 0 <= index < len(table):
        raise ValueError(f"index must be a row number from 0 to {len(table) - 1}; got {index!r}.")
    row = table.iloc[index]
    curve = pk.simulate(row.route, row.dose_mg, infusion_min=row.infusion_min, hours=6)
    title = f"{row.study}: {row.dose_mg:g} mg {ROUTE_LABELS[row.route].lower()}"
    fig, ax = plots.new_figure(title, "Time after the dose starts (hours)",
                               "Plasma ketamine (ng/mL)", size=(7, 3.8), reuse="observation")
    ax.plot(curve["time_h"], curve["ketamine_ng_ml"], color=plots.OKABE_ITO["blue"],
            linewidth=2, label="Model")
    if not np.isnan(row.cmax_observed):
        tmax = row.tmax_observed_h if not np.isnan(row.tmax_observed_h) else row.tmax_predicted_h
        ax.scatter([tmax], [row.cmax_observed], color=plots.OKABE_ITO["vermillion"], marker="D",
                   s=60, zorder=3, label=f"Published peak (n = {row.n})")
    elif not np.isnan(row.tmax_observed_h):
        ax.axvline(row.tmax_observed_h, color=plots.OKABE_ITO["vermillion"], linestyle="--",
                   label=f"Published time of peak (n = {row.n})")
    ax.set_xlim(0, 6)
    ax.set_ylim(0, None)
    ax.legend(frameon=False, fontsize=8)
    verdict = "fits" if row.fits else "does not fit"
    observed = ("not reported" if np.isnan(row.cmax_observed)
                else f"{row.cmax_observed:g} ng/mL")
    bolus = row.route == "iv" and not row.infusion_min
    at = f" at the published time of the peak ({_minutes(row.tmax_predicted_h)})" if bolus else ""
    readout = (
        f"<p class='readout'>Published peak: <strong>{observed}</strong>; model{at}: "
        f"<strong>{row.cmax_predicted:.0f} ng/mL</strong>. The model <strong>{verdict}</strong> "
        f"this study within a factor of {pk.FIT_FACTOR:g}. Used to fit the model: "
        f"{html.escape(row.used_for)}.</p>"
        + (f"<p>{html.escape(row.note.rstrip('.'))}.</p>" if isinstance(row.note, str) else "")
    )
    alt = (f"Model concentration curve for {title} over 6 hours, at "
           f"{row.cmax_predicted:.0f} ng/mL{at or ' at its peak'}, with the published peak "
           f"({observed}) marked.")
    return readout, plots.figure_html(fig, alt, caption="Data: data/pk_observations.csv.")


def observation_widget() -> w.VBox:
    """Pick a published measurement and see the model's curve beside it."""
    menu = w.Dropdown(options=observation_labels(), value=0, description="Study",
                      layout=w.Layout(width="auto"))
    return wiring.stack([menu], lambda: observation_view(menu.value))


def compartments_figure(dose_mg: float = 140.0) -> Figure:
    """Show where an IV bolus goes: central, peripheral and eliminated amounts over 3 hours."""
    table = pk.compartments("iv", dose_mg, hours=3, step_min=0.5)
    fig, ax = plots.new_figure(
        f"Where a {dose_mg:g} mg IV bolus goes (70 kg)", "Time after the bolus (hours)",
        "Amount of ketamine (mg)", size=(7, 3.8),
    )
    for column, label, colour, style in (
        ("central_mg", "Blood and well-perfused organs (central)", plots.OKABE_ITO["blue"], "-"),
        ("peripheral_mg", "Other tissues (peripheral)", plots.MARK_COLOURS["orange"], "--"),
        ("eliminated_mg", "Cleared from the body", plots.OKABE_ITO["bluish_green"], ":"),
    ):
        ax.plot(table["time_h"], table[column], label=label, color=colour, linestyle=style,
                linewidth=2)
    ax.set_xlim(0, 3)
    ax.set_ylim(0, dose_mg * 1.05)
    ax.legend(frameon=False, fontsize=8)
    return fig


def validation_figure() -> Figure:
    """Plot predicted against published peak concentrations, with the fit band shaded."""
    table = pk.compare_with_observations().dropna(subset=["cmax_observed"])
    fig, ax = plots.new_figure("Model peak against published peak, by study",
                               "Published peak concentration (ng/mL, log scale)",
                               "Model peak concentration (ng/mL, log scale)", size=(6, 5))
    line = np.array([2.0, 1000.0])  # the lowest model peak (about 6 ng/mL) must show
    ax.plot(line, line, color=plots.OKABE_ITO["black"], linewidth=1, label="Perfect agreement")
    # a pale band between two dark-grey edges: the edges carry the legend (3:1 or more)
    ax.fill_between(line, line / pk.FIT_FACTOR, line * pk.FIT_FACTOR, color=plots.NEUTRAL,
                    alpha=0.3, linewidth=0)
    for edge, label in ((line / pk.FIT_FACTOR, f"Within a factor of {pk.FIT_FACTOR:g}"),
                        (line * pk.FIT_FACTOR, "_upper edge")):
        ax.plot(line, edge, color="#595959", linewidth=0.8, linestyle="--", label=label)
    for route, group in table.groupby("route"):
        colour, _ = ROUTE_STYLE[route]
        ax.scatter(group["cmax_observed"], group["cmax_predicted"], color=colour, s=60,
                   marker="o" if route != "iv" else "s", label=ROUTE_LABELS[route], zorder=3)
        for row in group.itertuples():
            # IV points sit top right (labels to their left; the two squares are close, so
            # the infusion's label goes up and the bolus's down); the intranasal 10 mg and
            # sublingual points share a height, so one is labelled left and one right.
            left = route in ("iv", "oral") or (route == "intranasal" and row.cmax_observed < 30)
            dy = {"oral": -6}.get(route, 0)
            if route == "iv":
                dy = 6 if row.infusion_min else -9
            ax.annotate(f"{row.study}, {row.dose_mg:g} mg", (row.cmax_observed, row.cmax_predicted),
                        xytext=(-6 if left else 6, dy), textcoords="offset points",
                        fontsize=7, horizontalalignment="right" if left else "left",
                        verticalalignment="center")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*line)
    ax.set_ylim(*line)
    ax.legend(frameon=False, fontsize=7, loc="upper left")
    return fig
