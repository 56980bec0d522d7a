"""revcycle.coding.lab, .infusion and .medicine: panels, drug tests, pathology levels, CLIA, the infusion hierarchy,
vaccines, psychotherapy time, ESRD monthly codes and professional/technical splits.

Expected values are written out from the rules (CMS manuals, the HCPCS file, the RVU file's indicators), not copied
from the engine; money is recomputed by hand from the RVU file's RVUs and the CY2026 conversion factor."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.codes import hcpcs, ncci
from revcycle.coding import infusion, lab, medicine, modifiers
from revcycle.core.errors import InputError, RevcycleError, RuleError
from revcycle.payment import fees
from tests.chapter_checks import cents

A = infusion.Administration
CF = Decimal("33.4009")


# ---------------------------------------------------------------------------------------------------- panels

def test_a_panel_is_billed_only_when_every_component_was_done():
    full = lab.bundle_panels(["TEST-X", "TEST-Y", "TEST-Z"])
    assert full.lines == ("PANEL-A",)
    short = lab.bundle_panels(["TEST-X", "TEST-Y"])
    assert short.lines == ("TEST-X", "TEST-Y") and short.missing == {"PANEL-A": ("TEST-Z",), "PANEL-B":
                                                                      ("TEST-W", "TEST-Z")}
    extra = lab.bundle_panels(["test-z", "TEST-X", " TEST-Y", "TEST-Q"])  # names are normalized
    assert extra.lines == ("PANEL-A", "TEST-Q")
    assert lab.bundle_panels(["TEST-W", "TEST-X", "TEST-Y", "TEST-Z"]).lines == ("PANEL-B",)  # the larger panel


def test_the_illustrative_panels_are_labelled_as_made_up():
    assert all("made up" in p.name for p in lab.ILLUSTRATIVE_PANELS)


@pytest.mark.parametrize("bad", ["TEST-X", ["TEST-X", "test-x"], ["", "TEST-Y"], [3]])
def test_panel_input_errors_say_what_to_do(bad):
    with pytest.raises(InputError):
        lab.bundle_panels(bad)


TESTS = st.lists(st.sampled_from(["TEST-W", "TEST-X", "TEST-Y", "TEST-Z", "TEST-Q", "TEST-R", "TEST-S"]),
                 unique=True, max_size=7)


@given(TESTS)
@settings(max_examples=200, deadline=None)
def test_bundling_never_loses_or_doubles_a_test(done):
    result = lab.bundle_panels(done)
    covered = [t for p in result.panels for t in p.components] + list(result.single)
    assert sorted(covered) == sorted(done)
    for panel in lab.ILLUSTRATIVE_PANELS:  # no panel left unbilled whose every component is among the singles
        assert not panel.components <= set(result.single)


# ------------------------------------------------------------------------------------------------ drug testing

def test_definitive_bands_are_the_hcpcs_file_s_class_counts():
    assert [(b.code, b.low, b.high) for b in lab.definitive_bands()] == [
        ("G0480", 1, 7), ("G0481", 8, 14), ("G0482", 15, 21), ("G0483", 22, None)]
    assert "1-7 drug class" in hcpcs.describe("G0480").description
    assert "22 or more drug class" in hcpcs.describe("G0483").description


@pytest.mark.parametrize(("classes", "code"), [(1, "G0480"), (7, "G0480"), (8, "G0481"), (14, "G0481"),
                                               (15, "G0482"), (21, "G0482"), (22, "G0483"), (40, "G0483")])
def test_definitive_code_by_class_count(classes, code):
    assert lab.definitive_code(classes) == code


@given(st.integers(min_value=1, max_value=200))
def test_every_class_count_has_exactly_one_band(n):
    hits = [b for b in lab.definitive_bands() if n >= b.low and (b.high is None or n <= b.high)]
    assert len(hits) == 1 and lab.definitive_code(n) == hits[0].code


def test_definitive_and_presumptive_errors():
    for bad in (0, -1, 2.5, True, "8"):
        with pytest.raises(InputError):
            lab.definitive_code(bad)
    with pytest.raises(RuleError):
        lab.definitive_code(5, medicare=False)
    assert [lab.presumptive_code(m) for m in ("eye", " Instrument_read", "analyzer")] == ["80305", "80306", "80307"]
    with pytest.raises(InputError):
        lab.presumptive_code("urine")


def test_medicare_does_not_take_cpt_s_definitive_drug_codes():
    # The CY2026 RVU file marks CPT's definitive drug codes I (not valid for Medicare): Medicare uses G0480-G0483.
    for code in ("80320", "80365", "80373"):
        assert fees.rvu_record(code).status == "I", code
    for code in (*lab.PRESUMPTIVE.values(), *lab.DEFINITIVE_CODES):
        edit = ncci.mue(code)
        assert edit is not None and (edit.value, edit.mai) == (1, 2), code  # one a day, a per-day limit


# ------------------------------------------------------------------------------------------ surgical pathology

def test_one_unit_per_specimen_and_pooled_specimens_count_once():
    lines = lab.pathology_lines([lab.Specimen("ascending colon", 4), lab.Specimen("sigmoid colon", 4),
                                 lab.Specimen("gallbladder", 3, separately_identified=False),
                                 lab.Specimen("fat", 1, separately_identified=False)])
    assert [(ln.code, ln.units) for ln in lines] == [("88304", 1), ("88305", 2)]
    assert all(ln.mue == ncci.mue(ln.code).value and not ln.over_mue for ln in lines)
    assert lab.PATHOLOGY_LEVELS == {1: "88300", 2: "88302", 3: "88304", 4: "88305", 5: "88307", 6: "88309"}


def test_over_the_mue_is_flagged():
    limit = ncci.mue("88309").value
    lines = lab.pathology_lines([lab.Specimen(f"s{i}", 6) for i in range(limit + 1)])
    assert lines[0].units == limit + 1 and lines[0].over_mue


def test_pathology_payment_is_the_rvu_file_s_arithmetic():
    for part, mod in (("global", None), ("professional", "26"), ("technical", "TC")):
        r = fees.rvu_record("88305", mod)
        expected = cents((r.work + r.nonfacility_pe + r.mp) * CF)
        assert lab.pathology_payment("88305", part) == expected
    assert lab.pathology_payment("88305", "professional") + lab.pathology_payment("88305", "technical") == \
        lab.pathology_payment("88305")  # true of 88305 this year: both parts add up to the whole
    with pytest.raises(InputError):
        lab.Specimen("x", 7)
    with pytest.raises(InputError):
        lab.pathology_payment("88305", "half")


# -------------------------------------------------------------------------------------------------------- CLIA

@pytest.mark.parametrize(("code", "cert", "level", "allowed", "mods"), [
    ("87880", "waiver", "waived", True, ("QW",)),
    ("81002", "waiver", "waived", True, ()),  # exempt from QW
    ("85025", "waiver", "moderate", False, ()),
    ("87880", "ppm", "waived", True, ("QW",)),
    ("87880", "compliance", "waived", True, ()),
    ("85025", "accreditation", "high", True, ()),
])
def test_clia_certificates_and_qw(code, cert, level, allowed, mods):
    verdict = lab.clia_check(code, cert, level)
    assert (verdict.allowed, verdict.modifiers) == (allowed, mods)


def test_qw_is_a_real_modifier_and_other_payers_differ():
    assert modifiers.exists("QW") and "waived" in modifiers.modifier_meaning("QW").lower()
    assert lab.clia_check("87880", "waiver", "waived", medicare=False).modifiers == ()
    for bad in (("87880", "gold", "waived"), ("87880", "waiver", "simple"), ("8788", "waiver", "waived")):
        with pytest.raises(InputError):
            lab.clia_check(*bad)


# ---------------------------------------------------------------------------------------------------- infusion

def test_the_hierarchy_picks_the_initial_service_in_a_facility():
    lines = infusion.code_encounter([A("hydration", "infusion", "saline", minutes=120),
                                     A("therapeutic", "push", "ondansetron"),
                                     A("therapeutic", "infusion", "antibiotic", minutes=40)])
    assert [(ln.code, ln.units, ln.role) for ln in lines] == [
        ("96365", 1, "initial"), ("96361", 2, "sequential"), ("96375", 1, "sequential")]


def test_chemotherapy_outranks_everything_and_short_infusions_are_pushes():
    lines = infusion.code_encounter([A("therapeutic", "infusion", "antiemetic", minutes=15),
                                     A("chemotherapy", "infusion", "drug C", minutes=155),
                                     A("hydration", "infusion", "saline", minutes=30)])
    got = [(ln.code, ln.units, ln.role) for ln in lines]
    # 155 minutes: first hour + 95 minutes -> one full hour + 35 minutes (over 30) -> 2 added hours
    assert got == [("96413", 1, "initial"), ("96415", 2, "hour"), ("96375", 1, "sequential"),
                   ("", 0, "not reported")]


@pytest.mark.parametrize(("minutes", "hours"), [(30, 0), (60, 0), (90, 0), (91, 1), (150, 1), (151, 2), (211, 3)])
def test_added_hours(minutes, hours):
    assert infusion.added_hours(minutes) == hours


@given(st.integers(min_value=0, max_value=24 * 60))
def test_added_hours_property(m):
    h = infusion.added_hours(m)
    assert h >= 0
    if m > 60:  # the time the units stand for covers the minutes, give or take the last 30
        assert 60 + 60 * h - 30 <= m <= 60 + 60 * h + 30


def test_concurrent_once_and_hydration_beside_an_infusion_is_not_reported():
    lines = infusion.code_encounter([A("therapeutic", "infusion", "drug A", minutes=60),
                                     A("therapeutic", "infusion", "drug B", minutes=45, concurrent=True),
                                     A("therapeutic", "infusion", "drug C", minutes=45, concurrent=True),
                                     A("hydration", "infusion", "saline", minutes=60, concurrent=True)])
    assert [(ln.code, ln.role) for ln in lines] == [("96365", "initial"), ("96368", "concurrent"),
                                                     ("", "not reported"), ("", "not reported")]
    assert ncci.mue("96368").value == 1  # the MUE file agrees: one concurrent infusion a day


def test_physician_chooses_the_primary_and_a_second_site_gets_its_own_initial():
    given_ = [A("hydration", "infusion", "saline", minutes=90), A("therapeutic", "push", "antiemetic")]
    facility = infusion.code_encounter(given_)
    physician = infusion.code_encounter(given_, setting="physician", primary=0)
    assert facility[0].code == "96374" and physician[0].code == "96360"
    two = infusion.code_encounter([A("therapeutic", "infusion", "drug A", minutes=50),
                                   A("therapeutic", "infusion", "drug B", minutes=50, site=2)])
    assert [ln.code for ln in two] == ["96365", "96365"] and "site 2" in two[1].reason


def test_infusion_errors():
    for kwargs in ({"kind": "vitamin"}, {"route": "oral"}, {"minutes": -5}, {"minutes": 0},
                   {"substance": " "}, {"site": 0}):
        base = {"kind": "therapeutic", "route": "infusion", "substance": "x", "minutes": 30} | kwargs
        with pytest.raises(InputError):
            A(**base)
    with pytest.raises(InputError):
        A("hydration", "push", "saline")
    with pytest.raises(InputError):
        infusion.code_encounter([A("therapeutic", "infusion", "b", minutes=30, concurrent=True)])
    with pytest.raises(InputError):
        infusion.code_encounter([], setting="facility")
    with pytest.raises(InputError):
        infusion.code_encounter([A("therapeutic", "push", "a")], setting="clinic")


KIND_ROUTE = st.sampled_from([(k, r) for k in infusion.KINDS for r in infusion.ROUTES
                              if k != "hydration" or r == "infusion"])
ADMINS = st.builds(lambda kr, s, m: A(kr[0], kr[1], s, minutes=m), KIND_ROUTE, st.sampled_from(["a", "b", "c"]),
                   st.integers(min_value=1, max_value=300))


@given(st.lists(ADMINS, min_size=1, max_size=5))
@settings(max_examples=150, deadline=None)
def test_one_initial_per_site_and_it_ranks_highest(admins):
    try:
        lines = infusion.code_encounter(admins)
    except RevcycleError:
        return
    initial = [ln for ln in lines if ln.role == "initial"]
    assert len(initial) <= 1
    reported = [a for a in admins if not (a.kind == "hydration" and a.minutes <= 30)]
    if reported:
        top = max(reported, key=infusion.rank)
        assert initial and infusion.CODES[(top.kind, top.reported_route, "initial")] == initial[0].code


def test_add_on_codes_are_add_ons_in_the_rvu_file():
    # ZZZ in the file's global column marks an add-on code: every "hour", sequential and concurrent code but 96372
    for (_kind, route, role), code in infusion.CODES.items():
        add_on = fees.rvu_record(code).global_days == "ZZZ"
        assert add_on == (role in ("hour", "sequential", "concurrent", "repeat") and route != "injection"), code


def test_prices_are_the_fee_schedule_times_units():
    lines = infusion.code_encounter([A("therapeutic", "infusion", "antibiotic", minutes=40),
                                     A("hydration", "infusion", "saline", minutes=120)])
    priced = dict((ln.code, amount) for ln, amount in infusion.price_lines(lines))
    r = fees.rvu_record("96361")
    assert priced["96361"] == cents(cents((r.work + r.nonfacility_pe + r.mp) * CF) * 2)
    r = fees.rvu_record("96365")
    assert priced["96365"] == cents((r.work + r.nonfacility_pe + r.mp) * CF)


# ----------------------------------------------------------------------------------------------------- vaccines

def test_medicare_vaccines_pair_the_product_with_its_g_code():
    lines = [(v.code, v.units) for v in medicine.vaccine_lines(["90686", "90732"])]
    assert lines == [("90686", 1), ("90732", 1), ("G0008", 1), ("G0009", 1)]
    with pytest.raises(RuleError):  # a routine Tdap is a Part D vaccine for Medicare
        medicine.vaccine_lines(["90746", "90715"])
    mixed = [(v.code, v.units) for v in medicine.vaccine_lines(["90746", "90715"], exposure=True)]
    assert mixed == [("90746", 1), ("90715", 1), ("G0010", 1), ("90471", 1)]
    other = [(v.code, v.units) for v in medicine.vaccine_lines(["90686", "90732", "90746"], medicare=False)]
    assert other == [("90686", 1), ("90732", 1), ("90746", 1), ("90471", 1), ("90472", 2)]
    for code in ("G0008", "G0009", "G0010"):
        assert hcpcs.is_valid(code)
    for bad in ("90686", [], ["99999"], ["90686", "90686"]):
        with pytest.raises(InputError):
            medicine.vaccine_lines(bad)


# --------------------------------------------------------------------------------------------------- psychiatry

@pytest.mark.parametrize(("minutes", "alone", "beside"), [(16, "90832", "90833"), (37, "90832", "90833"),
                                                          (38, "90834", "90836"), (52, "90834", "90836"),
                                                          (53, "90837", "90838"), (90, "90837", "90838")])
def test_psychotherapy_by_minutes(minutes, alone, beside):
    assert medicine.psychotherapy_code(minutes) == alone
    assert medicine.psychotherapy_code(minutes, with_em=True) == beside
    assert fees.rvu_record(beside).global_days == "ZZZ"  # the codes beside an E/M visit are add-ons


def test_under_sixteen_minutes_and_interactive_complexity():
    with pytest.raises(RuleError):
        medicine.psychotherapy_code(15)
    with pytest.raises(InputError):
        medicine.psychotherapy_code(-1)
    assert medicine.psychiatry_lines("evaluation", interactive=True) == ["90791", "90785"]
    assert medicine.psychiatry_lines("psychotherapy", minutes=40) == ["90834"]
    with pytest.raises(InputError):
        medicine.psychiatry_lines("counselling")


# --------------------------------------------------------------------------------------------------------- ESRD

@pytest.mark.parametrize(("age", "visits", "code"), [(1, 4, "90951"), (1, 1, "90953"), (5, 3, "90955"),
                                                     (15, 4, "90957"), (19, 2, "90958"), (20, 4, "90960"),
                                                     (67, 2, "90961"), (80, 1, "90962")])
def test_esrd_center_codes_by_age_and_visits(age, visits, code):
    assert medicine.esrd_code(age, visits=visits) == (code, 1)


def test_esrd_home_partial_month_and_errors():
    assert medicine.esrd_code(45, setting="home") == ("90966", 1)
    assert medicine.esrd_code(3, setting="home") == ("90964", 1)
    assert medicine.esrd_code(70, full_month=False, days=9) == ("90970", 9)
    with pytest.raises(RuleError):
        medicine.esrd_code(70, visits=0)
    for kwargs in ({"age": -1}, {"age": 50, "setting": "hospital"}, {"age": 50, "full_month": False, "days": 0}):
        with pytest.raises(InputError):
            medicine.esrd_code(**kwargs)
    for code in ("90951", "90960", "90966", "90970"):  # once a month: the MUE file allows one unit a day, per day
        assert ncci.mue(code).value == 1


@given(st.integers(min_value=0, max_value=120), st.integers(min_value=1, max_value=31))
def test_more_visits_never_pick_a_lower_paying_center_code(age, visits):
    code, _ = medicine.esrd_code(age, visits=visits)
    fewer, _ = medicine.esrd_code(age, visits=max(1, visits - 1))
    assert int(code) <= int(fewer)  # within an age band the codes run from 4+ visits down to 1


# ---------------------------------------------------------------------------------------------- professional/TC

def test_components_follow_the_pctc_indicator():
    assert medicine.component_lines("93306", "professional") == "93306-26"
    assert medicine.component_lines("93306", "technical") == "93306-TC"
    assert medicine.component_lines("93000", "professional") == "93010"
    assert medicine.component_lines("93000", "technical") == "93005"
    assert [fees.pfs_indicators(c).pctc for c in ("93000", "93010", "93005", "93306")] == ["4", "2", "3", "1"]
    with pytest.raises(RuleError):
        medicine.component_lines("90834", "professional")
    with pytest.raises(InputError):
        medicine.component_lines("93306", "half")
