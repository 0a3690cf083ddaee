"""Lesson 06's widgets: a highlighter, claim cards and a summary chart of the annotated seeds.

Each widget has a pure view function (values in, HTML out) that the tests call directly;
the widget only wires controls to it with :func:`ketamine_course.core.wiring.wire`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..core import plots
from ..core.data import seed_label
from ..core.tables import linked, plural
from ..core.wiring import arrange, fit_control, single_spaced, wire
from . import l06_reading_seeds as seeds

#: The order and colour of verdicts in the chart and on the cards; critical verdicts in warm
#: colours, the rest in cool or neutral ones.
VERDICT_COLOURS: dict[str, str] = {
    "supported": plots.OKABE_ITO["bluish_green"],
    "garbled": plots.OKABE_ITO["yellow"],
    "overstated": plots.OKABE_ITO["orange"],
    "outdated": plots.OKABE_ITO["reddish_purple"],
    "unsupported": plots.OKABE_ITO["sky_blue"],
    "contradicted": plots.OKABE_ITO["vermillion"],
    "unchecked": plots.NEUTRAL,
    "not_a_claim": "#FFFFFF",
}

#: What each verdict means, for the cards.
VERDICT_MEANINGS: dict[str, str] = {
    "supported": "a source the course checked backs it",
    "garbled": "machine rewording damaged the wording; the plain meaning is below",
    "overstated": "says more than the evidence shows",
    "outdated": "was a fair reading once; newer evidence changes it",
    "unsupported": "no evidence backs it",
    "contradicted": "the evidence says otherwise",
    "unchecked": "not traced to its source by the course: treat it as unknown",
    "not_a_claim": "a heading, question, advice or story with nothing general to check",
}

#: Who a sentence is about (``species`` in data/seed_claims.csv), in words.
SPECIES_WORDS: dict[str, str] = {
    "human": "people", "animal": "animals", "in_vitro": "cells in a dish (in vitro)",
    "none": "neither people nor animals", "unclear": "unclear from the sentence",
}

#: A short sample for the highlighter: two sentences of seed 000, reworded copy.
SAMPLE = ("Elevated physique mass index (BMI) has been discovered to be a predictor of reaction "
          "to ketamine,196 but in A different study197 elevated BMI wasn't correlated with "
          "ketamine reaction. Quite a few research have documented that ketamine’s "
          "antidepressant effects are abolished when animals ended up pre-addressed with "
          "rapamycin, an inhibitor of mTORC1.102,106")


def highlighter_view(text: str) -> tuple[str, str]:
    """Return the legend with counts and the text with its marks (both HTML)."""
    result = seeds.analyse(text)
    return seeds.legend_html(result), seeds.highlight_html(text)


def highlighter_widget(text: str = SAMPLE) -> w.VBox:
    """Show a text box whose reworded phrases, hedges, boosters and citations are marked."""
    box = w.Textarea(value=text, placeholder="Paste any health text here",
                     description="Text to read", continuous_update=True,
                     layout=w.Layout(width="95%", height="9em"))
    source = w.ToggleButtons(options=[("Your own text", "")]
                             + [(f"{seed_label(name)}, whole file", name)
                                for name in seeds.SEED_FILES],
                             value="", description="Or load")

    def load(change: dict) -> None:
        if change["new"]:
            box.value = seeds.load_seed(change["new"])

    source.observe(load, names="value")

    def view() -> tuple[str, str]:
        try:
            return highlighter_view(box.value)
        except ValueError as error:
            return f"<p role='alert'>{html.escape(str(error))}</p>", ""

    legend, marked = wire([box], view)
    return single_spaced(w.VBox([fit_control(source), fit_control(box), legend, marked]))


def claim_card_html(seed_file: str, sentence_id: int) -> str:
    """Return the card for one annotated sentence: text, kind, species, references, verdict."""
    table = seeds.claims_table()
    if seed_file not in seeds.SEED_FILES:
        raise ValueError(f"Unknown seed {seed_file!r}; choose one of "
                         f"{', '.join(seeds.SEED_FILES)}.")
    rows = table[(table["seed_file"] == seed_file) & (table["sentence_id"] == sentence_id)]
    if rows.empty:
        count = int((table["seed_file"] == seed_file).sum())
        raise ValueError(f"{seed_file} has sentences 1 to {count}; got {sentence_id!r}.")
    row = rows.iloc[0]
    colour = VERDICT_COLOURS[row["verdict"]]
    refs = ", ".join(row["cited_refs"].split(";")) if row["cited_refs"] else "none"
    facts = [("Kind of text", row["kind"]), ("About", SPECIES_WORDS[row["species"]]),
             ("Cites references", refs),
             ("Verdict", f"{row['verdict'].replace('_', ' ')}: "
                         f"{VERDICT_MEANINGS[row['verdict']]}")]
    if row["correction"]:
        facts.append(("What is true / note", row["correction"]))
    facts.append(("Source", row["source"]))
    items = "".join(f"<dt style='font-weight:bold;white-space:nowrap'>{html.escape(label)}</dt>"
                    f"<dd style='margin:0 0 0.4em 1em'>{linked(html.escape(str(value)))}</dd>"
                    for label, value in facts)
    return (f"<div class='claim-card' style='border:1px solid #888;border-left:8px solid "
            f"{colour};padding:0.5em 1em;max-width:52em'>"
            f"<p><strong>Sentence {sentence_id}, line {row['line']} of {seed_label(seed_file)}"
            f"</strong></p>{seeds.highlight_html(row['sentence'])}<dl>{items}</dl></div>")


def claim_cards_widget() -> w.VBox:
    """Pick a seed and a sentence; see its card."""
    seed = w.ToggleButtons(options=[(seed_label(name), name) for name in seeds.SEED_FILES],
                           value=seeds.SEED_FILES[1], description="Seed")
    number = w.BoundedIntText(value=52, min=1, max=68, description="Sentence number",
                              layout=w.Layout(width="calc(17em + 6em)"))

    def view() -> tuple[str, str]:
        count = int((seeds.claims_table()["seed_file"] == seed.value).sum())
        number.max = count
        return (f"<p class='readout'>{plural(count, 'sentence')} in this seed.</p>",
                claim_card_html(seed.value, min(number.value, count)))

    readout, card = wire([seed, number], view)
    return arrange([seed, number], card, readout)


def summary_figure_html(seed_file: str | None = None) -> tuple[str, str]:
    """Return a readout and a stacked bar chart of sentences by kind and verdict (HTML)."""
    counts = seeds.summary_counts(seed_file)
    verdicts = [v for v in VERDICT_COLOURS if v in counts.columns]
    counts = counts[verdicts].loc[counts.sum(axis=1).sort_values().index]
    which = "both seeds" if seed_file is None else seed_label(seed_file)
    fig, ax = plots.new_figure(f"Sentences of {which} by kind of text and verdict",
                               "Number of sentences", "Kind of text", size=(8, 4),
                               reuse="summary")
    fig.subplots_adjust(left=0.14)
    left = [0] * len(counts)
    for verdict in verdicts:
        values = list(counts[verdict])
        shown = [row for row, value in enumerate(values) if value]  # no empty, edged slivers
        ax.barh(shown, [values[row] for row in shown], left=[left[row] for row in shown],
                color=VERDICT_COLOURS[verdict], edgecolor="#333333", linewidth=0.6,
                label=verdict.replace("_", " "))
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(range(len(counts)), counts.index)
    ax.legend(title="Verdict", fontsize=9, loc="lower right", frameon=False)
    total = int(counts.to_numpy().sum())
    wrong = int(counts[[v for v in ("contradicted", "outdated", "overstated", "unsupported")
                        if v in counts.columns]].to_numpy().sum())
    garbled = int(counts["garbled"].sum()) if "garbled" in counts else 0
    unchecked = int(counts["unchecked"].sum()) if "unchecked" in counts else 0
    readout = (f"<p class='readout'>{plural(total, 'sentence')} in {which}: "
               f"<strong>{wrong}</strong> contradicted, overstated or outdated; "
               f"<strong>{garbled}</strong> garbled (damaged wording, a different problem from "
               "being false); "
               f"<strong>{unchecked}</strong> not traced to a source.</p>")
    parts = "; ".join(
        f"{kind}: {int(row.sum())} ({', '.join(f'{int(n)} {v}' for v, n in row.items() if n)})"
        for kind, row in counts.iloc[::-1].iterrows())
    alt = (f"Horizontal stacked bars of the {total} sentences of {which} by kind and verdict. "
           f"{parts}.")
    return readout, plots.figure_html(fig, alt, caption="Source: data/seed_claims.csv.")


def summary_widget() -> w.VBox:
    """Choose both seeds or one; see how their sentences divide by kind and verdict."""
    choice = w.ToggleButtons(options=[("Both seeds", "")]
                             + [(seed_label(name), name) for name in seeds.SEED_FILES],
                             value="", description="Show")
    readout, figure = wire([choice], lambda: summary_figure_html(choice.value or None))
    return arrange([choice], figure, readout)
