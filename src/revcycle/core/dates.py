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
