"""A two-compartment pharmacokinetic model of racemic ketamine, by route (lesson 03).

Structure: a depot (for extravascular routes) absorbed by first-order kinetics
with rate ``ka`` and bioavailability ``F``; a central compartment (volume V1,
where plasma is sampled) with linear clearance CL; a peripheral compartment
(V2) exchanging with it at the inter-compartmental clearance Q.  Clearances
scale with (weight / 70 kg) ** 0.75 and volumes with weight / 70 kg.

Anchors: three published numbers.  CL and the steady-state volume V1 + V2
are the meta-analytic estimates (Kamp et al. 2020); the distribution
half-life is the 10-minute end of the Ketalar label's 10-15 minutes.  Given
V1, those three fix Q (:func:`intercompartmental_clearance`), so only V1 is
estimated by the course, by a least-squares fit (:func:`fit_distribution`) to
the intravenous rows of ``data/pk_observations.csv`` whose ``role`` is
``fit``; each absorption rate is derived from a published time to peak
(:func:`derive_absorption_rate`).  Every parameter is a row of
``data/pk_parameters.csv`` with its source, and the tests re-run the fit and
the derivations against the stored values.

The equations are linear, so they are solved exactly through the eigenvalues
of the rate matrix, vectorised over the time grid.  This is an educational
model, not a dosing tool.
"""

from __future__ import annotations

import math
import numbers
from functools import lru_cache

import numpy as np
import pandas as pd

from ..core.data import load_table
from ..core.tables import Column, LearnerTable, learner_table

ROUTES = ("iv", "im", "intranasal", "sublingual", "oral")
#: Weights the model accepts; its parameters come from studies of adults.
WEIGHT_RANGE_KG = (40.0, 200.0)
_REFERENCE_WEIGHT_KG = 70.0


@lru_cache(maxsize=1)
def parameters() -> dict[str, object]:
    """Return the model's parameters from ``data/pk_parameters.csv`` (read once).

    Keys: ``cl``, ``q`` (L/h per 70 kg), ``v1``, ``v2`` (L per 70 kg; V2 is the
    published steady-state volume minus V1),
    ``exponent`` (allometric exponent for clearances), ``f`` and ``ka``
    (dicts by route; ka in 1/h).
    """
    table = load_table("pk_parameters.csv")
    values = {(row.parameter, row.route): float(row.value) for row in table.itertuples()}
    return {
        "cl": values[("clearance", "all")],
        "q": values[("intercompartmental_clearance", "all")],
        "v1": values[("central_volume", "all")],
        "v2": values[("steady_state_volume", "all")] - values[("central_volume", "all")],
        "exponent": values[("clearance_weight_exponent", "all")],
        "f": {route: values[("bioavailability", route)] for route in ROUTES},
        "ka": {route: values[("absorption_rate", route)] for route in ROUTES if route != "iv"},
    }


def _check_number(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}.")
    return float(value)


def _rate_constants(cl: float, q: float, v1: float, v2: float) -> tuple[float, float, float]:
    """Return the micro-constants k10, k12 and k21 (1/h)."""
    return cl / v1, q / v1, q / v2


def _scaled(weight_kg: float, params: dict[str, object] | None = None) -> tuple[float, ...]:
    """Return CL, Q, V1 and V2 scaled to ``weight_kg``."""
    p = parameters() if params is None else params
    ratio = weight_kg / _REFERENCE_WEIGHT_KG
    scale = ratio ** p["exponent"]
    return p["cl"] * scale, p["q"] * scale, p["v1"] * ratio, p["v2"] * ratio


def _exact_solution(
    matrix: np.ndarray, initial: np.ndarray, rate_in: np.ndarray, times: np.ndarray,
    infusion_h: float,
) -> np.ndarray:
    """Solve dx/dt = matrix·x + rate_in·[t < infusion_h], x(0) = initial, at ``times``.

    Returns an array of shape (len(times), n) of amounts (mg).
    """
    eigenvalues, vectors = np.linalg.eig(matrix)
    eigenvalues, vectors = eigenvalues.real, vectors.real
    inverse = np.linalg.inv(vectors)
    growth = np.exp(np.outer(times, eigenvalues))
    amounts = (growth * (inverse @ initial)) @ vectors.T
    if infusion_h > 0:
        elapsed = np.minimum(times, infusion_h)
        integral = (growth - np.exp(np.outer(times - elapsed, eigenvalues))) / eigenvalues
        amounts += (integral * (inverse @ rate_in)) @ vectors.T
    amounts[times == 0] = initial  # exactly the starting state, free of rounding from V·V⁻¹
    return amounts


def _amounts(
    route: str, dose_mg: float, weight_kg: float, infusion_h: float, times: np.ndarray,
    params: dict[str, object] | None = None,
) -> np.ndarray:
    """Return amounts (mg) in [depot, central, peripheral] at ``times`` (hours)."""
    p = parameters() if params is None else params
    cl, q, v1, v2 = _scaled(weight_kg, p)
    k10, k12, k21 = _rate_constants(cl, q, v1, v2)
    ka = p["ka"].get(route, 1.0)
    matrix = np.array([[-ka, 0.0, 0.0], [ka, -(k10 + k12), k21], [0.0, k12, -k21]])
    initial, rate_in = np.zeros(3), np.zeros(3)
    if route == "iv" and infusion_h > 0:
        rate_in[1] = dose_mg / infusion_h
    elif route == "iv":
        initial[1] = dose_mg
    else:
        initial[0] = dose_mg * p["f"][route]
    return _exact_solution(matrix, initial, rate_in, times, infusion_h)


def _validate(route: str, dose_mg: float, weight_kg: float, infusion_min: float, hours: float,
              step_min: float) -> tuple[float, float, float, float, float]:
    """Check every argument of :func:`simulate`; return them as floats."""
    if route not in ROUTES:
        raise ValueError(f"Unknown route {route!r}; routes: {', '.join(ROUTES)}.")
    dose_mg = _check_number("dose_mg", dose_mg)
    if dose_mg <= 0:
        raise ValueError(f"dose_mg must be more than 0 (milligrams); got {dose_mg!r}.")
    weight_kg = _check_number("weight_kg", weight_kg)
    low, high = WEIGHT_RANGE_KG
    if not low <= weight_kg <= high:
        raise ValueError(
            f"weight_kg must be between {low:g} and {high:g} kg (the model's parameters come "
            f"from studies of adults); got {weight_kg!r}."
        )
    infusion_min = _check_number("infusion_min", infusion_min)
    if infusion_min < 0:
        raise ValueError(f"infusion_min must be 0 (a bolus) or more; got {infusion_min!r}.")
    if infusion_min > 0 and route != "iv":
        raise ValueError(
            f"infusion_min applies only to route 'iv' (a constant-rate infusion); "
            f"the route was {route!r}. Leave infusion_min at 0 for other routes."
        )
    hours = _check_number("hours", hours)
    step_min = _check_number("step_min", step_min)
    if hours <= 0 or step_min <= 0:
        raise ValueError(f"hours and step_min must be more than 0; got {hours!r} and {step_min!r}.")
    if step_min > hours * 60:
        raise ValueError(f"step_min ({step_min:g}) must not be longer than the whole simulation "
                         f"({hours * 60:g} minutes).")
    return dose_mg, weight_kg, infusion_min, hours, step_min


def simulate(
    route: str, dose_mg: float, *, weight_kg: float = 70.0, infusion_min: float = 0.0,
    hours: float = 6.0, step_min: float = 0.5,
) -> pd.DataFrame:
    """Simulate plasma ketamine (racemic) after one dose.

    Args:
        route: one of :data:`ROUTES`.
        dose_mg: the dose in milligrams (> 0).
        weight_kg: body weight, within :data:`WEIGHT_RANGE_KG`.
        infusion_min: for ``"iv"`` only, the length of a constant-rate infusion
            (0 means a bolus).
        hours: how long to simulate (> 0).
        step_min: the time step of the output (> 0).

    Returns:
        A DataFrame with ``time_h`` and ``ketamine_ng_ml``.
    """
    dose_mg, weight_kg, infusion_min, hours, step_min = _validate(
        route, dose_mg, weight_kg, infusion_min, hours, step_min
    )
    times = np.arange(0.0, hours + 1e-9, step_min / 60)
    amounts = _amounts(route, dose_mg, weight_kg, infusion_min / 60, times)
    v1 = _scaled(weight_kg)[2]
    concentration = np.clip(amounts[:, 1] / v1 * 1000.0, 0.0, None)
    return pd.DataFrame({"time_h": times, "ketamine_ng_ml": concentration})


def compartments(route: str, dose_mg: float, *, weight_kg: float = 70.0,
                 infusion_min: float = 0.0, hours: float = 6.0,
                 step_min: float = 0.5) -> pd.DataFrame:
    """Return the amount of ketamine (mg) in each compartment over time.

    Columns: ``time_h``, ``absorbing_mg`` (still in the depot), ``central_mg``,
    ``peripheral_mg`` and ``eliminated_mg`` (cleared from the body).
    """
    dose_mg, weight_kg, infusion_min, hours, step_min = _validate(
        route, dose_mg, weight_kg, infusion_min, hours, step_min
    )
    times = np.arange(0.0, hours + 1e-9, step_min / 60)
    amounts = _amounts(route, dose_mg, weight_kg, infusion_min / 60, times)
    given = dose_mg * (1.0 if route == "iv" else parameters()["f"][route])
    if route == "iv" and infusion_min > 0:
        given = dose_mg * np.minimum(times / (infusion_min / 60), 1.0)
    return pd.DataFrame({
        "time_h": times, "absorbing_mg": amounts[:, 0], "central_mg": amounts[:, 1],
        "peripheral_mg": amounts[:, 2], "eliminated_mg": given - amounts.sum(axis=1),
    })


def _check_curve(curve: object, caller: str) -> None:
    """Raise ValueError unless ``curve`` is a concentration-time table from :func:`simulate`."""
    if not isinstance(curve, pd.DataFrame) or not {"time_h", "ketamine_ng_ml"} <= set(curve):
        raise ValueError(f"{caller} needs the DataFrame that simulate() returns, with columns "
                         "'time_h' and 'ketamine_ng_ml'.")
    if len(curve) < 2 or not curve["time_h"].is_monotonic_increasing:
        raise ValueError(f"{caller} needs at least two time points in increasing order.")


def summarize(curve: pd.DataFrame) -> dict[str, float]:
    """Return ``cmax_ng_ml``, ``tmax_h`` and ``auc_ng_h_ml`` (trapezoidal, over the curve).

    Raises:
        ValueError: if ``curve`` is not a concentration-time table from :func:`simulate`.
    """
    _check_curve(curve, "summarize")
    times = curve["time_h"].to_numpy(float)
    values = curve["ketamine_ng_ml"].to_numpy(float)
    peak = int(np.argmax(values))
    auc = float(np.sum((values[1:] + values[:-1]) / 2 * np.diff(times)))
    return {"cmax_ng_ml": float(values[peak]), "tmax_h": float(times[peak]), "auc_ng_h_ml": auc}


def steady_state_volume_l(weight_kg: float = 70.0) -> float:
    """Return the model's steady-state volume of distribution, V1 + V2, in litres."""
    _, _, v1, v2 = _scaled(weight_kg)
    return v1 + v2


def terminal_half_life_h(weight_kg: float = 70.0) -> float:
    """Return the terminal (beta-phase) elimination half-life in hours."""
    return math.log(2) / -max(_disposition_eigenvalues(*_scaled(weight_kg)))


def distribution_half_life_h(weight_kg: float = 70.0) -> float:
    """Return the distribution (alpha-phase) half-life in hours."""
    return math.log(2) / -min(_disposition_eigenvalues(*_scaled(weight_kg)))


def _disposition_eigenvalues(cl: float, q: float, v1: float, v2: float) -> np.ndarray:
    """Return the two (negative) eigenvalues of the central-peripheral system."""
    k10, k12, k21 = _rate_constants(cl, q, v1, v2)
    return np.linalg.eigvals(np.array([[-(k10 + k12), k21], [k12, -k21]])).real


# --- derivations of the fitted parameters (checked by the tests) ----------------------------


def _bisect(function: object, low: float, high: float, tolerance: float = 1e-10) -> float:
    """Find a root of a monotonic ``function`` between ``low`` and ``high``."""
    f_low = function(low)
    for _ in range(200):
        middle = (low + high) / 2
        f_middle = function(middle)
        if (f_middle > 0) == (f_low > 0):
            low, f_low = middle, f_middle
        else:
            high = middle
        if high - low < tolerance * max(1.0, abs(high)):
            break
    return (low + high) / 2


def _iv_peak_for_fit(v1: float, q: float, cl: float, vss: float, row: object) -> float:
    """Return the model's concentration (ng/mL, 70 kg) to set beside an IV row's published peak.

    For an infusion this is the model's peak; for a bolus it is the concentration at
    the published time of the peak (the first blood sample), because the model's
    own peak is at the instant of injection, which no sample can catch.
    """
    params = {"cl": cl, "q": q, "v1": v1, "v2": vss - v1, "exponent": 0.75,
              "f": {"iv": 1.0}, "ka": {}}
    infusion_h = float(row.infusion_min) / 60
    if infusion_h > 0:
        times = np.linspace(0.0, infusion_h, 2)  # an infusion peaks as it stops
    else:
        times = np.array([float(row.tmax_h)])
    central = _amounts("iv", float(row.dose_mg), _REFERENCE_WEIGHT_KG, infusion_h, times,
                       params)[:, 1]
    return float(central.max() / v1 * 1000.0)


def fitting_rows() -> pd.DataFrame:
    """Return the intravenous rows of ``pk_observations.csv`` whose ``role`` is ``fit``."""
    table = load_table("pk_observations.csv")
    return table[(table["route"] == "iv") & (table["role"] == "fit")]


def _distribution_rate(cl: float, vss: float, distribution_half_life_h: float) -> float:
    """Return the distribution rate constant ln 2 / half-life (1/h), checking it is usable."""
    half_life = _check_number("distribution_half_life_h", distribution_half_life_h)
    if half_life <= 0:
        raise ValueError(f"distribution_half_life_h must be more than 0 hours; got {half_life!r}.")
    alpha = math.log(2) / half_life
    if alpha * vss <= cl:
        raise ValueError(
            f"distribution_half_life_h must be shorter than ln 2 x (V1 + V2) / CL "
            f"({math.log(2) * vss / cl:.3g} h), or distribution is no faster than elimination; "
            f"got {half_life!r}.")
    return alpha


def intercompartmental_clearance(v1: float, cl: float, vss: float,
                                 distribution_half_life_h: float) -> float:
    """Return the Q (L/h) that gives the stated distribution half-life, with V1, CL, V1 + V2 fixed.

    The faster eigenvalue of the central-peripheral system is ``alpha = ln 2 /
    half-life``; setting it in the characteristic equation, which is linear in Q,
    gives ``Q = alpha (alpha V1 - CL) V2 / (alpha Vss - CL)`` with V2 = Vss - V1.

    Raises:
        ValueError: unless 0 < V1 < Vss and alpha V1 > CL (only then is Q positive).
    """
    alpha = _distribution_rate(cl, vss, distribution_half_life_h)
    low = cl / alpha
    if not low < v1 < vss:
        raise ValueError(f"v1 must be between CL / alpha ({low:.3g} L) and V1 + V2 ({vss:g} L) "
                         f"for this distribution half-life; got {v1!r}.")
    return alpha * (alpha * v1 - cl) * (vss - v1) / (alpha * vss - cl)


def fit_distribution(cl: float, vss: float, distribution_half_life_h: float,
                     rows: pd.DataFrame | None = None) -> dict[str, float]:
    """Fit V1 (per 70 kg) by least squares, with CL, V1 + V2 and the distribution half-life fixed.

    Q follows from V1 (:func:`intercompartmental_clearance`).  The residual of each
    row is log(model peak / published peak), the model peak as
    :func:`_iv_peak_for_fit` defines it; the sum of squares is minimised over
    log V1, within the range where Q is positive, by a grid of 200 points and then
    a golden-section search between the best point's neighbours.  Returns
    ``central_volume``, ``intercompartmental_clearance``, ``peripheral_volume``
    and the residuals (``residual_0``, ...).

    Raises:
        ValueError: if there are no rows, a row has no published peak, or the
            half-life is not a positive number shorter than elimination allows.
    """
    rows = fitting_rows() if rows is None else rows
    if rows.empty or rows["cmax_ng_ml"].isna().any():
        raise ValueError("fit_distribution needs IV rows with a published peak (cmax_ng_ml).")
    alpha = _distribution_rate(cl, vss, distribution_half_life_h)
    observed = list(rows.itertuples())

    def residuals(log_v1: float) -> np.ndarray:
        v1 = math.exp(log_v1)
        q = intercompartmental_clearance(v1, cl, vss, distribution_half_life_h)
        return np.array([math.log(_iv_peak_for_fit(v1, q, cl, vss, row) / row.cmax_ng_ml)
                         for row in observed])

    def cost(log_v1: float) -> float:
        return float(np.sum(residuals(log_v1) ** 2))

    grid = np.linspace(math.log(cl / alpha * 1.0001), math.log(vss * 0.9999), 200)
    best = int(np.argmin([cost(x) for x in grid]))
    low, high = grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)]
    golden = (math.sqrt(5) - 1) / 2
    inner = [high - golden * (high - low), low + golden * (high - low)]
    costs = [cost(x) for x in inner]
    while high - low > 1e-10:
        if costs[0] < costs[1]:
            high, inner[1], costs[1] = inner[1], inner[0], costs[0]
            inner[0] = high - golden * (high - low)
            costs[0] = cost(inner[0])
        else:
            low, inner[0], costs[0] = inner[0], inner[1], costs[1]
            inner[1] = low + golden * (high - low)
            costs[1] = cost(inner[1])
    log_v1 = (low + high) / 2
    v1 = math.exp(log_v1)
    fitted = {"central_volume": v1,
              "intercompartmental_clearance": intercompartmental_clearance(
                  v1, cl, vss, distribution_half_life_h),
              "peripheral_volume": vss - v1}
    fitted |= {f"residual_{i}": float(value) for i, value in enumerate(residuals(log_v1))}
    return fitted


def derive_absorption_rate(tmax_h: float, params: dict[str, object] | None = None) -> float:
    """Return the absorption rate constant (1/h) that puts the peak at ``tmax_h`` (70 kg)."""
    p = dict(parameters() if params is None else params)
    times = np.linspace(0.0, max(6.0, 4 * tmax_h), 20001)

    def peak_time(ka: float) -> float:
        trial = p | {"ka": {"oral": ka}, "f": {"oral": 1.0}}
        central = _amounts("oral", 1.0, _REFERENCE_WEIGHT_KG, 0.0, times, trial)[:, 1]
        return float(times[np.argmax(central)])

    return _bisect(lambda ka: tmax_h - peak_time(ka), 0.05, 500.0, tolerance=1e-7)


# --- the model against published measurements ------------------------------------------------

#: A prediction "fits" an observation within this factor (and Tmax also within 10 minutes).
FIT_FACTOR = 1.5
_TMAX_SLACK_H = 10 / 60


def _within(predicted: float, observed: float) -> bool:
    """Return True if ``predicted`` is within :data:`FIT_FACTOR` of ``observed``."""
    return observed / FIT_FACTOR <= predicted <= observed * FIT_FACTOR


def compare_with_observations() -> pd.DataFrame:
    """Return every published observation beside the model's prediction for the same dose.

    Columns: the observation's study, route, dose, infusion, n, ``role`` and
    ``used_for``; observed and predicted Cmax, Tmax and AUC (AUC over 24 h; for an
    IV bolus the predicted Cmax is the concentration at the published time of the
    peak, since the model's own peak is at the instant of injection); the ratio of
    predicted to observed Cmax; ``fits`` (within :data:`FIT_FACTOR`, Tmax also
    within 10 minutes, for each measure reported); and ``model_fits`` as the data
    file records it.
    """
    observations = load_table("pk_observations.csv")
    p = parameters()
    rows = []
    for obs in observations.itertuples():
        curve = simulate(obs.route, obs.dose_mg, infusion_min=obs.infusion_min, hours=24,
                         step_min=0.25)
        predicted = summarize(curve)
        if obs.route == "iv" and obs.infusion_min == 0 and not pd.isna(obs.cmax_ng_ml):
            # A bolus peaks at the instant of injection, which no blood sample catches:
            # compare at the published time of the peak (the first sample), as the fit does.
            predicted["cmax_ng_ml"] = _iv_peak_for_fit(p["v1"], p["q"], p["cl"],
                                                       p["v1"] + p["v2"], obs)
            predicted["tmax_h"] = float(obs.tmax_h)
        checks = []
        if not pd.isna(obs.cmax_ng_ml):
            checks.append(_within(predicted["cmax_ng_ml"], obs.cmax_ng_ml))
        if not pd.isna(obs.tmax_h):
            checks.append(_within(predicted["tmax_h"], obs.tmax_h)
                          or abs(predicted["tmax_h"] - obs.tmax_h) <= _TMAX_SLACK_H)
        if not pd.isna(obs.auc_ng_h_ml):
            checks.append(_within(predicted["auc_ng_h_ml"], obs.auc_ng_h_ml))
        rows.append({
            "study": obs.study, "route": obs.route, "dose_mg": obs.dose_mg,
            "infusion_min": obs.infusion_min, "n": obs.n, "role": obs.role,
            "used_for": obs.used_for,
            "cmax_observed": obs.cmax_ng_ml, "cmax_predicted": predicted["cmax_ng_ml"],
            "cmax_ratio": predicted["cmax_ng_ml"] / obs.cmax_ng_ml,
            "tmax_observed_h": obs.tmax_h, "tmax_predicted_h": predicted["tmax_h"],
            "auc_observed": obs.auc_ng_h_ml, "auc_predicted": predicted["auc_ng_h_ml"],
            "fits": all(checks), "model_fits": obs.model_fits == "yes", "note": obs.note,
        })
    return pd.DataFrame(rows)


def effect_band() -> tuple[float, float, str]:
    """Return the low and high ends (ng/mL) of the dissociative-effect band, and its source."""
    row = load_table("pk_effect_levels.csv").iloc[0]
    return float(row["low_ng_ml"]), float(row["high_ng_ml"]), str(row["source"])


# --- the lesson's tables, as a learner reads them ---------------------------------------------

#: Route names in words, for tables.
ROUTE_NAMES = {"iv": "Intravenous", "im": "Intramuscular", "intranasal": "Intranasal",
               "sublingual": "Sublingual", "oral": "Oral"}


def clinical_doses_table() -> LearnerTable:
    """Show the licensed and studied uses of ketamine by route (``clinical_doses.csv``)."""
    table = load_table("clinical_doses.csv")
    table = table.assign(route=table["route"].str.capitalize())
    return learner_table(table, [
        Column("use", "Use"), Column("route", "Route"), Column("dose", "Dose"),
        Column("onset", "Onset"), Column("duration", "Duration"), Column("source", "Source"),
    ], caption="How ketamine is given in medicine and in research")


def parameters_table() -> LearnerTable:
    """Show the model's parameters, each with where its value comes from."""
    table = load_table("pk_parameters.csv")
    table = table.assign(parameter=table["parameter"].str.replace("_", " ").str.capitalize(),
                         route=table["route"].map(lambda r: ROUTE_NAMES.get(r, "All routes")),
                         value=table["value"].map(lambda v: f"{v:g}"))
    return learner_table(table, [
        Column("parameter", "Parameter"), Column("route", "Route"),
        Column("value", "Value"), Column("unit", "Unit"),
        Column("kind", "Where the value comes from"),
    ], caption="The model's parameters")


def comparison_table() -> LearnerTable:
    """Show the model beside every published observation, with what each row was used for.

    Published and model values share a cell ("296 → 281"), so that the table, and its
    column of what each row was used for, fit JupyterLab's width without scrolling.
    """
    table = compare_with_observations()

    def pair(published: float, model: float, scale: float = 1.0) -> str:
        shown = "—" if pd.isna(published) else f"{published * scale:,.0f}"
        return f"{shown} → {model * scale:,.0f}"

    table = table.assign(
        route=table["route"].map(ROUTE_NAMES),
        peaks=[pair(row.cmax_observed, row.cmax_predicted) for row in table.itertuples()],
        times=[pair(row.tmax_observed_h, row.tmax_predicted_h, 60) for row in table.itertuples()])
    return learner_table(table, [
        Column("study", "Study"), Column("route", "Route"),
        Column("dose_mg", "Dose (mg)", "number", decimals=0),
        Column("n", "People (n)", "count"),
        Column("peaks", "Peak, published → model (ng/mL)"),
        Column("cmax_ratio", "Model ÷ published", "number", decimals=2),
        Column("times", "Time to peak, published → model (min)"),
        Column("fits", "Within the fit rule", "yesno"),
        Column("used_for", "Used to fit the model?", missing="No: an independent check",
               min_width_em=11),
    ], caption="The model beside the published measurements")
