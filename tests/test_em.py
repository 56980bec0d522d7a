"""Office E/M level selection (revcycle.coding.em): MDM elements, two of three, time thresholds, the code chosen."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from revcycle.codes import cpt
from revcycle.coding import em
from revcycle.coding.em import MDM, Problem
from revcycle.core.errors import InputError, RevcycleError

# ---------------------------------------------------------------- problems element

@pytest.mark.parametrize(
    ("problems", "level"),
    [
        ([Problem.MINOR], MDM.STRAIGHTFORWARD),
        ([Problem.MINOR, Problem.MINOR], MDM.LOW),
        ([Problem.STABLE_CHRONIC], MDM.LOW),
        ([Problem.ACUTE_UNCOMPLICATED], MDM.LOW),
        ([Problem.STABLE_ACUTE], MDM.LOW),
        ([Problem.STABLE_CHRONIC, Problem.STABLE_CHRONIC], MDM.MODERATE),
        ([Problem.STABLE_CHRONIC, Problem.MINOR], MDM.LOW),
        ([Problem.CHRONIC_WORSENING], MDM.MODERATE),
        ([Problem.UNDIAGNOSED_UNCERTAIN], MDM.MODERATE),
        ([Problem.ACUTE_SYSTEMIC], MDM.MODERATE),
        ([Problem.ACUTE_COMPLICATED_INJURY], MDM.MODERATE),
        ([Problem.CHRONIC_SEVERE], MDM.HIGH),
        ([Problem.THREAT, Problem.MINOR], MDM.HIGH),
        (["stable_chronic", "STABLE_CHRONIC"], MDM.MODERATE),
    ],
)
def test_problems_level(problems, level):
    assert em.problems_level(problems) == level


def test_problems_level_needs_problems_it_knows():
    with pytest.raises(InputError, match="at least one problem"):
        em.problems_level([])
    with pytest.raises(InputError, match="not a kind of problem"):
        em.problems_level(["sprained ankle"])


# ---------------------------------------------------------------- data element

@pytest.mark.parametrize(
    ("kwargs", "level"),
    [
        ({}, MDM.STRAIGHTFORWARD),
        ({"results_reviewed": 1}, MDM.STRAIGHTFORWARD),
        ({"results_reviewed": 1, "tests_ordered": 1}, MDM.LOW),
        ({"independent_historian": True}, MDM.LOW),
        ({"external_notes": 1, "results_reviewed": 1, "tests_ordered": 1}, MDM.MODERATE),
        ({"tests_ordered": 2, "independent_historian": True}, MDM.MODERATE),
        ({"independent_interpretation": True}, MDM.MODERATE),
        ({"external_discussion": True}, MDM.MODERATE),
        ({"tests_ordered": 3, "independent_interpretation": True}, MDM.HIGH),
        ({"independent_interpretation": True, "external_discussion": True}, MDM.HIGH),
        # One test and a historian make two items (not the three a category needs); the discussion is
        # one category on its own, so the data are moderate, not high.
        ({"tests_ordered": 1, "independent_historian": True, "external_discussion": True}, MDM.MODERATE),
    ],
)
def test_data_level(kwargs, level):
    assert em.data_level(**kwargs) == level


def test_data_level_rejects_bad_counts():
    with pytest.raises(InputError):
        em.data_level(tests_ordered=-1)
    with pytest.raises(InputError):
        em.data_level(results_reviewed=True)


# ---------------------------------------------------------------- two of three

def test_mdm_is_the_middle_of_the_three_elements():
    assert em.mdm_level(MDM.HIGH, MDM.STRAIGHTFORWARD, MDM.MODERATE) == MDM.MODERATE
    assert em.mdm_level("low", "low", "high") == MDM.LOW
    assert em.mdm_level("minimal", 4, 4) == MDM.HIGH
    assert em.mdm_level(1, 1, 4) == MDM.STRAIGHTFORWARD


def test_mdm_two_of_three_by_brute_force():
    """The median equals the definition: the highest level that at least two elements meet or exceed."""
    for levels in itertools.product(MDM, repeat=3):
        by_rule = max(lv for lv in MDM if sum(e >= lv for e in levels) >= 2)
        assert em.mdm_level(*levels) == by_rule


def test_mdm_rejects_unknown_levels():
    with pytest.raises(InputError, match="straightforward"):
        em.mdm_level("extreme", 1, 1)
    with pytest.raises(InputError):
        em.mdm_level(5, 1, 1)
    with pytest.raises(InputError):
        em.mdm_level(True, 1, 1)


# ---------------------------------------------------------------- codes by MDM and by time

def test_codes_for_mdm():
    assert em.code_for_mdm("new", MDM.STRAIGHTFORWARD) == "99202"
    assert em.code_for_mdm("new", "high") == "99205"
    assert em.code_for_mdm("established", MDM.LOW) == "99213"
    assert em.code_for_mdm("established", 3) == "99214"
    with pytest.raises(InputError, match="'new' or 'established'"):
        em.code_for_mdm("returning", MDM.LOW)


@pytest.mark.parametrize(
    ("patient", "minutes", "code"),
    [
        ("new", 14, None), ("new", 15, "99202"), ("new", 29, "99202"), ("new", 30, "99203"),
        ("new", 45, "99204"), ("new", 59, "99204"), ("new", 60, "99205"), ("new", 120, "99205"),
        ("established", 9, None), ("established", 10, "99212"), ("established", 20, "99213"),
        ("established", 29, "99213"), ("established", 30, "99214"), ("established", 40, "99215"),
    ],
)
def test_code_for_time(patient, minutes, code):
    assert em.code_for_time(patient, minutes) == code


def test_time_thresholds_agree_with_the_teaching_summaries():
    for code, minutes in em.TIME_THRESHOLDS.items():
        assert f"{minutes} minutes or more" in cpt.TEACHING_SET[code].description


def test_every_office_code_has_a_time_and_a_summary():
    for codes in em.OFFICE_CODES.values():
        for code in codes.values():
            assert code in em.TIME_THRESHOLDS
            assert code in cpt.TEACHING_SET


def test_select_code_takes_the_higher_supported_level():
    by_time = em.select_code("established", mdm=MDM.LOW, minutes=34)
    assert (by_time.mdm_code, by_time.time_code, by_time.code, by_time.basis) == ("99213", "99214", "99214", "time")
    by_mdm = em.select_code("new", mdm="moderate", minutes=31)
    assert (by_mdm.code, by_mdm.basis) == ("99204", "MDM")
    same = em.select_code("established", mdm=MDM.MODERATE, minutes=30)
    assert (same.code, same.basis) == ("99214", "MDM or time")
    only_time = em.select_code("new", minutes=62)
    assert (only_time.code, only_time.basis, only_time.mdm) == ("99205", "time", None)
    only_mdm = em.select_code("established", mdm=1)
    assert (only_mdm.code, only_mdm.time_code) == ("99212", None)


def test_select_code_errors_say_what_to_do():
    with pytest.raises(InputError, match="MDM level, the total minutes"):
        em.select_code("new")
    with pytest.raises(InputError, match="below the 15 minutes"):
        em.select_code("new", minutes=12)
    with pytest.raises(InputError):
        em.select_code("established", minutes=-5)
    assert issubclass(InputError, RevcycleError)


# ---------------------------------------------------------------- prolonged time, patient status

@pytest.mark.parametrize(
    ("code", "minutes", "units"),
    [("99205", 74, 0), ("99205", 88, 0), ("99205", 89, 1), ("99205", 103, 1), ("99205", 104, 2),
     ("99215", 54, 0), ("99215", 68, 0), ("99215", 69, 1), ("99215", 84, 2), ("99214", 90, 0)],
)
def test_prolonged_units(code, minutes, units):
    assert em.prolonged_units(code, minutes) == units


def test_the_prolonged_code_is_a_real_hcpcs_code():
    from revcycle.codes import hcpcs

    assert hcpcs.is_valid(em.PROLONGED_CODE)


@pytest.mark.parametrize(
    ("last_seen", "visit", "status"),
    [
        (None, date(2026, 5, 4), "new"),
        (date(2023, 5, 5), date(2026, 5, 4), "established"),
        (date(2023, 5, 4), date(2026, 5, 4), "new"),
        (date(2021, 1, 1), date(2026, 5, 4), "new"),
        (date(2026, 5, 4), date(2026, 5, 4), "established"),
        (date(2025, 3, 1), date(2028, 2, 29), "established"),
    ],
)
def test_patient_status(last_seen, visit, status):
    assert em.patient_status(last_seen, visit) == status


def test_patient_status_rejects_a_future_last_visit():
    with pytest.raises(InputError):
        em.patient_status(date(2027, 1, 1), date(2026, 1, 1))


# ---------------------------------------------------------------- synthetic visits

def test_synthetic_visits_are_seeded_and_consistent():
    first = em.synthetic_visits(30, seed=3)
    assert first == em.synthetic_visits(30, seed=3)
    assert first != em.synthetic_visits(30, seed=4)
    frame = em.visits_frame(first)
    assert len(frame) == 30
    assert set(frame["code"]) <= set(em.TIME_THRESHOLDS)
    for v in first:
        sel = v.selection()
        assert sel.code >= sel.mdm_code
        if sel.time_code:
            assert sel.code >= sel.time_code


def test_synthetic_visits_rejects_bad_sizes():
    with pytest.raises(InputError):
        em.synthetic_visits(0)
