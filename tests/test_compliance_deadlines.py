"""revcycle.compliance.deadlines: the Privacy Rule's request clocks and the 60-day overpayment rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.compliance.deadlines import overpayment_deadline, request_deadline
from revcycle.core.errors import InputError, RevcycleError

DAYS = st.dates(date(2025, 1, 1), date(2035, 12, 31))


@pytest.mark.parametrize(("right", "extended", "expected"), [
    ("access", False, date(2026, 3, 3)),  # 164.524(b)(2): 30 days (February 2026 has 28 days)
    ("access", True, date(2026, 4, 2)),  # one extension of up to 30 days
    ("amendment", False, date(2026, 4, 2)),  # 164.526(b)(2): 60 days
    ("amendment", True, date(2026, 5, 2)),
    ("accounting", False, date(2026, 4, 2)),  # 164.528(c)(1): 60 days
    ("accounting", True, date(2026, 5, 2)),
])
def test_request_deadlines(right, extended, expected):
    assert request_deadline(right, date(2026, 2, 1), extended=extended) == expected
    assert request_deadline(right, "2026-02-01", extended=extended) == expected


def test_request_deadline_refuses_an_unknown_right_or_date():
    with pytest.raises(InputError, match="access, amendment, accounting"):
        request_deadline("restriction", date(2026, 2, 1))
    with pytest.raises(RevcycleError, match="2026-03-02"):
        request_deadline("access", "02/01/2026")


def test_overpayment_without_investigation_is_60_days():
    # The chapter's bank example (fac-14): identified May 4, 2026 -> July 3, 2026.
    result = overpayment_deadline(date(2026, 5, 4))
    assert result.due == date(2026, 7, 3) and not result.suspended and not result.suspension_capped


def test_a_good_faith_investigation_suspends_the_clock_until_it_ends():
    result = overpayment_deadline(date(2026, 5, 4), investigation_ended=date(2026, 8, 1))
    assert result.suspended and result.clock_starts == date(2026, 8, 1)
    assert result.due == date(2026, 9, 30)


def test_the_suspension_stops_after_180_days():
    result = overpayment_deadline(date(2026, 5, 4), investigation_ended=date(2027, 3, 1))
    assert result.suspension_capped and result.clock_starts == date(2026, 10, 31)  # May 4 + 180 days
    assert result.due == date(2026, 12, 30)  # + 60 days: 240 days after identification


def test_a_later_cost_report_due_date_wins():
    result = overpayment_deadline(date(2026, 5, 4), cost_report_due=date(2026, 11, 30))
    assert result.due == date(2026, 11, 30)
    assert overpayment_deadline(date(2026, 5, 4), cost_report_due=date(2026, 6, 1)).due == date(2026, 7, 3)


def test_an_investigation_cannot_end_before_identification():
    with pytest.raises(InputError, match="before the overpayment was identified"):
        overpayment_deadline(date(2026, 5, 4), investigation_ended=date(2026, 5, 3))


@settings(max_examples=60, deadline=None)
@given(DAYS, st.integers(0, 400))
def test_overpayment_deadline_is_between_60_and_240_days(identified, lag):
    plain = overpayment_deadline(identified)
    assert plain.due == identified + timedelta(days=60)
    suspended = overpayment_deadline(identified, investigation_ended=identified + timedelta(days=lag))
    assert suspended.due == identified + timedelta(days=min(lag, 180) + 60)
    assert suspended.suspension_capped == (lag > 180)
