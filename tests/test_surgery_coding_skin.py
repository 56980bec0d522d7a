"""The skin and musculoskeletal surgery engines (revcycle.coding.surgery: package, excision, repair, fracture).

Every code the engines can return is in the CMS CY2026 PFS file; the global days they read are the file's; the
repair, excision, debridement, graft and Mohs rules are checked against hand arithmetic and by property tests
(adding lengths in any split gives the same lines, brackets never go down as sizes go up, units are at least 1).
"""

from __future__ import annotations

import contextlib
import csv
import gzip
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.coding.surgery import excision, fracture, package, repair
from revcycle.errors import InputError, RevcycleError, RuleError
from revcycle.payment import fees

D = Decimal
lengths = st.decimals(min_value=D("0.1"), max_value=D("60"), places=1)


def _all_engine_codes() -> set[str]:
    codes = {str(base + digit) for base in excision.EXCISION_SERIES.values() for _, digit in excision.BRACKETS}
    codes |= {c for family in repair.REPAIR_FAMILIES.values() for _, c in family}
    codes |= {c for pair in (*repair.DEBRIDEMENT.values(), *repair.GRAFTS.values(), *excision.MOHS.values())
              for c in pair}
    codes |= {excision.MOHS_BLOCK_ADDON, *fracture.DISTAL_RADIUS.values()}
    return codes


def test_every_code_the_engines_return_is_in_the_cy2026_pfs_file():
    codes = _all_engine_codes()
    assert len(codes) == 36 + (6 + 7) + (6 + 6 + 7) + 12 + 6 + 4 + 5 + 4  # excision, simple, intermediate, ...
    assert codes <= fees.listed_codes(), sorted(codes - fees.listed_codes())


def test_global_days_are_the_shipped_file_s_read_independently():
    raw = Path(fees.__file__).resolve().parents[1] / "data" / "pfs_rvu_2026.csv.gz"
    expected = {"13102": "ZZZ", "11045": "ZZZ", "17312": "ZZZ", "25605": "090", "12002": "000", "11603": "010"}
    with gzip.open(raw, "rt", encoding="utf-8") as fh:
        seen = {r["code"]: r["global_days"] for r in csv.DictReader(fh) if r["code"] in expected and not r["modifier"]}
    assert seen == expected
    for code, days in expected.items():
        assert package.global_days(code) == days


def test_visit_in_a_90_day_global_counts_from_the_day_before():
    v = package.visit_in_global("25605", "2026-03-02", "2026-03-01")
    assert v.inside and v.start == date(2026, 3, 1) and v.end == date(2026, 5, 31)  # 2 March + 90 days
    assert not package.visit_in_global("25605", "2026-03-02", "2026-06-01").inside
    assert not package.visit_in_global("25605", "2026-03-02", "2026-02-28").inside


def test_minor_and_zero_day_periods_start_on_the_day_of():
    assert not package.visit_in_global("11603", "2026-03-02", "2026-03-01").inside
    assert package.visit_in_global("11603", "2026-03-02", "2026-03-12").inside
    assert not package.visit_in_global("11603", "2026-03-02", "2026-03-13").inside
    assert package.visit_in_global("12002", "2026-03-02", "2026-03-02").inside
    assert not package.visit_in_global("12002", "2026-03-02", "2026-03-03").inside


def test_xxx_yyy_and_zzz_are_explained_or_refused():
    assert package.visit_in_global("99213", "2026-03-02", "2026-03-02").inside is False
    assert package.visit_in_global("17999", "2026-03-02", "2026-03-05").inside is None
    with pytest.raises(InputError, match="add-on"):
        package.visit_in_global("13102", "2026-03-02", "2026-03-05")
    with pytest.raises(RevcycleError):
        package.visit_in_global("25605", "not a date", "2026-03-05")


@pytest.mark.parametrize(("site", "behavior", "lesion", "margin", "code"), [
    ("back", "malignant", "1.4", "0.4", "11603"),   # 1.4 + 0.8 = 2.2 cm
    ("back", "malignant", "1.2", "0.4", "11602"),   # 2.0 cm: the top of its bracket
    ("nose", "benign", "0.3", "0.1", "11440"),      # 0.5 cm
    ("hand", "benign", "0.5", "0.1", "11421"),      # 0.7 cm
    ("scalp", "malignant", "3.0", "0.6", "11626"),  # 4.2 cm
    ("cheek", "malignant", "2.0", "0.5", "11643"),  # 3.0 cm
    ("arm", "benign", "0.6", "0", "11401"),         # no margin taken
])
def test_excision_codes_by_behavior_site_and_excised_diameter(site, behavior, lesion, margin, code):
    assert excision.excision_code(site, behavior, lesion, margin).code == code


def test_excision_refuses_missing_margin_unknown_behavior_and_bad_sizes():
    with pytest.raises(InputError, match="margin"):
        excision.excision_code("back", "benign", "1.0", None)
    with pytest.raises(RuleError, match="pathology"):
        excision.excision_code("back", "uncertain", "1.0", "0.2")
    with pytest.raises(InputError):
        excision.excision_code("back", "benign", "-1", "0.2")
    with pytest.raises(InputError):
        excision.excision_code("back", "benign", "one", "0.2")
    with pytest.raises(InputError):
        excision.excision_code("elbow pit", "benign", "1", "0.2")


@given(lengths, lengths)
def test_excision_bracket_never_goes_down_as_the_lesion_grows(a, b):
    small, large = sorted((a, b))
    c1 = excision.excision_code("trunk", "benign", small, "0.2").code
    c2 = excision.excision_code("trunk", "benign", large, "0.2").code
    assert int(c1) <= int(c2)


@given(st.text(max_size=8))
def test_excision_never_raises_anything_but_a_project_error_on_text(s):
    with contextlib.suppress(RevcycleError):
        excision.excision_code("back", "benign", s, "0.1")


def test_three_lacerations_in_two_groups_add_within_a_group_only():
    lines = repair.code_repairs([("forearm", "4.2", "simple"), ("hand", "3.1", "simple"),
                                 ("lip", "2.0", "intermediate")])
    assert [(ln.code, ln.units) for ln in lines] == [("12051", 1), ("12002", 1)]  # intermediate first
    assert lines[1].total == D("7.3")
    # Coded one by one they would be two lines of 12002; the rule adds them into one.
    alone = [repair.code_repairs([w])[0].code for w in (("forearm", "4.2", "simple"), ("hand", "3.1", "simple"))]
    assert alone == ["12002", "12002"]


def test_simple_face_and_body_groups_are_separate_and_brackets_differ():
    lines = repair.code_repairs([("cheek", "3", "simple"), ("chin", "2.5", "simple"), ("scalp", "5.5", "simple")])
    assert [ln.code for ln in lines] == ["12014", "12002"]  # face 5.5 cm is over 5.0; body 5.5 cm


def test_complex_repair_base_and_add_on_units():
    assert [(ln.code, ln.units) for ln in repair.code_repairs([("back", "2.5", "complex")])] == [("13100", 1)]
    assert [(ln.code, ln.units) for ln in repair.code_repairs([("back", "7.5", "complex")])] == [("13101", 1)]
    assert [(ln.code, ln.units) for ln in repair.code_repairs([("back", "7.6", "complex")])] == [("13101", 1),
                                                                                               ("13102", 1)]
    assert [(ln.code, ln.units) for ln in repair.code_repairs([("back", "17.6", "complex")])] == [("13101", 1),
                                                                                                ("13102", 3)]
    assert [ln.code for ln in repair.code_repairs([("nose", "2", "complex")])] == ["13151"]
    with pytest.raises(RuleError, match="simple or intermediate"):
        repair.code_repairs([("back", "1.0", "complex")])
    with pytest.raises(RuleError):
        repair.code_repairs([("mucous membrane", "2", "complex")])


def test_repairs_refuse_bad_input():
    for bad in ([], [("back", "2", "layered")], [("back", "0", "simple")], [("elbow pit", "2", "simple")], ["x"]):
        with pytest.raises(InputError):
            repair.code_repairs(bad)


@settings(max_examples=60)
@given(st.lists(lengths, min_size=1, max_size=5), st.sampled_from(repair.COMPLEXITIES))
def test_splitting_a_length_among_wounds_of_one_group_changes_nothing(parts, kind):
    total = sum(parts, D("0"))
    if kind == "complex" and total < repair.COMPLEX_MIN:
        return
    one = repair.code_repairs([("forearm", total, kind)])
    many = repair.code_repairs([("forearm", p, kind) for p in parts])
    assert [(ln.code, ln.units) for ln in one] == [(ln.code, ln.units) for ln in many]
    assert all(ln.units >= 1 for ln in many)


@given(lengths, lengths)
def test_repair_codes_never_go_down_as_length_grows(a, b):
    small, large = sorted((a, b))
    c1, c2 = (repair.code_repairs([("leg", x, "intermediate")])[0].code for x in (small, large))
    assert int(c1) <= int(c2)


def test_debridement_adds_areas_of_one_depth_only():
    lines = repair.debridement_lines([("subcutaneous", 25), ("muscle", 10), ("subcutaneous", "30")])
    assert [(ln.code, ln.units) for ln in lines] == [("11043", 1), ("11042", 1), ("11045", 2)]  # 55 sq cm: 20+20+15
    assert [(ln.code, ln.units) for ln in repair.debridement_lines([("bone", 20)])] == [("11044", 1)]
    assert [(ln.code, ln.units) for ln in repair.debridement_lines([("bone", "20.1")])] == [("11044", 1), ("11047", 1)]
    with pytest.raises(InputError, match="deepest"):
        repair.debridement_lines([("skin", 5)])


@given(st.decimals(min_value=D("0.1"), max_value=D("2000"), places=1))
def test_add_on_units_cover_the_area_and_no_more(area):
    lines = repair.debridement_lines([("muscle", area)])
    units = 1 + sum(ln.units for ln in lines if ln.addon)
    assert units >= 1 and (units - 1) * 20 < area <= units * 20


def test_grafts_by_area_for_adults_and_percent_for_young_children():
    assert [(ln.code, ln.units) for ln in repair.graft_lines("trunk-arms-legs", area_sqcm=250, age=40)] == [
        ("15100", 1), ("15101", 2)]
    assert [(ln.code, ln.units) for ln in repair.graft_lines("face-scalp-neck-hands-feet-genitalia",
                                                             body_percent="3", age=4)] == [("15120", 1), ("15121", 2)]
    with pytest.raises(InputError, match="percent"):
        repair.graft_lines("trunk-arms-legs", area_sqcm=250, age=4)


def test_mohs_stages_and_blocks():
    lines = excision.mohs_lines("trunk-arms-legs", [6, 3, 2])
    assert [(ln.code, ln.units) for ln in lines] == [("17313", 1), ("17314", 2), ("17315", 1)]
    assert [(ln.code, ln.units) for ln in excision.mohs_lines("head-neck-hands-feet-genitalia", [4])] == [("17311", 1)]
    with pytest.raises(InputError):
        excision.mohs_lines("face", [2])
    with pytest.raises(InputError):
        excision.mohs_lines("trunk-arms-legs", [0])


@pytest.mark.parametrize(("opened", "moved", "fix", "category"), [
    (False, False, "none", "closed without manipulation"),
    (False, True, "none", "closed with manipulation"),
    (False, True, "percutaneous", "percutaneous fixation"),
    (True, True, "internal", "open"),
    (False, True, "internal", "open"),
    (True, False, "none", "open"),
])
def test_fracture_treatment_categories(opened, moved, fix, category):
    assert fracture.treatment(site_opened=opened, manipulated=moved, fixation=fix).category == category


def test_the_injury_does_not_decide_open_or_closed_treatment():
    t = fracture.treatment(site_opened=False, manipulated=True, fracture="open")
    assert t.category == "closed with manipulation" and "does not decide" in str(t)
    assert fracture.distal_radius_code(t.category) == "25605"
    with pytest.raises(InputError):
        fracture.treatment(site_opened="yes", manipulated=True)
    with pytest.raises(InputError):
        fracture.treatment(site_opened=False, manipulated=True, fixation="glue")


def test_casts_reported_apart_only_when_replaced_or_without_fracture_care():
    assert not fracture.cast_reportable(fracture_care_billed=True, replacement=False).reportable
    assert fracture.cast_reportable(fracture_care_billed=True, replacement=True).reportable
    assert fracture.cast_reportable(fracture_care_billed=False, replacement=False).reportable


def test_global_mix_refuses_a_bad_range_and_counts_only_the_range():
    with pytest.raises(InputError, match="five-digit"):
        package.global_mix("29999", "20100")
    with pytest.raises(InputError):
        package.global_mix("1000", "19499")
    assert package.global_mix("29880", "29881") == {"090": 2}
