"""How an assignment turns a student's attempts into points: which attempt counts, and partial credit per kind.

An exercise's attempts are the responses the student checked, in order (the hand-in file records them with
their times); a final answer that was never checked counts as one more attempt. The assignment's policy says
which attempt is graded:

* ``last``: the final answer only;
* ``first``: the first attempt only (practice before, not during);
* ``best``: the best attempt;
* ``penalty`` (the default): the best attempt, its credit cut by ``penalty_per_try`` percent for each check before it.

``max_checks`` limits how many checks count (later ones are ignored and the student is told); ``exam`` turns
checking off in the packet, so only the final answer exists.

Partial credit (on by default) gives a share of an exercise's points for kinds with several parts:

* ordering and matching: the share of positions or terms that are right;
* claim form: the share of fields that are right;
* multiple select and spot-the-identifier: (right choices made - wrong choices made) / right choices, never below 0.

Single choice, numeric and code exercises are right or wrong.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workbook.errors import WorkbookError

POLICIES = ("last", "first", "best", "penalty")
PARTIAL_KINDS = ("ordering", "matching", "claim", "multiple", "spot")
ONE = Decimal(1)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Scoring:
    """An assignment's attempt policy (see the module docstring)."""

    attempts: str = "penalty"
    penalty_per_try: float = 25.0  # percent of the exercise's points, per check before the graded one
    max_checks: int | None = None  # None: unlimited
    exam: bool = False  # no checking in the packet: the final answer is graded
    partial: bool = True

    def __post_init__(self) -> None:
        if self.attempts not in POLICIES:
            raise WorkbookError(f"The attempt policy {self.attempts!r} is not one of: {', '.join(POLICIES)}.")
        if not 0 <= self.penalty_per_try <= 100:
            raise WorkbookError("The penalty per extra try is a percentage from 0 to 100.")
        if self.max_checks is not None and not 1 <= self.max_checks <= 100:
            raise WorkbookError("The number of checks allowed is from 1 to 100 (or unlimited).")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Scoring:
        """The manifest's policy; an assignment built before policies existed graded the last answer, whole."""
        if not data:
            return cls(attempts="last", partial=False)
        known = {k: data[k] for k in ("attempts", "penalty_per_try", "max_checks", "exam", "partial") if k in data}
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def replace(self, **changes: Any) -> Scoring:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def describe(self) -> str:
        """One sentence for the README, the summary and the feedback."""
        if self.exam:
            which = "exam mode: no checking; the final answer is graded"
        else:
            which = {"last": "the final answer is graded",
                     "first": "the first attempt is graded",
                     "best": "the best attempt is graded",
                     "penalty": f"the best attempt is graded, its credit cut by {self.penalty_per_try:g}% for each "
                                "check before it"}[self.attempts]
            if self.max_checks:
                which += f"; at most {self.max_checks} check(s) per exercise count"
        partial = "partial credit for ordering, matching, claim-form, multiple-select and spot exercises" \
            if self.partial else "no partial credit"
        return f"{which}; {partial}"


def _parts(canon: str, kind: str) -> list[str]:
    return canon.split("|" if kind == "claim" else ",")


def share(kind: str, response: str, key: str, partial: bool = True) -> Decimal:
    """The share of the points a canonical response earns against the canonical key (0 to 1)."""
    if response == key:
        return ONE
    if not partial or kind not in PARTIAL_KINDS:
        return ZERO
    got, want = _parts(response, kind), _parts(key, kind)
    if kind in ("multiple", "spot"):
        chosen, right = {p for p in got if p}, {p for p in want if p}
        if not right:
            return ZERO
        return max(ZERO, Decimal(len(chosen & right) - len(chosen - right)) / len(right))
    if len(got) != len(want) or not want:
        return ZERO
    return Decimal(sum(a == b for a, b in zip(got, want, strict=True))) / len(want)


@dataclass(frozen=True)
class Credit:
    """The graded share of one exercise, which attempt earned it, and what the student is told about it."""

    share: Decimal
    attempt: int  # 1-based; 0 when nothing was answered
    attempts: int
    note: str = ""


def credit(shares: list[Decimal], scoring: Scoring) -> Credit:
    """Choose the graded attempt from the shares of every attempt, in order (see the module docstring)."""
    if not shares:
        return Credit(ZERO, 0, 0)
    counted = shares
    note = ""
    if scoring.max_checks and not scoring.exam and len(shares) > scoring.max_checks:
        counted = shares[:scoring.max_checks]
        note = f"only the first {scoring.max_checks} of {len(shares)} checks count"
    if scoring.exam or scoring.attempts == "last":
        best, at = counted[-1], len(counted)
    elif scoring.attempts == "first":
        best, at = counted[0], 1
    else:
        per_try = Decimal(str(scoring.penalty_per_try)) / 100 if scoring.attempts == "penalty" else ZERO
        best, at = ZERO, len(counted)
        for i, value in enumerate(counted):
            worth = value * max(ZERO, ONE - per_try * i)
            if worth > best:
                best, at = worth, i + 1
        if best == 0:
            at = len(counted)
        elif at > 1 and per_try:
            penalty = min(Decimal(100), Decimal(str(scoring.penalty_per_try)) * (at - 1))
            note = "; ".join(filter(None, [note, f"graded on attempt {at}: -{penalty.normalize():f}%"]))
    return Credit(best, at, len(shares), note)


def points(share_of: Decimal, possible: Decimal) -> Decimal:
    """Points for a share, to the hundredth (half up)."""
    return (share_of * possible).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
