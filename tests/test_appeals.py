"""Medicare appeal levels: filing windows, the 5-day receipt presumption and amount-in-controversy thresholds."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.ar import appeals
from revcycle.core.errors import DataError, InputError


def test_five_levels_with_their_windows():
    assert [lv.days_to_file for lv in appeals.LEVELS] == [120, 180, 60, 60, 60]
    assert [lv.threshold for lv in appeals.LEVELS] == [None, None, "ALJ", None, "judicial"]
    assert appeals.level(1).name == "Redetermination"
    assert "QIC" in appeals.level(2).decided_by


def test_deadline_counts_from_presumed_receipt():
    # notice dated March 6 -> presumed received March 11 -> + 120 days = July 9
    assert appeals.presumed_receipt(date(2026, 3, 6)) == date(2026, 3, 11)
    assert appeals.filing_deadline(1, date(2026, 3, 6)) == date(2026, 7, 9)
    assert appeals.filing_deadline(2, "2026-03-06") == date(2026, 9, 7)
    assert appeals.filing_deadline(3, date(2026, 5, 1)) == date(2026, 7, 5)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 5))
def test_deadline_is_notice_plus_five_plus_window(day, n):
    assert appeals.filing_deadline(n, day) - day == timedelta(days=5 + appeals.level(n).days_to_file)


def test_thresholds_2026():
    assert appeals.aic_threshold(3, 2026) == Decimal("200")
    assert appeals.aic_threshold(5, 2026) == Decimal("1960")
    assert appeals.aic_threshold(1, 2026) is None
    with pytest.raises(DataError, match="2026 only"):
        appeals.aic_threshold(3, 2027)


def test_next_step_checks_the_threshold():
    step = appeals.next_step(date(2026, 5, 1), after=2, amount_in_controversy="354.00")
    assert step.level.number == 3 and step.meets_threshold is True and step.deadline == date(2026, 7, 5)
    low = appeals.next_step(date(2026, 5, 1), after=2, amount_in_controversy="150.00")
    assert low.meets_threshold is False
    first = appeals.next_step(date(2026, 6, 5), amount_in_controversy="354.00")
    assert first.level.number == 1 and first.meets_threshold is None
    assert "October 8, 2026" in first.describe()


def test_schedule_table():
    path = appeals.schedule([date(2026, 1, 9), date(2026, 3, 6), date(2026, 5, 1), date(2026, 8, 7)],
                            amount_in_controversy="354.00")
    assert list(path["file_by"]) == [date(2026, 5, 14), date(2026, 9, 7), date(2026, 7, 5), date(2026, 10, 11)]
    assert list(path["meets_threshold"]) == ["", "", "yes", ""]
    assert len(appeals.levels_frame()) == 5


@pytest.mark.parametrize("bad", [0, 6, True, "1", 2.0])
def test_bad_levels_are_refused(bad):
    with pytest.raises(InputError):
        appeals.level(bad)


def test_bad_inputs_are_refused():
    with pytest.raises(InputError, match="date"):
        appeals.filing_deadline(1, "March 6")
    with pytest.raises(InputError):
        appeals.next_step(date(2026, 1, 1), after=5)
    with pytest.raises(InputError):
        appeals.next_step(date(2026, 5, 1), after=2, amount_in_controversy=354.0)
    with pytest.raises(InputError):
        appeals.schedule([])
