"""revcycle.coding.inpatient: the teaching MS-DRG grouper, POA indicators, Section II explainers and the query checker.

Expected MS-DRGs are worked out by hand from the CMS tables (levels from Tables 6I/6J, exclusions from Table 6K) and
written here, not read back from the engine; payments are checked against plain arithmetic on Table 5 and Tables
1A/1B as printed.
"""

from __future__ import annotations

import contextlib
import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle import icd10cm
from revcycle.coding import inpatient as ip
from revcycle.coding.inpatient import principal, query
from revcycle.core.errors import InputError, RevcycleError
from tests.chapter_checks import cents

DATA = Path(__file__).resolve().parents[1] / "src" / "revcycle" / "data" / "msdrg_v43_teaching.csv"
ROWS = list(csv.DictReader(DATA.open(encoding="utf-8")))
# Table 5 (FY 2026 final rule) weights of the nine MS-DRGs the grouper assigns, and Table 1B as printed.
WEIGHT = {"193": "1.3144", "194": "0.8059", "195": "0.6285", "291": "1.2838", "292": "0.8490", "293": "0.5660",
          "871": "1.9425", "872": "1.0233"}
LABOR_1B, NONLABOR_1B = Decimal("4186.62"), Decimal("2565.99")
LABOR_1A, NONLABOR_1A = Decimal("4456.72"), Decimal("2295.89")


def test_every_shipped_code_is_billable_in_fy2026():
    for row in ROWS:
        for day in ("2025-10-01", "2026-09-30"):
            assert icd10cm.is_billable(row["code"], on=day), (row["code"], day)


def test_the_families_lists_mean_what_they_say():
    for code in ip.principal_codes("heart-failure"):
        title = icd10cm.title(code).lower()
        assert "failure" in title or "shock" in title, (code, title)
    # CMS's lists hold a few codes whose titles do not name the family; they are listed here so a change is seen.
    odd = {c for f in ("septicemia", "simple-pneumonia") for c in ip.principal_codes(f)
           if not any(w in icd10cm.title(c).lower() for w in ("sepsis", "septic", "pneumonia", "pleur"))}
    assert odd == {"A39.1", "A39.2", "A39.3", "A39.4", "A39.89", "A39.9", "B00.7", "R57.1", "R57.8", "R78.81",
                   "B33.0", "J09.X2", "J10.1", "J94.1"}
    assert len(ip.principal_codes()) == 101
    assert "R65.20" not in ip.principal_codes() and "R65.21" not in ip.principal_codes()


def test_the_data_file_is_consistent():
    pdx = {r["code"] for r in ROWS if r["kind"] == "pdx"}
    for row in ROWS:
        if row["kind"] == "sdx":
            assert row["value"] in ("MCC", "CC", "non-CC")
            assert set(filter(None, row["excluded_with"].split(";"))) <= pdx, row["code"]
            assert row["value"] != "non-CC" or not row["excluded_with"]
    assert {r["code"] for r in ROWS if r["hac"]} == {"L89.153", "L89.154"}


@pytest.mark.parametrize(("principal_dx", "secondaries", "drg"), [
    ("J18.9", [], "195"),
    ("J18.9", ["I10", "E11.9"], "195"),            # neither is in Table 6I or 6J
    ("J18.9", ["E87.1", "I10"], "194"),            # hyponatremia: a CC
    ("J18.9", ["E87.1", "J96.01"], "193"),         # acute respiratory failure with hypoxia: an MCC
    ("J18.9", ["J44.1"], "194"),                   # J44.1 is a CC excluded only with J10.08 among the shipped PDX
    ("J10.08", ["J44.1"], "195"),                  # ... so with J10.08 it counts as nothing
    ("I50.23", ["I50.22"], "293"),                 # chronic systolic HF is excluded with an acute-on-chronic PDX
    ("I11.0", ["I50.21"], "291"),                  # but acute systolic HF counts under hypertensive heart disease
    ("I11.0", ["I50.22", "N18.30"], "293"),        # chronic systolic HF: a CC excluded with I11.0 too (6K)
    ("I11.0", ["N17.9"], "292"),                   # acute kidney failure, unspecified: a CC
    ("I13.0", ["N18.6"], "293"),                   # ESRD is excluded with I13.0
    ("A41.9", ["R65.20"], "872"),                  # severe sepsis is excluded with a sepsis PDX
    ("A41.9", ["R65.21"], "871"),                  # septic shock is not
    ("A41.9", ["N17.9", "E87.1"], "872"),          # CCs do not split 871/872
    ("A41.9", ["N17.0"], "871"),
])
def test_groupings_worked_out_from_the_cms_tables(principal_dx, secondaries, drg):
    assert ip.group(principal_dx, secondaries).ms_drg == drg


def test_a_hospital_acquired_pressure_ulcer_counts_only_when_present_on_admission():
    for flag, drg in (("Y", "291"), ("W", "291"), ("N", "293"), ("U", "293"), (" y ", "291")):
        assert ip.group("I50.23", [("L89.154", flag)]).ms_drg == drg, flag
    assert ip.group("I50.23", ["L89.154"], poa={"L89.154": "N"}).ms_drg == "293"
    # another MCC present on admission keeps the MS-DRG at 291 whatever the ulcer's POA
    assert ip.group("I50.23", [("L89.154", "N"), ("J96.01", "Y")]).ms_drg == "291"
    # a code that is not on the HAC list keeps its credit even with POA N
    assert ip.group("I50.23", [("J96.01", "N")]).ms_drg == "291"
    for bad in ("1", "", None):
        with pytest.raises(InputError, match="hospital-acquired"):
            ip.group("I50.23", [("L89.154", bad)])


def test_poa_indicators_and_their_payment_meaning():
    assert [k for k, v in ip.INDICATORS.items() if v.hac_credit] == ["Y", "W"]
    assert ip.parse_poa("w") == "W" and ip.parse_poa(None) == "1" and ip.parse_poa("  ") == "1"
    for bad in ("X", "YES", 1, True):
        with pytest.raises(InputError):
            ip.parse_poa(bad)


def test_payment_comes_from_table5_and_the_standardized_amount():
    stay = ip.group("J18.9", ["J96.01"])
    assert stay.weight == Decimal(WEIGHT["193"])
    assert stay.payment().payment == cents((LABOR_1B + NONLABOR_1B) * Decimal("1.3144"))
    high = stay.payment("1.1000").payment
    assert high == cents((LABOR_1A * Decimal("1.1000") + NONLABOR_1A) * Decimal("1.3144"))
    for drg, weight in WEIGHT.items():
        family = next(f for f in ip.FAMILIES.values() if drg in f.drgs)
        assert family
        from revcycle.payment import ipps
        assert ipps.drg(drg).weight == Decimal(weight)


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: ip.group("K35.80"), ip.OutsideSubsetError, "outside the teaching grouper's subset"),
    (lambda: ip.group("J18.9", ["B20"]), ip.OutsideSubsetError, "outside the teaching grouper's subset"),
    (lambda: ip.group("J18.9", procedures=["5A1955Z"]), ip.OutsideSubsetError, "procedure"),
    (lambda: ip.group("J18", []), InputError, "billable"),
    (lambda: ip.group("J18.9", ["E87.1", "E87.1"]), InputError, "twice"),
    (lambda: ip.group("J18.9", ["J18.9"]), InputError, "principal"),
    (lambda: ip.group("J18.9", "E87.1"), InputError, "list"),
    (lambda: ip.group(189), InputError, "ICD-10-CM"),
    (lambda: ip.group("zz"), InputError, "ICD-10-CM"),
    (lambda: ip.severity_of("B20"), ip.OutsideSubsetError, "outside"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


SECONDARY = st.lists(st.tuples(st.sampled_from(ip.secondary_codes()), st.sampled_from(["Y", "N", "U", "W"])),
                     unique_by=lambda p: p[0], max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ip.principal_codes()), SECONDARY, st.randoms())
def test_severity_is_the_highest_counted_level_whatever_the_order(pdx, secondaries, rnd):
    secondaries = [p for p in secondaries if p[0] != pdx]
    stay = ip.group(pdx, secondaries)
    rank = {"non-CC": 0, "CC": 1, "MCC": 2}
    best = max((rank[s.level] for s in stay.secondaries if s.counted), default=0)
    assert rank[stay.severity] == best
    assert stay.ms_drg == stay.family.drg_for(stay.severity)
    shuffled = list(secondaries)
    rnd.shuffle(shuffled)
    assert ip.group(pdx, shuffled).ms_drg == stay.ms_drg
    if secondaries:  # dropping a diagnosis never raises the severity
        assert rank[ip.group(pdx, secondaries[1:]).severity] <= rank[stay.severity]


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=10), st.integers(), st.none()), st.lists(st.text(max_size=8), max_size=3))
def test_any_input_is_grouped_or_refused_with_a_revcycle_error(pdx, secondaries):
    with contextlib.suppress(RevcycleError):
        ip.group(pdx, secondaries)


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=4), st.integers(), st.none(), st.booleans()))
def test_parse_poa_reads_or_refuses(value):
    with contextlib.suppress(InputError):
        assert ip.parse_poa(value) in ip.INDICATORS


# --------------------------------------------------------------------------------------------- Section II helpers

def test_section_ii_rules_by_fact():
    assert [r.section for r in principal.advise(equally_meet_definition=True)] == ["II.C"]
    assert [r.section for r in principal.advise(comparative_or_contrasting=True, uncertain_at_discharge=True)] == \
        ["II.D", "II.H"]
    assert principal.advise(admitted_from_observation=True)[0].section == "II.I"
    with pytest.raises(InputError, match="No fact"):
        principal.advise()
    with pytest.raises(InputError, match="Unknown"):
        principal.advise(symptom_then_contrasting=True)
    with pytest.raises(InputError):
        principal.advise(equally_meet_definition="yes")  # type: ignore[arg-type]
    order, why = principal.sequence_equal(["I50.23", "J18.9"])
    assert order == ["I50.23", "J18.9"] and "either" in why
    order, why = principal.sequence_equal(["I50.23", "J18.9"], deciding="J18.9")
    assert order == ["J18.9", "I50.23"]
    with pytest.raises(InputError):
        principal.sequence_equal(["J18.9"])


# --------------------------------------------------------------------------------------------- queries

GOOD_MC = query.Query(("Sodium 126 mmol/L on day 1 and 129 on day 2", "Fluid restriction ordered"),
                      "Based on these findings, can the clinical significance of the sodium values be clarified?",
                      "multiple_choice", ("Hyponatremia", "Expected lab variation, not clinically significant",
                                          "Other (please specify)", "Clinically undetermined"))


def test_a_compliant_multiple_choice_query_passes():
    assert query.check(GOOD_MC).compliant


@pytest.mark.parametrize(("q", "rule"), [
    (query.Query((), "What condition do these findings represent?"), "indicators"),
    (query.Query(("BNP 1,450",), "Documenting acute heart failure would raise the DRG; what is the diagnosis?"),
     "no-payment"),
    (query.Query(("BNP 1,450",), "Please document acute on chronic systolic heart failure."), "leading"),
    (query.Query(("Na 126",), "Which diagnosis applies?", "multiple_choice", ("Hyponatremia", "Other")),
     "options"),
    (query.Query(("Na 126",), "Which applies?", "multiple_choice", ("Hyponatremia", "SIADH", "Undetermined")),
     "other"),
    (query.Query(("Na 126",), "Which applies?", "multiple_choice", ("Hyponatremia", "SIADH", "Other")),
     "undetermined"),
    (query.Query(("Na 126",), "Does the patient have hyponatremia?", "yes_no"), "yes-no"),
])
def test_noncompliant_queries_are_flagged(q, rule):
    assert rule in query.check(q).rules()


def test_yes_no_is_allowed_for_poa():
    q = query.Query(("Stage 3 sacral ulcer noted by wound nurse on day 3",), "Was the ulcer present on admission?",
                    "yes_no", yes_no_purpose="poa")
    assert query.check(q).compliant
    with pytest.raises(InputError):
        query.Query(("x",), "Which?", "essay")  # type: ignore[arg-type]
