"""A small, sourced table of BLS career figures for coders, billers and records staff, and sums on it.

The table (``data/careers_outlook.csv``) holds one row per published figure: the occupation (or industry
sector), its SOC code, the figure's name, its value and unit, the period it covers, the source and its URL,
and a ``checked`` note that says how this project confirmed it. Figures marked "verify" came from the
project's facts sheet and were not read on bls.gov itself: re-read the BLS page before quoting them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib import resources

from revcycle.core.errors import DataError, InputError

__all__ = ["COLUMNS", "OOH_EDITION", "OOH_PUBLISHED", "OutlookFigure", "figure", "figures", "frame", "growth_frame",
           "implied_change"]

_FILE = "careers_outlook.csv"
#: The Occupational Outlook Handbook edition the table's 29-2072 rows come from, and the day BLS published it (the
#: joint Employment Projections and OOH news release USDL-25-1324). Change both with the table.
OOH_EDITION = "2024-34"
OOH_PUBLISHED = date(2025, 8, 28)
COLUMNS = ("occupation", "soc_code", "figure", "value", "unit", "period", "source", "url", "checked")


@dataclass(frozen=True)
class OutlookFigure:
    """One published figure with where it comes from."""

    occupation: str
    soc_code: str
    figure: str
    value: Decimal
    unit: str
    period: str
    source: str
    url: str
    checked: str

    @property
    def needs_verifying(self) -> bool:
        """True for figures the project could not read on the publisher's own page."""
        return self.checked.startswith("verify")


@cache
def figures() -> tuple[OutlookFigure, ...]:
    """Every row of the shipped table, in file order."""
    text = resources.files("careers").joinpath("data", _FILE).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise DataError(f"{_FILE}: expected the columns {', '.join(COLUMNS)}.")
    rows = []
    for r in reader:
        rows.append(OutlookFigure(r["occupation"], r["soc_code"], r["figure"], Decimal(r["value"]), r["unit"],
                                  r["period"], r["source"], r["url"], r["checked"]))
    return tuple(rows)


def figure(soc_code: str, name: str) -> OutlookFigure:
    """The row for one code and figure, e.g. figure('29-2072', 'median annual pay')."""
    for f in figures():
        if f.soc_code == soc_code and f.figure == name:
            return f
    known = "; ".join(f"{f.soc_code} {f.figure}" for f in figures())
    raise DataError(f"No figure {name!r} for {soc_code!r} in {_FILE}. It holds: {known}.")


def implied_change(base: Decimal | int, percent: Decimal | int | float | str) -> int:
    """Jobs added by a percentage change, rounded to a whole job: a rough figure, because BLS rounds the percent.

    >>> implied_change(194800, 7)
    13636
    """
    change = _number(base, "base") * _number(percent, "percent") / 100
    return int(change.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _number(value: object, what: str) -> Decimal:
    """A count or percentage from int, Decimal, text, or a float via its repr; else InputError."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InputError(f"{what} must be a number such as 7 or '7.5', not {value!r}.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(f"{what} must be a number such as 7 or '7.5', not {value!r}.") from None
    if not number.is_finite() or number.copy_abs() >= 10**9:
        raise InputError(f"{what} must be a finite number below one billion, not {value!r}.")
    return number


def frame():
    """The table as a DataFrame (value as a number), for notebooks."""
    import pandas as pd

    return pd.DataFrame(
        [{"occupation": f.occupation, "SOC code": f.soc_code, "figure": f.figure, "value": float(f.value),
          "unit": f.unit, "period": f.period, "source": f.source, "checked": f.checked} for f in figures()]
    )


def growth_frame():
    """The projected employment changes (percent), one row per occupation or sector, largest first."""
    import pandas as pd

    rows = [{"who": f.occupation, "code": f.soc_code, "percent": float(f.value), "period": f.period,
             "verify": f.needs_verifying} for f in figures() if f.figure == "projected employment change"]
    return pd.DataFrame(rows).sort_values("percent", ascending=False).reset_index(drop=True)
