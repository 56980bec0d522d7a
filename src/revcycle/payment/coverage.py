"""One coverage a patient has, as the front desk records it: the model used by coordination of benefits
(:mod:`revcycle.payment.cob`) and by the front desk's eligibility check (:mod:`revcycle.practice.frontdesk`).

A coverage always has a name and a kind (:data:`KINDS`) and says whose it is (``holder``: the patient's relationship
to the policyholder). The order rules of coordination of benefits read the sponsor's size, the policyholder's
birthday and the start date; a payer's enrollment record adds the payer, the policyholder as the claim names them
(:class:`revcycle.claims.Insured`, with the member ID), the end date, the plan's terms and what is left of the
deductible. Fields a use does not need stay None. Dates and amounts are read once, here, by
:func:`revcycle.core.dates.parse_date` and :func:`revcycle.core.money.parse_money`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from revcycle.claims.model import Insured, Payer
from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import parse_money
from revcycle.synthetic import PlanTerms

#: The kinds of coverage, in the book's words. "group" and "other" are what a payer's enrollment record says when
#: the practice does not know how the plan is sponsored; coordination of benefits needs the finer kinds.
KINDS: dict[str, str] = {
    "medicare": "Original Medicare",
    "medicaid": "Medicaid",
    "tricare": "TRICARE",
    "employer": "employer group health plan (current employment)",
    "retiree": "retiree group health plan",
    "cobra": "COBRA continuation of a group health plan",
    "workers_comp": "workers' compensation",
    "group": "group health plan (how it is sponsored not recorded)",
    "other": "other coverage (CHAMPVA, FECA black lung, ...)",
}
#: Group health plans whose order against Medicare depends on the sponsor's size.
GROUP_KINDS = frozenset({"employer", "retiree", "cobra"})
#: The patient's relationship to the policyholder.
HOLDERS = ("self", "spouse", "child")
#: A claim's payer kind (:data:`revcycle.claims.model.PAYER_KINDS`) -> the coverage kind.
PAYER_KIND_TO_KIND: dict[str, str] = {"medicare": "medicare", "medicaid": "medicaid", "tricare": "tricare",
                                      "group": "group"}


def _opt_date(value: object, what: str) -> date | None:
    return None if value is None else parse_date(value, what)


@dataclass(frozen=True)
class Coverage:
    """One coverage a patient has.

    ``holder`` is the patient's relationship to the policyholder (self, spouse or child). ``employer_size`` is the
    number of employees of the employer that sponsors a group plan. ``holder_birthday`` is the policyholder's birth
    date (only month and day matter, for the birthday rule), ``since`` the day the coverage began (the tie-breaker
    when birthdays match, or the longer-coverage rule) and ``terminated`` the last day it covers (None: still in
    force). A payer's enrollment record also has the ``payer``, the ``insured`` (the policyholder, with the member
    ID), the plan's ``terms`` and the ``deductible_remaining`` for the year.
    """

    name: str
    kind: str
    holder: str = "self"
    employer_size: int | None = None
    holder_birthday: date | None = None
    since: date | None = None
    terminated: date | None = None
    payer: Payer | None = None
    insured: Insured | None = None
    terms: PlanTerms | None = None
    deductible_remaining: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"Coverage kind {self.kind!r} is not one of: {', '.join(KINDS)}.")
        if self.holder not in HOLDERS:
            raise InputError(f"{self.name}: holder {self.holder!r} must be one of {', '.join(HOLDERS)}.")
        if self.employer_size is not None and (isinstance(self.employer_size, bool)
                                               or not isinstance(self.employer_size, int)):
            raise InputError(f"{self.name}: employer_size must be a whole number of employees, "
                             f"not {self.employer_size!r}.")
        if self.kind in GROUP_KINDS and (self.employer_size is None or self.employer_size < 1):
            raise InputError(f"{self.name}: a group health plan needs employer_size, the sponsor's number of "
                             "employees (it decides whether the plan pays before Medicare).")
        object.__setattr__(self, "holder_birthday", _opt_date(self.holder_birthday, f"{self.name}: holder_birthday"))
        object.__setattr__(self, "since", _opt_date(self.since, f"{self.name}: since"))
        object.__setattr__(self, "terminated", _opt_date(self.terminated, f"{self.name}: terminated"))
        if self.deductible_remaining is not None:
            object.__setattr__(self, "deductible_remaining", parse_money(
                self.deductible_remaining, f"{self.name}: the remaining deductible", negative=False))

    @classmethod
    def enrolled(cls, payer: Payer, insured: Insured, terms: PlanTerms, *, holder: str = "self", since: date,
                 terminated: date | None = None, deductible_remaining: Decimal) -> Coverage:
        """A payer's enrollment record: the coverage named after the payer, of the payer's kind."""
        kind = PAYER_KIND_TO_KIND.get(payer.kind, "other")
        return cls(payer.name, kind, holder, holder_birthday=insured.birth_date, since=since, terminated=terminated,
                   payer=payer, insured=insured, terms=terms, deductible_remaining=deductible_remaining)

    @property
    def label(self) -> str:
        """The name shown in tables (the scenarios' names already say whose plan it is)."""
        return self.name

    @property
    def member_id(self) -> str:
        """The member ID on the card ("" when no policyholder is recorded)."""
        return self.insured.member_id if self.insured else ""

    def active_on(self, day: object) -> bool:
        """True when the coverage is in force on ``day`` (a date or ISO text)."""
        when = parse_date(day, "The day to check")
        return (self.since is None or self.since <= when) and (self.terminated is None or when <= self.terminated)


__all__ = ["GROUP_KINDS", "HOLDERS", "KINDS", "Coverage"]
