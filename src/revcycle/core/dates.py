"""Reading a date a learner typed or a module was given, with one clear message when it is not a date."""

from __future__ import annotations

from datetime import date, datetime

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
