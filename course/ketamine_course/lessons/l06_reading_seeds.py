"""Read the seed documents closely: sentences, reworded phrases, hedges, boosters, citations.

The two seeds in ``seeds/`` are machine-reworded web copy (see ``seeds/README.md``).
This module finds, in them or in any text a learner pastes:

- **reworded ("spun") phrases**: the phrases catalogued in ``data/spun_phrases.csv`` plus a
  general built-in list of standard medical terms and the synonym swaps that article
  spinners make of them (:data:`GENERAL_SPUN`);
- **hedges** and **boosters**, the words with which writers soften or harden a claim
  (the categories are Hyland's: Hyland K. Boosting, hedging and the negotiation of academic
  knowledge. Text 1998;18(3):349-382. doi:10.1515/text.1.1998.18.3.349; the word lists are the
  course's own selection);
- **cited reference numbers**, including the spun forms "198–two hundred" and ".one".

Everything is returned as dataclasses; :func:`highlight_html` marks it all in escaped HTML.
The rules are heuristics, tuned on the seeds and tested on clean text; they can miss and
they can over-mark, which the lesson says.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..core import data
from ..core.tables import Column, LearnerTable, learner_table

#: The seed documents, by file name.
SEED_FILES: tuple[str, ...] = ("000_2017addb5b702474.txt", "003_287865f12472afc9.txt")

#: Longest text the analysis accepts (a widget's text box; the longer seed has 10,290 bytes).
MAX_CHARS = 50_000

#: Standard medical terms and the reworded forms that synonym-swapping software makes of them.
#: Built by the course from the swaps seen in the seeds and the "tortured phrases" pattern
#: (Cabanac G, Labbé C, Magazinov A. Tortured phrases: a dubious writing style emerging in
#: science. arXiv:2107.06751, 2021), whose examples include "bosom peril" for breast cancer.
GENERAL_SPUN: dict[str, str] = {
    "big depressive disorder": "major depressive disorder",
    "big depressive condition": "major depressive disorder",
    "main depressive disorder": "major depressive disorder",
    "significant depressive disorder": "major depressive disorder",
    "physique mass index": "body mass index",
    "entire body mass index": "body mass index",
    "blood strain": "blood pressure",
    "circulatory strain": "blood pressure",
    "coronary heart charge": "heart rate",
    "heart assault": "heart attack",
    "bosom peril": "breast cancer",
    "bosom malignancy": "breast cancer",
    "kidney disappointment": "kidney failure",
    "liver disappointment": "liver failure",
    "facet effects": "side effects",
    "aspect effects": "side effects",
    "adverse reaction charges": "adverse event rates",
    "randomized managed trial": "randomized controlled trial",
    "randomised managed trial": "randomised controlled trial",
    "placebo-managed": "placebo-controlled",
    "double-blind managed": "double-blind controlled",
    "remedy-resistant depression": "treatment-resistant depression",
    "therapy-resistant melancholy": "treatment-resistant depression",
    "medical melancholy": "clinical depression",
    "nervousness disorder": "anxiety disorder",
    "nervousness dysfunction": "anxiety disorder",
    "submit-traumatic stress": "post-traumatic stress",
    "put up-traumatic stress": "post-traumatic stress",
    "psychological well being": "mental health",
    "psychological health dysfunction": "mental disorder",
    "central nervous program": "central nervous system",
    "anxious system": "nervous system",
    "mind-derived neurotrophic": "brain-derived neurotrophic",
    "monoamine speculation": "monoamine hypothesis",
    "mechanistic focus on of rapamycin": "mechanistic target of rapamycin",
    "worldwide stress of ailment": "global burden of disease",
    "world stress of illness": "global burden of disease",
    "frustrated topics": "depressed subjects",
    "frustrated sufferers": "depressed patients",
    "agony relief": "pain relief",
    "discomfort relief": "pain relief",
    "persistent discomfort": "chronic pain",
    "lengthy-time period": "long-term",
    "long-time period": "long-term",
    "brief-time period": "short-term",
    "prolonged-expression": "long-term",
    "put up-infusion": "post-infusion",
    "substance misuse dysfunction": "substance use disorder",
    "drug of misuse": "drug of abuse",
    "well being care": "health care",
    "scientific trial": "clinical trial",
}

#: Hedges: words that soften a claim (Hyland 1998's category; the course's selection).
HEDGES: tuple[str, ...] = (
    "may", "might", "could", "possibly", "possible", "perhaps", "probably", "likely", "unlikely",
    "appear", "appears", "appeared", "seem", "seems", "seemed", "suggest", "suggests",
    "suggested", "suggesting", "indicate", "indicates", "indicated", "potential", "potentially",
    "apparently", "approximately", "tend to", "tends to", "in part", "partly", "preliminary",
    "is thought to", "are thought to", "assume", "assumed", "speculate", "speculated",
    "postulate", "postulated", "postulating", "unclear", "uncertain", "not clear", "somewhat",
    "relatively", "generally", "often", "sometimes", "usually", "emerging",
)

#: Boosters: words that harden a claim (Hyland 1998's category; the course's selection).
BOOSTERS: tuple[str, ...] = (
    "demonstrate", "demonstrates", "demonstrated", "clearly", "prove", "proves", "proved",
    "proven", "definitely", "certainly", "undoubtedly", "no doubt", "establish",
    "established", "always", "never", "conclusive", "conclusively", "compelling", "potent",
    "consistently", "well known", "well-known", "robust", "pivotal", "remarkable",
    "remarkably", "indeed", "obviously", "of course", "without the risk", "must", "highlight",
    "highlights", "in fact", "completely", "fully", "vital", "crucial", "breakthrough",
    "revolutionary", "miracle", "guaranteed",
)

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {word: i for i, word in enumerate(_UNITS, start=1)}
_WORD_VALUES.update({word: 10 * i for i, word in enumerate(_TENS, start=2)})

# A number word: "two hundred", "two hundred and one", "twenty-three", "seven".
_SMALL = rf"(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS[:9])}))?|{'|'.join(_UNITS)})"
_WORD = rf"(?:{_SMALL}\s+hundred(?:\s+and\s+{_SMALL})?|hundred|{_SMALL})"
_NUM = rf"(?:\d{{1,3}}(?!\d)|{_WORD}\b)"
_LIST = rf"{_NUM}(?:\s?[,–-]\s?{_NUM})*"

#: Citation forms: glued to a word or to punctuation after a word (superscripts flattened:
#: "ketamine,196", "disability.one", "controls,198–two hundred"); after a space and before
#: a full stop or a glued word (" 98.", " 96, 99.", " 321necessitates"); and a spun number
#: word left alone at the start of a line ("eight At reduced doses").
_CITATION = re.compile(
    rf"(?:(?<=[A-Za-z%)][.,;])|(?<=[A-Za-z]\d[.,;]))(?P<a>{_LIST})(?![\w.])"
    rf"|(?<=[a-z])(?P<b>\d{{2,3}}(?:,\d{{1,3}})*)(?![\w.%])"
    rf"|(?<=[\w)] )(?P<c>\d{{1,3}}(?:,\s?\d{{1,3}})*)(?=[.;]\s|[.;]?$|[a-z]{{3}})"
    rf"|^(?P<d>{'|'.join(_UNITS + _TENS)})(?=\s+[A-Z])",
    re.MULTILINE,
)

_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
                 "fifty|sixty|seventy|eighty|ninety|hundred|two hundred|three hundred")
_CITE_TAIL = rf"(?:(?:\d+|{_NUMBER_WORDS})(?:\s?[,–-]\s?(?:\d+|{_NUMBER_WORDS}))*)"
_SENTENCE_END = re.compile(
    rf"[.!?][\"”’»)]*(?:{_CITE_TAIL})?(?=\s+[\"“‘«(]?(?:[A-Z]|[a-z][A-Z]))"
)
_ABBREVIATION = re.compile(r"(?:\b(?:Fig|e\.g|i\.e|Dr|Mr|Ms|Mrs|vs|al|St|No)|\b[A-Z])$")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or bullet, heading, question) of a text, with where it sits."""

    index: int
    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Citation:
    """A run of cited reference numbers, as written and as numbers."""

    start: int
    end: int
    text: str
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Marked:
    """A marked phrase: a reworded phrase (with its original), a hedge or a booster."""

    kind: str
    start: int
    end: int
    text: str
    note: str = ""


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`analyse` finds in a text."""

    text: str
    sentences: tuple[Sentence, ...]
    spun: tuple[Marked, ...]
    hedges: tuple[Marked, ...]
    boosters: tuple[Marked, ...]
    citations: tuple[Citation, ...]

    def counts(self) -> dict[str, int]:
        """Return how many of each thing were found."""
        return {"sentences": len(self.sentences), "reworded phrases": len(self.spun),
                "hedges": len(self.hedges), "boosters": len(self.boosters),
                "citations": len(self.citations)}


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise ValueError(f"Expected text (a str); got {type(text).__name__}.")
    if len(text) > MAX_CHARS:
        raise ValueError(f"The text has {len(text):,} characters; at most {MAX_CHARS:,} "
                         "are analysed at once. Paste a shorter passage.")
    return text


def load_seed(name: str) -> str:
    """Return the text of the seed document ``name`` (one of :data:`SEED_FILES`)."""
    if name not in SEED_FILES:
        raise ValueError(f"Unknown seed {name!r}; choose one of {', '.join(SEED_FILES)}.")
    return (data.project_root() / "seeds" / name).read_text(encoding="utf-8")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; every line break also ends one.

    A sentence ends at ``.``, ``!`` or ``?`` (with any closing quote or bracket and any
    citation numbers glued after it) when the next word starts with a capital (or is
    written like "mTOR"); not after "Fig.", "e.g.", "Dr." or a single initial.  A bullet's
    leading ``- `` is not part of its sentence.  ``text[s.start:s.end] == s.text``.
    """
    _check_text(text)
    sentences: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        bullet = re.match(r"\s*-\s+", line)
        start = bullet.end() if bullet else 0
        for end in _SENTENCE_END.finditer(line, start):
            if _ABBREVIATION.search(line[start:end.start()]):
                continue
            _add(sentences, line, number, offset, start, end.end())
            start = end.end()
        _add(sentences, line, number, offset, start, len(line))
        offset += len(line) + 1
    return sentences


def _add(out: list[Sentence], line: str, number: int, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    if piece.strip():
        left = start + len(piece) - len(piece.lstrip())
        right = end - (len(piece) - len(piece.rstrip()))
        out.append(Sentence(len(out) + 1, number, offset + left, offset + right,
                            line[left:right]))


def words_to_number(words: str) -> int:
    """Turn a number written in words ("seven", "two hundred", "twenty-one") into an int."""
    if not isinstance(words, str) or not words.strip():
        raise ValueError(f"Expected a number in words, such as 'two hundred'; got {words!r}.")
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words.strip().lower()):
        if word == "and":
            continue
        if word == "hundred":
            current = max(current, 1) * 100
        elif word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        else:
            raise ValueError(f"{word!r} in {words!r} is not a number word (one to ninety, "
                             "hundred).")
    return total + current


def _to_int(token: str) -> int:
    token = token.strip()
    return int(token) if token.isdigit() else words_to_number(token)


def parse_reference_numbers(text: str) -> tuple[int, ...]:
    """Read a citation run such as "102,106", "198–200", "198–two hundred" or "three,four".

    Ranges are expanded ("198–200" gives 198, 199, 200) when they span at most 50 numbers.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"Expected a citation such as '102,106' or '198–200'; got {text!r}.")
    numbers: list[int] = []
    for part in re.split(r"\s?,\s?", text.strip()):
        ends = [_to_int(token) for token in re.split(r"\s?[–-]\s?(?=\d|[a-z]+\b)", part)
                if token.strip()]
        if len(ends) == 2 and 0 < ends[1] - ends[0] <= 50:
            numbers.extend(range(ends[0], ends[1] + 1))
        else:
            numbers.extend(ends)
    return tuple(numbers)


def find_citations(text: str) -> list[Citation]:
    """Find the reference numbers cited in ``text`` (see the module docstring for the forms)."""
    _check_text(text)
    found = []
    for match in _CITATION.finditer(text):
        group = next(name for name in "abcd" if match.group(name) is not None)
        start, end = match.span(group)
        found.append(Citation(start, end, text[start:end],
                              parse_reference_numbers(text[start:end])))
    return found


@lru_cache(maxsize=1)
def spun_lexicon() -> dict[str, str]:
    """Return {reworded phrase, lower case: original}: the seeds' table and GENERAL_SPUN.

    Only the table's ``spun`` rows count: its ``slip`` rows (typos and the authors' own
    wording) are not machine rewording, so the highlighter does not mark them.
    """
    table = data.load_table("spun_phrases.csv")
    table = table[table["kind"] == "spun"]
    lexicon = {spun.lower(): original for spun, original in zip(table["spun"], table["original"],
                                                                strict=True)}
    lexicon.update(GENERAL_SPUN)
    return lexicon


@lru_cache(maxsize=4)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    body = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _find_phrases(text: str, phrases: tuple[str, ...], kind: str,
                  notes: dict[str, str] | None = None) -> list[Marked]:
    _check_text(text)
    found = []
    for match in _phrase_pattern(phrases).finditer(text):
        key = " ".join(match.group().lower().split())
        found.append(Marked(kind, match.start(), match.end(), match.group(),
                            (notes or {}).get(key, "")))
    return found


def find_spun(text: str) -> list[Marked]:
    """Find reworded phrases; each :class:`Marked` carries the original wording as ``note``."""
    lexicon = spun_lexicon()
    return _find_phrases(text, tuple(lexicon), "spun", lexicon)


def find_hedges(text: str) -> list[Marked]:
    """Find hedges (words that soften a claim: may, suggest, appears, ...)."""
    return _find_phrases(text, HEDGES, "hedge")


def find_boosters(text: str) -> list[Marked]:
    """Find boosters (words that harden a claim: demonstrated, potent, compelling, ...)."""
    return _find_phrases(text, BOOSTERS, "booster")


def analyse(text: str) -> Analysis:
    """Split ``text`` into sentences and find reworded phrases, hedges, boosters and citations."""
    _check_text(text)
    return Analysis(text, tuple(split_sentences(text)), tuple(find_spun(text)),
                    tuple(find_hedges(text)), tuple(find_boosters(text)),
                    tuple(find_citations(text)))


#: How each kind is marked: background colour (Okabe–Ito, lightened where text sits on it),
#: underline style (so colour is not the only cue), and a label for the legend.
MARK_STYLES: dict[str, tuple[str, str, str]] = {
    "spun": ("#F5D28A", "2px dotted #000", "reworded phrase"),
    "hedge": ("#BFE3F7", "1px solid #0072B2", "hedge"),
    "booster": ("#F7C6A6", "3px double #D55E00", "booster"),
    "citation": ("#DDDDDD", "2px solid #000", "citation"),
}


def _spans(result: Analysis) -> list[tuple[int, int, str, str]]:
    """All marked spans, longest and most specific first where two overlap."""
    priority = {"citation": 0, "spun": 1, "booster": 2, "hedge": 3}
    candidates = [(c.start, c.end, "citation", "references " + ", ".join(map(str, c.numbers)))
                  for c in result.citations]
    candidates += [(m.start, m.end, m.kind, m.note)
                   for m in (*result.spun, *result.boosters, *result.hedges)]
    candidates.sort(key=lambda s: (priority[s[2]], -(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int, str, str]] = []
    for span in candidates:
        if all(span[1] <= other[0] or span[0] >= other[1] for other in taken):
            taken.append(span)
    return sorted(taken)


def highlight_html(text: str) -> str:
    """Return ``text`` as escaped HTML with reworded phrases, hedges, boosters and citations marked.

    Each mark has a tooltip (the original wording, or the reference numbers) and a distinct
    underline as well as a colour.  The text itself is always escaped.
    """
    result = analyse(text)
    pieces, position = [], 0
    for start, end, kind, note in _spans(result):
        colour, underline, label = MARK_STYLES[kind]
        title = label + (f": {note}" if note else "")
        pieces.append(html.escape(text[position:start]))
        pieces.append(f'<mark class="kc-{kind}" title="{html.escape(title)}" '
                      f'style="background:{colour};border-bottom:{underline};color:#000">'
                      f"{html.escape(text[start:end])}</mark>")
        position = end
    pieces.append(html.escape(text[position:]))
    body = "".join(pieces).replace("\n", "<br>")
    return f'<div class="kc-highlight" style="line-height:1.7">{body}</div>'


def legend_html(result: Analysis) -> str:
    """Return a legend of the marks with how many of each ``result`` holds."""
    counts = {"spun": len(result.spun), "hedge": len(result.hedges),
              "booster": len(result.boosters), "citation": len(result.citations)}
    items = "".join(
        f'<li><mark style="background:{colour};border-bottom:{underline};color:#000">'
        f"{label}</mark>: {counts[kind]}</li>"
        for kind, (colour, underline, label) in MARK_STYLES.items()
    )
    return (f"<p class='readout'>{len(result.sentences)} sentences. Marked:</p>"
            f"<ul style='list-style:none;padding-left:0'>{items}</ul>")


def claims_table() -> pd.DataFrame:
    """Load ``data/seed_claims.csv`` (the seeds annotated sentence by sentence)."""
    return data.load_table("seed_claims.csv").fillna("")


def summary_counts(seed_file: str | None = None) -> pd.DataFrame:
    """Count the annotated sentences by kind (rows) and verdict (columns).

    ``seed_file`` limits the count to one seed; None counts both.
    """
    table = claims_table()
    if seed_file is not None:
        if seed_file not in SEED_FILES:
            raise ValueError(f"Unknown seed {seed_file!r}; choose one of "
                             f"{', '.join(SEED_FILES)} or None for both.")
        table = table[table["seed_file"] == seed_file]
    return pd.crosstab(table["kind"], table["verdict"])


def kinds_table() -> LearnerTable:
    """Show how the two seeds' sentences divide by kind of text, one column per seed.

    Only kinds, no verdicts: the lesson asks how many sentences were checked and supported
    straight after this table, and the summary widget shows the verdicts once it has.
    """
    table = claims_table()
    counts = pd.crosstab(table["kind"], table["seed_file"]).reindex(columns=list(SEED_FILES),
                                                                    fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]
    shown = counts.rename(columns={name: data.seed_label(name) for name in SEED_FILES})
    shown["both"] = shown.sum(axis=1)
    shown = shown.rename_axis("kind").reset_index()
    return learner_table(shown, [
        Column("kind", "Kind of text"),
        *[Column(data.seed_label(name), f"{data.seed_label(name)} (sentences)", "count")
          for name in SEED_FILES],
        Column("both", "Both seeds (sentences)", "count"),
    ], caption="The seeds' sentences by kind of text")


def spun_phrases_table(text: str) -> LearnerTable:
    """Show the reworded phrases :func:`find_spun` finds in ``text`` and what each one means."""
    found = pd.DataFrame([{"phrase": phrase.text, "meaning": phrase.note}
                          for phrase in find_spun(text)], columns=["phrase", "meaning"])
    return learner_table(found, [Column("phrase", "Phrase in the seed"),
                                 Column("meaning", "What the original probably said")],
                         caption="Reworded phrases found")
