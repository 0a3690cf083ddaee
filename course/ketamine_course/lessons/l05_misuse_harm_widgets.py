"""Lesson 05's widgets: the prevalence explorer, the harms-evidence table and the claim checker.

Each widget has a pure "view" function (values in, HTML out) that the tests call directly;
the widget only connects ipywidgets controls to it through :func:`wiring.wire`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..core import plots
from ..core.data import seed_label
from ..core.tables import Column, learner_table, plural
from ..core.wiring import arrange, fit_control, single_spaced, wire
from . import l05_misuse_harm as harms


def _error_html(error: ValueError) -> str:
    """Show a refused choice as a readout instead of a traceback."""
    return (f'<p class="readout" role="status"><strong>No figures:</strong> '
            f"{html.escape(str(error))}</p>")


def prevalence_view(country: str, age_group: str, years: tuple[int, int]) -> tuple[str, str]:
    """Return the readout (table of figures) and the figure for the prevalence explorer."""
    try:
        rows = harms.filter_prevalence(country, age_group, tuple(years))
    except ValueError as error:
        return _error_html(error), ""
    table = learner_table(rows, [
        Column("country", "Country"), Column("survey", "Survey"),
        Column("period", "Survey period"), Column("age_group", "Age group"),
        Column("percent", "Used ketamine in the past year", "percent"),
        Column("note", "Note", missing=""),
    ], caption="The survey figures shown", max_height_em=20)
    readout = (
        f"<p class='readout'>{plural(len(rows), 'survey figure')}. "
        f"{html.escape(harms.describe_prevalence(rows))}</p>{table.html}"
    )
    where = "all countries" if country == harms.ALL else country
    fig = harms.prevalence_figure(rows, f"Past-year ketamine use, {where}, {years[0]}–{years[1]}",
                                 reuse="prevalence")
    alt = ("Line chart of the percentage reporting ketamine use in the past year, by survey "
           f"year. {harms.describe_prevalence(rows)}")
    caption = ("Sources: data/use_prevalence.csv (AIHW NDSHS; Home Office/ONS CSEW; Monitoring "
               "the Future). Dashed lines only join surveys in time order.")
    return readout, plots.figure_html(fig, alt, caption)


def prevalence_widget() -> w.VBox:
    """Choose a country, an age group and a range of years; see the survey figures."""
    first, last = harms.year_span()
    places = [("All countries", harms.ALL)] + [(c, c) for c in harms.countries()]
    country = w.ToggleButtons(options=places, value=harms.ALL, description="Country")
    group = w.ToggleButtons(options=_age_options(harms.ALL), value=harms.ALL,
                            description="Age group")
    years = w.IntRangeSlider(value=(first, last), min=first, max=last, step=1,
                             description="Survey years", continuous_update=False)

    def new_country(_: object) -> None:
        group.options = _age_options(country.value)
        group.value = harms.ALL

    country.observe(new_country, names="value")
    readout, figure = wire([country, group, years],
                           lambda: prevalence_view(country.value, group.value, years.value))
    return arrange([country, group, years], figure, table=readout)


def _age_options(country: str) -> list[tuple[str, str]]:
    """Return the age-group menu for ``country``: "all" first, then its groups."""
    return [("All age groups", harms.ALL)] + [(g, g) for g in harms.age_groups(country)]


def harms_view(outcome: str, evidence_kind: str) -> tuple[str, str]:
    """Return the table of findings and the evidence-kind figure for the harms widget."""
    rows = harms.filter_harms(outcome, evidence_kind)
    if rows.empty:
        readout = ("<p class='readout'>No finding in the course's dataset matches this "
                   "combination: that absence is itself information about the evidence.</p>")
    else:
        table = learner_table(rows, [
            Column("outcome", "Harm"), Column("finding", "Finding"), Column("design", "Design"),
            Column("population", "Population"),
            Column("n", "Participants (n)", "count", missing="not given"),
            Column("source", "Source"),
        ], caption="The findings chosen", max_height_em=24)
        readout = (f"<p class='readout'><strong>{plural(len(rows), 'finding')}</strong> "
                   f"chosen; the chosen bars are drawn in full colour.</p>{table.html}")
    counts = harms.evidence_counts()
    summary = "; ".join(
        f"{name}: " + ", ".join(f"{int(v)} {kind}" for kind, v in row.items() if v)
        for name, row in counts.iterrows()
    )
    chosen = (f"{'every harm' if outcome == harms.ALL else outcome}, "
              f"{'every kind of evidence' if evidence_kind == harms.ALL else evidence_kind}")
    alt = ("Stacked horizontal bars counting the findings for each harm by kind of evidence. "
           f"{summary}. Drawn in full colour: {chosen}; the rest faded.")
    figure = plots.figure_html(harms.evidence_figure(outcome, evidence_kind, reuse="harms"), alt,
                               "Source: data/harms_evidence.csv.")
    return readout, figure


def harms_widget() -> w.VBox:
    """Filter the harms evidence by outcome and kind of evidence."""
    outcome = w.ToggleButtons(options=[("All harms", harms.ALL)]
                              + [(o, o) for o in harms.OUTCOMES],
                              value=harms.ALL, description="Harm")
    kind = w.ToggleButtons(options=[("Any kind of evidence", harms.ALL)]
                           + [(k, k) for k in harms.EVIDENCE_KINDS],
                           value=harms.ALL, description="Kind of evidence")
    readout, figure = wire([outcome, kind], lambda: harms_view(outcome.value, kind.value))
    return arrange([outcome, kind], figure, table=readout)


def claim_view(claim_id: str, guess: str | None) -> tuple[str, str]:
    """Return the card for one seed sentence and the feedback on a guess (both HTML).

    The card (the sentence to judge) sits above the verdict buttons; the feedback, the
    course's verdict and its correction, sits below them and is empty until a guess.

    Raises:
        ValueError: for an unknown claim or a guess that is not one of :data:`harms.VERDICTS`.

    """
    row = harms.claim(claim_id)
    if guess is not None and guess not in harms.VERDICTS:
        raise ValueError(f"Unknown verdict {guess!r}; allowed: {', '.join(harms.VERDICTS)}.")
    card = (f"<blockquote>“{html.escape(row.quote)}”<br><small>{seed_label(row.seed_file)}"
            f", topic: {html.escape(row.topic)}</small></blockquote>")
    if guess is None:
        return card, ""
    mark = "✔ Same verdict as the course" if guess == row.verdict else "✘ The course differs"
    return card, (
        f"<div role='status' class='readout'><p><strong>{mark}:</strong> "
        f"<strong>{html.escape(row.verdict)}</strong> (you said {html.escape(guess)}).</p>"
        f"<p><strong>How it sounds authoritative:</strong> {html.escape(row.device)}.</p>"
        f"<p><strong>What the evidence says:</strong> {html.escape(row.correction)}</p>"
        f"<p><small>Source: {plots.caption_html(row.source)}</small></p></div>"
    )


def claim_widget() -> w.VBox:
    """Pick a seed sentence, give your verdict, then see the course's verdict and correction.

    The sentence shows under its drop-down; the feedback comes below the button, as in every
    other widget (controls first, then what they produce).
    """
    claims = harms.load_marketing_claims()
    options = [(f"{r.claim_id}: {r.quote[:70]}…", r.claim_id) for r in claims.itertuples()]
    chosen = w.Dropdown(options=options, value=options[0][1], description="Seed sentence",
                        layout=w.Layout(width="95%"))
    verdict = w.ToggleButtons(options=list(harms.VERDICTS), value=None,
                              description="Your verdict")
    button = w.Button(description="Check my verdict", button_style="primary",
                      tooltip="Check my verdict")
    card, feedback = w.HTML(), w.HTML()
    card.value, feedback.value = claim_view(chosen.value, None)

    def show(_: object = None) -> None:
        card.value, feedback.value = claim_view(chosen.value, verdict.value)

    def new_claim(_: object) -> None:
        verdict.value = None
        card.value, feedback.value = claim_view(chosen.value, None)

    chosen.observe(new_claim, names="value")
    button.on_click(show)
    return single_spaced(w.VBox([fit_control(chosen), card, fit_control(verdict), button,
                                 feedback]))
