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
as met by default, which matches ``adjudicate(..., deductible_met=1.0)``. A roster entry is a
:class:`revcycle.payment.coverage.Coverage`, the same model coordination of benefits uses. Requests that cannot be
answered raise :class:`~revcycle.core.errors.InputError`. Everything here is synthetic.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from revcycle.claims import Claim
from revcycle.claims.procedures import is_em
from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import ZERO
from revcycle.payment.coverage import Coverage
from revcycle.payment.patient_share import PatientShare, patient_share
from revcycle.synthetic import PAYERS, PLAN_TERMS, Member

__all__ = ["Coverage", "CoverageAnswer", "Estimate", "LineEstimate", "Roster", "check_coverage", "checkin_estimate",
           "coverage_frame", "enrollment"]

Status = Literal["active", "inactive", "not found"]
_PAYER_NAMES = {p.payer_id: p.name for p in PAYERS}


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
        terms = self.coverage.terms if self.coverage and self.status == "active" else None
        return terms.em_copay if terms else None

    @property
    def coinsurance(self) -> Decimal | None:
        terms = self.coverage.terms if self.coverage and self.status == "active" else None
        return terms.coinsurance if terms else None

    @property
    def deductible_remaining(self) -> Decimal | None:
        return self.coverage.deductible_remaining if self.coverage and self.status == "active" else None


Roster = dict[tuple[str, str], Coverage]


def enrollment(members: Iterable[Member], *, seed: int = 0, terminated_share: float = 0.05,
               deductible_met: float = 1.0, year_start: date | str = date(2026, 1, 1)) -> Roster:
    """The payers' records for ``members``: (payer id, member id) -> :class:`Coverage`.

    A seeded ``terminated_share`` of members had their coverage end during 2026 (on a day between February 1
    and July 31); ``deductible_met`` is the share whose deductible for the year is already met.
    """
    if not 0 <= terminated_share <= 1 or not 0 <= deductible_met <= 1:
        raise InputError("terminated_share and deductible_met are fractions from 0 to 1.")
    start = parse_date(year_start, "year_start")
    rng = random.Random(f"enrollment-{seed}")
    roster: Roster = {}
    for m in members:
        terms = PLAN_TERMS.get(m.payer.payer_id)
        if terms is None:
            raise InputError(f"{m.payer.name} ({m.payer.payer_id}) is not one of the synthetic payers.")
        ended = start + timedelta(days=31 + rng.randrange(181)) if rng.random() < terminated_share else None
        met = rng.random() < deductible_met
        roster[(m.payer.payer_id, m.insured.member_id)] = Coverage.enrolled(
            m.payer, m.insured, terms, holder=m.relationship, since=start, terminated=ended,
            deductible_remaining=ZERO if met else terms.deductible)
    return roster


def _norm(text: str) -> str:
    return "".join(str(text).split()).upper()


def check_coverage(roster: Roster, payer_id: str, member_id: str, last_name: str, birth_date: date | str, *,
                   on: date | str) -> CoverageAnswer:
    """Ask the payer ``payer_id`` about a member on the date of service ``on``.

    The payer matches on member ID, then checks the subscriber's last name and birth date, as a 271 would.
    """
    on = parse_date(on, "The date of service (on)")
    birth_date = parse_date(birth_date, "The subscriber's birth date")
    if payer_id not in PLAN_TERMS:
        raise InputError(f"{payer_id!r} is not one of the synthetic payers: {', '.join(PLAN_TERMS)}.")
    key = (payer_id, _norm(member_id))
    cov = roster.get(key)
    if cov is None:
        return CoverageAnswer("not found", on, payer_id, member_id,
                              "No member with this ID: re-read the card and check each character.")
    insured = cov.insured
    if insured is None or _norm(insured.last_name) != _norm(last_name) or insured.birth_date != birth_date:
        return CoverageAnswer("not found", on, payer_id, member_id,
                              "The ID exists but the name or birth date does not match the payer's record.")
    if not cov.active_on(on):
        ended = f" Coverage ended on {cov.terminated.isoformat()}." if cov.terminated else ""
        return CoverageAnswer("inactive", on, payer_id, member_id,
                              f"Not covered on {on.isoformat()}.{ended} Ask for current insurance.", cov)
    terms = cov.terms
    if terms is None:
        raise InputError(f"The roster entry for {member_id!r} has no plan terms; build rosters with enrollment().")
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
    sharing for the preventive services and Medicare's clinical lab tests (``adjudication.no_cost_sharing``), otherwise
    the remaining deductible and then coinsurance. An estimate is not a promise: the payer may still deny a line.
    """
    from revcycle.payment.adjudication import allowed_amount, medicare_clinical_lab, no_cost_sharing

    if answer.status != "active" or answer.coverage is None:
        raise InputError(f"No estimate: coverage is {answer.status}. {answer.message}")
    cov = answer.coverage
    terms = cov.terms
    if terms is None or cov.payer is None:
        raise InputError("No estimate: the coverage has no payer or plan terms; ask check_coverage() first.")
    remaining = cov.deductible_remaining if cov.deductible_remaining is not None else terms.deductible
    copay_used = False
    out = []
    for line in claim.lines:
        allowed, not_covered = allowed_amount(line, terms, medicare=cov.payer.is_medicare)
        if not_covered:
            out.append(LineEstimate(line.procedure, line.charge, ZERO, None, "not covered by the plan"))
            continue
        if no_cost_sharing(line.procedure, medicare=cov.payer.is_medicare):
            lab = cov.payer.is_medicare and medicare_clinical_lab(line.procedure)
            share = patient_share(allowed, coinsurance_rate="0")
            note = "Medicare clinical lab: no cost sharing" if lab else "preventive: no cost sharing"
        elif terms.em_copay is not None and is_em(line.procedure) and not copay_used:
            share, note = patient_share(allowed, copay=terms.em_copay), "office-visit copay"
            copay_used = True
        else:
            share = patient_share(allowed, deductible_remaining=remaining, coinsurance_rate=terms.coinsurance)
            remaining = share.deductible_remaining_after
            note = "deductible and coinsurance"
        out.append(LineEstimate(line.procedure, line.charge, allowed, share, note))
    return Estimate(tuple(out))
