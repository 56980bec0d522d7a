"""Coordination of benefits: which of a patient's coverages pays first, and what a secondary payer owes.

:func:`payer_order` puts a patient's coverages in the order they are billed, with the rule that decided each
step and where the rule comes from:

* workers' compensation pays first for a work-related injury, and is not billed for anything else
  (Medicare: 42 CFR 411.40-411.47);
* Medicare against a group health plan follows the Medicare Secondary Payer rules: the plan pays first for a
  beneficiary 65 or older covered through their own or their spouse's current job with an employer of 20 or
  more employees (42 CFR 411.170-411.172); for a disabled beneficiary under 65 covered through their own or a
  family member's current job with an employer of 100 or more (a large group health plan, 42 CFR 411.101 and
  411.200-411.206); and for anyone whose Medicare rests on end-stage renal disease during the first 30 months
  (the coordination period, 42 CFR 411.162). Otherwise Medicare pays first (retiree and COBRA coverage are not
  coverage through current employment);
* two commercial plans follow the order rules of the NAIC Coordination of Benefits Model Regulation, which most
  states adopt: the plan covering the person as the subscriber before a plan covering them as a dependent; for
  a child of parents who live together, the plan of the parent whose birthday (month and day) comes first in
  the year (the birthday rule), then the plan that has covered that parent longer; active coverage before
  retiree or COBRA coverage; then the plan that has covered the person longer;
* TRICARE pays after every other health plan except Medicaid (10 U.S.C. 1079(j)(1); 32 CFR 199.8);
* Medicaid pays last (42 U.S.C. 1396a(a)(25)).

Three functions work out what a secondary payer pays once the primary has paid: :func:`medicare_secondary`
(42 CFR 411.33(a)), :func:`standard_cob` (NAIC model, section 7) and :func:`medicaid_lesser_of` (42 U.S.C.
1396a(n)(2); the provider accepts Medicaid's payment as payment in full, 42 CFR 447.15).

Only the common cases are modelled: no-fault and liability insurance, Medigap, divorced or separated parents,
the ESRD coordination period's start rules and other special cases raise :class:`~revcycle.core.errors.RuleError` or
are left out; coverage facts the rules cannot work with raise :class:`~revcycle.core.errors.InputError`. A coverage is
a :class:`revcycle.payment.coverage.Coverage`, the model the front desk uses too. Amounts are read by
:func:`revcycle.core.money.parse_money`. Every person and plan in :data:`SCENARIOS` is synthetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cmp_to_key
from typing import TYPE_CHECKING

from revcycle.core.dates import parse_date
from revcycle.core.errors import DataError, InputError, RuleError
from revcycle.core.money import ZERO, parse_money, to_cents
from revcycle.payment.coverage import GROUP_KINDS, HOLDERS, KINDS, Coverage
from revcycle.payment.patient_share import PatientShare, patient_share

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GROUP_KINDS", "HOLDERS", "KINDS", "Coverage", "CoverageCase", "PayerOrder", "SecondaryPayment",
           "medicaid_lesser_of", "medicare_secondary", "payer_order", "scenario", "standard_cob", "worked_examples"]

#: Coverage kinds the order rules place; "group" and "other" say too little about the plan to order it.
ORDERED_KINDS = frozenset(KINDS) - {"group", "other"}
MEDICARE_BASES = ("age", "disability", "esrd")

#: Size thresholds and the ESRD coordination period (months).
AGED_EMPLOYER_SIZE = 20
DISABLED_EMPLOYER_SIZE = 100
ESRD_COORDINATION_MONTHS = 30

SOURCE_WC = "42 CFR 411.40-411.47 (workers' compensation pays before Medicare)"
SOURCE_AGED = "42 CFR 411.170-411.172 (working aged: employer of 20 or more employees); MSP Manual, ch. 2"
SOURCE_DISABLED = "42 CFR 411.101 and 411.200-411.206 (disability: large group health plan, 100 or more employees)"
SOURCE_ESRD = "42 CFR 411.162 (ESRD: 30-month coordination period)"
SOURCE_MEDICARE_FIRST = "42 CFR 411.172 and 411.204 (only coverage through current employment can pay before Medicare)"
SOURCE_NAIC = "NAIC Coordination of Benefits Model Regulation (MDL-120), section 6 (order of benefit determination)"
SOURCE_TRICARE = "10 U.S.C. 1079(j)(1); 32 CFR 199.8 (TRICARE pays after other health insurance, except Medicaid)"
SOURCE_MEDICAID = "42 U.S.C. 1396a(a)(25) (Medicaid is the payer of last resort)"
SOURCE_411_33 = "42 CFR 411.33(a) (amount of Medicare secondary payment)"
SOURCE_NAIC_7 = "NAIC Coordination of Benefits Model Regulation (MDL-120), section 7 (secondary plan's payment)"
SOURCE_LESSER_OF = ("42 U.S.C. 1396a(n)(2) (a state may limit Medicare cost sharing to its Medicaid rate); "
                    "42 CFR 447.15 (Medicaid payment is payment in full)")


# --------------------------------------------------------------------------- the facts


@dataclass(frozen=True)
class CoverageCase:
    """A patient's situation: age, the basis of any Medicare entitlement, and every coverage on file.

    ``medicare_basis`` is "age", "disability" or "esrd" (end-stage renal disease); it defaults to "age" at 65
    or older. ``esrd_month`` counts the months of ESRD-based Medicare eligibility (1 = the first month).
    ``work_injury`` says the visit is for an injury or illness from work. ``parents_together`` says a child's
    parents are married or live together (the birthday rule applies only then).
    """

    patient: str
    age: int
    coverages: tuple[Coverage, ...]
    situation: str = ""
    medicare_basis: str | None = None
    esrd_month: int | None = None
    work_injury: bool = False
    parents_together: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "coverages", tuple(self.coverages))
        if not self.coverages:
            raise InputError(f"{self.patient}: list at least one coverage (a self-pay patient has no payer order).")
        if any(not isinstance(c, Coverage) for c in self.coverages):
            raise InputError(f"{self.patient}: every coverage must be a Coverage.")
        names = [c.name for c in self.coverages]
        if len(set(names)) != len(names):
            raise InputError(f"{self.patient}: two coverages share a name; give each a distinct name.")
        for c in self.coverages:
            if c.kind not in ORDERED_KINDS:
                raise InputError(f"{self.patient}: {c.label} is recorded as {KINDS[c.kind]}; the order rules need "
                                 "to know how it is sponsored: record it as employer, retiree or cobra with "
                                 "employer_size, or as medicare, medicaid, tricare or workers_comp.")
        for kind in ("medicare", "medicaid", "tricare", "workers_comp"):
            if sum(c.kind == kind for c in self.coverages) > 1:
                raise InputError(f"{self.patient}: more than one {KINDS[kind]} coverage.")
        if self.medicare_basis is not None and self.medicare_basis not in MEDICARE_BASES:
            raise InputError(f"Medicare basis {self.medicare_basis!r} must be one of {', '.join(MEDICARE_BASES)}.")

    @property
    def basis(self) -> str:
        """Why the patient has Medicare (defaults to age at 65 or older)."""
        if self.medicare_basis:
            return self.medicare_basis
        if self.age >= 65:
            return "age"
        raise InputError(f"{self.patient} is {self.age} and has Medicare: say why (medicare_basis='disability' or "
                         "'esrd').")


@dataclass(frozen=True)
class PayerOrder:
    """The coverages in the order they are billed, with the rules that decided it and their sources."""

    case: CoverageCase
    payers: tuple[Coverage, ...]
    reasons: tuple[str, ...]
    sources: tuple[str, ...]
    not_billed: tuple[Coverage, ...] = field(default=())

    @property
    def primary(self) -> Coverage:
        return self.payers[0]

    @property
    def secondary(self) -> Coverage | None:
        return self.payers[1] if len(self.payers) > 1 else None

    @property
    def tertiary(self) -> Coverage | None:
        return self.payers[2] if len(self.payers) > 2 else None


# --------------------------------------------------------------------------- the order rules


def _msp_group_first(case: CoverageCase, plan: Coverage) -> tuple[bool, str, str]:
    """(does the group plan pay before Medicare?, why, source) under the Medicare Secondary Payer rules."""
    basis = case.basis
    if basis == "esrd":
        if case.esrd_month is None or case.esrd_month < 1:
            raise InputError(f"{case.patient}: ESRD-based Medicare needs esrd_month (1 = the first month of "
                           "eligibility) to place the coordination period.")
        if case.esrd_month <= ESRD_COORDINATION_MONTHS:
            return True, (f"{plan.label} pays before Medicare: month {case.esrd_month} of the "
                          f"{ESRD_COORDINATION_MONTHS}-month ESRD coordination period, whatever the employer's size "
                          "or the job status."), SOURCE_ESRD
        return False, (f"Medicare pays first: the {ESRD_COORDINATION_MONTHS}-month ESRD coordination period is "
                       "over."), SOURCE_ESRD
    if plan.kind != "employer":
        return False, (f"Medicare pays before {plan.label}: {KINDS[plan.kind]} is not coverage through current "
                       "employment."), SOURCE_MEDICARE_FIRST
    size = plan.employer_size or 0
    if basis == "age":
        if plan.holder == "child":
            return False, (f"Medicare pays first: the working-aged rule covers only the beneficiary's own or "
                           f"spouse's current job, not {plan.label}."), SOURCE_AGED
        whose = "their own" if plan.holder == "self" else "their spouse's"
        if size >= AGED_EMPLOYER_SIZE:
            return True, (f"{plan.label} pays before Medicare: the patient is 65 or older and covered through "
                          f"{whose} current job with an employer of {size} employees ({AGED_EMPLOYER_SIZE} or "
                          "more)."), SOURCE_AGED
        return False, (f"Medicare pays first: the employer behind {plan.label} has {size} employees, fewer than "
                       f"{AGED_EMPLOYER_SIZE}."), SOURCE_AGED
    if size >= DISABLED_EMPLOYER_SIZE:
        return True, (f"{plan.label} pays before Medicare: the patient has Medicare for disability and is covered "
                      f"through a family member's or their own current job with an employer of {size} employees "
                      f"(a large group health plan: {DISABLED_EMPLOYER_SIZE} or more)."), SOURCE_DISABLED
    return False, (f"Medicare pays first: for Medicare based on disability the employer must have "
                   f"{DISABLED_EMPLOYER_SIZE} or more employees, and the one behind {plan.label} has {size}."), \
        SOURCE_DISABLED


def _month_day(d: date) -> tuple[int, int]:
    return d.month, d.day


def _naic_compare(a: Coverage, b: Coverage, case: CoverageCase) -> tuple[int, str]:
    """-1 when ``a`` pays before ``b`` (1 when after), with the NAIC order rule that decided it."""
    a_dep, b_dep = a.holder != "self", b.holder != "self"
    if a_dep != b_dep:
        first = a if not a_dep else b
        return (-1 if first is a else 1), (f"{first.label} covers the patient as the subscriber, so it pays before "
                                           "the plan that covers them as a dependent.")
    if a.holder == b.holder == "child":
        if not case.parents_together:
            raise RuleError(f"{case.patient}: the parents do not live together, so a court decree or the custody "
                           "rules decide the order, not the birthday rule; this module does not model them.")
        if a.holder_birthday is None or b.holder_birthday is None:
            raise InputError(f"{case.patient}: the birthday rule needs each policyholder's birth date "
                           "(holder_birthday).")
        if _month_day(a.holder_birthday) != _month_day(b.holder_birthday):
            first, day = ((a, a.holder_birthday) if _month_day(a.holder_birthday) < _month_day(b.holder_birthday)
                          else (b, b.holder_birthday))
            return (-1 if first is a else 1), (f"Birthday rule: the parent on {first.label} has the earlier "
                                               f"birthday in the year ({day:%B} {day.day}); the year of birth "
                                               "does not count.")
        if a.since is None or b.since is None or a.since == b.since:
            raise InputError(f"{case.patient}: the parents share a birthday; give each plan's start date (since) "
                           "so the plan that has covered its parent longer can go first.")
        first, since = (a, a.since) if a.since < b.since else (b, b.since)
        return (-1 if first is a else 1), (f"Birthday rule tie (same birthday): {first.label} has covered its "
                                           f"parent longer (since {since:%B} {since.year}).")
    a_active, b_active = a.kind == "employer", b.kind == "employer"
    if a_active != b_active:
        first = a if a_active else b
        other = b if first is a else a
        return (-1 if first is a else 1), (f"{first.label} is coverage as an active employee, so it pays before "
                                           f"{KINDS[other.kind]}.")
    if a.since is not None and b.since is not None and a.since != b.since:
        first = a if a.since < b.since else b
        return (-1 if first is a else 1), f"{first.label} has covered the patient longer, so it pays first."
    raise InputError(f"{case.patient}: no order rule separates {a.label} and {b.label}; give their start dates "
                   "(since).")


def _commercial_order(plans: Sequence[Coverage], case: CoverageCase) -> tuple[list[Coverage], list[str]]:
    reasons: dict[tuple[str, str], str] = {}

    def compare(a: Coverage, b: Coverage) -> int:
        sign, why = _naic_compare(a, b, case)
        reasons[(a.name, b.name)] = reasons[(b.name, a.name)] = why
        return sign

    ordered = sorted(plans, key=cmp_to_key(compare))
    used = [reasons[(x.name, y.name)] for x, y in zip(ordered, ordered[1:], strict=False)]
    return ordered, used


def payer_order(case: CoverageCase) -> PayerOrder:
    """The order in which ``case``'s coverages are billed, with the reason for each step and its source."""
    if not isinstance(case, CoverageCase):
        raise InputError(f"payer_order() takes a CoverageCase, not {type(case).__name__}.")
    covs = case.coverages
    reasons: list[str] = []
    sources: list[str] = []

    def note(why: str, source: str) -> None:
        reasons.append(why)
        if source not in sources:
            sources.append(source)

    first: list[Coverage] = []
    not_billed: list[Coverage] = []
    for wc in (c for c in covs if c.kind == "workers_comp"):
        if case.work_injury:
            first.append(wc)
            note(f"{wc.label} pays first: the visit is for a work injury. The health coverage is billed only "
                 "for what workers' compensation does not cover (or if it denies the claim).", SOURCE_WC)
        else:
            not_billed.append(wc)
            note(f"{wc.label} is not billed: workers' compensation pays only for work injuries and illnesses.",
                 SOURCE_WC)

    groups = [c for c in covs if c.kind in GROUP_KINDS]
    ordered, why = _commercial_order(groups, case)
    for w in why:
        note(w, SOURCE_NAIC)
    medicare = [c for c in covs if c.kind == "medicare"]
    if medicare:
        before: list[Coverage] = []
        after: list[Coverage] = []
        for plan in ordered:
            goes_first, w, source = _msp_group_first(case, plan)
            (before if goes_first else after).append(plan)
            note(w, source)
        middle = before + medicare + after
    else:
        middle = ordered
    tricare = [c for c in covs if c.kind == "tricare"]
    medicaid = [c for c in covs if c.kind == "medicaid"]
    if tricare and (middle or first):
        note(f"{tricare[0].label} pays after the other health coverage: TRICARE is secondary to every plan "
             "except Medicaid.", SOURCE_TRICARE)
    if medicaid and len(covs) - len(not_billed) > 1:
        note(f"{medicaid[0].label} pays last: Medicaid is the payer of last resort.", SOURCE_MEDICAID)
    payers = tuple(first + middle + tricare + medicaid)
    if not payers:
        raise RuleError(f"{case.patient}: no coverage is billed for this visit; the patient is self-pay for it.")
    return PayerOrder(case, payers, tuple(reasons), tuple(sources), tuple(not_billed))


def order_table(cases: Iterable[CoverageCase]) -> pd.DataFrame:
    """One row per case: the patient, the situation, who pays first, second and third, and the deciding rule."""
    import pandas as pd

    rows = []
    for case in cases:
        order = payer_order(case)
        rows.append({
            "patient": case.patient,
            "situation": case.situation,
            "pays first": order.primary.label,
            "pays second": order.secondary.label if order.secondary else "",
            "pays third": order.tertiary.label if order.tertiary else "",
            "not billed": ", ".join(c.label for c in order.not_billed),
            "rule": " ".join(order.reasons),
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- what the secondary pays


@dataclass(frozen=True)
class SecondaryPayment:
    """How one line's charge is settled once the secondary payer has paid.

    ``basis`` is what the practice accepts as payment in full for the line; ``candidates`` are the amounts the
    rule compares (the secondary pays the smallest, never less than zero). Charge = primary paid + secondary
    pays + patient owes + write-off.
    """

    method: str
    charge: Decimal
    basis: Decimal
    primary_paid: Decimal
    secondary_pays: Decimal
    patient_owes: Decimal
    write_off: Decimal
    candidates: tuple[tuple[str, Decimal], ...]
    source: str

    def as_row(self) -> dict[str, object]:
        return {"method": self.method, "charge": self.charge, "primary paid": self.primary_paid,
                "secondary pays": self.secondary_pays, "patient owes": self.patient_owes,
                "write-off": self.write_off}


def _settle(method: str, charge: Decimal, basis: Decimal, primary_paid: Decimal, pays: Decimal, patient: Decimal,
            candidates: list[tuple[str, Decimal]], source: str) -> SecondaryPayment:
    write_off = charge - primary_paid - pays - patient
    return SecondaryPayment(method, charge, basis, primary_paid, pays, patient, write_off, tuple(candidates), source)


def _check_primary(charge: Decimal, allowed: Decimal, paid: Decimal) -> None:
    if allowed > charge:
        raise InputError(f"The primary allowed amount {allowed} is more than the charge {charge}.")
    if paid > allowed:
        raise InputError(f"The primary payment {paid} is more than its allowed amount {allowed}.")


def medicare_secondary(
    *,
    charge: object,
    primary_allowed: object,
    primary_paid: object,
    medicare_allowed: object,
    obligated_amount: object | None = None,
    deductible_remaining: object = "0",
    coinsurance_rate: object = "0.20",
) -> SecondaryPayment:
    """Medicare's payment as secondary payer for one line (42 CFR 411.33(a)): the lowest of

    1. the charge (or the amount the practice must accept as payment in full, if lower; by default the primary
       plan's allowed amount, as for a practice in the plan's network) minus the primary payment;
    2. what Medicare would pay if it were primary (after any Part B deductible, 80 percent);
    3. the higher of Medicare's and the primary plan's allowed amounts, minus the primary payment.

    ``patient_owes`` is what is left of the payment-in-full amount after both payers.
    """
    charge_ = parse_money(charge, "The charge", negative=False)
    allowed = parse_money(primary_allowed, "The primary allowed amount", negative=False)
    paid = parse_money(primary_paid, "The primary payment", negative=False)
    medicare = parse_money(medicare_allowed, "The Medicare allowed amount", negative=False)
    _check_primary(charge_, allowed, paid)
    obligated = allowed if obligated_amount is None else parse_money(obligated_amount, "The obligated amount",
                                                                      negative=False)
    basis = min(charge_, obligated)
    as_primary = patient_share(medicare, deductible_remaining=deductible_remaining,
                               coinsurance_rate=coinsurance_rate).payer_pays
    candidates = [
        ("payment-in-full amount minus the primary payment", basis - paid),
        ("what Medicare would pay as primary", as_primary),
        ("higher allowed amount minus the primary payment", max(medicare, allowed) - paid),
    ]
    pays = max(ZERO, min(amount for _, amount in candidates))
    patient = max(ZERO, basis - paid - pays)
    return _settle("Medicare as secondary payer", charge_, basis, paid, pays, patient, candidates, SOURCE_411_33)


def standard_cob(
    *,
    charge: object,
    allowable_expense: object,
    primary_paid: object,
    secondary_allowed: object,
    deductible_remaining: object = "0",
    coinsurance_rate: object | None = None,
    copay: object | None = None,
) -> SecondaryPayment:
    """A commercial secondary plan's payment under standard COB (NAIC model, section 7).

    The secondary plan works out what it would have paid as primary (its allowed amount less its own
    deductible, coinsurance or copay), then pays that or the allowable expense the primary left unpaid,
    whichever is less. ``allowable_expense`` is the amount the practice accepts as payment in full (for a
    practice in the primary plan's network, the primary's allowed amount); the patient owes what is left of it.
    """
    charge_ = parse_money(charge, "The charge", negative=False)
    allowable = parse_money(allowable_expense, "The allowable expense", negative=False)
    paid = parse_money(primary_paid, "The primary payment", negative=False)
    _check_primary(charge_, allowable, paid)
    normal = patient_share(parse_money(secondary_allowed, "The secondary allowed amount", negative=False),
                           deductible_remaining=deductible_remaining, coinsurance_rate=coinsurance_rate,
                           copay=copay).payer_pays
    candidates = [("what the secondary would pay as primary", normal),
                  ("allowable expense left after the primary", allowable - paid)]
    pays = max(ZERO, min(amount for _, amount in candidates))
    return _settle("commercial secondary (standard COB)", charge_, allowable, paid, pays, allowable - paid - pays,
                   candidates, SOURCE_NAIC_7)


def medicaid_lesser_of(
    *,
    charge: object,
    primary_allowed: object,
    primary_paid: object,
    medicaid_rate: object,
) -> SecondaryPayment:
    """Medicaid's payment after another payer, under the "lesser of" method many states use.

    Medicaid pays the cost sharing the primary left (its allowed amount minus its payment) or its own rate minus
    the primary payment, whichever is less, never below zero. The practice accepts that as payment in full: the
    patient owes nothing and the rest is written off.
    """
    charge_ = parse_money(charge, "The charge", negative=False)
    allowed = parse_money(primary_allowed, "The primary allowed amount", negative=False)
    paid = parse_money(primary_paid, "The primary payment", negative=False)
    rate = parse_money(medicaid_rate, "The Medicaid rate", negative=False)
    _check_primary(charge_, allowed, paid)
    candidates = [("cost sharing the primary left", allowed - paid),
                  ("Medicaid rate minus the primary payment", rate - paid)]
    pays = max(ZERO, min(amount for _, amount in candidates))
    return _settle("Medicaid after Medicare (lesser of)", charge_, allowed, paid, pays, ZERO, candidates,
                   SOURCE_LESSER_OF)


def payments_table(payments: Iterable[SecondaryPayment]) -> pd.DataFrame:
    """The settled lines side by side: charge, primary paid, secondary pays, patient owes, write-off."""
    import pandas as pd

    return pd.DataFrame([p.as_row() for p in payments])


# --------------------------------------------------------------------------- the book's synthetic cases


def _plan(name: str, kind: str, holder: str = "self", size: int | None = None, birthday: str | None = None,
          since: str | None = None) -> Coverage:
    return Coverage(name, kind, holder, size, parse_date(birthday) if birthday else None,
                    parse_date(since) if since else None)


MEDICARE = _plan("Medicare", "medicare")

#: The notebook's and the chapter's coverage scenarios (every person and plan invented).
SCENARIOS: tuple[CoverageCase, ...] = (
    CoverageCase("Rosa Sampleperson", 67, (MEDICARE, _plan("Brightline Tools plan", "employer", size=250)),
                 "67, still works full time; her employer has 250 employees"),
    CoverageCase("Otto Example", 67, (MEDICARE, _plan("Corner Bakery plan", "employer", size=12)),
                 "67, still works; his employer has 12 employees"),
    CoverageCase("Grace Notreal", 70, (MEDICARE, _plan("Former employer retiree plan", "retiree", size=900)),
                 "70, retired; keeps a retiree plan from her old job"),
    CoverageCase("Liam Madeup", 66, (MEDICARE, _plan("Wife's Riverside Clinic plan", "employer", "spouse", 40)),
                 "66, retired; covered by his wife's plan from her current job (40 employees)"),
    CoverageCase("Ingrid Fakename", 52, (MEDICARE, _plan("Husband's Hilltop Garage plan", "employer", "spouse", 60)),
                 "52, Medicare for disability; covered by her husband's plan (60 employees)", "disability"),
    CoverageCase("Kofi Testpatient", 45, (MEDICARE, _plan("COBRA plan from Lakeview Foods", "cobra", size=300)),
                 "45, kidney failure (ESRD), month 14 of Medicare; COBRA from his old job", "esrd", esrd_month=14),
    CoverageCase("Mei Exampleton", 78, (_plan("State Medicaid", "medicaid"), MEDICARE),
                 "78, qualifies for both Medicare and Medicaid"),
    CoverageCase("Sofia Imaginary", 8,
                 (_plan("Father's Northgate Mills plan", "employer", "child", 500, "1984-09-02", "2016-01-01"),
                  _plan("Mother's Elm Street Bank plan", "employer", "child", 80, "1988-03-14", "2020-07-01")),
                 "8, on both parents' plans; mother born March 14, 1988, father September 2, 1984"),
    CoverageCase("Amara Noone", 5,
                 (_plan("Mother's Sunrise Dental plan", "employer", "child", 30, "1990-06-01", "2023-02-01"),
                  _plan("Father's Harbor Freight Lines plan", "employer", "child", 45, "1987-06-01", "2019-05-01")),
                 "5, on both parents' plans; both parents were born on June 1"),
    CoverageCase("Diego Sampleperson", 68,
                 (MEDICARE, _plan("Employer's workers' compensation carrier", "workers_comp")),
                 "68, hurt lifting boxes at his part-time job", work_injury=True),
    CoverageCase("Ahmed Notreal", 44,
                 (_plan("TRICARE Select (military retiree)", "tricare"), _plan("Civic Software plan", "employer",
                                                                                size=150)),
                 "44, military retiree with TRICARE; works at a software firm with a group plan"),
    CoverageCase("Zainab Madeup", 10, (_plan("State Medicaid", "medicaid"), _plan("TRICARE Prime", "tricare")),
                 "10, child of an active-duty service member; also has Medicaid"),
)


def scenario(patient: str) -> CoverageCase:
    """One of :data:`SCENARIOS` by the patient's name."""
    for case in SCENARIOS:
        if case.patient == patient:
            return case
    raise DataError(f"No scenario for {patient!r}; the scenarios are: {', '.join(c.patient for c in SCENARIOS)}.")


# --------------------------------------------------------------------------- the book's worked secondary claims

#: Synthetic contracts for the worked examples: each commercial plan allows a multiple of the 2026 Medicare fee
#: schedule (national, non-facility), and the state Medicaid program pays 75 percent of it.
EMPLOYER_PLAN_MULTIPLE = Decimal("1.30")
SECOND_PLAN_MULTIPLE = Decimal("1.15")
MEDICAID_MULTIPLE = Decimal("0.75")


@dataclass(frozen=True)
class WorkedLine:
    """One worked secondary claim: the service, what each payer allows, the primary's payment and the result.

    ``primary_share`` splits the primary's allowed amount into its payment and the patient's cost sharing;
    ``secondary_share`` is the secondary's own split had it been primary (None when the rule does not use one).
    """

    case: CoverageCase
    procedure: str
    charge: Decimal
    medicare_fee: Decimal
    primary_allowed: Decimal
    primary_share: PatientShare
    secondary_allowed: Decimal
    secondary_share: PatientShare | None
    payment: SecondaryPayment

    @property
    def primary_paid(self) -> Decimal:
        return self.primary_share.payer_pays

    @property
    def primary_patient_share(self) -> Decimal:
        """What the primary left to the patient (deductible, coinsurance or copay) before the secondary paid."""
        return self.primary_share.patient_total

    def money(self) -> dict[str, Decimal]:
        """Every dollar figure of the example, by name (the chapter quotes these)."""
        p, first = self.payment, self.primary_share
        out = {"charge": self.charge, "medicare_fee": self.medicare_fee, "primary_allowed": self.primary_allowed,
               "primary_paid": first.payer_pays, "primary_patient_share": first.patient_total,
               "primary_deductible": first.deductible_applied, "primary_coinsurance": first.coinsurance,
               "primary_copay": first.copay,
               "primary_after_deductible": self.primary_allowed - first.deductible_applied,
               "secondary_allowed": self.secondary_allowed, "secondary_pays": p.secondary_pays,
               "patient_owes": p.patient_owes, "write_off": p.write_off}
        if self.secondary_share is not None:
            second = self.secondary_share
            out.update({"secondary_deductible": second.deductible_applied,
                        "secondary_after_deductible": self.secondary_allowed - second.deductible_applied,
                        "secondary_as_primary": second.payer_pays})
        out.update({f"candidate_{i}": amount for i, (_, amount) in enumerate(p.candidates, 1)})
        return out


def _times(amount: Decimal, multiple: Decimal) -> Decimal:
    return to_cents(amount * multiple)


def worked_examples() -> dict[str, WorkedLine]:
    """The chapter's secondary claims, keyed by patient: Rosa (Medicare secondary to her employer plan), Sofia
    (her father's plan secondary by the birthday rule) and Mei (Medicaid after Medicare, lesser of)."""
    from revcycle.payment.fees import pfs_payment
    from revcycle.synthetic.pools import CHARGEMASTER

    out: dict[str, WorkedLine] = {}

    fee = pfs_payment("99214").payment
    charge = CHARGEMASTER["99214"]
    allowed = _times(fee, EMPLOYER_PLAN_MULTIPLE)
    first = patient_share(allowed, copay="30.00")
    out["Rosa Sampleperson"] = WorkedLine(
        scenario("Rosa Sampleperson"), "99214", charge, fee, allowed, first, fee,
        patient_share(fee, coinsurance_rate="0.20"),
        medicare_secondary(charge=charge, primary_allowed=allowed, primary_paid=first.payer_pays,
                           medicare_allowed=fee))

    fee = pfs_payment("99213").payment
    charge = CHARGEMASTER["99213"]
    allowed = _times(fee, EMPLOYER_PLAN_MULTIPLE)
    first = patient_share(allowed, deductible_remaining="50.00", coinsurance_rate="0.20")
    second_allowed = _times(fee, SECOND_PLAN_MULTIPLE)
    second = patient_share(second_allowed, deductible_remaining="40.00", coinsurance_rate="0.20")
    out["Sofia Imaginary"] = WorkedLine(
        scenario("Sofia Imaginary"), "99213", charge, fee, allowed, first, second_allowed, second,
        standard_cob(charge=charge, allowable_expense=allowed, primary_paid=first.payer_pays,
                     secondary_allowed=second_allowed, deductible_remaining="40.00", coinsurance_rate="0.20"))

    first = patient_share(fee, coinsurance_rate="0.20")
    rate = _times(fee, MEDICAID_MULTIPLE)
    out["Mei Exampleton"] = WorkedLine(
        scenario("Mei Exampleton"), "99213", charge, fee, fee, first, rate, None,
        medicaid_lesser_of(charge=charge, primary_allowed=fee, primary_paid=first.payer_pays, medicaid_rate=rate))
    return out
