"""Write synthetic remittances as an 835 (ASC X12 005010X221A1) file, so a notebook can go from 837P to 835.

A clearinghouse-style interchange: one functional group per payer, one transaction (one check or notice)
per payer, pay date and payee. Each claim's numbers balance the way the guide requires: charge minus payment
equals the adjustments, and the check total (BPR02) equals the claim payments less the provider-level adjustments
(PLB, :mod:`revcycle.x12.plb`). A reversal (claim status 22) is written with the negatives of the claim it takes
back, charge included.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TypedDict, Unpack

from revcycle.claims import Address, Claim
from revcycle.payment.adjudication import REJECTED, Adjustment, ClaimResult, PlanTerms, adjudicate
from revcycle.x12.common import (
    COMPONENT,
    DEFAULT_RECEIVER,
    DEFAULT_SUBMITTER,
    Party,
    X12Error,
    amount,
    clean,
    d8,
    isa,
    quantity,
    segment,
)
from revcycle.x12.plb import ProviderAdjustment, fiscal_period, plb_segments
from revcycle.x12.plb import total as plb_total

VERSION = "005010X221A1"
_PAYER_ADDRESS = Address("100 Example Plaza", "Springfield", "IL", "627010001")
_PAYER_PHONE = "2175550199"


class AdjudicateOptions(TypedDict, total=False):
    """The keyword arguments to_835() passes on to :func:`revcycle.payment.adjudication.adjudicate`."""

    denial_rate: float
    terms: dict[str, PlanTerms] | None
    deductible_met: float


def _cas(adjustments: Sequence[Adjustment]) -> list[str]:
    """One CAS per group code, up to six reason/amount/quantity triples each."""
    out: list[str] = []
    groups: dict[str, list[Adjustment]] = {}
    for adj in adjustments:
        groups.setdefault(adj.group, []).append(adj)
    for group, items in groups.items():
        for start in range(0, len(items), 6):
            elements = ["CAS", group]
            for adj in items[start:start + 6]:
                elements += [adj.reason, amount(adj.amount), quantity(adj.quantity) if adj.quantity else ""]
            out.append(segment(*elements))
    return out


#: Claim filing indicators an 835 accepts in CLP06 (a subset of the 837's SBR09 list).
_CLP06 = frozenset({"12", "13", "14", "15", "16", "17", "AM", "CH", "DS", "HM", "LM", "MA", "MB", "MC", "OF", "TV",
                    "VA", "WC", "ZZ"})
#: 837-only indicators mapped to the nearest 835 one (commercial and Blue plans -> 15, indemnity insurance).
_CLP06_FROM_837 = {"CI": "15", "BL": "15"}


def _clp06(filing_indicator: str) -> str:
    code = _CLP06_FROM_837.get(filing_indicator, filing_indicator)
    return code if code in _CLP06 else "ZZ"


def _payer_tax_id(payer_id: str) -> str:
    """A made-up 10-character originating company id ('1' + 9 digits starting 00, never a real EIN)."""
    return "100" + f"{zlib.crc32(payer_id.encode()) % 10**7:07d}"


def _claim_segments(r: ClaimResult) -> list[str]:
    c = r.claim
    paid = r.paid
    charge = -c.total_charge if r.status == "22" else c.total_charge
    out = [segment("CLP", clean(c.claim_id, 38), r.status, amount(charge), amount(paid),
                   amount(r.patient_responsibility), _clp06(c.payer.filing_indicator), clean(r.payer_claim_id, 50),
                   c.lines[0].place_of_service if c.lines else "", c.frequency_code or "1")]
    out += _cas(r.claim_adjustments)
    pat, ins = c.patient, c.insured
    if c.relationship == "self":
        out.append(segment("NM1", "QC", "1", clean(pat.last_name, 60), clean(pat.first_name, 35),
                           clean(pat.middle_initial, 25), "", "", "MI", clean(ins.member_id, 80)))
    else:
        out.append(segment("NM1", "QC", "1", clean(pat.last_name, 60), clean(pat.first_name, 35),
                           clean(pat.middle_initial, 25)))
        out.append(segment("NM1", "IL", "1", clean(ins.last_name, 60), clean(ins.first_name, 35),
                           clean(ins.middle_initial, 25), "", "", "MI", clean(ins.member_id, 80)))
    if c.rendering_provider is not None and not c.rendering_provider.is_organization:
        rp = c.rendering_provider
        out.append(segment("NM1", "82", "1", clean(rp.last_name, 60), clean(rp.first_name, 35), "", "", "", "XX",
                           rp.npi))
    if c.submitted_on:
        out.append(segment("DTM", "050", d8(c.submitted_on)))
    for line in r.lines:
        composite = COMPONENT.join(("HC", line.procedure, *line.modifiers))
        units = quantity(line.units) if line.units != 1 else ""
        out.append(segment("SVC", composite, amount(line.charge), amount(line.paid), "", units))
        out.append(segment("DTM", "472", d8(line.service_date)))
        out += _cas(line.adjustments)
        if line.line_control:
            out.append(segment("REF", "6R", clean(line.line_control, 50)))
        if line.allowed:
            out.append(segment("AMT", "B6", amount(line.allowed)))
        for remark in line.remarks:
            out.append(segment("LQ", "HE", remark))
    return out


def _transaction(results: Sequence[ClaimResult], st_control: int, check: str, paid_on: date,
                 plbs: Sequence[ProviderAdjustment] = ()) -> list[str]:
    first = results[0].claim
    payer, payee = first.payer, first.billing_provider
    total = sum((r.paid for r in results), Decimal("0.00")) - plb_total(plbs)
    if total < 0 and plbs:
        raise X12Error(f"The provider adjustments for {payee.npi} on {paid_on.isoformat()} take more than the claims "
                       f"pay ({total}): carry the rest to a later remittance with a forwarding balance "
                       "(revcycle.x12.plb.carry_forward).")
    if total > 0:
        bpr = segment("BPR", "I", amount(total), "C", "CHK", *([""] * 11), d8(paid_on))
    else:
        bpr = segment("BPR", "H", "0", "C", "NON", *([""] * 11), d8(paid_on))
    address = payer.address or _PAYER_ADDRESS
    body = [
        segment("ST", "835", f"{st_control:04d}"),
        bpr,
        segment("TRN", "1", check, _payer_tax_id(payer.payer_id)),
        segment("DTM", "405", d8(paid_on)),
        segment("N1", "PR", clean(payer.name, 60)),
        segment("N3", clean(address.street, 55)),
        segment("N4", clean(address.city, 30), clean(address.state, 2), "".join(ch for ch in address.zip
                                                                                   if ch.isdigit())),
        segment("PER", "BL", "PROVIDER SERVICES", "TE", _PAYER_PHONE),
        segment("N1", "PE", clean(payee.name, 60), "XX", payee.npi),
    ]
    tax_id = "".join(ch for ch in payee.tax_id if ch.isdigit())
    if len(tax_id) == 9:
        body.append(segment("REF", "TJ", tax_id))
    body.append(segment("LX", "1"))
    for r in results:
        body += _claim_segments(r)
    if plbs:
        body += plb_segments(payee.npi, plbs[0].fiscal_date or fiscal_period(paid_on), plbs)
    body.append(segment("SE", str(len(body) + 1), f"{st_control:04d}"))
    return body


def _place(adjustments: Sequence[ProviderAdjustment],
           by_payer: dict[str, dict[tuple[date, str], list[ClaimResult]]]) -> dict[tuple[str, date, str],
                                                                                   list[ProviderAdjustment]]:
    """Each provider adjustment's transaction: the first whose payer and payee NPI match it."""
    placed: dict[tuple[str, date, str], list[ProviderAdjustment]] = {}
    for adj in adjustments:
        if not isinstance(adj, ProviderAdjustment):
            raise X12Error("provider_adjustments takes ProviderAdjustment objects (revcycle.x12.plb), not "
                           f"{type(adj).__name__}.")
        key = next(((payer_id, day, npi) for payer_id, checks in by_payer.items() for day, npi in checks
                    if adj.payer_id in ("", payer_id) and adj.provider_id in ("", npi)), None)
        if key is None:
            raise X12Error(f"No remittance in this file pays payee {adj.provider_id or '(any)'} for payer "
                           f"{adj.payer_id or '(any)'}, so the {adj.reason} adjustment has nowhere to go.")
        placed.setdefault(key, []).append(adj)
    return placed


def to_835(
    claims: Iterable[Claim] | Iterable[ClaimResult],
    *,
    seed: int = 0,
    sender: Party | None = None,
    receiver: Party | None = None,
    control_number: int = 1,
    paid_through: date | None = None,
    provider_adjustments: Sequence[ProviderAdjustment] = (),
    **adjudicate_options: Unpack[AdjudicateOptions],
) -> str:
    """A synthetic 835 for ``claims``: adjudicated here (seeded) unless ClaimResults are given.

    ``paid_through`` keeps only payments made on or before that date (claims still in process get no 835
    yet). ``provider_adjustments`` are written as PLB segments at the end of the first transaction whose payer
    and payee match theirs (empty ``payer_id``/``provider_id`` match any). Extra keyword arguments go to
    :func:`revcycle.payment.adjudication.adjudicate` (``denial_rate``...).
    """
    items: list[Claim | ClaimResult] = list(claims)
    if not items:
        raise X12Error("to_835() needs at least one claim or claim result.")
    given_claims = [x for x in items if isinstance(x, Claim)]
    given_results = [x for x in items if isinstance(x, ClaimResult)]
    if len(given_claims) == len(items):
        results = adjudicate(given_claims, seed=seed, **adjudicate_options)
    elif len(given_results) == len(items):
        results = given_results
    else:
        raise X12Error("to_835() takes Claims or ClaimResults (from adjudication.adjudicate), not a mix.")
    results = [r for r in results if r.status != REJECTED]  # bounced at the front door: no remittance
    if paid_through is not None:
        results = [r for r in results if r.paid_on <= paid_through]
        if not results:
            raise X12Error(f"No claim was paid on or before {paid_through.isoformat()}; there is no 835 to write.")
    sender = sender or DEFAULT_RECEIVER  # the clearinghouse sends remittances back to the billing service
    receiver = receiver or DEFAULT_SUBMITTER
    when = max(r.paid_on for r in results)
    segments = [isa(sender, receiver, when, "1200", control_number, "T")]
    by_payer: dict[str, dict[tuple[date, str], list[ClaimResult]]] = {}
    for r in sorted(results, key=lambda r: (r.claim.payer.payer_id, r.paid_on)):
        by_payer.setdefault(r.claim.payer.payer_id, {}).setdefault(
            (r.paid_on, r.claim.billing_provider.npi), []).append(r)
    placed = _place(provider_adjustments, by_payer)
    group_control = control_number * 100
    for n, (payer_id, checks) in enumerate(by_payer.items(), 1):
        gs = group_control + n
        segments.append(segment("GS", "HP", clean(payer_id, 15), clean(receiver.id, 15), d8(when), "1200",
                                str(gs), "X", VERSION))
        for st, ((paid_on, npi), group) in enumerate(checks.items(), 1):
            check = f"{clean(payer_id, 6)}{paid_on:%y%m%d}{st:04d}"
            segments += _transaction(group, st, check, paid_on, placed.get((payer_id, paid_on, npi), ()))
        segments.append(segment("GE", str(len(checks)), str(gs)))
    segments.append(segment("IEA", str(len(by_payer)), f"{control_number:09d}"))
    return "\n".join(segments) + "\n"
