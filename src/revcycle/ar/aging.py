"""Accounts receivable analytics: A/R aging buckets, denial rates by reason code, and charts of both.

Aging counts each open claim's balance in the bucket for its age on a fixed ``as_of`` date (never today's
date, so results are reproducible): by default the age runs from the first date of service, the usual
practice-management convention; ``basis="billed"`` ages from the day the claim was sent. Denial rates are
the share of adjudicated claims with at least one line denied for a given claim adjustment reason code.
Percentages are rounded half up to one decimal (:func:`revcycle.core.money.percent`); a bad argument raises
:class:`~revcycle.core.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Literal, TypedDict

import pandas as pd

from revcycle.ar.posting import CONTRACTUAL, INFORMATIONAL, PRIMARY, Ledger
from revcycle.codes.remit import carc_meaning
from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import ZERO, percent
from revcycle.x12.reader835 import Remittance

#: Aging buckets in days, as billers report them.
BUCKETS: tuple[str, ...] = ("0-30", "31-60", "61-90", "91-120", "120+")
_EDGES = (30, 60, 90, 120)


def bucket(days: int) -> str:
    """The aging bucket for an age in days (0-30, 31-60, 61-90, 91-120, 120+)."""
    for edge, label in zip(_EDGES, BUCKETS, strict=False):
        if days <= edge:
            return label
    return BUCKETS[-1]


def open_claims(ledger: Ledger, as_of: date | str, *, basis: Literal["service", "billed"] = "service") -> pd.DataFrame:
    """Claims billed by ``as_of`` with money still owed, with their age in days and aging bucket."""
    if basis not in ("service", "billed"):
        raise InputError(f"basis must be 'service' or 'billed', not {basis!r}.")
    as_of = parse_date(as_of, "as_of")
    claims = ledger.claims
    start = claims["service_date"] if basis == "service" else claims["billed_on"].fillna(claims["service_date"])
    when = pd.Timestamp(as_of)
    keep = (claims["balance"].map(lambda b: b > 0)) & start.notna() & (start <= when)
    keep &= claims["billed_on"].isna() | (claims["billed_on"] <= when)  # not yet billed: not A/R yet
    out = claims[keep].copy()
    out["age_days"] = (when - start[keep]).dt.days.astype("int64")
    out["bucket"] = pd.Categorical([bucket(d) for d in out["age_days"]], categories=list(BUCKETS), ordered=True)
    return out.reset_index(drop=True)


def aging(ledger: Ledger, as_of: date | str, *, basis: Literal["service", "billed"] = "service") -> pd.DataFrame:
    """A/R aging table: one row per bucket with claim count, insurance, patient and total balances, and share."""
    rows = open_claims(ledger, as_of, basis=basis)
    table = []
    grand = sum(rows["balance"], ZERO)
    for label in BUCKETS:
        part = rows[rows["bucket"] == label]
        total = sum(part["balance"], ZERO)
        table.append({"bucket": label, "claims": len(part), "insurance": sum(part["insurance_balance"], ZERO),
                      "patient": sum(part["patient_balance"], ZERO), "total": total,
                      "percent": percent(total, grand)})
    table.append({"bucket": "total", "claims": len(rows), "insurance": sum(rows["insurance_balance"], ZERO),
                  "patient": sum(rows["patient_balance"], ZERO), "total": grand,
                  "percent": Decimal("100.0") if grand else Decimal("0.0")})
    return pd.DataFrame(table)


def aging_by_payer(ledger: Ledger, as_of: date | str, *,
                   basis: Literal["service", "billed"] = "service") -> pd.DataFrame:
    """Insurance balance by payer (rows) and bucket (columns), Decimal dollars."""
    rows = open_claims(ledger, as_of, basis=basis)
    payers = sorted(set(rows["payer"]))
    data = {label: [sum(rows[(rows["payer"] == p) & (rows["bucket"] == label)]["insurance_balance"], ZERO)
                    for p in payers] for label in BUCKETS}
    frame = pd.DataFrame(data, index=pd.Index(payers, name="payer"))
    frame["total"] = pd.Series([sum(row, ZERO) for row in frame[list(BUCKETS)].itertuples(index=False)],
                               index=frame.index, dtype=object)
    return frame


def _remits(remittances: Remittance | Iterable[Remittance]) -> list[Remittance]:
    items = [remittances] if isinstance(remittances, Remittance) else list(remittances)
    if not all(isinstance(r, Remittance) for r in items):
        raise InputError("Denial analytics take Remittance objects from read_835().")
    return items


def denials(remittances: Remittance | Iterable[Remittance]) -> pd.DataFrame:
    """Every denied amount: one row per adjustment that is neither contractual, informational nor the patient's."""
    frames = []
    for n, remit in enumerate(_remits(remittances)):
        adj = remit.adjustments
        if not len(adj):
            continue
        keys = list(zip(adj["group"], adj["reason"].astype(str), strict=True))
        mask = [(g != "PR") and (k not in CONTRACTUAL) and (k not in INFORMATIONAL) for g, k in zip(
            adj["group"], keys, strict=True)]
        part = adj[mask].merge(remit.claims[["claim_key", "status", "payer_name"]], on="claim_key", how="left")
        part["file"] = n
        frames.append(part)
    if not frames:
        return pd.DataFrame(columns=["file", "claim_id", "line", "group", "reason", "amount", "payer_name"])
    return pd.concat(frames, ignore_index=True)


def denial_rates(remittances: Remittance | Iterable[Remittance]) -> pd.DataFrame:
    """Per reason code: claims with a line denied for it, that as a percent of adjudicated claims, and dollars.

    Adjudicated claims are those a primary payer decided (reversals excluded). Rows are sorted by claims.
    """
    items = _remits(remittances)
    decided = set()
    for n, remit in enumerate(items):
        cl = remit.claims
        decided |= {(n, cid) for cid, st in zip(cl["claim_id"], cl["status"], strict=True)
                    if st in PRIMARY and st != "22"}
    found = denials(items)
    rows = []
    if len(found):
        for (group, reason), part in found.groupby(["group", "reason"], sort=False):
            claims = {(f, c) for f, c in zip(part["file"], part["claim_id"], strict=True)} & decided
            rows.append({"group": group, "carc": str(reason), "meaning": carc_meaning(str(reason)),
                         "claims_denied": len(claims), "percent_of_claims": percent(Decimal(len(claims)),
                                                                                    Decimal(len(decided))),
                         "lines": int(part["line"].notna().sum()), "amount": sum(part["amount"], ZERO)})
    table = pd.DataFrame(rows, columns=["group", "carc", "meaning", "claims_denied", "percent_of_claims", "lines",
                                        "amount"])
    table = table.sort_values(["claims_denied", "carc"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


class DenialSummary(TypedDict):
    """The headline numbers of :func:`denial_summary`."""

    claims_adjudicated: int
    claims_with_a_denial: int
    claims_fully_denied: int
    denial_rate_percent: Decimal
    full_denial_rate_percent: Decimal
    denied_dollars: Decimal


def denial_summary(remittances: Remittance | Iterable[Remittance]) -> DenialSummary:
    """Headline numbers: claims adjudicated, claims with any denial, fully denied claims, and the rates."""
    items = _remits(remittances)
    decided, fully = set(), set()
    for n, remit in enumerate(items):
        for cid, st in zip(remit.claims["claim_id"], remit.claims["status"], strict=True):
            if st in PRIMARY and st != "22":
                decided.add((n, cid))
                if st == "4":
                    fully.add((n, cid))
    found = denials(items)
    any_denial = {(f, c) for f, c in zip(found["file"], found["claim_id"], strict=True)} & decided if len(
        found) else set()
    total = Decimal(len(decided))
    return {
        "claims_adjudicated": len(decided),
        "claims_with_a_denial": len(any_denial),
        "claims_fully_denied": len(fully),
        "denial_rate_percent": percent(Decimal(len(any_denial)), total),
        "full_denial_rate_percent": percent(Decimal(len(fully)), total),
        "denied_dollars": sum(found["amount"], ZERO) if len(found) else ZERO,
    }
