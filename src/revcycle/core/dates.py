"""Reading a date a learner typed or a module was given, with one clear message when it is not a date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from revcycle.core.errors import InputError, RevcycleError


def parse_date(value: object, what: str = "A date", error: type[RevcycleError] = InputError) -> date:
    """A date from a ``date``, a ``datetime`` or ISO text such as "2026-03-02"; else ``error`` saying so."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise error(f"{what} must be a date written like 2026-03-02, not {value!r}.")


def add_years(day: date, years: int) -> date:
    """The same month and day ``years`` later (or earlier); February 29 becomes February 28 in a common year."""
    if isinstance(years, bool) or not isinstance(years, int):
        raise InputError(f"A number of years must be a whole number, not {years!r}.")
    day = parse_date(day)
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29 in a year with no such day
        return day.replace(year=day.year + years, day=28)


def parse_datetime(value: object, what: str = "A date and time",
                   error: type[RevcycleError] = InputError) -> datetime:
    """A moment from a ``datetime`` or ISO text such as "2026-03-02T14:30" (no time zone); else ``error``.

    A bare date is refused: a clock counted in hours needs the time of day.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise error(f"{what} must be a local time without a time zone, not {value!r}.")
        return value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            if "T" in value or " " in value.strip():
                return parse_datetime(moment, what, error)
    raise error(f"{what} must be a date and time written like 2026-03-02T14:30, not {value!r}.")


def closed_days(closed: Iterable[object]) -> frozenset[date]:
    """The days an office is closed (holidays), read as dates; a single date instead of a list is refused."""
    if isinstance(closed, str | date):
        raise InputError("closed must be a list of dates the office is closed, such as ['2026-07-03'].")
    return frozenset(parse_date(d, "A closed day") for d in closed)


def is_business_day(day: date, closed: frozenset[date] = frozenset()) -> bool:
    """Monday to Friday and not a closed day: how this library counts a business day (a policy choice)."""
    return day.weekday() < 5 and day not in closed


def business_days_between(start: date | str, end: date | str, *, closed: Iterable[object] = ()) -> int:
    """Business days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    first, last = parse_date(start, "start"), parse_date(end, "end")
    shut = closed_days(closed)
    return sum(is_business_day(first + timedelta(days=k), shut) for k in range(1, (last - first).days + 1))


def add_business_days(start: date | str, days: int, *, closed: Iterable[object] = ()) -> date:
    """The ``days``-th business day after ``start`` (``days`` of 0 gives ``start`` itself)."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise InputError(f"days must be a whole number of business days, 0 or more, not {days!r}.")
    day, shut = parse_date(start, "start"), closed_days(closed)
    while days:
        day += timedelta(days=1)
        days -= is_business_day(day, shut)
    return day
