"""The organ-system surgery engines: endoscopy families (read straight from the shipped indicator file here, not
through the engine), colonoscopy coding by payer, selective catheter orders and the obstetric package."""

from __future__ import annotations

import csv
import gzip
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle import hcpcs
from revcycle.coding.surgery import endoscopy, obstetric, vascular
from revcycle.core.errors import InputError, RevcycleError, RuleError
from revcycle.payment import fees

DATA = Path(__file__).resolve().parents[1] / "src" / "revcycle" / "data" / "pfs_indicators_2026.csv.gz"


def raw_rows() -> list[dict[str, str]]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- endoscopy families -------------------------------------------------------------------------------------------

def test_families_are_the_file_s_endo_base_column():
    rows = [r for r in raw_rows() if not r["modifier"]]
    named = {r["code"]: r["endo_base"] for r in rows if r["endo_base"]}
    assert {endoscopy.family(code) for code in ("45380", "45385", "45384", "45378")} == {"45378"}
    for code, base in named.items():
        assert endoscopy.family(code) == base, code
        assert code in endoscopy.members(base)
    assert all(r["mult_proc"] == "3" for r in rows if r["endo_base"])  # indicator 3 is what names a base
    assert endoscopy.family("43239") == "43235" and endoscopy.family("52332") == "52000"
    assert endoscopy.family("31628") == "31622" and endoscopy.family("31237") == "31231"
    assert endoscopy.family("52356") == "52351" and endoscopy.is_base("52351") and not endoscopy.is_base("52356")


def test_codes_outside_every_family_are_refused_clearly():
    with pytest.raises(RuleError, match="no endoscopy family"):
        endoscopy.family("99213")
    with pytest.raises(RuleError, match="not in the CY2026"):
        endoscopy.family("99999")
    with pytest.raises(InputError):
        endoscopy.family("4538")
    with pytest.raises(RuleError, match="not the base"):
        endoscopy.members("45385")


def test_a_diagnostic_endoscopy_folds_into_a_surgical_one_of_its_family_only():
    out = endoscopy.collapse(["45378", "45385", "45380", "43235", "99213"])
    assert out.reported == ("45385", "45380", "43235", "99213")
    assert [c for c, _ in out.dropped] == ["45378"]
    # a base alone stays, and a base of another family does not fold
    assert endoscopy.collapse(["43235", "45385"]).reported == ("43235", "45385")
    assert endoscopy.collapse(["45378", "45378"]).reported == ("45378",)
    with pytest.raises(InputError):
        endoscopy.collapse([])


CODES = st.sampled_from(["45378", "45380", "45385", "45384", "43235", "43239", "52000", "52332", "31622", "31628",
                         "99213", "36245"])


@given(st.lists(CODES, min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_collapse_never_reports_a_base_beside_its_surgical_member(codes):
    out = endoscopy.collapse(codes)
    base_of = dict(raw_rows_cached())  # member -> base, straight from the file
    for code in out.reported:
        assert not any(base_of.get(other) == code and other != code for other in out.reported), out
    assert set(out.reported) | {c for c, _ in out.dropped} == set(codes)
    assert len(out.reported) == len(set(out.reported))


_ROWS: list[tuple[str, str]] = []


def raw_rows_cached() -> list[tuple[str, str]]:
    if not _ROWS:
        _ROWS.extend((r["code"], r["endo_base"]) for r in raw_rows() if not r["modifier"] and r["endo_base"])
    return _ROWS


@given(st.text(max_size=8))
@settings(max_examples=200, deadline=None)
def test_any_text_as_a_code_gives_a_clear_error_or_an_answer(text):
    try:
        endoscopy.family(text)
    except RevcycleError as exc:
        assert str(exc)


# --- colonoscopy by payer -----------------------------------------------------------------------------------------

def test_screening_codes_are_the_hcpcs_file_s():
    assert "high risk" in hcpcs.describe("G0105").description and "not meeting" in hcpcs.describe("G0121").description
    assert "converted to diagnostic" in hcpcs.modifier("PT").description
    for code in ("G0105", "G0121"):
        fees.rvu_record(code, "53")  # the file prices the incomplete screening


def test_medicare_screening_that_stays_screening():
    assert str(endoscopy.colonoscopy_lines("medicare")) == "G0121"
    assert str(endoscopy.colonoscopy_lines("Medicare", high_risk=True)) == "G0105"
    assert str(endoscopy.colonoscopy_lines("medicare", after_positive_stool_test=True)) == "G0121-KX"
    assert str(endoscopy.colonoscopy_lines("medicare", incomplete=True)) == "G0121-53"


def test_a_screening_that_removes_a_polyp_medicare_versus_commercial():
    med = endoscopy.colonoscopy_lines("medicare", procedures=["45378", "45385"])
    com = endoscopy.colonoscopy_lines("commercial", procedures=["45378", "45385"])
    assert str(med) == "45385-PT" and str(com) == "45385-33"
    both = endoscopy.colonoscopy_lines("medicare", procedures=["45380", "45385"], after_positive_stool_test=True)
    assert str(both) == "45380-PT, 45385-PT"  # KX belongs to the G codes only
    assert str(endoscopy.colonoscopy_lines("commercial")) == "45378-33"
    assert str(endoscopy.colonoscopy_lines("commercial", incomplete=True)) == "45378-33-53"
    assert str(endoscopy.colonoscopy_lines("commercial", incomplete=True, commercial_incomplete_modifier="52")) == \
        "45378-33-52"


def test_colonoscopy_refusals():
    with pytest.raises(InputError, match="payer"):
        endoscopy.colonoscopy_lines("medicaid")
    with pytest.raises(RuleError, match="not a colonoscopy"):
        endoscopy.colonoscopy_lines("medicare", procedures=["43239"])
    with pytest.raises(RuleError):
        endoscopy.colonoscopy_lines("medicare", procedures=["45385"], incomplete=True)
    with pytest.raises(InputError):
        endoscopy.colonoscopy_lines("commercial", incomplete=True, commercial_incomplete_modifier="22")


def test_medicare_coinsurance_phases_down():
    share = endoscopy.medicare_coinsurance_share
    assert [share(y) for y in (2021, 2022, 2023, 2026, 2027, 2029, 2030)] == [
        Decimal("0.20"), Decimal("0.20"), Decimal("0.15"), Decimal("0.15"), Decimal("0.10"), Decimal("0.10"),
        Decimal("0.00")]
    with pytest.raises(InputError):
        share(1999)
    with pytest.raises(InputError):
        share("2026")  # type: ignore[arg-type]


# --- selective catheters ------------------------------------------------------------------------------------------

def test_orders_follow_the_tree():
    assert vascular.order("aorta") == 0 and vascular.order("celiac trunk") == 1
    assert vascular.order("common hepatic artery") == 2 and vascular.order("proper hepatic") == 3
    assert vascular.family_of("right hepatic artery") == "celiac trunk"
    for code in ("36200", "36245", "36246", "36247", "36248"):
        fees.rvu_record(code)
    assert fees.rvu_record("36248").global_days == "ZZZ"  # the add-on


def test_highest_order_per_family_and_add_ons():
    lines = vascular.catheter_lines(["aorta", "celiac trunk", "common hepatic artery", "proper hepatic artery"])
    assert [(ln.code, ln.units) for ln in lines] == [("36247", 1)]
    lines = vascular.catheter_lines(["proper hepatic artery", "splenic artery", "dorsal pancreatic artery",
                                     "superior mesenteric artery"])
    assert [(ln.code, ln.units) for ln in lines] == [("36247", 1), ("36248", 1), ("36245", 1)]
    assert [(ln.code, ln.units) for ln in vascular.catheter_lines(["aorta"])] == [("36200", 1)]
    lines = vascular.catheter_lines(["gastroduodenal artery", "left gastric artery", "splenic artery"])
    assert [(ln.code, ln.units) for ln in lines] == [("36247", 1), ("36248", 2)]


def test_bad_vessels():
    with pytest.raises(InputError, match="teaching tree"):
        vascular.catheter_lines(["left renal artery"])
    with pytest.raises(InputError):
        vascular.catheter_lines([])
    with pytest.raises(RuleError):
        vascular.family_of("aorta")


@given(st.lists(st.sampled_from(vascular.vessels()), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_one_initial_code_per_family_reached(placed):
    lines = vascular.catheter_lines(placed)
    fams = {vascular.family_of(v) for v in placed if v != "aorta"}
    initial = [ln for ln in lines if ln.code in ("36245", "36246", "36247")]
    assert {ln.family for ln in initial} == fams and len(initial) == len(fams)
    for ln in initial:
        deepest = max(vascular.order(v) for v in placed if v != "aorta" and vascular.family_of(v) == ln.family)
        assert ln.code == {1: "36245", 2: "36246"}.get(deepest, "36247")
    add = sum(ln.units for ln in lines if ln.code == "36248")
    assert add <= len({v for v in placed if vascular.order(v) >= 2})


# --- obstetric package --------------------------------------------------------------------------------------------

def test_every_maternity_code_is_in_the_file_with_mmm():
    codes = set(obstetric.GLOBAL.values()) | set(obstetric.DELIVERY_ONLY.values()) | \
        set(obstetric.DELIVERY_POSTPARTUM.values()) | {"59430", "59425", "59426"}
    for code in codes:
        assert fees.rvu_record(code).global_days == "MMM", code


@pytest.mark.parametrize(("visits", "expected"), [(0, []), (1, [("E/M", 1)]), (3, [("E/M", 3)]), (4, [("59425", 1)]),
                                                  (6, [("59425", 1)]), (7, [("59426", 1)]), (14, [("59426", 1)])])
def test_antepartum_bands(visits, expected):
    assert [(ln.code, ln.units) for ln in obstetric.antepartum_lines(visits)] == expected


def test_global_or_split():
    assert [ln.code for ln in obstetric.obstetric_lines(10, "vaginal", True)] == ["59400"]
    assert [ln.code for ln in obstetric.obstetric_lines(10, "cesarean after attempted vbac", True)] == ["59618"]
    assert [ln.code for ln in obstetric.obstetric_lines(0, "cesarean", False)] == ["59514"]
    assert [ln.code for ln in obstetric.obstetric_lines(0, None, True)] == ["59430"]
    assert [ln.code for ln in obstetric.obstetric_lines(8, "vbac", False)] == ["59426", "59612"]
    moved = obstetric.transfer(5, 6, "vaginal")
    assert [ln.code for ln in moved["first practice"]] == ["59425"]
    assert [ln.code for ln in moved["second practice"]] == ["59425", "59410"]


def test_obstetric_refusals():
    with pytest.raises(InputError):
        obstetric.antepartum_lines(-1)
    with pytest.raises(InputError):
        obstetric.obstetric_lines(3, "forceps", True)
    with pytest.raises(RuleError):
        obstetric.obstetric_lines(0)
    with pytest.raises(RuleError):
        obstetric.transfer(0, 5, "vaginal")


@given(st.integers(0, 40), st.sampled_from([None, *obstetric.DELIVERIES]), st.booleans(), st.booleans())
@settings(max_examples=200, deadline=None)
def test_global_only_when_one_practice_gave_everything(visits, delivery, postpartum, start):
    try:
        lines = obstetric.obstetric_lines(visits, delivery, postpartum, from_start=start)
    except RuleError:
        assert visits == 0 and delivery is None and not postpartum
        return
    codes = [ln.code for ln in lines]
    is_global = any(c in obstetric.GLOBAL.values() for c in codes)
    assert is_global == bool(start and visits and delivery and postpartum)
    if is_global:
        assert len(codes) == 1
