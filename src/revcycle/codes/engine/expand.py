"""What people type, turned into the code set's words: abbreviations, lay terms and misspellings.

A query runs as typed first. When it holds an abbreviation or an everyday name listed in the project's
vocabulary (``revcycle/data/search_vocabulary.csv``: "chf", "broken wrist", "flu shot"), it also runs with
those words replaced by the code set's own ("failure heart congestive", "fracture wrist"). When it holds a
word the code set never uses, the nearest word it does use (at most one or two edits, by optimal string
alignment distance, among words with the same first letter, then any) is tried instead. Each result says why
it matched. A query whose words are all known and in no vocabulary entry costs one dictionary look-up more
than before.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz.distance import OSA

from revcycle.codes.engine import fts
from revcycle.codes.engine.spelling import Corrector

VOCABULARY_FILE = "search_vocabulary.csv"
KINDS = ("abbreviation", "lay", "lay-word")
SOURCES = {
    "medlineplus": "MedlinePlus health topics (National Library of Medicine): the topic's 'also called' names",
    "nci-thesaurus": "NCI Thesaurus (National Cancer Institute): the concept's synonyms and abbreviations",
    "icd10cm-index": "the ICD-10-CM Alphabetic Index itself (a see reference or the lay word as an index term)",
    "cms-hcpcs": "the CMS HCPCS Level II long description itself",
    "project-cpt": "the project's own CPT summaries",
}
MAX_PHRASE = 5  # the longest vocabulary term, in words
AS_TYPED_WEIGHT = 0.6  # when the whole query is one vocabulary term, its letters alone ('mi': Miosis) rank lower
RARE_WORD = 40  # a known word in at most this many terms may still be a typo of a far commoner word ...
COMMONER = 10  # ... one edit away and in at least this many times as many terms
REAL_WORD_CHARS = 6  # ... if it is this long (a short word has too many neighbours one edit away to judge)
SPELLING_WEIGHT = 0.95  # a corrected query's matches rank just below as-typed matches of the same strength


@dataclass(frozen=True)
class Entry:
    """One vocabulary row: what people type, the code set's words for it, and the code a coder lands on."""

    system: str
    kind: str
    term: str
    means: str
    code: str
    source: str


@dataclass(frozen=True)
class Found:
    """A search row and why it matched ("" for the words as typed)."""

    row: fts.Row
    why: str


@cache
def vocabulary(system: str, inside: bool = False) -> dict[tuple[str, ...], Entry]:
    """The vocabulary entries of one code set, keyed by the words of their term; ``inside``: only those worth
    reading inside a longer query (not a one-word term whose meaning holds the word itself, such as 'concussion':
    the code set knows the word, and the term adds only its default)."""
    if inside:
        return {k: e for k, e in vocabulary(system).items()
                if e.kind == "lay-word" or not (len(k) == 1 and k[0] in fts.words(e.means))}
    text = resources.files("revcycle.data").joinpath(VOCABULARY_FILE).read_text(encoding="utf-8")
    out: dict[tuple[str, ...], Entry] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["system"] == system:
            entry = Entry(row["system"], row["kind"], row["term"], row["means"], row["code"], row["source"])
            out[tuple(fts.words(entry.term))] = entry
    return out


@cache
def vocabulary_stems(system: str, inside: bool = False) -> dict[tuple[str, ...], Entry]:
    """The same entries keyed by the stems of their term's words ('kidney stones' finds 'kidney stone')."""
    out: dict[tuple[str, ...], Entry] = {}
    for key, entry in vocabulary(system, inside).items():
        if entry.kind != "lay-word":  # a one-word swap read by its stem would only swap a word for itself
            out.setdefault(tuple(fts.stem(w) for w in key), entry)
    return out


@cache
def vocabulary_bags(system: str, inside: bool = False) -> dict[tuple[str, ...], Entry]:
    """The entries of two or more words keyed by their stems in sorted order, filler words left out: a whole query
    holding exactly a term's words in another order ('infection ear middle') is that term."""
    out: dict[tuple[str, ...], Entry] = {}
    for key, entry in vocabulary(system, inside).items():
        bag = _bag(list(key))
        if len(bag) >= 2 and entry.kind != "lay-word":
            out.setdefault(bag, entry)
    return out


def _bag(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(fts.stem(w) for w in words if w not in fts.FILLER))


def rewrite(query: str, system: str) -> tuple[str, list[Entry], bool] | None:
    """The query with vocabulary terms replaced by their meaning, the entries used, and whether one entry
    covers the whole query; None when no term is in it.

    The words are read as typed and without filler words, each also by their stems ('broken wrists' is the term
    'broken wrist'), and the reading whose terms cover more words wins (the earlier on a tie: as typed first), so a
    term with a 'my' or 'the' inside it is found ('ringing in MY ears' is 'ringing in ears'), and as bags of
    words, so a term's words in another order are the term ('pain chest', 'kidney disease chronic stage 3'),
    unless the query is written like an Index entry, with commas. Inside a longer query a term is read without
    the default words of its meaning ('unspecified', 'without complications'), and a term that is the code set's
    own word ('concussion') is not read at all: the rest of the query says more than its default."""
    typed = fts.words(query[: fts.MAX_QUERY_CHARS])
    found = _best_reading(query, typed, system, inside=False)
    if found is None:
        return None
    words, out, used = found
    content = [w for w in words if w not in fts.FILLER]
    if len(used) == 1 and len([w for w in fts.words(used[0].term) if w not in fts.FILLER]) == len(content):
        return " ".join(out), used, True
    found = _best_reading(query, typed, system, inside=True)
    if found is None:
        return None
    _words, out, used = found
    return " ".join(_without_defaults(out)), used, False


def _best_reading(query: str, typed: list[str], system: str,
                  inside: bool) -> tuple[list[str], list[str], list[Entry]] | None:
    """The reading of the typed words (as typed or without fillers; by words, stems or bags) covering most."""
    plain = [w for w in typed if w not in fts.FILLER]
    best: tuple[list[str], list[Entry]] | None = None
    words = typed
    for seq in (typed, plain) if plain and len(plain) < len(typed) else (typed,):
        # An Index-style query ('walker, folding') is already in the code set's own order: no bags for it.
        loose = _read(seq, vocabulary_bags(system, inside), bags=True) if "," not in query else None
        for read in (_read(seq, vocabulary(system, inside)),
                     _read(seq, vocabulary_stems(system, inside), [fts.stem(w) for w in seq]), loose):
            if read is not None and _covered(read[1]) > (_covered(best[1]) if best else 0):
                best, words = read, seq
    return (words, *best) if best is not None else None


#: Words of a meaning that pick the default code ('type 2 diabetes mellitus WITHOUT COMPLICATIONS', 'malignant
#: neoplasm of UNSPECIFIED site'), right when the term is the whole query, wrong beside words that say more.
DEFAULT_PHRASES = (("without", "complications"), ("unspecified",), ("initial", "encounter"), ("initial",),
                   ("site", "not", "specified"), ("not", "elsewhere", "classified"))


def _without_defaults(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        drop = next((len(p) for p in DEFAULT_PHRASES if tuple(words[i:i + len(p)]) == p), 0)
        if drop:
            i += drop
        else:
            out.append(words[i])
            i += 1
    return out or words


def _covered(used: list[Entry]) -> int:
    """How many typed words a reading's terms cover."""
    return sum(len(fts.words(e.term)) for e in used)


def _read(typed: list[str], terms: dict[tuple[str, ...], Entry],
          keys: list[str] | None = None, bags: bool = False) -> tuple[list[str], list[Entry]] | None:
    """The words with the longest vocabulary terms replaced by their meaning, left to right, and the entries used.

    Terms are looked up by ``keys`` (the typed words themselves, or their stems), one per typed word; with
    ``bags``, by the sorted stems of two or more words ('kidney disease chronic' holds 'chronic kidney disease')."""
    keys = typed if keys is None else keys
    starts = _starts(terms, bags)
    # For bags, each word's stem (None for a filler word: a bag leaves those out).
    stems = [None if w in fts.FILLER else fts.stem(w) for w in typed] if bags else []
    out: list[str] = []
    used: list[Entry] = []
    i = 0
    while i < len(typed):
        longest = _longest(keys, stems, i, starts, bags)
        for n in range(longest, 1 if bags else 0, -1):
            entry = terms.get(tuple(sorted(x for x in stems[i:i + n] if x is not None)) if bags
                              else tuple(keys[i:i + n]))
            if entry is not None:
                out += fts.words(entry.means)
                used.append(entry)
                i += n
                break
        else:
            out.append(typed[i])
            i += 1
    return (out, used) if used else None


_STARTS: dict[tuple[int, bool], tuple[dict[tuple[str, ...], Entry], frozenset[tuple[str, ...]]]] = {}


def _starts(terms: dict[tuple[str, ...], Entry], bags: bool) -> frozenset[tuple[str, ...]]:
    """What a window of typed words must be for a longer window from the same word to stand a chance: every
    start of a term (its first word, first two words...), or for bags every pair of words one bag holds.
    Worked out once per (cached) table."""
    kept = _STARTS.get((id(terms), bags))
    if kept is None or kept[0] is not terms:
        found: frozenset[tuple[str, ...]] = (
            frozenset((a, b) for k in terms for a in k for b in k) if bags
            else frozenset(k[:m] for k in terms for m in range(1, len(k) + 1)))
        kept = (terms, found)
        _STARTS[(id(terms), bags)] = kept
    return kept[1]


def _longest(keys: list[str], stems: list[str | None], i: int, starts: frozenset[tuple[str, ...]],
             bags: bool) -> int:
    """The longest window from word ``i`` that may be a term: for words, while the window starts some term; for
    bags, while each word's stem shares a bag with the first's (filler words pass)."""
    most = min(MAX_PHRASE, len(keys) - i)
    if not bags:
        n = 0
        while n < most and tuple(keys[i:i + n + 1]) in starts:
            n += 1
        return n
    first = next((x for x in stems[i:i + most] if x is not None), None)
    if first is None:
        return most
    n = 0
    while n < most and (stems[i + n] is None or (first, stems[i + n]) in starts):
        n += 1
    return n


def _meaning(used: list[Entry]) -> str:
    """How the vocabulary read a query: 'CHF = failure heart congestive'."""
    return "; ".join(f"{e.term.upper() if e.kind == 'abbreviation' else e.term} = {e.means}" for e in used)


def _reads_last_word(query: str, used: list[Entry]) -> bool:
    """Whether the query ends with the words of one of the vocabulary entries used to read it."""
    typed = fts.words(query[: fts.MAX_QUERY_CHARS])
    return any(typed[-len(key):] == key for key in (fts.words(e.term) for e in used) if key)


@cache
def vocabulary_words(system: str) -> Corrector:
    """A spelling corrector over the words of the vocabulary's terms ('kenalog', 'glucometer'), which the code
    set's own wording may never use."""
    return Corrector({w: 1 for key in vocabulary(system) for w in key if len(w) >= 4})


def corrected(query: str, searcher: fts.Searcher, system: str = "",
              trusted: frozenset[str] = frozenset()) -> tuple[str, list[tuple[str, str]]] | None:
    """The query with each unknown word replaced by its nearest known word, and the (typed, used) pairs.

    Known words are the index's (compared as stems) and, for a code set with a vocabulary, its terms' words;
    the closer wins, the index on a tie. A `trusted` word (the vocabulary's own) is never taken for a typo."""
    typed = fts.words(query[: fts.MAX_QUERY_CHARS])[: fts.MAX_TOKENS]
    stems = [fts.stem(w) for w in typed]
    counts = searcher.counts(stems)
    last_typing = not query[-1:].isspace()
    out: list[str] = []
    pairs: list[tuple[str, str]] = []
    for n, (word, stem) in enumerate(zip(typed, stems, strict=True)):
        if 0 < counts[stem] <= RARE_WORD and len(stem) >= REAL_WORD_CHARS and word not in trusted:
            # A rare word one letter from a far commoner one is likelier a typo of it ('migrane' is stemmed
            # as 'migran', the stem of the rare 'migrans'; 'migraine' is in fifteen times as many terms).
            common = _commoner(searcher, stem, counts[stem])
            if common is not None:
                shown = searcher.surface(common)
                out.append(shown)
                pairs.append((word, shown))
                continue
        if counts[stem] or (last_typing and n == len(typed) - 1 and searcher.has_prefix(stem)):
            out.append(word)
            continue
        near = searcher.corrector().nearest(stem)
        spoken = vocabulary_words(system).nearest(word) if system else None
        if spoken is not None and (near is None or OSA.distance(word, spoken) < OSA.distance(stem, near)):
            out.append(spoken)
            pairs.append((word, spoken))
            continue
        if near is None:
            out.append(word)
            continue
        shown = searcher.surface(near)
        out.append(shown)
        pairs.append((word, shown))
    return (" ".join(out), pairs) if pairs else None


def _commoner(searcher: fts.Searcher, stem: str, count: int) -> str | None:
    """A known stem one edit from `stem` that is in at least COMMONER times as many terms, if there is one."""
    corrector = searcher.corrector()
    near = corrector.nearest(stem, most=1, exclude=stem)
    return near if near is not None and corrector.counts[near] >= COMMONER * count else None


def search(searcher: fts.Searcher, query: str, limit: int, system: str,
           keep: Callable[[fts.Row], bool] = lambda row: True,
           prefer: Callable[[fts.Row], bool] = lambda row: False) -> list[Found]:
    """Rows for the query as typed, as the vocabulary reads it and with its spelling corrected, best first.

    ``keep`` drops rows; among equal scores a row ``prefer`` likes (a billable code) comes first.
    """
    # Each run: its text, why it matched, a weight on its scores, its rank among equal scores, and whether it
    # may fall back to partial matches. Once the vocabulary has read the query, the words as typed add only
    # terms holding all of them: their partial matches would be noise beside the reading, and finding partial
    # matches is the slowest part of a search.
    runs: list[tuple[str, str, float, int, bool]] = []
    plan = rewrite(query, system)
    text = query
    whole = False
    if plan is not None:
        text, used, whole = plan
        # A whole-query term names its usual code, which leads: partial matches of its long meaning would add
        # little and cost the most, so only terms holding all of the meaning's words join it.
        runs.append((text + " ", f"synonym: {_meaning(used)}", 1.0, 2, not (whole and bool(used[0].code))))
    # A last word the vocabulary read ('acute PE') was typed whole: it is not the start of a longer word.
    as_typed = query + " " if plan is not None and _reads_last_word(query, plan[1]) else query
    runs.append((as_typed, "", AS_TYPED_WEIGHT if whole else 1.0, 1, plan is None))
    # The vocabulary's meanings are the code set's words: 'ladder' in 'fall from ladder' is not a typo of 'bladder'.
    fixed = corrected(text, searcher, system,
                      frozenset(w for e in plan[1] for w in fts.words(e.means)) if plan is not None else frozenset())
    if fixed is not None:
        new_text, pairs = fixed
        spelling = "spelling: " + ", ".join(f"{a} \u2192 {b}" for a, b in pairs)
        reread = rewrite(new_text, system) if plan is None else None
        if reread is not None:  # the corrected words are a vocabulary term ('kenolog' -> 'kenalog')
            runs.append((reread[0] + " ", f"{spelling}; synonym: {_meaning(reread[1])}", SPELLING_WEIGHT, 0, True))
        else:
            runs.append((new_text + " ", spelling, SPELLING_WEIGHT, 0, True))
    if fixed is not None:  # the words as typed hold an unknown word: their run, mostly partial, goes last
        runs.append(runs.pop(1 if plan is not None else 0))
    best: dict[str, tuple[float, bool, int, Found]] = {}
    if plan is not None and whole and used[0].kind != "lay-word" and used[0].code:
        # The whole query is one vocabulary term: the code the vocabulary names for it comes first ('UTI' is
        # N39.0, the billable default a coder lands on), the other readings after it.
        usual = searcher.code_row(used[0].code, f"{used[0].term} = {used[0].means}")
        if usual is not None and keep(usual):
            best[usual.code] = (2.0, True, 3, Found(usual, f"synonym: {_meaning(used)}; the usual code"))
    for text_run, why, weight, rank, partial in runs:
        floor = sorted(v[0] for v in best.values())[-limit] if len(best) >= limit else 0.0
        if weight < 1.0 and floor > weight:
            continue  # no row of this run can score high enough to enter the top `limit`
        # Nor can a partial match (scored below fts.PARTIAL) once the top `limit` all score at least that.
        for row in searcher.search(text_run, limit, partial=partial and floor < fts.PARTIAL):
            if not keep(row):
                continue
            scored = row if weight == 1.0 else row.scaled(weight)
            key = (scored.score, prefer(row), rank)
            if row.code not in best or key > best[row.code][:3]:
                best[row.code] = (*key, Found(scored, why))
    ranked = sorted(best.values(), key=lambda v: (-v[0], not v[1], -v[2]))
    return [v[3] for v in ranked[:limit]]


def entries(system: str | None = None) -> Sequence[Entry]:
    """Every vocabulary entry (of one code set, when named), for tests and the instructor's guide."""
    systems = ("icd10cm", "hcpcs", "cpt") if system is None else (system,)
    return [e for s in systems for e in vocabulary(s).values()]
