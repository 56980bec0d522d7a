"""Medicare timely filing dates and the ABN decision helper."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.claims import filing
from revcycle.compliance import abn
from revcycle.core.errors import InputError


@pytest.mark.parametrize(("service", "deadline"), [
    ("2026-06-15", date(2027, 6, 15)), ("2025-12-31", date(2026, 12, 31)), ("2024-02-29", date(2025, 2, 28)),
])
def test_deadline_is_one_calendar_year_after_the_service(service, deadline):
    assert filing.medicare_deadline(service) == deadline


def test_days_left_counts_to_the_deadline_inclusive():
    assert filing.days_left("2025-11-20", "2026-09-01") == 80
    assert filing.days_left("2026-03-10", "2026-03-10") == 365
    assert filing.is_timely("2026-03-10", "2027-03-10")
    assert not filing.is_timely("2026-03-10", "2027-03-11")
    assert filing.days_left("2026-03-10", "2027-03-11") == -1


def test_the_filing_rule_agrees_with_the_scrubber():
    from revcycle import synthetic
    from revcycle.claims import scrub

    claim = synthetic.example_claim()
    service = claim.lines[0].from_date
    on_time = scrub(claim, as_of=filing.medicare_deadline(service))
    late = scrub(claim, as_of=date.fromordinal(filing.medicare_deadline(service).toordinal() + 1))
    assert not any(f.edit_id == "TIMELY" for f in on_time)
    assert any(f.edit_id == "TIMELY" for f in late)


def test_bad_dates_raise():
    with pytest.raises(InputError):
        filing.medicare_deadline("June 15")


@pytest.mark.parametrize(("expectation", "signed", "option", "required", "mods", "payer"), [
    ("covered", False, None, False, (), "not expected"),
    ("not_necessary", True, 1, True, ("GA",), "patient"),
    ("not_necessary", False, None, True, ("GZ",), "provider"),
    ("not_necessary", True, 2, True, (), "patient"),
    ("not_necessary", True, 3, True, (), "nobody"),
    ("excluded", False, None, False, ("GY",), "patient"),
    ("excluded", True, 1, False, ("GX", "GY"), "patient"),
])
def test_abn_decisions(expectation, signed, option, required, mods, payer):
    d = abn.abn_decision(expectation, abn_signed=signed, option=option)
    assert (d.abn_required, d.modifiers, d.pays_if_denied) == (required, mods, payer)


def test_abn_decision_rejects_inconsistent_facts():
    with pytest.raises(InputError):
        abn.abn_decision("maybe")
    with pytest.raises(InputError):
        abn.abn_decision("not_necessary", option=1)
    with pytest.raises(InputError):
        abn.abn_decision("not_necessary", abn_signed=True)


def test_decision_table_has_a_row_per_case():
    assert len(abn.decision_table()) == len(abn.CASES)
