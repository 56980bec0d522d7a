"""Due dates and the late policy: when work is late, and what lateness costs."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from workbook.errors import WorkbookError

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
END_OF_DAY = time(23, 59)


def zone(name: str | None) -> Any:
    """An IANA time zone such as America/Chicago; None means this computer's local zone."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise WorkbookError(f"{name[:60]!r} is not a time zone; use a name such as America/Chicago or UTC.") from None


def parse_due(text: str, tz: str | None = None) -> datetime:
    """``2027-02-01`` (meaning 23:59 that day) or ``2027-02-01T17:00``, in ``tz`` or the local zone."""
    text = (text or "").strip()
    try:
        if DATE_ONLY.match(text):
            moment = datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), END_OF_DAY)
        else:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise WorkbookError(
            f"{text[:40]!r} is not a due date. Write it as YYYY-MM-DD (due at 23:59 that day) or YYYY-MM-DDTHH:MM."
        ) from None
    if moment.tzinfo is None:
        where = zone(tz)
        moment = moment.replace(tzinfo=where) if where else moment.astimezone()
    return moment


def parse_instant(text: Any) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime (UTC when it names no zone), or None if it is not one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class LatePolicy:
    """How lateness is charged: a grace period, a percentage per day or part day, a cap, and a cut-off.

    A submission later than the due date plus ``grace_hours`` loses ``penalty_per_day`` percent of its score
    for each day or part of a day after the due date, at most ``max_penalty`` percent; later than
    ``zero_after_days`` days it scores zero. ``enabled=False`` turns the policy off (the LMS applies its own).
    """

    grace_hours: float = 0.0
    penalty_per_day: float = 10.0
    max_penalty: float = 50.0
    zero_after_days: float | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        checks = [
            (self.grace_hours >= 0, "the grace period cannot be negative"),
            (0 <= self.penalty_per_day <= 100, "the penalty per day is a percentage between 0 and 100"),
            (0 <= self.max_penalty <= 100, "the maximum penalty is a percentage between 0 and 100"),
            (self.zero_after_days is None or self.zero_after_days >= 0, "zero-after-days cannot be negative"),
        ]
        for ok, message in checks:
            if not ok:
                raise WorkbookError(f"Late policy: {message}.")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> LatePolicy:
        if not isinstance(data, dict):
            return cls()
        known = {k: data[k] for k in ("grace_hours", "penalty_per_day", "max_penalty", "zero_after_days", "enabled")
                 if k in data}
        try:
            return cls(**known)
        except TypeError:
            raise WorkbookError("The assignment's late policy is malformed; rebuild the assignment.") from None

    def replace(self, **changes: Any) -> LatePolicy:
        data = self.to_dict()
        data.update({k: v for k, v in changes.items() if v is not None})
        return LatePolicy(**data)

    def assess(self, due: datetime, submitted: datetime | None) -> tuple[int, float]:
        """(days late, penalty percent) for a submission; (0, 0) when on time, untimed or the policy is off."""
        if not self.enabled or submitted is None:
            return 0, 0.0
        late = submitted - due
        if late <= timedelta(hours=self.grace_hours) or late <= timedelta(0):
            return 0, 0.0
        days = max(1, math.ceil(late / timedelta(days=1)))
        if self.zero_after_days is not None and late > timedelta(days=self.zero_after_days):
            return days, 100.0
        return days, min(self.max_penalty, days * self.penalty_per_day)

    def describe(self) -> str:
        if not self.enabled:
            return "no late penalty applied here (the LMS applies its own)"
        parts = [f"{self.penalty_per_day:g}% off per day or part day late, at most {self.max_penalty:g}%"]
        if self.grace_hours:
            parts.insert(0, f"{self.grace_hours:g} hour(s) of grace")
        if self.zero_after_days is not None:
            parts.append(f"zero after {self.zero_after_days:g} day(s)")
        return "; ".join(parts)


def apply_penalty(points: Decimal, percent: float) -> Decimal:
    """Points after a percentage penalty, rounded half-up to the hundredth."""
    kept = points * (Decimal(100) - Decimal(str(percent))) / Decimal(100)
    return kept.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
