"""A synthetic payer that adjudicates claims: fee schedule allowed amounts, cost sharing and denials.

Allowed amounts come from the CY2026 Medicare PFS (revcycle.payment.fees, national GPCIs) times each synthetic plan's
multiple; codes the PFS does not price (labs, drugs, vaccines) are allowed at a synthetic share of the charge.
The patient's share comes from revcycle.payment.patient_share, with each patient's remaining deductible carried from
claim to claim in date order. Claims with fatal scrub findings are denied with the CARC a payer would use, and
a seeded share of clean claims is denied for other everyday reasons. Sequestration, multiple-procedure and
bilateral payment rules are not modelled. Every computed amount is rounded to the cent by the book's one rule,
:func:`revcycle.core.money.to_cents` (half up). Everything here is synthetic.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from revcycle.claims import Claim, ServiceLine
from revcycle.claims.procedures import is_em
from revcycle.claims.scrubber import scrub_each
from revcycle.core.errors import CodeFormatError, InputError, RuleError
from revcycle.core.money import ZERO, to_cents
from revcycle.core.numbers import digits
from revcycle.payment import fees
from revcycle.payment.patient_share import patient_share
from revcycle.synthetic import PLAN_TERMS, PlanTerms

#: Places of service paid at the PFS facility rate (hospital, ASC, skilled nursing, telehealth outside home...).
FACILITY_POS = frozenset({"02", "19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53",
                          "56", "61"})
#: Preventive services with no deductible or coinsurance (Medicare AWV and flu shot; ACA preventive care).
NO_COST_SHARING = frozenset({"G0438", "G0439", "G0008", "90686", "90471", "99381", "99382", "99383", "99391",
                             "99392", "99393", "99394", "99395", "99396", "99397"})
#: The specimen collection fee, paid with clinical laboratory tests under the Clinical Laboratory Fee Schedule.
SPECIMEN_COLLECTION = frozenset({"36415"})


def medicare_clinical_lab(code: str) -> bool:
    """A clinical diagnostic laboratory test (CPT 80047-87999, 89049-89398) or the specimen collection fee: Medicare
    Part B pays these without the deductible or coinsurance (42 CFR 410.152(h), 410.160(b)(2)). Anatomic pathology
    (the 88000s, paid under the physician fee schedule) is left out."""
    if code in SPECIMEN_COLLECTION:
        return True
    if len(code) != 5 or not digits(code):
        return False
    n = int(code)
    return 80047 <= n <= 87999 or 89049 <= n <= 89398


def no_cost_sharing(code: str, *, medicare: bool) -> bool:
    """Whether the patient owes nothing on a covered line: the preventive services in NO_COST_SHARING for every
    payer, and clinical laboratory tests under Medicare."""
    return code in NO_COST_SHARING or (medicare and medicare_clinical_lab(code))


#: Default terms for a payer the synthetic data does not know.
DEFAULT_TERMS = PlanTerms(Decimal("1.00"), Decimal("0.20"), None, Decimal("0.00"), Decimal("0.45"))

# Fatal scrub edits -> (CARC, RARC, whole claim?) the synthetic payer answers with.
_EDIT_DENIALS: dict[str, tuple[str, str, bool]] = {
    "TIMELY": ("29", "", True),
    "DX-INVALID": ("146", "M76", True),
    "DX-7TH": ("146", "M76", True),
    "DX-HEADER": ("146", "M76", True),
    "DX-SEX": ("10", "", True),
    "PROC-UNKNOWN": ("181", "", False),
    "MOD-25": ("4", "", False),
    "MOD-59-EM": ("4", "", False),
    "MOD-FORMAT": ("4", "", False),
    "MOD-COUNT": ("4", "", False),
    "NCCI-PTP": ("97", "", False),
    "MUE": ("151", "N362", False),
}
#: Findings the payer's front end rejects outright (a 999/277CA rejection): such claims never reach an 835.
REJECTED_EDITS = frozenset({"TOTAL", "CLM-NO-LINES"})
#: ClaimResult.status of a claim rejected at the front end (not an X12 claim status code).
REJECTED = "rejected"
# Everyday denials of otherwise clean claims: (CARC, relative weight).
_RANDOM_DENIALS: tuple[tuple[str, int], ...] = (("50", 4), ("18", 3), ("27", 2), ("197", 2), ("109", 1))


@dataclass(frozen=True)
class Adjustment:
    """One CAS triple: group code, reason code (CARC) and amount (with units when the payer sends them)."""

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(frozen=True)
class LineResult:
    """What the payer decided about one service line."""

    line: int
    procedure: str
    modifiers: tuple[str, ...]
    charge: Decimal
    units: Decimal
    service_date: date
    allowed: Decimal
    paid: Decimal
    adjustments: tuple[Adjustment, ...]
    remarks: tuple[str, ...] = ()
    line_control: str = ""

    @property
    def patient_responsibility(self) -> Decimal:
        return sum((a.amount for a in self.adjustments if a.group == "PR"), ZERO)


@dataclass(frozen=True)
class ClaimResult:
    """The payer's decision on one claim: status (CLP02), its own claim number, the pay date and the lines.

    ``status`` is ``"rejected"`` (not an X12 code) for a claim the front end bounced: it has no lines and
    appears in no 835; ``reasons`` then lists the scrub edits that caused it.
    """

    claim: Claim
    status: str
    payer_claim_id: str
    paid_on: date
    lines: tuple[LineResult, ...]
    claim_adjustments: tuple[Adjustment, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def charge(self) -> Decimal:
        return self.claim.total_charge

    @property
    def paid(self) -> Decimal:
        return sum((line.paid for line in self.lines), ZERO)

    @property
    def patient_responsibility(self) -> Decimal:
        return sum((line.patient_responsibility for line in self.lines), ZERO) + sum(
            (a.amount for a in self.claim_adjustments if a.group == "PR"), ZERO)


def allowed_amount(line: ServiceLine, terms: PlanTerms, *, medicare: bool) -> tuple[Decimal, str]:
    """(allowed amount for the line, CARC when the service is not covered); never more than the charge.

    A line the fee schedule prices (any status, as long as it has RVUs) is allowed at the CY2026 national amount
    times the plan's multiple; Medicare does not cover status N and I codes (CARC 96); a code the file does not list
    or price is allowed at the plan's share of the charge. Text that cannot be a procedure code raises
    :class:`~revcycle.core.errors.CodeFormatError`.
    """
    setting: fees.Setting = "facility" if line.place_of_service in FACILITY_POS else "non-facility"
    pricing = next((m for m in line.modifiers if m in fees.PRICING_MODIFIERS), None)
    other = min(line.charge, to_cents(line.charge * terms.other_fee_share)), ""
    try:
        record = fees.rvu_record(line.procedure, pricing)
    except CodeFormatError:
        raise
    except (RuleError, InputError):  # not in the fee schedule file, or no row for that modifier
        return other
    if medicare and record.status in ("N", "I"):
        return ZERO, "96"
    rvus = record.rvus(setting)
    if rvus.work + rvus.pe + rvus.mp == 0:
        return other
    unit = fees.pfs_amount(rvus, conversion_factor=fees.conversion_factor(2026)).amount
    return min(line.charge, to_cents(unit * terms.fee_multiplier * line.units)), ""


def _denied_line(n: int, line: ServiceLine, carc: str, remark: str, group: str = "CO") -> LineResult:
    return LineResult(n, line.procedure, line.modifiers, line.charge, line.units, line.from_date, ZERO, ZERO,
                      (Adjustment(group, carc, line.charge),) if line.charge else (),
                      (remark,) if remark else (), line.line_control)


def _pay_day(claim: Claim, rng: random.Random) -> date:
    sent = claim.submitted_on or claim.last_service_date
    if sent is None:
        raise InputError(f"Claim {claim.claim_id!r} has no date it was sent and no service date: the payer cannot "
                         "date its decision. Give submitted_on or a line with a date of service.")
    day = sent + timedelta(days=rng.randint(14, 28))
    return day + timedelta(days=(4 - day.weekday()) % 7)  # checks are cut on Fridays


def adjudicate(
    claims: Iterable[Claim],
    *,
    seed: int = 0,
    denial_rate: float = 0.04,
    terms: dict[str, PlanTerms] | None = None,
    deductible_met: float = 0.5,
) -> list[ClaimResult]:
    """Decide every claim as its (synthetic) payer would; same claims and seed, same results.

    ``denial_rate`` is the share of clean claims denied for everyday reasons (medical necessity, duplicates,
    ended coverage, missing authorization, wrong payer). ``deductible_met`` is the chance that a patient has
    already met this year's deductible before the first claim.
    """
    if not 0 <= denial_rate <= 1:
        raise InputError(f"denial_rate must be a fraction from 0 to 1, not {denial_rate!r}.")
    terms = terms or PLAN_TERMS
    rng = random.Random(f"adjudicate-{seed}")
    claims = list(claims)
    order = sorted(range(len(claims)), key=lambda i: (claims[i].first_service_date or date.min, i))
    scrubbed = scrub_each(claims)  # the edits run once for the batch
    remaining: dict[tuple, Decimal] = {}
    results: dict[int, ClaimResult] = {}
    counter = 0
    for i in order:
        claim = claims[i]
        plan = terms.get(claim.payer.payer_id, DEFAULT_TERMS)
        paid_on = _pay_day(claim, rng)
        counter += 1
        payer_claim_id = f"{claim.payer.payer_id}{paid_on:%y%j}{counter:06d}"
        findings = [f for f in scrubbed[i] if f.severity == "fatal"]
        rejected = sorted({f.edit_id for f in findings if f.edit_id in REJECTED_EDITS})
        if rejected:
            results[i] = ClaimResult(claim, REJECTED, "", paid_on, (), reasons=tuple(rejected))
            continue
        whole = None  # a finding that sinks the whole claim, else line-level denials
        line_denials: dict[int, tuple[str, str, bool]] = {}
        for f in findings:
            carc, remark, claim_level = _EDIT_DENIALS.get(f.edit_id, ("16", "MA130", True))
            if claim_level:
                whole = (carc, remark, True)
                break
            line_denials.setdefault(f.line or 0, (carc, remark, False))
        if whole is None and not findings and rng.random() < denial_rate:
            carc = rng.choices([c for c, _ in _RANDOM_DENIALS], [w for _, w in _RANDOM_DENIALS])[0]
            whole = (carc, "", True)
        if whole is not None:
            lines = tuple(_denied_line(n, line, whole[0], whole[1]) for n, line in enumerate(claim.lines, 1))
            results[i] = ClaimResult(claim, "4", payer_claim_id, paid_on, lines, reasons=(whole[0],))
            continue
        key = (claim.payer.payer_id, claim.insured.member_id, claim.patient.last_name, claim.patient.birth_date)
        if key not in remaining:
            met = rng.random() < deductible_met
            remaining[key] = ZERO if met else plan.deductible
        copay_used = False
        out_lines = []
        for n, line in enumerate(claim.lines, 1):
            if n in line_denials:
                carc, remark, _ = line_denials[n]
                out_lines.append(_denied_line(n, line, carc, remark))
                continue
            allowed, not_covered = allowed_amount(line, plan, medicare=claim.payer.is_medicare)
            if not_covered:
                out_lines.append(_denied_line(n, line, not_covered, "N130"))
                continue
            if no_cost_sharing(line.procedure, medicare=claim.payer.is_medicare):
                share = patient_share(allowed, coinsurance_rate="0")
            elif plan.em_copay is not None and is_em(line.procedure) and not copay_used:
                share = patient_share(allowed, deductible_remaining=ZERO, copay=plan.em_copay)
                copay_used = True
            else:
                share = patient_share(allowed, deductible_remaining=remaining[key], coinsurance_rate=plan.coinsurance)
                remaining[key] = share.deductible_remaining_after
            adjustments = []
            if line.charge > allowed:
                adjustments.append(Adjustment("CO", "45", line.charge - allowed))
            for reason, value in (("1", share.deductible_applied), ("2", share.coinsurance), ("3", share.copay)):
                if value:
                    adjustments.append(Adjustment("PR", reason, value))
            out_lines.append(LineResult(n, line.procedure, line.modifiers, line.charge, line.units, line.from_date,
                                        allowed, share.payer_pays, tuple(adjustments), (), line.line_control))
        status = "1" if any(x.paid or x.allowed for x in out_lines) else "4"
        results[i] = ClaimResult(claim, status, payer_claim_id, paid_on, tuple(out_lines))
    return [results[i] for i in range(len(claims))]


def results_frame(results: Sequence[ClaimResult]):  # -> pandas.DataFrame
    """One row per line decision (claim, payer, dates, charge, allowed, paid, patient share, reasons)."""
    import pandas as pd

    rows = []
    for r in results:
        for line in r.lines:
            rows.append({
                "claim_id": r.claim.claim_id, "payer_id": r.claim.payer.payer_id, "status": r.status,
                "paid_on": r.paid_on, "line": line.line, "procedure": line.procedure,
                "service_date": line.service_date, "charge": line.charge, "allowed": line.allowed,
                "paid": line.paid, "patient_responsibility": line.patient_responsibility,
                "reasons": ",".join(f"{a.group}-{a.reason}" for a in line.adjustments),
            })
    return pd.DataFrame(rows)
