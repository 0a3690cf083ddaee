"""Figures and widget views for the pharmacokinetics lesson (lesson 03)."""

from __future__ import annotations

import html

import ipywidgets as w
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, NullFormatter

from ..core import plots, wiring
from . import l03_dosing_routes as pk

ROUTE_LABELS = {"iv": "Intravenous", "im": "Intramuscular", "intranasal": "Intranasal",
                "sublingual": "Sublingual", "oral": "Oral"}
ROUTE_STYLE = {"iv": (plots.OKABE_ITO["blue"], "-"), "im": (plots.OKABE_ITO["orange"], "--"),
               "intranasal": (plots.OKABE_ITO["bluish_green"], "-."),
               "sublingual": (plots.OKABE_ITO["reddish_purple"], ":"),
               "oral": (plots.OKABE_ITO["vermillion"], (0, (5, 1, 1, 1)))}
NOT_FOR_DOSING = ("An educational model of average adults, checked against a handful of small "
                  "studies. It is not for dosing anyone.")


def _route_curve(route: str, dose_mg_kg: float, weight_kg: float, infusion_min: float,
                 hours: float) -> tuple[object, dict[str, float]]:
    """Simulate one route at a dose in mg/kg; the infusion applies to IV only."""
    curve = pk.simulate(route, dose_mg_kg * weight_kg, weight_kg=weight_kg,
                        infusion_min=infusion_min if route == "iv" else 0.0, hours=hours)
    return curve, pk.summarize(curve)


def routes_figure(routes: tuple[str, ...], dose_mg_kg: float, weight_kg: float,
                  infusion_min: float, log_scale: bool, hours: float = 6.0,
                  reuse: str | None = None) -> Figure:
    """Overlay concentration curves for the chosen routes, with the effect band shaded.

    ``reuse`` names a widget whose last figure is redrawn (see :func:`plots.new_figure`).
    """
    low, high, _ = pk.effect_band()
    infusion = f", IV over {infusion_min:g} min" if infusion_min > 0 and "iv" in routes else ""
    fig, ax = plots.new_figure(
        f"{dose_mg_kg:g} mg/kg ({dose_mg_kg * weight_kg:.0f} mg) for {weight_kg:g} kg{infusion}",
        "Time after the dose starts (hours)", "Plasma ketamine (ng/mL)", size=(7.5, 4.2),
        reuse=reuse,
    )
    ax.axhspan(low, high, color=plots.NEUTRAL, alpha=0.35, zorder=0,
               label=f"Range studied by Bowdle et al. 1998 ({low:g}-{high:g} ng/mL)")
    for route in routes:
        curve, _ = _route_curve(route, dose_mg_kg, weight_kg, infusion_min, hours)
        colour, style = ROUTE_STYLE[route]
        ax.plot(curve["time_h"], curve["ketamine_ng_ml"], color=colour, linestyle=style,
                linewidth=2, label=ROUTE_LABELS[route])
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


def _minutes(hours: float | None) -> str:
    """Format a time in hours as minutes or hours, for a readout."""
    if hours is None:
        return "not reached"
    return f"{hours * 60:.0f} min" if hours < 2 else f"{hours:.1f} h"


def routes_view(routes: tuple[str, ...], dose_mg_kg: float, weight_kg: float,
                infusion_min: float, log_scale: bool) -> tuple[str, str]:
    """Return the readout table and the figure (HTML) for the routes widget."""
    if not routes:
        return "<p class='readout'>Tick at least one route.</p>", ""
    low, high, _ = pk.effect_band()
    rows = []
    for route in routes:
        curve, summary = _route_curve(route, dose_mg_kg, weight_kg, infusion_min, 6.0)
        rows.append(
            f"<tr><td>{ROUTE_LABELS[route]}</td><td>{summary['cmax_ng_ml']:.0f}</td>"
            f"<td>{_minutes(summary['tmax_h'])}</td><td>{summary['auc_ng_h_ml']:.0f}</td>"
            f"<td>{_minutes(pk.time_above(curve, low)['first_h'])}</td></tr>"
        )
    readout = (
        f"<p class='readout'><strong>{NOT_FOR_DOSING}</strong></p>"
        "<table class='readout'><thead><tr><th>Route</th><th>Cmax (ng/mL)</th><th>Tmax</th>"
        f"<th>AUC 0-6 h (ng·h/mL)</th><th>Reaches {low:g} ng/mL after (approximate)</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    names = ", ".join(ROUTE_LABELS[r] for r in routes)
    alt = (f"Line chart of plasma ketamine over 6 hours after {dose_mg_kg:g} mg/kg by these "
           f"routes: {names}. A grey band marks {low:g} to {high:g} ng/mL.")
    fig = routes_figure(routes, dose_mg_kg, weight_kg, infusion_min, log_scale, reuse="routes")
    return readout, plots.figure_html(fig, alt, caption="Model: the course's two-compartment model "
                                      "(lesson 03); band: Bowdle et al. 1998.")


def routes_widget() -> w.VBox:
    """Tick routes, set dose (mg/kg), weight and IV infusion time; see curves and readouts."""
    style = {"description_width": "initial"}
    boxes = {route: w.Checkbox(value=route in ("iv", "intranasal", "oral"), indent=False,
                               description=label, layout=w.Layout(width="auto"))
             for route, label in ROUTE_LABELS.items()}
    dose = w.FloatSlider(value=0.5, min=0.1, max=2.0, step=0.1, readout_format=".1f",
                         description="Dose (mg/kg)", continuous_update=False, style=style)
    weight = w.IntSlider(value=70, min=40, max=200, step=5, description="Body weight (kg)",
                         continuous_update=False, style=style)
    infusion = w.IntSlider(value=40, min=0, max=60, step=5, continuous_update=False,
                           description="IV infusion time (min; 0 = bolus)", style=style)
    log_scale = w.Checkbox(value=False, description="Log scale", indent=False)

    def view() -> tuple[str, str]:
        chosen = tuple(route for route, box in boxes.items() if box.value)
        return routes_view(chosen, dose.value, float(weight.value), float(infusion.value),
                           log_scale.value)

    readout, figure = wiring.wire([*boxes.values(), dose, weight, infusion, log_scale], view)
    return w.VBox([w.HBox(list(boxes.values())), dose, weight, infusion, log_scale, readout,
                   figure])


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
    readout = (
        f"<p class='readout'>Published peak: <strong>{observed}</strong>; model: "
        f"<strong>{row.cmax_predicted:.0f} ng/mL</strong>. The model <strong>{verdict}</strong> "
        f"this study within a factor of {pk.FIT_FACTOR:g}. Used to fit the model: "
        f"{html.escape(row.used_for)}.</p>"
        + (f"<p>{html.escape(row.note)}</p>" if isinstance(row.note, str) else "")
    )
    alt = (f"Model concentration curve for {title} over 6 hours, peaking at "
           f"{row.cmax_predicted:.0f} ng/mL, with the published peak ({observed}) marked.")
    return readout, plots.figure_html(fig, alt, caption="Data: data/pk_observations.csv.")


def observation_widget() -> w.VBox:
    """Pick a published measurement and see the model's curve beside it."""
    menu = w.Dropdown(options=observation_labels(), value=0, description="Study",
                      style={"description_width": "initial"}, layout=w.Layout(width="auto"))
    return w.VBox([menu, *wiring.wire([menu], lambda: observation_view(menu.value))])


def compartments_figure(dose_mg: float = 140.0) -> Figure:
    """Show where an IV bolus goes: central, peripheral and eliminated amounts over 3 hours."""
    table = pk.compartments("iv", dose_mg, hours=3, step_min=0.5)
    fig, ax = plots.new_figure(
        f"Where a {dose_mg:g} mg IV bolus goes (70 kg)", "Time after the bolus (hours)",
        "Amount of ketamine (mg)", size=(7, 3.8),
    )
    for column, label, colour, style in (
        ("central_mg", "Blood and well-perfused organs (central)", plots.OKABE_ITO["blue"], "-"),
        ("peripheral_mg", "Other tissues (peripheral)", plots.OKABE_ITO["orange"], "--"),
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
    line = np.array([5.0, 1000.0])
    ax.plot(line, line, color=plots.OKABE_ITO["black"], linewidth=1, label="Perfect agreement")
    ax.fill_between(line, line / pk.FIT_FACTOR, line * pk.FIT_FACTOR, color=plots.NEUTRAL,
                    alpha=0.4, label=f"Within a factor of {pk.FIT_FACTOR:g}")
    for route, group in table.groupby("route"):
        colour, _ = ROUTE_STYLE[route]
        ax.scatter(group["cmax_observed"], group["cmax_predicted"], color=colour, s=60,
                   marker="o" if route != "iv" else "s", label=ROUTE_LABELS[route], zorder=3)
        for row in group.itertuples():
            right_half = row.cmax_observed > 70  # label to the left, inside the axes
            ax.annotate(f"{row.study}, {row.dose_mg:g} mg", (row.cmax_observed, row.cmax_predicted),
                        xytext=(-5 if right_half else 5, -10), textcoords="offset points",
                        fontsize=7, horizontalalignment="right" if right_half else "left")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*line)
    ax.set_ylim(*line)
    ax.legend(frameon=False, fontsize=7, loc="upper left")
    return fig
