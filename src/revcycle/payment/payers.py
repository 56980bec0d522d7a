"""Payer programs in depth: each program's rules as data, and the arithmetic and deadlines that differ by program.

:data:`PROGRAMS` holds, for Original Medicare, Medicare Advantage, Medigap, Medicaid, CHIP, TRICARE, CHAMPVA, VA
community care, workers' compensation, auto and liability insurance and commercial plans: who is covered, where the
program stands in the payer order (the order rules themselves live in :mod:`revcycle.payment.cob`), the claim
filing limit, whether the patient may be billed, and the appeal path, each with its source. :data:`PLAN_TYPES`
holds the commercial plan designs (HMO, PPO, EPO, POS, HDHP).

The functions do the program-specific work:

* :func:`filing_deadline`: the last day a claim can reach a program whose limit is federal (Medicare, 42 CFR
  424.44 through :mod:`revcycle.claims.filing`; Medicaid's outer limit, 42 CFR 447.45(d)(1); TRICARE, 10 U.S.C.
  1106(b); CHAMPVA, 38 CFR 17.275; VA community care, 38 U.S.C. 1703D). Limits set by a contract or a state raise
  :class:`~revcycle.core.errors.RuleError`;
* :func:`ma_reconsideration_deadline` and :func:`ma_reconsideration_decision`: a Medicare Advantage plan's first
  appeal level, 65 calendar days from the date of the notice (42 CFR 422.582(b), from 2025), and the plan's time to
  decide (42 CFR 422.590); :func:`ma_appeal_path` lists the levels after it;
* :func:`retroactive_window`: how far back Medicaid eligibility reaches before the month of application (42 CFR
  435.915: three months; for applications from January 1, 2027, one month for expansion adults and two for others,
  Pub. L. 119-21, section 71112);
* :func:`spend_down`: the medically needy spend-down (42 CFR 435.831): countable income above the medically needy
  income level, times the months of the budget period (at most six), is met by incurred medical expenses, in date
  order, before Medicaid pays;
* :func:`medigap_crossover`: Medicare pays, the claim crosses over to the Medigap policy, which pays the share of
  the coinsurance and deductible its standardized plan letter covers; :func:`qmb_line`: a Qualified Medicare
  Beneficiary owes no Medicare cost sharing (Social Security Act 1902(n)(3)(B)), Medicaid pays the lesser of;
* :func:`workers_comp_line`: a work-injury visit priced by a state fee schedule written as a multiple of the
  Medicare amount (a synthetic state's multiple: real states publish their own schedules), billed to the carrier,
  never to the injured worker while the claim is accepted or pending;
* :func:`hdhp_check`: whether a plan's deductible and out-of-pocket maximum make it an HSA-qualified
  high-deductible health plan (26 U.S.C. 223(c)(2); 2026 amounts from Rev. Proc. 2025-19).

Money is ``Decimal`` read by :func:`revcycle.core.money.parse_money` and rounded once by
:func:`revcycle.core.money.to_cents`; dates by :func:`revcycle.core.dates.parse_date`. Bad input raises
:class:`~revcycle.core.errors.InputError`, a question a rule does not answer :class:`~revcycle.core.errors.RuleError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from revcycle.core.dates import add_years, parse_date
from revcycle.core.errors import DataError, InputError, RuleError
from revcycle.core.money import ZERO, parse_money, to_cents
from revcycle.payment.patient_share import PatientShare, patient_share

if TYPE_CHECKING:
    import pandas as pd

    from revcycle.payment.cob import SecondaryPayment

__all__ = ["PLAN_TYPES", "PROGRAMS", "HdhpCheck", "MedigapSplit", "PlanType", "Program", "QmbLine", "SpendDown",
           "WorkersCompLine", "filing_deadline", "hdhp_check", "ma_appeal_path", "ma_reconsideration_decision",
           "ma_reconsideration_deadline", "medigap_crossover", "program", "programs_frame", "qmb_line",
           "filing_worklist", "first_of_month_before", "retroactive_window", "spend_down", "workers_comp_line"]


# --------------------------------------------------------------------------- the programs as data


@dataclass(frozen=True)
class Program:
    """One payer program's rules, in the book's words, with the sources they rest on."""

    key: str
    name: str
    family: str  # "federal", "federal-state", "military and veterans", "private", "state law"
    covers: str
    pays: str  # where it stands in the payer order
    filing: str  # the claim filing limit
    bill_patient: str  # what the provider may collect from the patient
    appeals: str  # the first steps of its appeal path
    sources: tuple[str, ...]


PROGRAMS: dict[str, Program] = {p.key: p for p in (
    Program("medicare", "Original Medicare (Parts A and B)", "federal",
            "people 65 or older, some younger people with disabilities, people with end-stage renal disease",
            "first, except where the Medicare Secondary Payer rules put another payer ahead",
            "one calendar year from the date of service",
            "the deductible and coinsurance (a participating provider accepts assignment); nothing for a denied "
            "service without a valid ABN; nothing at all from a QMB",
            "redetermination by the MAC, then a QIC, an ALJ, the Medicare Appeals Council, federal court",
            ("42 CFR 424.44", "42 CFR part 411", "42 CFR part 405, subpart I")),
    Program("medicare_advantage", "Medicare Advantage (Part C)", "federal",
            "Medicare beneficiaries who enroll in a private plan approved by Medicare",
            "in Medicare's place: the same Secondary Payer rules apply",
            "set by the plan's provider contract",
            "the plan's cost sharing; a non-contract provider accepts what Original Medicare would pay as payment in "
            "full",
            "reconsideration by the plan (65 days from the notice), then automatic review by the independent review "
            "entity, an ALJ, the Council, court",
            ("42 CFR 422.214", "42 CFR 422.582", "42 CFR 422.590", "42 CFR 422.592")),
    Program("medigap", "Medicare supplement (Medigap)", "private",
            "Original Medicare beneficiaries who buy a standardized supplement policy (plans A to N)",
            "after Original Medicare only; it does not pay with Medicare Advantage",
            "none of its own: Medicare forwards the claim (crossover)",
            "whatever cost sharing the plan letter leaves (Plan G: the Part B deductible)",
            "the policy's own grievance process; the Medicare part is appealed to Medicare",
            ("42 U.S.C. 1395ss", "Medicare Claims Processing Manual, ch. 28")),
    Program("medicaid", "Medicaid", "federal-state",
            "people with limited income and resources, by state rules within federal rules",
            "last: every other coverage pays first (payer of last resort)",
            "no later than 12 months from the date of service (states may set shorter limits)",
            "nothing beyond the state's nominal cost sharing: Medicaid's payment is payment in full",
            "the state's provider appeal process; the member's fair hearing",
            ("42 U.S.C. 1396a(a)(25)", "42 CFR 447.15", "42 CFR 447.45(d)")),
    Program("chip", "Children's Health Insurance Program (CHIP)", "federal-state",
            "uninsured children in families with incomes too high for Medicaid, by state rules",
            "usually the child's only coverage: a separate CHIP covers uninsured children",
            "set by the state program or its managed care plan",
            "the state's CHIP cost sharing only",
            "the state's review process",
            ("42 CFR part 457",)),
    Program("tricare", "TRICARE", "military and veterans",
            "uniformed service members, retirees and their families",
            "after other health insurance, except Medicaid",
            "one year from the date of service (one year from discharge for an inpatient facility claim)",
            "the TRICARE cost share or copay",
            "reconsideration by the regional contractor, then formal review",
            ("10 U.S.C. 1079(j)(1)", "10 U.S.C. 1106(b)", "32 CFR 199.8")),
    Program("champva", "CHAMPVA", "military and veterans",
            "the spouse or child of a veteran rated permanently and totally disabled from a service-connected "
            "condition, or the survivor of one who died of it; never someone eligible for TRICARE",
            "after Medicare and other health insurance",
            "one year from the date of service (inpatient: one year from discharge)",
            "the CHAMPVA cost share and deductible",
            "reconsideration by the VA's CHAMPVA office",
            ("38 U.S.C. 1781", "38 CFR 17.275")),
    Program("va_community_care", "VA community care", "military and veterans",
            "veterans the VA refers to a community provider for authorized care",
            "the VA pays for the authorized care it referred",
            "180 days from the date of service",
            "nothing for the authorized care: the claim goes to the VA or its third-party administrator",
            "the VA's provider dispute process",
            ("38 U.S.C. 1703", "38 U.S.C. 1703D")),
    Program("workers_comp", "Workers' compensation", "state law",
            "employees hurt or made ill by their work (federal employees: FECA)",
            "first, for the work injury only",
            "set by state law",
            "nothing while the claim is accepted or pending in most states; state laws vary",
            "the state workers' compensation agency's medical fee dispute process",
            ("state workers' compensation acts (e.g. Tex. Lab. Code 413.042)", "42 CFR 411.40-411.47")),
    Program("auto_liability", "Auto (no-fault) and liability insurance", "state law",
            "people hurt in an accident someone's policy covers",
            "before health insurance for the accident's injuries, under state law and the plans' terms; Medicare "
            "may pay conditionally and recover",
            "set by the policy and state law",
            "depends on state law and the provider's agreements; a Medicare provider may not bill a liability "
            "insurer and Medicare together for more than it is owed",
            "the insurer's claim process, then the courts",
            ("42 CFR 411.50-411.54",)),
    Program("commercial", "Commercial health plans", "private",
            "employees and dependents in employer plans; people who buy a plan",
            "by the coordination of benefits rules (subscriber before dependent, the birthday rule)",
            "set by the provider contract, within state prompt-pay laws",
            "the plan's deductible, copay and coinsurance; a network provider writes off the rest",
            "the plan's internal appeal, then external review",
            ("NAIC Coordination of Benefits Model Regulation", "42 U.S.C. 300gg-19")),
)}


def program(key: object) -> Program:
    """The :class:`Program` for ``key`` (one of :data:`PROGRAMS`), or an error that lists them."""
    found = PROGRAMS.get(key.strip().lower()) if isinstance(key, str) else None
    if found is None:
        raise InputError(f"Payer program {key!r} is not one of: {', '.join(PROGRAMS)}.")
    return found


@dataclass(frozen=True)
class PlanType:
    """A commercial plan design: whether out-of-network care is covered and whether a referral is needed."""

    key: str
    name: str
    out_of_network: str
    referral: str


PLAN_TYPES: dict[str, PlanType] = {p.key: p for p in (
    PlanType("hmo", "health maintenance organization", "not covered except emergencies", "usually required"),
    PlanType("ppo", "preferred provider organization", "covered at a higher cost to the member", "not required"),
    PlanType("epo", "exclusive provider organization", "not covered except emergencies", "usually not required"),
    PlanType("pos", "point-of-service plan", "covered at a higher cost to the member", "required"),
    PlanType("hdhp", "high-deductible health plan", "as the plan's network design (often a PPO)",
             "as the plan's network design"),
)}


def programs_frame() -> pd.DataFrame:
    """:data:`PROGRAMS` as a table, one row a program."""
    import pandas as pd

    return pd.DataFrame([{"program": p.name, "family": p.family, "pays": p.pays, "filing limit": p.filing,
                          "may bill the patient for": p.bill_patient, "first appeal": p.appeals.split(",")[0]}
                         for p in PROGRAMS.values()])


# --------------------------------------------------------------------------- filing limits


#: Programs whose claim filing limit is a federal rule the book computes, with that rule.
FILING_RULES: dict[str, str] = {
    "medicare": "42 CFR 424.44(a): one calendar year after the date of service",
    "medicaid": "42 CFR 447.45(d)(1): no later than 12 months from the date of service (a state may set less)",
    "tricare": "10 U.S.C. 1106(b)(2): one year after the services are provided",
    "champva": "38 CFR 17.275(a): one year after the date of service, or after discharge for inpatient care",
    "va_community_care": "38 U.S.C. 1703D: 180 days after the care was furnished",
}
VA_COMMUNITY_CARE_DAYS = 180


def filing_deadline(key: str, service_date: object, *, discharge: object = None) -> date:
    """The last day a claim for a service on ``service_date`` can reach the program ``key``.

    ``discharge`` (inpatient facility claims for TRICARE and CHAMPVA) moves the start to the discharge date.
    """
    prog = program(key)
    served = parse_date(service_date, "The date of service")
    start = served
    if discharge is not None:
        if prog.key not in ("tricare", "champva"):
            raise InputError(f"A discharge date changes the filing limit for TRICARE and CHAMPVA only, not "
                             f"{prog.name}.")
        start = parse_date(discharge, "The discharge date")
        if start < served:
            raise InputError(f"The discharge date ({start}) is before the date of service ({served}).")
    if prog.key == "medicare":
        from revcycle.claims.filing import medicare_deadline

        return medicare_deadline(served)
    if prog.key in ("medicaid", "tricare", "champva"):
        return add_years(start, 1)
    if prog.key == "va_community_care":
        return served + timedelta(days=VA_COMMUNITY_CARE_DAYS)
    raise RuleError(f"{prog.name}: the filing limit is {prog.filing}; look it up there, the book computes only "
                    f"{', '.join(PROGRAMS[k].name for k in FILING_RULES)}.")


# --------------------------------------------------------------------------- Medicare Advantage appeals


#: Days from the date of the notice to ask a Medicare Advantage plan for reconsideration (42 CFR 422.582(b), 60
#: before 2025; CMS moved it to 65 from January 1, 2025).
MA_RECONSIDERATION_DAYS = 65
MA_65_DAY_RULE_FROM = date(2025, 1, 1)
#: The plan's time to decide a reconsideration (42 CFR 422.590): hours for an expedited one, days otherwise.
MA_DECISION: dict[str, tuple[int, str]] = {
    "expedited": (72, "hours"),
    "standard": (30, "days"),
    "part_b_drug": (7, "days"),
    "payment": (60, "days"),
}
MA_PARTIES = ("enrollee", "non_contract_provider")


def ma_reconsideration_deadline(notice_date: object, *, party: str = "enrollee",
                                waiver_of_liability: bool = False) -> date:
    """The last day to ask a Medicare Advantage plan to reconsider the decision in a notice dated ``notice_date``.

    A non-contract provider may ask on its own behalf only about a payment denial and only with a signed waiver of
    liability (it will not bill the enrollee whatever the outcome); its clock runs from the remittance notice.
    """
    if party not in MA_PARTIES:
        raise InputError(f"party must be one of {', '.join(MA_PARTIES)}, not {party!r}.")
    notice = parse_date(notice_date, "The notice date")
    if notice < MA_65_DAY_RULE_FROM:
        raise DataError(f"Notices dated before {MA_65_DAY_RULE_FROM:%B} 1, {MA_65_DAY_RULE_FROM.year} had a "
                        "60-day window; the book computes the rule in force since then.")
    if party == "non_contract_provider" and not waiver_of_liability:
        raise RuleError("A non-contract provider's reconsideration request needs a signed waiver of liability "
                        "(it will not bill the enrollee whatever the outcome); without one the plan dismisses it.")
    return notice + timedelta(days=MA_RECONSIDERATION_DAYS)


def ma_reconsideration_decision(received: object, kind: str = "standard") -> date:
    """The last day the plan may decide a reconsideration received on ``received`` (expedited: the third day,
    72 hours from receipt at the latest)."""
    if kind not in MA_DECISION:
        raise InputError(f"kind must be one of {', '.join(MA_DECISION)}, not {kind!r}.")
    day = parse_date(received, "The day the plan received the request")
    amount, unit = MA_DECISION[kind]
    return day + timedelta(days=amount // 24 if unit == "hours" else amount)


def ma_appeal_path(notice_date: object, *, year: int | None = None) -> list[dict[str, object]]:
    """The Medicare Advantage appeal levels, with the first level's deadline and the ALJ threshold of ``year``."""
    from revcycle.ar.appeals import aic_threshold

    deadline = ma_reconsideration_deadline(notice_date)
    alj = aic_threshold(3, year or deadline.year)
    return [
        {"level": 1, "appeal": "reconsideration by the plan", "file": f"by {deadline.isoformat()}",
         "source": "42 CFR 422.582"},
        {"level": 2, "appeal": "review by the independent review entity", "file": "automatic when the plan upholds "
         "its denial in whole or in part", "source": "42 CFR 422.592"},
        {"level": 3, "appeal": "hearing before an administrative law judge",
         "file": f"60 days from the IRE's notice; at least ${alj:,.0f} in controversy", "source": "42 CFR 422.602"},
        {"level": 4, "appeal": "review by the Medicare Appeals Council", "file": "60 days from the ALJ's notice",
         "source": "42 CFR 422.608"},
        {"level": 5, "appeal": "judicial review", "file": "60 days from the Council's notice, with the year's "
         "judicial threshold", "source": "42 CFR 422.612"},
    ]


# --------------------------------------------------------------------------- Medicaid


#: Applications made on or after this day get the shorter retroactive periods of Pub. L. 119-21, section 71112.
RETRO_CHANGE = date(2027, 1, 1)
RETRO_MONTHS_BEFORE = 3
RETRO_MONTHS_EXPANSION = 1
RETRO_MONTHS_OTHER = 2


def first_of_month_before(day: date, months: int) -> date:
    """The first day of the month ``months`` months before the month of ``day``."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def retroactive_window(application_date: object, *, expansion_adult: bool = False) -> tuple[date, int]:
    """The earliest day Medicaid can cover for an application made on ``application_date``, and the months it
    reaches back before the month of application (eligibility in each month must still be shown)."""
    applied = parse_date(application_date, "The application date")
    if applied < RETRO_CHANGE:
        months = RETRO_MONTHS_BEFORE
    else:
        months = RETRO_MONTHS_EXPANSION if expansion_adult else RETRO_MONTHS_OTHER
    return first_of_month_before(applied, months), months


#: The longest budget period a state may use for the medically needy (42 CFR 435.831(a)(1)).
MAX_BUDGET_MONTHS = 6


@dataclass(frozen=True)
class SpendDown:
    """A medically needy spend-down worked through: the amount, the expenses that met it, and what is left."""

    monthly_income: Decimal
    income_level: Decimal
    months: int
    excess_per_month: Decimal
    amount: Decimal  # excess per month x months: incurred expenses needed before Medicaid pays
    met_on: date | None  # the day incurred expenses reached the amount (None: not met in the period)
    patient_part: tuple[tuple[date, Decimal, Decimal], ...]  # (day, expense, part counted toward the spend-down)
    medicaid_part: Decimal  # expenses (or parts) after the spend-down is met, for Medicaid to consider

    @property
    def remaining(self) -> Decimal:
        """What is left to meet (zero once met)."""
        return self.amount - sum((p for _, _, p in self.patient_part), ZERO)


def spend_down(monthly_income: object, income_level: object, months: int,
               expenses: Iterable[tuple[object, object]] = ()) -> SpendDown:
    """The spend-down for countable ``monthly_income`` against the state's medically needy ``income_level`` (per
    month) over a budget period of ``months``, met by incurred ``expenses`` ((date, amount) pairs) in date order."""
    income = parse_money(monthly_income, "The countable monthly income", negative=False)
    level = parse_money(income_level, "The medically needy income level", negative=False)
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_BUDGET_MONTHS:
        raise InputError(f"The budget period must be 1 to {MAX_BUDGET_MONTHS} months (42 CFR 435.831(a)), not "
                         f"{months!r}.")
    excess = max(ZERO, income - level)
    amount = excess * months
    bills = sorted((parse_date(day, "An expense's date"), parse_money(cost, "An expense", negative=False))
                   for day, cost in expenses)
    left, counted, met_on, medicaid = amount, [], None, ZERO
    for day, cost in bills:
        part = min(cost, left)
        if part:
            counted.append((day, cost, part))
        left -= part
        medicaid += cost - part
        if met_on is None and left == 0 and (part or amount == 0):
            met_on = day
    if amount == 0:
        met_on = bills[0][0] if bills else None
    return SpendDown(income, level, months, excess, amount, met_on, tuple(counted), medicaid)


# --------------------------------------------------------------------------- Medigap crossover and QMB


#: Standardized Medigap plans: the share of the Part B coinsurance each pays, and whether it pays the Part B
#: deductible (Medicare's Medigap benefit chart; copays of Plan N and the K/L out-of-pocket limits not modelled).
MEDIGAP_PLANS: dict[str, tuple[Decimal, bool]] = {
    "A": (Decimal("1"), False), "B": (Decimal("1"), False), "C": (Decimal("1"), True),
    "D": (Decimal("1"), False), "F": (Decimal("1"), True), "G": (Decimal("1"), False),
    "K": (Decimal("0.50"), False), "L": (Decimal("0.75"), False), "M": (Decimal("1"), False),
}
#: Plans that pay the Part B deductible cannot be sold to people newly eligible for Medicare from this day.
NO_DEDUCTIBLE_PLANS_FROM = date(2020, 1, 1)
#: Part B coinsurance after the deductible, and the Part B deductible by year (CMS's 2026 fact sheet).
PART_B_COINSURANCE = Decimal("0.20")
PART_B_DEDUCTIBLE: dict[int, Decimal] = {2026: Decimal("283")}


def part_b_deductible(year: int) -> Decimal:
    """The annual Part B deductible of ``year`` (only years the book stores)."""
    if year not in PART_B_DEDUCTIBLE:
        raise DataError(f"The book stores the Part B deductible for {', '.join(map(str, PART_B_DEDUCTIBLE))} only; "
                        f"CMS announces each year's in the fall before.")
    return PART_B_DEDUCTIBLE[year]


@dataclass(frozen=True)
class MedigapSplit:
    """One Part B line split three ways: Medicare, the Medigap policy after crossover, and the patient."""

    plan: str
    medicare: PatientShare
    medigap_pays: Decimal
    patient_owes: Decimal

    @property
    def medicare_pays(self) -> Decimal:
        return self.medicare.payer_pays


def medigap_crossover(allowed: object, *, plan: str, deductible_remaining: object = ZERO,
                      eligible_before_2020: bool = True) -> MedigapSplit:
    """Medicare's payment on ``allowed`` (deductible, then 20 percent coinsurance, by
    :func:`revcycle.payment.patient_share.patient_share`), then what Medigap ``plan`` pays of the rest."""
    letter = plan.strip().upper() if isinstance(plan, str) else plan
    if letter == "N":
        raise RuleError("Plan N's office and emergency copays are not modelled; use another plan letter.")
    if letter not in MEDIGAP_PLANS:
        raise InputError(f"Medigap plan {plan!r} is not a standardized plan letter ({', '.join(MEDIGAP_PLANS)}, N).")
    share, pays_deductible = MEDIGAP_PLANS[letter]
    if pays_deductible and not eligible_before_2020:
        raise RuleError(f"Plan {letter} pays the Part B deductible, so it cannot be sold to someone newly eligible "
                        f"for Medicare on or after January 1, 2020.")
    medicare = patient_share(allowed, deductible_remaining=deductible_remaining,
                             coinsurance_rate=PART_B_COINSURANCE)
    medigap = to_cents(medicare.coinsurance * share) + (medicare.deductible_applied if pays_deductible else ZERO)
    return MedigapSplit(letter, medicare, medigap, medicare.patient_total - medigap)


@dataclass(frozen=True)
class QmbLine:
    """A Part B line for a Qualified Medicare Beneficiary: Medicare's split, Medicaid's lesser-of payment, and the
    patient's share, which is always zero."""

    medicare: PatientShare
    medicaid: SecondaryPayment

    @property
    def patient_owes(self) -> Decimal:
        return self.medicaid.patient_owes


def qmb_line(charge: object, allowed: object, *, medicaid_rate: object, deductible_remaining: object = ZERO) -> QmbLine:
    """Medicare pays; Medicaid pays the lesser of (:func:`revcycle.payment.cob.medicaid_lesser_of`); the provider
    may not bill the QMB for the rest (Social Security Act 1902(n)(3)(B))."""
    from revcycle.payment.cob import medicaid_lesser_of

    medicare = patient_share(allowed, deductible_remaining=deductible_remaining, coinsurance_rate=PART_B_COINSURANCE)
    medicaid = medicaid_lesser_of(charge=charge, primary_allowed=medicare.allowed, primary_paid=medicare.payer_pays,
                                  medicaid_rate=medicaid_rate)
    return QmbLine(medicare, medicaid)


# --------------------------------------------------------------------------- workers' compensation


WC_STATUSES = ("accepted", "pending", "denied")


@dataclass(frozen=True)
class WorkersCompLine:
    """One work-injury visit: the fee schedule amount, who is billed, and whether the worker may be."""

    code: str
    medicare_amount: Decimal
    multiplier: Decimal
    allowed: Decimal
    status: str
    bill_to: str
    patient_may_be_billed: bool


def workers_comp_line(code: str, *, multiplier: object, status: str = "accepted") -> WorkersCompLine:
    """A visit priced as ``multiplier`` times the 2026 national non-facility Medicare amount (a synthetic state's
    schedule: real states publish their own), and where the bill goes for a claim ``status``."""
    from revcycle.payment.fees import pfs_payment

    if status not in WC_STATUSES:
        raise InputError(f"status must be one of {', '.join(WC_STATUSES)}, not {status!r}.")
    try:
        factor = Decimal(str(multiplier)) if isinstance(multiplier, str | Decimal | int) else None
    except ArithmeticError:
        factor = None
    if isinstance(multiplier, bool) or factor is None or not factor.is_finite() or not 0 < factor <= 10:
        raise InputError(f"The fee schedule multiplier must be a number such as '1.40' (above 0, at most 10), not "
                         f"{multiplier!r}.")
    medicare = pfs_payment(code).payment
    bill_to = {"accepted": "the workers' compensation carrier, under its claim number",
               "pending": "the carrier; hold the patient's account until the claim is decided",
               "denied": "the patient's health plan, once the claim is finally found not work-related"}[status]
    return WorkersCompLine(code, medicare, factor, to_cents(medicare * factor), status, bill_to, status == "denied")


# --------------------------------------------------------------------------- HDHP and HSA


#: HSA-qualified HDHP limits and HSA contribution limits for 2026 (Rev. Proc. 2025-19), by coverage tier.
HDHP_LIMITS: dict[int, dict[str, dict[str, Decimal]]] = {
    2026: {"self": {"min_deductible": Decimal("1700"), "max_oop": Decimal("8500"), "hsa_limit": Decimal("4400")},
           "family": {"min_deductible": Decimal("3400"), "max_oop": Decimal("17000"),
                      "hsa_limit": Decimal("8750")}},
}


@dataclass(frozen=True)
class HdhpCheck:
    """Whether a plan qualifies as an HDHP for an HSA, and why not when it does not."""

    qualifies: bool
    reasons: tuple[str, ...]
    hsa_limit: Decimal


def hdhp_check(deductible: object, out_of_pocket_max: object, *, tier: str = "self", year: int = 2026) -> HdhpCheck:
    """Check a plan's annual ``deductible`` and ``out_of_pocket_max`` against the HDHP limits of ``year``."""
    if year not in HDHP_LIMITS:
        raise DataError(f"The book stores the HDHP limits for {', '.join(map(str, HDHP_LIMITS))} only; the IRS "
                        "publishes each year's in a revenue procedure.")
    if tier not in HDHP_LIMITS[year]:
        raise InputError(f"tier must be 'self' or 'family', not {tier!r}.")
    limits = HDHP_LIMITS[year][tier]
    ded = parse_money(deductible, "The deductible", negative=False)
    oop = parse_money(out_of_pocket_max, "The out-of-pocket maximum", negative=False)
    if oop < ded:
        raise InputError(f"The out-of-pocket maximum ({oop}) is below the deductible ({ded}); it includes the "
                         "deductible, so check both.")
    reasons = []
    if ded < limits["min_deductible"]:
        reasons.append(f"deductible ${ded:,.2f} is below the ${limits['min_deductible']:,.0f} minimum")
    if oop > limits["max_oop"]:
        reasons.append(f"out-of-pocket maximum ${oop:,.2f} is above the ${limits['max_oop']:,.0f} limit")
    return HdhpCheck(not reasons, tuple(reasons), limits["hsa_limit"])



def filing_worklist(n: int, seed: int, as_of: object) -> pd.DataFrame:
    """A seeded synthetic list of ``n`` unbilled claims, one program each, with each federal filing deadline and the
    days left on ``as_of`` (programs whose limit a contract or state sets are flagged, not computed)."""
    import random

    import pandas as pd

    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InputError(f"n must be a whole number of claims, 1 or more, not {n!r}.")
    today = parse_date(as_of, "The day the list is read")
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        key = rng.choice(sorted(PROGRAMS))
        served = today - timedelta(days=rng.randrange(20, 420))
        try:
            due: date | None = filing_deadline(key, served)
            note = FILING_RULES[key]
        except RuleError:
            due, note = None, f"ask: {PROGRAMS[key].filing}"
        rows.append({"claim": f"C-{i:04d}", "program": PROGRAMS[key].name, "date of service": served,
                     "file by": due, "days left": None if due is None else (due - today).days, "rule": note})
    return pd.DataFrame(rows)
