"""ICD-10-CM releases keyed by date of service: FY2026 to 2026-09-30, FY2027 (FY2026 + the official addenda) from
2026-10-01; every check that judges a code takes `on=`; the scrubber judges each claim by its dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.claims import scrub
from revcycle.codes import icd10cm
from revcycle.codes.engine.icd10cm_addenda import load
from revcycle.core.errors import CodeFormatError, UnknownCodeError
from tests.claim_factory import claim, line

FY26 = "2026-09-30"  # the last day of FY2026
FY27 = "2026-10-01"  # the first day of FY2027
ADDENDA = load("icd10cm_addenda_fy2027.csv")
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rows(action: str, billable: bool) -> list[str]:
    return [c.code for c in ADDENDA.of(action, billable)]


# --- the releases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "release"), [
    ("2025-10-01", "FY2026"), ("2026-04-01", "FY2026"), (FY26, "FY2026"), (FY27, "FY2027"),
    ("2027-09-30", "FY2027"), (date(2026, 12, 3), "FY2027"), (datetime(2026, 9, 30, 23, 59), "FY2026"),
    (" 2026-10-01 ", "FY2027"),
])
def test_the_release_in_force_follows_the_date_of_service(on, release):
    assert icd10cm.release(on).id == release


def test_releases_name_their_dates():
    fy26, fy27 = icd10cm.releases()
    assert (fy26.effective_from, fy26.effective_to) == (date(2025, 10, 1), date(2026, 9, 30))
    assert (fy27.effective_from, fy27.effective_to) == (date(2026, 10, 1), None)
    assert fy27.name == icd10cm.RELEASE == "ICD-10-CM FY2027 (October 1, 2026 release)"
    assert fy26.dates == "October 1, 2025 to September 30, 2026" and fy27.dates == "October 1, 2026 onward"
    # before the oldest release shipped, the oldest judges (and says so); after the newest, the newest
    assert icd10cm.release("2024-05-01").id == "FY2026" and "before October 1, 2025" in fy26.basis
    assert icd10cm.release("2030-01-01").id == "FY2027"


def test_the_addenda_file_is_the_one_shipped_in_shared_data():
    """The copy in the package matches the counts the official addenda summary gives."""
    assert len(rows("add", True)) == 190 and len(rows("add", False)) == 63
    assert len(rows("delete", True)) == 30 and len(rows("delete", False)) == 6
    assert len(rows("revise_to", True)) == 4


@pytest.mark.parametrize("on", ["2026-10-01", "not a date", "", "2026-13-01", 20261001, None])
def test_a_bad_date_is_refused_clearly(on):
    if on in ("2026-10-01", None):
        assert icd10cm.is_valid("E11.9", on=on)
        return
    with pytest.raises(CodeFormatError, match=r"date of service \(on=\) must be a date written like"):
        icd10cm.is_valid("E11.9", on=on)


# --- counts and every change of the addenda ---------------------------------------------------------


def test_fy2027_has_74879_billable_codes_and_fy2026_74719():
    assert len(icd10cm.codes(billable=True, on=FY27)) == 74_879
    assert len(icd10cm.codes(billable=False, on=FY27)) == 23_524
    assert len(icd10cm.codes(billable=True, on=FY26)) == 74_719
    assert len(icd10cm.codes(billable=False, on=FY26)) == 23_467
    assert sum(c.billable for c in icd10cm.chapters(on=FY27)) == 74_879


@pytest.mark.parametrize("code", rows("delete", True))
def test_every_deleted_code_is_accepted_before_october_1_and_refused_from_it(code):
    assert icd10cm.is_billable(code, on=FY26)
    assert not icd10cm.is_billable(code, on=FY27)
    verdict = icd10cm.status(code, on=FY27)
    if code in ADDENDA.became_headers:  # I42.0, M72.2, Z68.1 ...: a header now, with new codes below it
        assert verdict.verdict == "header" and "header since October 1, 2026 (FY2027)" in verdict.message
        assert verdict.choices and all(icd10cm.is_valid(c, on=FY27) for c in verdict.choices)
        assert all(c.startswith(code) for c in verdict.choices)
    else:  # S23.420A, T52.8X1A ...: gone
        assert verdict.verdict == "deleted" and "deleted from ICD-10-CM on October 1, 2026" in verdict.message
        assert not icd10cm.is_valid(code, on=FY27)
        with pytest.raises(UnknownCodeError, match="deleted"):
            icd10cm.describe(code, on=FY27)


@pytest.mark.parametrize("code", rows("add", True))
def test_every_added_code_is_billable_from_october_1_and_not_yet_before(code):
    assert icd10cm.is_billable(code, on=FY27)
    assert not icd10cm.is_valid(code, on=FY26)
    verdict = icd10cm.status(code, on=FY26)
    assert verdict.verdict == "not yet" and "takes effect on October 1, 2026 (FY2027)" in verdict.message


def test_added_codes_have_their_official_titles_and_no_invented_notes():
    titles = {c.code: c.title for c in ADDENDA.of("add")}
    for code, wanted in titles.items():
        info = icd10cm.describe(code, on=FY27)
        assert info.title == wanted, code
        if code not in ADDENDA.became_headers:
            assert "New in FY2027" in info.data_note, code
            own = [n for n in (*info.includes, *info.inclusion_terms, *info.excludes1, *info.excludes2,
                               *info.code_first, *info.use_additional_code, *info.code_also) if n.source == code]
            assert own == [], code


def test_added_headers_are_headers_and_hold_codes():
    for code in rows("add", False):
        assert icd10cm.is_valid(code, on=FY27) and not icd10cm.is_billable(code, on=FY27), code
        assert icd10cm.children(code, on=FY27), code


def test_revised_titles_change_on_october_1():
    old = {c.code: c.title for c in ADDENDA.of("revise_from")}
    for change in ADDENDA.of("revise_to"):
        assert icd10cm.title(change.code, on=FY27) == change.title
        assert icd10cm.title(change.code, on=FY26) == old[change.code]
        assert "Title revised in FY2027" in icd10cm.describe(change.code, on=FY27).data_note


def test_new_codes_sit_in_the_hierarchy():
    i42 = icd10cm.describe("I42.00", on=FY27)
    assert i42.parents == ("I42.0", "I42") and i42.chapter.id == "9"
    o31 = icd10cm.describe("O31.40X0", on=FY27)
    assert o31.parents[:2] == ("O31.40", "O31.4") and o31.seventh == "0"
    assert icd10cm.with_seventh("O31.40", "1", on=FY27) == "O31.40X1"
    assert icd10cm.with_seventh("T52.891", "A", on=FY27) == "T52.891A"
    with pytest.raises(UnknownCodeError):
        icd10cm.with_seventh("T52.891", "A", on=FY26)
    assert icd10cm.children("M72.2", on=FY27) == ["M72.20", "M72.21", "M72.22"]
    assert icd10cm.children("M72.2", on=FY26) == []


@pytest.mark.parametrize(("code", "new"), [
    ("I42.0", ["I42.00", "I42.01", "I42.09"]),
    ("M72.2", ["M72.20", "M72.21", "M72.22"]),
    ("Z68.1", ["Z68.18", "Z68.19"]),
    ("Z87.890", ["Z87.8901", "Z87.8902", "Z87.8903", "Z87.8904", "Z87.8909"]),
])
def test_the_issue_examples_turned_headers(code, new):
    assert icd10cm.is_billable(code, on=FY26) and not icd10cm.is_billable(code, on=FY27)
    assert list(icd10cm.status(code, on=FY27).choices) == new


def test_history_says_what_changed():
    (change,) = icd10cm.history("T52.8X1A")
    assert (change.release, change.change, change.effective) == ("FY2027", "deleted", date(2026, 10, 1))
    assert [c.change for c in icd10cm.history("i420")] == ["became a header"]
    assert icd10cm.history("E11.9") == []
    revised = icd10cm.history("L02.232")[0]
    assert revised.change == "title revised" and revised.previous_title != revised.title


# --- search per release ---------------------------------------------------------------------------------


def test_search_uses_the_release_in_force():
    fy27 = [h.code for h in icd10cm.search("plantar fasciitis", 10, on=FY27)]
    assert any(c.startswith("M67.A0") for c in fy27[:5])
    fy26 = icd10cm.search("plantar fasciitis", 10, on=FY26)
    assert fy26 and all(not h.code.startswith("M72.2") or h.code == "M72.2" for h in fy26)
    assert any(h.code == "M72.2" and h.billable for h in fy26)
    assert all(icd10cm.is_valid(h.code, on=FY26) for h in icd10cm.search("cardiomyopathy", 30, on=FY26))
    assert icd10cm.index_info(on=FY26)["release_id"] == "FY2026"
    assert icd10cm.index_info(on=FY27)["release_id"] == "FY2027"


# --- status never raises ------------------------------------------------------------------------------------


@FAST
@given(st.text(max_size=12), st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)))
def test_status_gives_a_verdict_for_any_text_on_any_date(text, day):
    verdict = icd10cm.status(text, on=day)
    assert verdict.verdict in {"billable", "header", "needs 7th", "deleted", "not yet", "unknown", "malformed"}
    assert verdict.message and verdict.release == icd10cm.release(day).id
    assert verdict.billable == icd10cm.is_billable(text, on=day)


@FAST
@given(st.dates(min_value=date(2025, 10, 1), max_value=date(2030, 12, 31)))
def test_exactly_one_release_governs_each_day(day):
    governing = [r for r in icd10cm.releases() if r.governs(day)]
    assert governing == [icd10cm.release(day)]
    assert icd10cm.release(day + timedelta(days=1)).effective_from >= icd10cm.release(day).effective_from


# --- the scrubber judges by the date of service ----------------------------------------------------------


def findings(dx: str, *days: str):
    lines = [line(day=d) for d in days]
    return [f for f in scrub(claim(*lines, diagnoses=[dx])) if f.item == "21"]


def test_a_code_that_became_a_header_is_refused_from_october_1():
    assert findings("I42.0", "2026-09-15") == []
    (found,) = findings("I42.0", "2026-10-05")
    assert found.edit_id == "DX-HEADER"
    assert "header since October 1, 2026 (FY2027)" in found.message and "I42.00" in found.message


def test_a_deleted_code_is_refused_from_october_1():
    assert findings("T52.8X1A", "2026-09-15") == []
    (found,) = findings("T52.8X1A", "2026-10-05")
    assert found.edit_id == "DX-INVALID" and "deleted from ICD-10-CM on October 1, 2026" in found.message
    assert "T52.81" in found.message


def test_a_new_code_is_refused_before_october_1():
    assert findings("I42.00", "2026-10-05") == []
    (found,) = findings("I42.00", "2026-09-15")
    assert found.edit_id == "DX-INVALID" and "takes effect on October 1, 2026" in found.message
    assert "use I42.0" in found.message


def test_a_claim_straddling_october_1_is_judged_by_both_releases():
    (found,) = findings("I42.0", "2026-09-30", "2026-10-01")
    assert found.edit_id == "DX-HEADER"
    (found,) = findings("I42.00", "2026-09-30", "2026-10-01")
    assert found.edit_id == "DX-INVALID"
    assert findings("E11.9", "2026-09-30", "2026-10-01") == []


def test_the_two_listings_differ_by_exactly_the_addenda():
    old = {c: (t, b) for c, t, b in icd10cm.listing(FY26)}
    new = {c: (t, b) for c, t, b in icd10cm.listing(FY27)}
    assert set(old) - set(new) == ADDENDA.removed
    assert set(new) - set(old) == {c.code for c in ADDENDA.of("add")} - ADDENDA.became_headers
    changed = {c for c in old.keys() & new.keys() if old[c] != new[c]}
    assert changed == ADDENDA.became_headers | {c.code for c in ADDENDA.of("revise_to")}


def test_the_front_desk_check_judges_each_line_by_its_date():
    from revcycle.claims.detail import ClaimLine, check_line

    def checks(day: str, dx: str) -> list[tuple[str, str]]:
        entry = ClaimLine.read("1", "Testpatient, Ann", day, "11", "99213", dx, "1234567893", 1, "100.00")
        return [(f.check, f.value) for f in check_line(entry, date(2026, 12, 1)) if "diagnosis" in f.check]

    assert checks("09/28/2026", "Z68.1") == []
    assert checks("10/02/2026", "Z68.1") == [("diagnosis not billable", "Z68.1")]
    assert checks("10/02/2026", "Z68.18") == []
    assert checks("09/28/2026", "Z68.18") == [("diagnosis not a code", "Z68.18")]
