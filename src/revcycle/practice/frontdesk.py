"""The front desk of a synthetic practice: the payers' enrollment records, a coverage check, a check-in estimate.

A practice-management system asks the payer, before the visit, whether the patient's coverage is active and what
the plan's cost sharing is (electronically, an X12 270 inquiry answered by a 271). Here the synthetic payers'
side is a seeded **enrollment roster** built from :func:`revcycle.synthetic.members`, and :func:`check_coverage`
answers the way a payer would: the member is found and active, found but not covered on that date, or not found
because the ID, name or birth date typed at the desk does not match the payer's record. No X12 is written here.

:func:`checkin_estimate` prices the planned lines the way the synthetic payer of :mod:`revcycle.payment.adjudication`
does (each plan pays a multiple of the Medicare fee schedule) and splits them with
:func:`revcycle.payment.patient_share.patient_share`: a copay for an office visit when the plan has one, otherwise the
remaining deductible and then coinsurance. The roster reports every active member's deductible
as met by default, which matches ``adjudicate(..., deductible_met=1.0)``. Everything here is synthetic.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from revcycle.claims import Claim, Payer
from revcycle.claims.procedures import is_em
from revcycle.core.errors import RevcycleError
from revcycle.payment.patient_share import PatientShare, patient_share
from revcycle.synthetic import PAYERS, PLAN_TERMS, Member, PlanTerms

ZERO = Decimal("0.00")
Status = Literal["active", "inactive", "not found"]
_PAYER_NAMES = {p.payer_id: p.name for p in PAYERS}


class FrontDeskError(RevcycleError):
    """A front-desk request that cannot be answered (unknown payer, bad date...)."""


@dataclass(frozen=True)
class Coverage:
    """One member's enrollment as the payer records it."""

    payer: Payer
    member_id: str
    last_name: str
    first_name: str
    birth_date: date
    effective: date
    terminated: date | None
    terms: PlanTerms
    deductible_remaining: Decimal

    def active_on(self, day: date) -> bool:
        return self.effective <= day and (self.terminated is None or day <= self.terminated)


@dataclass(frozen=True)
class CoverageAnswer:
    """What the payer says about one inquiry (the content a 271 response carries)."""

    status: Status
    on: date
    payer_id: str
    member_id: str
    message: str
    coverage: Coverage | None = None

    @property
    def copay(self) -> Decimal | None:
        return self.coverage.terms.em_copay if self.coverage and self.status == "active" else None

    @property
    def coinsurance(self) -> Decimal | None:
        return self.coverage.terms.coinsurance if self.coverage and self.status == "active" else None

    @property
    def deductible_remaining(self) -> Decimal | None:
        return self.coverage.deductible_remaining if self.coverage and self.status == "active" else None


Roster = dict[tuple[str, str], Coverage]


def enrollment(members: Iterable[Member], *, seed: int = 0, terminated_share: float = 0.05,
               deductible_met: float = 1.0, year_start: date = date(2026, 1, 1)) -> Roster:
    """The payers' records for ``members``: (payer id, member id) -> :class:`Coverage`.

    A seeded ``terminated_share`` of members had their coverage end during 2026 (on a day between February 1
    and July 31); ``deductible_met`` is the share whose deductible for the year is already met.
    """
    if not 0 <= terminated_share <= 1 or not 0 <= deductible_met <= 1:
        raise FrontDeskError("terminated_share and deductible_met are fractions from 0 to 1.")
    rng = random.Random(f"enrollment-{seed}")
    roster: Roster = {}
    for m in members:
        terms = PLAN_TERMS.get(m.payer.payer_id)
        if terms is None:
            raise FrontDeskError(f"{m.payer.name} ({m.payer.payer_id}) is not one of the synthetic payers.")
        ended = year_start + timedelta(days=31 + rng.randrange(181)) if rng.random() < terminated_share else None
        met = rng.random() < deductible_met
        i = m.insured
        roster[(m.payer.payer_id, i.member_id)] = Coverage(
            m.payer, i.member_id, i.last_name, i.first_name, i.birth_date, year_start, ended, terms,
            ZERO if met else terms.deductible)
    return roster


def _norm(text: str) -> str:
    return "".join(str(text).split()).upper()


def check_coverage(roster: Roster, payer_id: str, member_id: str, last_name: str, birth_date: date, *,
                   on: date) -> CoverageAnswer:
    """Ask the payer ``payer_id`` about a member on the date of service ``on``.

    The payer matches on member ID, then checks the subscriber's last name and birth date, as a 271 would.
    """
    if not isinstance(on, date) or not isinstance(birth_date, date):
        raise FrontDeskError("on and birth_date must be dates, e.g. date(2026, 8, 3).")
    if payer_id not in PLAN_TERMS:
        raise FrontDeskError(f"{payer_id!r} is not one of the synthetic payers: {', '.join(PLAN_TERMS)}.")
    key = (payer_id, _norm(member_id))
    cov = roster.get(key)
    if cov is None:
        return CoverageAnswer("not found", on, payer_id, member_id,
                              "No member with this ID: re-read the card and check each character.")
    if _norm(cov.last_name) != _norm(last_name) or cov.birth_date != birth_date:
        return CoverageAnswer("not found", on, payer_id, member_id,
                              "The ID exists but the name or birth date does not match the payer's record.")
    if not cov.active_on(on):
        ended = f" Coverage ended on {cov.terminated.isoformat()}." if cov.terminated else ""
        return CoverageAnswer("inactive", on, payer_id, member_id,
                              f"Not covered on {on.isoformat()}.{ended} Ask for current insurance.", cov)
    terms = cov.terms
    parts = [f"{terms.coinsurance * 100:.0f}% coinsurance"]
    if terms.em_copay is not None:
        parts.insert(0, f"${terms.em_copay:,.2f} office-visit copay")
    deductible = ("deductible met" if cov.deductible_remaining == 0
                  else f"${cov.deductible_remaining:,.2f} of the deductible left")
    return CoverageAnswer("active", on, payer_id, member_id,
                          f"Active: {', '.join(parts)}; {deductible}.", cov)


def coverage_frame(answers: Sequence[CoverageAnswer], names: Sequence[str] | None = None):  # -> DataFrame
    """The answers as a table a front desk would read (one row per inquiry)."""
    import pandas as pd

    rows = []
    for n, a in enumerate(answers):
        rows.append({
            **({"patient": names[n]} if names else {}),
            "payer": _PAYER_NAMES.get(a.payer_id, a.payer_id), "member_id": a.member_id,
            "status": a.status, "copay": a.copay if a.copay is not None else "",
            "coinsurance": f"{a.coinsurance * 100:.0f}%" if a.coinsurance is not None else "",
            "deductible_left": a.deductible_remaining if a.deductible_remaining is not None else "",
            "message": a.message,
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class LineEstimate:
    """One planned service line: its charge, the expected allowed amount and the patient's expected share."""

    procedure: str
    charge: Decimal
    allowed: Decimal
    share: PatientShare | None  # None when the plan does not cover the service
    note: str = ""


@dataclass(frozen=True)
class Estimate:
    """The expected allowed amount and patient share of a planned visit, line by line."""

    lines: tuple[LineEstimate, ...]

    @property
    def allowed(self) -> Decimal:
        return sum((x.allowed for x in self.lines), ZERO)

    @property
    def patient_total(self) -> Decimal:
        return sum((x.share.patient_total if x.share else x.charge for x in self.lines), ZERO)

    @property
    def collect_at_checkin(self) -> Decimal:
        """The copay, which is known at check-in; coinsurance and deductible are billed after the remittance."""
        return sum((x.share.copay for x in self.lines if x.share), ZERO)

    def to_frame(self):  # -> pandas.DataFrame
        import pandas as pd

        return pd.DataFrame([{
            "procedure": x.procedure, "charge": x.charge, "allowed": x.allowed,
            "deductible": x.share.deductible_applied if x.share else ZERO,
            "coinsurance": x.share.coinsurance if x.share else ZERO,
            "copay": x.share.copay if x.share else ZERO,
            "patient": x.share.patient_total if x.share else x.charge,
            "plan_pays": x.share.payer_pays if x.share else ZERO, "note": x.note,
        } for x in self.lines])


def checkin_estimate(answer: CoverageAnswer, claim: Claim) -> Estimate:
    """What the plan is expected to allow for the planned lines of ``claim``, and what the patient will owe.

    Uses the payer's published terms as the 271 reports them, priced the way the synthetic payer prices
    (:func:`~revcycle.payment.adjudication.allowed_amount`): one office-visit copay when the plan has one, no cost
    sharing for the preventive services in ``adjudication.NO_COST_SHARING``, otherwise the remaining deductible and then
    coinsurance. An estimate is not a promise: the payer may still deny a line.
    """
    from revcycle.payment.adjudication import NO_COST_SHARING, allowed_amount

    if answer.status != "active" or answer.coverage is None:
        raise FrontDeskError(f"No estimate: coverage is {answer.status}. {answer.message}")
    cov = answer.coverage
    terms = cov.terms
    remaining = cov.deductible_remaining
    copay_used = False
    out = []
    for line in claim.lines:
        allowed, not_covered = allowed_amount(line, terms, medicare=cov.payer.is_medicare)
        if not_covered:
            out.append(LineEstimate(line.procedure, line.charge, ZERO, None, "not covered by the plan"))
            continue
        if line.procedure in NO_COST_SHARING:
            share, note = patient_share(allowed, coinsurance_rate="0"), "preventive: no cost sharing"
        elif terms.em_copay is not None and is_em(line.procedure) and not copay_used:
            share, note = patient_share(allowed, copay=terms.em_copay), "office-visit copay"
            copay_used = True
        else:
            share = patient_share(allowed, deductible_remaining=remaining, coinsurance_rate=terms.coinsurance)
            remaining = share.deductible_remaining_after
            note = "deductible and coinsurance"
        out.append(LineEstimate(line.procedure, line.charge, allowed, share, note))
    return Estimate(tuple(out))
