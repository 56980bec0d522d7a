"""HCPCS Level II codes and modifiers (CMS January 2026 file) and place-of-service codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.codes import hcpcs, pos
from revcycle.core.errors import CodeFormatError, UnknownCodeError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_file_has_8623_codes():
    db = hcpcs._db()
    assert db.execute("SELECT count(*) FROM codes").fetchone() == (8623,)
    assert hcpcs.RELEASE.startswith("HCPCS Level II, CMS January 2026")


@pytest.mark.parametrize(
    ("code", "description"),
    [
        ("G0439", "Annual wellness visit, includes a personalized prevention plan of service (pps), subsequent visit"),
        ("j1100", "Injection, dexamethasone sodium phosphate, 1 mg"),
        (" E0114 ", "Crutches underarm, other than wood, adjustable or fixed, pair, with pads, tips and handgrips"),
    ],
)
def test_descriptions_as_cms_wrote_them(code, description):
    assert hcpcs.describe(code).description == description


def test_g0439_record():
    rec = hcpcs.describe("G0439")
    assert (rec.betos, rec.added, rec.terminated) == ("M5D", date(2011, 1, 1), None)


def test_terminated_codes_are_kept_but_not_valid_after_termination():
    rec = hcpcs.describe("C5271")
    assert rec.terminated == date(2025, 12, 31)
    assert not hcpcs.is_valid("C5271")
    assert hcpcs.is_valid("C5271", on=date(2025, 6, 1))
    assert hcpcs.is_valid("A4295") and not hcpcs.is_valid("A4295", on=date(2025, 6, 1))  # added 2026


@pytest.mark.parametrize(
    ("text", "says"),
    [("99213", "CPT"), ("LT", "modifier"), ("J110", "one letter and four digits"), ("", "empty"),
     ("E11.9", "one letter and four digits")],
)
def test_normalize_explains(text, says):
    with pytest.raises(CodeFormatError, match=says):
        hcpcs.normalize(text)


def test_unknown_code():
    with pytest.raises(UnknownCodeError, match="J11"):
        hcpcs.describe("J1199")
    assert not hcpcs.is_valid("Z9999") and not hcpcs.is_valid("nonsense")


def test_search_by_prefix_and_words():
    hits = hcpcs.search("J11", limit=5)
    assert hits[0].code == "J1100" and all(h.code.startswith("J11") for h in hits)
    assert [h.code for h in hcpcs.search("j1100")] == ["J1100"]
    assert "E0114" in [h.code for h in hcpcs.search("crutches underarm", limit=5)]
    assert "G0439" in [h.code for h in hcpcs.search("annual wellness visit subsequent", limit=3)]
    assert {h.code for h in hcpcs.search("ambul", limit=5)} & {"A0999", "A0998", "A0888", "A0424"}
    wheel = hcpcs.search("wheelchair", limit=5)
    assert all("wheelchair" in h.title.lower() for h in wheel)


@FAST
@given(st.text(max_size=60))
def test_search_never_raises(query):
    hits = hcpcs.search(query)
    assert len(hits) <= 10 and all(0 < h.score <= 1 for h in hits)


@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR b", "*", "'; DROP TABLE codes; --", "x" * 10_000])
def test_search_takes_fts_syntax_as_text(query):
    assert isinstance(hcpcs.search(query), list)


def test_modifiers():
    assert len(hcpcs.modifiers()) == 383
    assert hcpcs.modifier("lt").description.startswith("Left side")
    assert {m.code for m in hcpcs.modifiers("separate")} >= {"XE", "XP", "XS"}
    with pytest.raises(UnknownCodeError, match="revcycle.codes.cpt.MODIFIERS"):
        hcpcs.modifier("25")  # a CPT modifier, not Level II
    with pytest.raises(CodeFormatError):
        hcpcs.modifier("LEFT")


# --- place of service -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [("11", "Office"), ("2", "Telehealth Provided Other than in Patient's Home"), (21, "Inpatient Hospital"),
     ("23", "Emergency Room \u2013 Hospital"), ("81", "Independent Laboratory")],
)
def test_place_of_service(code, name):
    assert pos.describe(code).name == name


def test_place_of_service_set():
    assert len(pos.all_codes()) == 52
    assert [p.code for p in pos.search("telehealth")] == ["02", "10"]
    assert "2022" in pos.describe("10").effective_note
    assert not pos.is_valid("30") and not pos.is_valid("123") and not pos.is_valid("ab")
    with pytest.raises(UnknownCodeError):
        pos.describe("30")
    with pytest.raises(CodeFormatError):
        pos.describe("office")


def test_a_drug_name_finds_its_current_code_before_a_terminated_one():
    """Where a drug has both a terminated and a current J code, a search by its name puts a current code first."""
    from collections import defaultdict

    by_name: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for code, title, active in hcpcs.listing():
        if code.startswith("J") and title.lower().startswith("injection, "):
            by_name[title.split(",")[1].strip().lower()].append((code, active))
    mixed = [n for n, v in by_name.items() if any(a for _c, a in v) and any(not a for _c, a in v)]
    assert len(mixed) >= 20
    for name in mixed:
        hits = hcpcs.search(name, 5)
        assert hits and hits[0].active, (name, [(h.code, h.active) for h in hits])
        assert [h.active for h in hits] == sorted((h.active for h in hits), reverse=True)  # current ones first
