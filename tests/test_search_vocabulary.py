"""What people type: the search vocabulary is valid and reachable, word forms and misspellings meet, and the
held-out query set keeps its hit rates."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle import cpt, hcpcs, icd10cm
from revcycle.codes.engine import expand, fts
from revcycle.codes.engine.spelling import Corrector
from tests import search_quality

ROWS = list(csv.DictReader(resources.files("revcycle.data").joinpath(expand.VOCABULARY_FILE)
                           .read_text(encoding="utf-8").splitlines()))


def test_the_vocabulary_has_hundreds_of_sourced_entries_of_known_kinds():
    assert list(ROWS[0]) == ["system", "kind", "term", "means", "code", "source"]
    assert len(ROWS) >= 400
    assert {r["system"] for r in ROWS} == {"icd10cm", "hcpcs", "cpt"}
    assert {r["kind"] for r in ROWS} <= set(expand.KINDS)
    assert {r["source"] for r in ROWS} <= set(expand.SOURCES)
    keys = [(r["system"], tuple(fts.words(r["term"]))) for r in ROWS]
    assert len(keys) == len(set(keys)), "a term is listed twice"
    assert all(r["term"] == r["term"].lower().strip() and r["means"].strip() for r in ROWS)


@pytest.mark.parametrize("row", [r for r in ROWS if r["system"] == "icd10cm"], ids=lambda r: r["term"])
def test_each_icd10cm_entry_names_a_real_code_its_meaning_reaches(row):
    assert icd10cm.is_valid(row["code"])
    if row["kind"] == "lay-word":
        return  # a word swapped inside other queries ('belly' -> 'abdominal') leads to no one code
    assert icd10cm.is_billable(row["code"]), "a term leads to a billable default"
    hits = [h.code.replace(".", "") for h in icd10cm.search(row["means"], 5)]
    # the code, or the header right above it (the Index names 'Otitis, media' at H66.9-), or that header's
    # unspecified code, which search shows in the header's place ('dyspnea' finds R06.00 beside R06.09)
    code = row["code"].replace(".", "")
    assert any(code.startswith(h) and len(code) - len(h) <= 2 or (len(h) == len(code) and h[:-1] == code[:-1])
               for h in hits)


@pytest.mark.parametrize("row", [r for r in ROWS if r["system"] == "hcpcs"], ids=lambda r: r["term"])
def test_each_hcpcs_entry_names_a_current_code_its_meaning_reaches(row):
    assert hcpcs.is_valid(row["code"])
    assert row["code"] in [h.code for h in hcpcs.search(row["means"], 5)]


def test_each_cpt_entry_names_a_teaching_code():
    rows = [r for r in ROWS if r["system"] == "cpt"]
    assert rows and all(r["code"] in cpt.TEACHING_SET for r in rows)
    assert {r["code"] for r in rows} == set(cpt.TEACHING_SET)


def test_a_term_typed_alone_shows_what_it_was_read_as():
    chf = icd10cm.search("CHF")[0]
    assert chf.code == "I50.9" and chf.why.startswith("synonym: CHF = ")
    uti = icd10cm.search("uti")[0]
    assert uti.code == "N39.0"
    assert icd10cm.search("MI")[0].code == "I21.9"  # the meaning before words that start with the letters
    assert hcpcs.search("flu shot")[0].code == "G0008"
    assert cpt.search("EKG")[0].code == "93000"


def test_word_forms_meet():
    assert fts.stem("fractures") == fts.stem("fractured") == fts.stem("fracture") == "fractur"
    assert fts.stem("injuries") == "injury" and fts.stem("abscesses") == "abscess"
    assert fts.stem("bronchitis") == "bronchitis" and fts.stem("uterus") == "uterus"  # Latin left alone
    assert fts.stem("burns") == "burn" and fts.stem("arm") == "arm"  # short words untouched
    assert "M84.45" in [h.code for h in icd10cm.search("fractured femurs pathological", 10)] or \
        any(h.code.startswith("S72") for h in icd10cm.search("fractured femurs", 5))
    assert icd10cm.search("migraines")[0].code.startswith("G43")


def test_misspellings_are_corrected_and_said_so():
    hit = icd10cm.search("pnuemonia")[0]
    assert hit.code == "J18.9" and hit.why == "spelling: pnuemonia \u2192 pneumonia"
    assert icd10cm.search("hypertention")[0].code == "I10"
    assert icd10cm.search("asthama")[0].code.startswith("J45")
    assert hcpcs.search("wheelchiar")[0].code.startswith("K0")
    exact = icd10cm.search("pneumonia")[0]
    assert exact.code == "J18.9" and exact.why == ""  # a word spelled right is searched as typed


def test_the_corrector_prefers_the_nearest_then_the_commonest_word():
    fix = Corrector({"pneumonia": 50, "pneumonic": 2, "asthma": 30, "fracture": 80})
    assert fix.nearest("pnuemonia") == "pneumonia"  # a transposition is one edit
    assert fix.nearest("fractrue") == "fracture"
    assert fix.nearest("xyzzy") is None
    assert fix.nearest("ast") is None  # too short to guess


def test_index_see_also_on_a_term_without_a_code_is_followed():
    flu = icd10cm.search("flu")[0]
    assert flu.code == "J11.1"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_safe_query_in_every_code_set(text):
    for hit in icd10cm.search(text, 5):
        assert icd10cm.is_valid(hit.code) and 0 < hit.score <= 1
    hcpcs.search(text, 5)
    cpt.search(text, 5)


# The held-out query set (tests/fixtures/search_queries_3.csv: written apart from the search and its vocabulary,
# never looked at query by query). Issue 15's goal is top-5 >= 90% in every kind; these floors hold it.
FLOORS = {"lay": 0.90, "abbreviation": 0.90, "misspelling": 0.90, "wordform": 0.90, "wordorder": 0.90,
          "index": 0.95}


def test_the_held_out_query_set_keeps_its_hit_rates():
    items = search_quality.queries()
    assert len(items) >= 400 and {q.kind for q in items} == set(search_quality.KINDS)
    search = search_quality.searchers()
    rates = search_quality.rates({q: search[q.system](q.text, 5) for q in items if q.system == "icd10cm"})
    for kind, floor in FLOORS.items():
        count, _, top5 = rates[("icd10cm", kind)]
        assert count >= 45 and top5 >= floor, (kind, count, top5)


# HCPCS from the held-out set; CPT from the previous held-out set (the current one has no CPT queries).
@pytest.mark.parametrize(("system", "path", "least", "floor"), [
    ("hcpcs", search_quality.QUERIES, 35, 0.90), ("cpt", search_quality.QUERIES_2, 10, 0.90)])
def test_hcpcs_and_cpt_reach_most_of_the_held_out_queries(system, path, least, floor):
    items = [q for q in search_quality.queries(path) if q.system == system]
    search = search_quality.searchers()[system]
    found = [any(q.accepts(code) for code in search(q.text, 5)) for q in items]
    assert len(items) >= least and sum(found) / len(found) >= floor


# The previous held-out set was measured before the vocabulary grew by chapter; its everyday names reach 81%.
SEEN_FLOORS = {("search_queries_2.csv", "icd10cm", "lay"): 0.78}


@pytest.mark.parametrize("path", search_quality.SEEN, ids=lambda p: p.name)
def test_the_queries_seen_while_tuning_keep_their_rates(path):
    """The query sets the search and its vocabulary were tuned against (the development sets, the first held-out
    set, looked at since, and the second, measured before): a regression guard, not a quality figure."""
    items = search_quality.queries(path)
    search = search_quality.searchers()
    for (system, kind), (count, _, top5) in search_quality.rates(
            {q: search[q.system](q.text, 5) for q in items}).items():
        floor = SEEN_FLOORS.get((path.name, system, kind), 0.84 if count >= 10 else 0.5)
        assert top5 >= floor, (system, kind, count, top5)


def test_the_vocabularys_own_words_are_not_taken_for_typos():
    """'fell off a ladder' reads as 'fall from ladder': the rare 'ladder' is not a typo of the common 'bladder'."""
    hits = icd10cm.search("fell off a ladder", 10)
    assert hits[0].code == "W11.XXXA"
    assert not [h.why for h in hits if "bladder" in h.why]


def test_a_term_is_read_in_other_word_forms_and_orders():
    """'broken wrists' is the term 'broken wrist'; 'pain chest' is 'chest pain'; an Index-style query with commas
    keeps its own order."""
    from revcycle.codes.engine import expand

    _text, used, whole = expand.rewrite("broken wrists", "icd10cm")
    assert [e.term for e in used] == ["broken wrist"] and whole
    _text, used, whole = expand.rewrite("pain chest", "icd10cm")
    assert [e.term for e in used] == ["chest pain"] and whole
    assert icd10cm.search("attack heart", 1)[0].code == "I21.9"
    assert expand.rewrite("pain, chest", "icd10cm") is None or all(e.term != "chest pain" for e in
                                                                   expand.rewrite("pain, chest", "icd10cm")[1])
