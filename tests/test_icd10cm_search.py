"""ICD-10-CM search: codes and code prefixes, words from titles, inclusion terms and the index, bad input."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.codes import icd10cm
from revcycle.codes.engine import cache, fts
from revcycle.core.errors import CodeFormatError, DataError

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FTS_SYNTAX = ['"', '""', "*", "NEAR(", "NEAR(a b, 2)", "OR", "AND", "NOT", "a OR b", '"diabetes" OR "x"',
              "'; DROP TABLE codes; --", "^diabetes", "text:diabetes", "{text}: x", "(", ")", "-", "+", ":",
              "\x00", "diabetes*", "NEAR", "%", "_", "\\", "🙂", "Ω≈ç√", "é" * 50]


def codes(hits):
    return [h.code for h in hits]


# --- codes and prefixes -------------------------------------------------------------------------------


def test_a_code_finds_itself():
    hits = icd10cm.search("e11.9")
    assert codes(hits) == ["E11.9"] and hits[0].score == 1.0 and hits[0].billable
    assert codes(icd10cm.search("T1490XA")) == ["T14.90XA"]


def test_a_code_prefix_lists_codes_level_by_level():
    hits = icd10cm.search("S72", limit=12)
    assert hits[0].code == "S72" and not hits[0].billable
    kids = icd10cm.children("S72")
    assert kids == ["S72.0", "S72.1", "S72.2", "S72.3", "S72.4", "S72.8", "S72.9"]
    assert codes(hits[1:8]) == kids and codes(hits[8:10]) == ["S72.00", "S72.01"]
    assert all(h.code.startswith("S72") for h in hits)
    assert codes(icd10cm.search("E11.")[:3]) == ["E11", "E11.0", "E11.1"]


def test_a_code_shaped_query_that_is_no_code_finds_nothing():
    assert icd10cm.search("E11.99") == []


# --- words ---------------------------------------------------------------------------------------------


def test_exact_title():
    assert icd10cm.search("Type 2 diabetes mellitus without complications")[0].code == "E11.9"


def test_inclusion_terms_and_includes_notes():
    # "Bronzed diabetes" is an inclusion term of E83.110; "high blood pressure" an includes note of I10.
    assert "E83.110" in codes(icd10cm.search("bronzed diabetes", limit=3))
    assert icd10cm.search("high blood pressure")[0].code == "I10"


def test_index_terms_find_codes_titles_lack():
    heartburn = icd10cm.search("heartburn")[0]
    assert (heartburn.code, heartburn.billable) == ("R12", True)
    assert icd10cm.search("heart attack")[0].code == "I21.9"
    see = icd10cm.search("hyperpiesia")[0]  # Hyperpiesia - see Hypertension, a word no vocabulary entry holds
    assert see.code == "I10" and "see" in see.matched and "Alphabetic Index" in see.source and see.why == ""
    assert "T39.1X1" in codes(icd10cm.search("acetaminophen"))
    assert "W19" in codes(icd10cm.search("fall", limit=2))  # External Cause Index: Fall, falling


def test_prefix_matching_as_the_user_types():
    assert "E11.9" in codes(icd10cm.search("diab", limit=5))
    assert "I10" in codes(icd10cm.search("hypertensi", limit=5))
    assert "R12" in codes(icd10cm.search("heartbu", limit=3))


def test_partial_matches_score_below_one_half():
    hits = icd10cm.search("zzyzx arm")  # a word neither the code set nor its spelling neighbours know
    assert hits and all(h.score < 0.5 for h in hits)


def test_hits_are_ranked_and_confirmed_against_fy2026():
    for query in ["diabetes", "fracture of femur", "asthma", "E11", "brokn leg", "chest pian"]:
        hits = icd10cm.search(query, limit=10)
        assert hits, query
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True), query
        assert all(0 < s <= 1 for s in scores)
        assert len(set(codes(hits))) == len(hits)
        for h in hits:
            assert icd10cm.is_valid(h.code) and h.billable == icd10cm.is_billable(h.code)
            assert h.title == icd10cm.title(h.code)


def test_inclusion_terms_are_found_in_the_top_five():
    """A random sample of the inclusion terms of the tabular list in force, searched as written."""
    db = icd10cm._edition(None).db
    rows = db.execute("SELECT owner, text FROM notes WHERE kind = 'inclusion_term' AND owner NOT LIKE '%:%'").fetchall()
    bearers: dict[str, set[str]] = {}
    for owner, text in rows:
        bearers.setdefault(text, set()).add(owner)
    sample = random.Random(7).sample(sorted(bearers), 300)
    found = sum(bool(bearers[t] & set(codes(icd10cm.search(t, limit=5)))) for t in sample)
    assert found / len(sample) >= 0.95


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", FTS_SYNTAX)
def test_fts_and_sql_syntax_is_plain_text(query):
    hits = icd10cm.search(query)
    assert isinstance(hits, list) and len(hits) <= 10


@pytest.mark.parametrize("query", ["", "   ", "\n\t", ".", "...", "-", "x" * 10_000, "diabetes " * 2_000])
def test_empty_and_huge_queries(query):
    assert len(icd10cm.search(query)) <= 10


@FAST
@given(st.text(max_size=80), st.integers(min_value=-5, max_value=60))
def test_search_never_raises_on_text(query, limit):
    hits = icd10cm.search(query, limit=limit)
    assert len(hits) <= max(limit, 0)
    assert all(isinstance(h, icd10cm.Hit) and 0 < h.score <= 1 for h in hits)


@FAST
@given(st.lists(st.sampled_from(FTS_SYNTAX + ["diabetes", "type", "2", "of", "E11"]), max_size=8).map(" ".join))
def test_search_never_raises_on_mixed_syntax(query):
    assert len(icd10cm.search(query)) <= 10


def test_search_rejects_non_text_with_the_documented_error():
    with pytest.raises(CodeFormatError):
        icd10cm.search(None)  # type: ignore[arg-type]
    with pytest.raises(CodeFormatError):
        icd10cm.search("diabetes", limit="10")  # type: ignore[arg-type]


def test_tokens_are_always_quoted():
    assert fts.quote('a"b') == '"a""b"'
    assert fts.tokenize('NEAR("x" OR y*)') == ["near", "x", "or", "y"]
    assert fts.words("Débove's") == ["debove", "s"]
    assert fts.tokenize("Débove's fractures") == ["debov", "s", "fractur"]  # stems


# --- the search path and the cache -------------------------------------------------------------------------


def test_search_path_does_not_import_simple_icd_10_cm():
    icd10cm.index_info()  # the database exists before the fresh process starts
    code = (
        "import sys\nfrom revcycle import icd10cm\nhits = icd10cm.search('type 2 diabetes')\n"
        "icd10cm.describe('E11.9'); icd10cm.is_billable('E11.9')\n"
        "print(hits[0].code, 'simple_icd_10_cm' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ})
    assert out.stdout.split() == ["E11.9", "False"]


def test_cache_builds_once_and_rebuilds_when_the_release_changes(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    calls = []

    def build(conn: sqlite3.Connection) -> None:
        calls.append(1)
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (?)", (len(calls),))

    first = cache.open_db("demo", "release-1", build)
    again = cache.open_db("demo", "release-1", build)
    assert calls == [1] and again.execute("SELECT x FROM t").fetchone() == (1,)
    first.close()
    again.close()
    newer = cache.open_db("demo", "release-2", build)
    assert len(calls) == 2 and newer.execute("SELECT x FROM t").fetchone() == (2,)
    assert [p.name for p in tmp_path.glob("demo-*.sqlite")] == [cache.db_path("demo", "release-2").name]
    newer.close()
    cache.db_path("demo", "release-2").write_bytes(b"not a database")
    rebuilt = cache.open_db("demo", "release-2", build)
    assert len(calls) == 3 and rebuilt.execute("SELECT x FROM t").fetchone() == (3,)


def test_cache_reports_an_unbuildable_database(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("THIS IS NOT SQL")

    with pytest.raises(DataError, match=cache.ENV_VAR):
        cache.open_db("broken", "k", broken)


def test_a_reading_can_be_limited_to_terms_holding_all_its_words():
    """expand.search asks for whole matches only from a reading the vocabulary replaced ('heart attack' as typed)."""
    searcher = icd10cm._edition(None).searcher
    assert searcher.search("blood clot in lung", 10, partial=False) == []
    partial = searcher.search("blood clot in lung", 10)
    assert partial and all(r.score < 0.5 for r in partial)
    whole = searcher.search("pulmonary embolism", 10, partial=False)
    assert whole and whole[0].score > 0.5


def test_filler_words_need_not_be_in_a_term():
    """'the', 'my', 'is' ... rarely appear in titles: terms holding every other typed word come before partial
    matches, scored by the share of the typed words they hold."""
    hits = icd10cm.search("fractures of the wrist", 5)
    assert hits and hits[0].score > 0.5  # above every partial match (< 0.49)
    assert any(h.code.startswith(("S52.5", "S52.6", "S62")) for h in hits)


def test_leaving_common_words_to_sqlite_changes_no_result(monkeypatch):
    """FTS_COMMON only moves work from FTS5 to SQLite's word-list check: the rows must be the same."""
    from revcycle.codes.engine import fts
    from tests import search_quality

    queries = [q.text for q in search_quality.queries() if q.system == "icd10cm"][::7]
    monkeypatch.setattr(fts, "FTS_COMMON", 1.0)
    everything_in_fts = [[(h.code, h.score) for h in icd10cm.search(q, 10)] for q in queries]
    monkeypatch.setattr(fts, "FTS_COMMON", 0.02)
    assert [[(h.code, h.score) for h in icd10cm.search(q, 10)] for q in queries] == everything_in_fts
    monkeypatch.setattr(fts, "PAIR_RATIO", 0)  # the second-rarest word checked row by row, never intersected
    assert [[(h.code, h.score) for h in icd10cm.search(q, 10)] for q in queries] == everything_in_fts


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
@FAST
def test_plain_ascii_text_is_cut_as_the_folding_path_cuts_it(text):
    """words() skips Unicode folding for ASCII text (nearly every term): the words must be the same."""
    import unicodedata

    folded = fts._COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()
    assert fts.words(text) == fts._WORD.findall(folded)


def test_a_searcher_reads_word_counts_and_code_titles_as_the_index_holds_them():
    """The counts and titles a searcher keeps equal a fresh read of the index, for words seen and unseen."""
    searcher = icd10cm._edition(None).searcher
    icd10cm.search("fracture of femur", 5)
    words = ["fractur", "femur", "zzzznotaword", "of"]
    fresh = dict(searcher.conn.execute(
        "SELECT term, docs FROM docs_vocab WHERE term IN (?, ?, ?, ?)", words).fetchall())
    assert searcher.counts(words) == {w: fresh.get(w, 0) for w in words}
    row = searcher.code_row("E11.9", "label")
    assert row is not None and row.title == icd10cm.title("E11.9") and row.extra == (1,)
    assert searcher.code_row("E11.99", "label") is None


def test_a_searcher_that_empties_its_kept_reads_still_answers_every_word_and_code(monkeypatch):
    """Past MAX_KNOWN entries a searcher forgets what it kept; words and codes asked for again are read afresh,
    never lost (a KeyError or a missing title would follow)."""
    searcher = icd10cm._edition(None).searcher
    words = ["fractur", "femur", "zzzznotaword"]
    want = searcher.counts(words)
    searcher.code_row("E11.9", "label")
    monkeypatch.setattr(fts, "MAX_KNOWN", 0)
    more = [*words, "zzzzanotherword"]  # one word not read yet, beside words already kept
    assert searcher.counts(more) == {**want, "zzzzanotherword": 0}
    assert searcher._infos(["E11.9", "I10"]).keys() >= {"E11.9", "I10"}
    row = searcher.code_row("E11.9", "label")
    assert row is not None and row.title == icd10cm.title("E11.9")


def test_joining_words_are_dropped_before_partial_matching(monkeypatch):
    """'swelling IN leg': no term holds 'in' with the other words, so terms holding 'swelling' and 'leg' come
    next, as whole matches of the words that say something, before any partial match."""
    searcher = icd10cm._edition(None).searcher
    rows = searcher.search("swelling in leg ", 10, partial=False)  # the whole-match stages only
    assert rows and rows[0].code == searcher.search("swelling in leg ", 10)[0].code
    monkeypatch.setattr(fts, "FUNCTION", frozenset())
    assert searcher.search("swelling in leg ", 10, partial=False) == []



def test_partial_matches_are_skipped_when_they_cannot_enter_the_top():
    """expand.search runs a reading's partial stages only while its top `limit` could still change: the result
    is the same as running them (checked over the query set's misspellings, where it matters)."""
    from revcycle.codes.engine import expand
    from tests import search_quality

    searcher = icd10cm._edition(None).searcher
    queries = [q.text for q in search_quality.queries() if q.kind == "misspelling" and q.system == "icd10cm"][::3]
    real = fts.Searcher.search

    def always_partial(self, query, limit, skip=None, partial=True):
        return real(self, query, limit, skip, True)

    pruned = [[(f.row.code, f.row.score) for f in expand.search(searcher, q, 10, "icd10cm")] for q in queries]
    fts.Searcher.search = always_partial  # type: ignore[method-assign]
    try:
        full = [[(f.row.code, f.row.score) for f in expand.search(searcher, q, 10, "icd10cm")] for q in queries]
    finally:
        fts.Searcher.search = real  # type: ignore[method-assign]
    # A reading the vocabulary replaced is asked for whole matches only by design; compare the others.
    plans = [expand.rewrite(q, "icd10cm") for q in queries]
    assert [p for p, plan in zip(pruned, plans, strict=True) if plan is None] == \
        [f for f, plan in zip(full, plans, strict=True) if plan is None]


# --- the Index's 'code to' instructions and the spelling corrector ---------------------------------------


@pytest.mark.parametrize("term, expected", [
    ("lymphangitis - code by site under  Abscess", ("lymphangitis", "code by site under Abscess", "Abscess")),
    ("blisters - code as Burn, second degree, by  site", ("blisters", "code as Burn, second degree, by site",
                                                           "Burn, second degree")),
    ("in remission, any type - code to Hepatitis, chronic, by type",
     ("in remission, any type", "code to Hepatitis, chronic, by type", "Hepatitis, chronic")),
    ("Urosepsis - code to condition", ("Urosepsis", "code to condition", "")),
    ("sequelae -- code to injury with seventh character S",
     ("sequelae", "code to injury with seventh character S", "")),
    ("with signs or symptoms - code by site and stage under Syphilis",
     ("with signs or symptoms", "code by site and stage under Syphilis", "Syphilis")),
    ("Abscess", None), ("code to", None), ("fracture - see Fracture", None),
])
def test_code_to_instructions_are_read_from_the_term(term, expected):
    from revcycle.codes.engine.icd10cm_sources import code_to

    assert code_to(term) == expected


@given(st.text(max_size=120))
@FAST
def test_code_to_never_raises_and_keeps_the_term(text):
    from revcycle.codes.engine.icd10cm_sources import code_to

    found = code_to(text)
    if found is not None:
        term, how, target = found
        assert " ".join(text.split()).startswith(term) and how.startswith("code ")
        assert target == "" or target[0].isupper()


def test_a_code_to_instruction_leads_to_the_term_it_names():
    """'Fochier's abscess - code by site under Abscess' has no code of its own: search follows the instruction
    to the code of 'Abscess' and shows the instruction; one that names no term ('Urosepsis - code to
    condition') leads nowhere, as in the printed Index."""
    hits = icd10cm.search("fochier's abscess", 3)
    assert hits[0].code == "L02.91" and "code by site under Abscess" in hits[0].matched
    assert hits[0].code == icd10cm.index_lookup("abscess")[0].confirmed
    info = icd10cm.index_info()
    assert int(info["stat:code-to instructions"]) >= 100 and int(info["stat:code-to instructions resolved"]) >= 20
    assert not any("Urosepsis" in h.matched for h in icd10cm.search("urosepsis", 10))


@pytest.mark.parametrize("typed, word", [
    ("pnuemonia", "pneumonia"),  # letters swapped
    ("neumonia", "pneumonia"),   # the first letter lost
    ("sirrhosis", "cirrhosis"),  # a first letter that sounds alike
    ("hypertention", "hypertension"),  # a letter changed
])
def test_the_corrector_finds_the_word_meant(typed, word):
    corrector = icd10cm._edition(None).searcher.corrector()
    assert corrector.nearest(typed) == word


# --- the code a coder lands on ----------------------------------------------------------------------------


def test_a_heading_found_by_words_stands_for_its_unspecified_code():
    """'lukemia' and 'pain pelvic' find headings (C95.9, R10.2): each is shown as its billable unspecified code,
    saying so; a heading without an unspecified code below it stays a heading."""
    hit = icd10cm.search("leukemia unspecified", 3)[0]
    assert hit.code == "C95.90" and hit.billable and "C95.9 is a heading" in hit.why
    assert [h.code for h in icd10cm.search("leukemia unspecified", 3)][:2] == ["C95.90", "C95.9"]  # the heading next
    for query in ("pelvic pain", "nausea and vomiting", "hodgkin lymphoma"):
        found = [h.code for h in icd10cm.search(query, 10)]
        for i, code in enumerate(found):
            if not icd10cm.is_billable(code) and not icd10cm.describe(code).needs_seventh:
                unspecified = [c for c in icd10cm.children(code)
                               if icd10cm.is_billable(c) and "unspecified" in icd10cm.title(c).lower()]
                assert not unspecified or unspecified[0] in found[:i], (query, code)
    assert icd10cm.search("unspecified fall", 1)[0].code == "W19"  # codes below differ only by the encounter


def test_a_query_that_is_one_vocabulary_term_leads_with_its_usual_code():
    for query, code in (("UTI", "N39.0"), ("chf", "I50.9"), ("tongue tied", "Q38.1"), ("DOE", "R06.09")):
        hit = icd10cm.search(query, 5)[0]
        assert hit.code == code and hit.why.endswith("the usual code"), query


def test_a_last_word_the_vocabulary_read_is_not_completed_as_a_prefix():
    """'acute PE': PE is pulmonary embolism, not the start of 'pericarditis' or 'peritonitis'."""
    hits = icd10cm.search("acute PE", 5)
    assert hits[0].code.startswith("I26") and not any(h.code.startswith(("I30", "K65", "K35")) for h in hits)


def test_a_rare_word_one_letter_from_a_far_commoner_one_is_corrected():
    """'migrane' is stemmed as 'migran', the stem of the rare 'migrans' (erythema migrans); 'migraine' is in far
    more terms, so the query is read as a misspelling of it. Short words are never second-guessed."""
    hit = icd10cm.search("migrane", 5)[0]
    assert hit.code.startswith("G43") and "migrane \u2192 migraine" in hit.why
    assert "migrans" in icd10cm.search("erythema migrans", 3)[0].matched.lower()
    yaws = icd10cm.search("yaws", 5)  # a short rare word, one letter from commoner ones (jaw, yam): left alone
    assert yaws[0].code.startswith("A66") and all("spelling" not in h.why for h in yaws)


@pytest.mark.parametrize("a, b", [("legs", "leg"), ("ribs", "rib"), ("arthritic", "arthritis"),
                                  ("psychotic", "psychosis"), ("fractures", "fracture")])
def test_word_forms_meet(a, b):
    assert fts.stem(a) == fts.stem(b)


@pytest.mark.parametrize("word", ["lens", "iris", "pubis", "mass", "virus"])
def test_words_that_only_look_plural_keep_their_ending_or_meet_no_other_word(word):
    assert fts.stem(word) in (word, word[:-1]) and fts.stem(word) == fts.stem(word)


def test_a_vocabulary_term_is_found_with_filler_words_inside_it():
    """'ringing in MY ears': read without its filler words the query holds the term 'ringing in ears', which
    covers more of it than 'ears' alone does as typed."""
    from revcycle.codes.engine import expand

    text, used, whole = expand.rewrite("ringing in my ears", "icd10cm")
    assert len(used) == 1 and used[0].term.startswith("ringing in") and whole and text.startswith("tinnitus")
    hit = icd10cm.search("ringing in my ears", 5)[0]
    assert hit.code.startswith("H93.1") and " = tinnitus" in hit.why
    _text, used, whole = expand.rewrite("the copd", "icd10cm")  # a filler word does not stop a whole reading
    assert [e.term for e in used] == ["copd"] and whole
    assert expand.rewrite("the", "icd10cm") is None  # nothing but filler: nothing to read
