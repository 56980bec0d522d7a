"""Denial root causes and a denial work queue: for each denied claim, where the problem began and what to do next.

A claim adjustment reason code (CARC) says *why* a payer did not pay; the biller still has to decide *where the
error started* (registration, authorization, coding, the claim data, the clinical record...) and *what to do*:
correct and resubmit, appeal, bill another payer or the patient, or write off. The mapping below is this book's
teaching summary for the CARCs the synthetic payers use; it is a starting point for a person's review, not a
rule any payer publishes. CARC meanings are the book's paraphrases (:mod:`revcycle.codes.remit`).

For Original Medicare claims the work queue adds the redetermination deadline (120 days after the presumed
receipt of the remittance, :mod:`revcycle.ar.appeals`) and the 12-month timely filing limit for a corrected claim
(42 CFR 424.44, :func:`revcycle.claims.filing.medicare_deadline`). Other payers' limits come from their contracts,
which the synthetic data does not hold. Shares of denied dollars are rounded half up to one decimal
(:func:`revcycle.core.money.percent`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from revcycle.ar import appeals
from revcycle.ar.posting import Ledger, ledger_date
from revcycle.claims.filing import medicare_deadline
from revcycle.codes.remit import carc_meaning
from revcycle.core.dates import parse_date
from revcycle.core.money import ZERO, percent

# What to do next (the book's short names for the usual actions).
RESUBMIT = "correct the claim and resubmit"
APPEAL = "appeal with documentation"
OTHER_PAYER = "bill the right payer"
CHECK_ORIGINAL = "find the original claim; do not resubmit"
WRITE_OFF = "write off (not billable to the patient)"
REVIEW = "review the record, then resubmit, appeal or write off"


@dataclass(frozen=True)
class RootCause:
    """Where a denial usually starts, and the usual next step."""

    category: str
    stage: str  # the revenue-cycle stage where the error began
    action: str
    appealable: bool  # whether the usual fix is an appeal of the payer's decision


#: CARC -> root cause (the book's teaching summary; always confirm against the remittance and the record).
ROOT_CAUSES: dict[str, RootCause] = {
    "4": RootCause("modifier", "coding", RESUBMIT, False),
    "10": RootCause("patient data", "registration", RESUBMIT, False),
    "16": RootCause("missing or invalid claim data", "claim submission", RESUBMIT, False),
    "18": RootCause("duplicate", "claim submission", CHECK_ORIGINAL, False),
    "22": RootCause("coordination of benefits", "registration", OTHER_PAYER, False),
    "27": RootCause("coverage ended", "eligibility and authorization", OTHER_PAYER, False),
    "29": RootCause("timely filing", "claim follow-up", WRITE_OFF, False),
    "50": RootCause("medical necessity", "clinical documentation", APPEAL, True),
    "96": RootCause("non-covered service", "eligibility and authorization", REVIEW, False),
    "97": RootCause("bundling", "coding", REVIEW, True),
    "109": RootCause("wrong payer", "registration", OTHER_PAYER, False),
    "146": RootCause("invalid diagnosis code", "coding", RESUBMIT, False),
    "151": RootCause("units over the limit", "coding", REVIEW, True),
    "181": RootCause("invalid procedure code", "coding", RESUBMIT, False),
    "197": RootCause("prior authorization missing", "eligibility and authorization", APPEAL, True),
}
UNKNOWN = RootCause("other", "unknown", REVIEW, False)


def root_cause(carc: object) -> RootCause:
    """The book's root cause for a CARC (the reason code number, e.g. ``"50"``)."""
    return ROOT_CAUSES.get(str(carc).strip(), UNKNOWN)


def _first_reason(reasons: str) -> tuple[str, str]:
    """('CO', '50') from 'CO-50,CO-97' (the first reason decides the queue)."""
    first = reasons.split(",")[0] if reasons else ""
    group, _, carc = first.partition("-")
    return group, carc


def root_cause_table(ledger: Ledger) -> pd.DataFrame:
    """Denied claims grouped by root cause: claims, denied dollars, share of denied dollars, stage and action."""
    denied = ledger.claims[ledger.claims["denied"] > 0]
    if not len(denied):
        return pd.DataFrame(columns=["category", "stage", "claims", "denied", "percent_of_denied", "action"])
    causes = [root_cause(_first_reason(r)[1]) for r in denied["denial_reasons"]]
    frame = pd.DataFrame({"category": [c.category for c in causes], "stage": [c.stage for c in causes],
                          "action": [c.action for c in causes], "denied": list(denied["denied"])})
    total = sum(frame["denied"], ZERO)
    rows = []
    for (category, stage, action), part in frame.groupby(["category", "stage", "action"], sort=False):
        dollars = sum(part["denied"], ZERO)
        rows.append({"category": category, "stage": stage, "claims": len(part), "denied": dollars,
                     "percent_of_denied": percent(dollars, total),
                     "action": action})
    table = pd.DataFrame(rows).sort_values(["denied", "category"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def by_stage(ledger: Ledger) -> pd.DataFrame:
    """Denied claims and dollars by the revenue-cycle stage where the error began (for a chart)."""
    table = root_cause_table(ledger)
    if not len(table):
        return pd.DataFrame(columns=["stage", "claims", "denied"])
    rows = []
    for stage, part in table.groupby("stage", sort=False):
        rows.append({"stage": stage, "claims": int(part["claims"].sum()), "denied": sum(part["denied"], ZERO)})
    return pd.DataFrame(rows).sort_values("denied", ascending=False, kind="stable").reset_index(drop=True)


def work_queue(ledger: Ledger, *, as_of: date | str, medicare_payers: Iterable[str] = ("SYNMCR",)) -> pd.DataFrame:
    """One row per denied claim: what was denied, why, where it began, what to do, and by when.

    ``medicare_payers`` are the payer ids whose claims follow Original Medicare's rules: for them the queue shows
    the redetermination deadline (counted from the remittance date) when the usual fix is an appeal, and the
    12-month limit for a corrected claim when it is a correction. Rows are sorted by the nearest deadline, then
    by the largest denied amount. ``days_left`` counts from ``as_of``; ``overdue`` marks a deadline already
    missed (a late appeal needs good cause; a late claim is denied for timely filing).
    """
    day = parse_date(as_of, "as_of")
    medicare = set(medicare_payers)
    denied = ledger.claims[ledger.claims["denied"] > 0]
    rows = []
    for c in denied.itertuples(index=False):
        group, carc = _first_reason(str(c.denial_reasons))
        cause = root_cause(carc)
        service = ledger_date(c.service_date)
        notice = ledger_date(c.last_paid_on)
        appeal_by = resubmit_by = None
        if c.payer_id in medicare:
            if cause.appealable and notice is not None:
                appeal_by = appeals.filing_deadline(1, notice)
            if cause.action in (RESUBMIT, REVIEW) and service is not None:
                resubmit_by = medicare_deadline(service)
        deadline = min((d for d in (appeal_by, resubmit_by) if d is not None), default=None)
        rows.append({
            "claim_id": c.claim_id, "payer": c.payer, "service_date": service, "remit_date": notice,
            "denied": c.denied, "reasons": c.denial_reasons, "meaning": carc_meaning(carc),
            "root_cause": cause.category, "stage": cause.stage, "next_step": cause.action,
            "appeal_by": appeal_by, "resubmit_by": resubmit_by,
            "days_left": (deadline - day).days if deadline else None,
            "overdue": deadline is not None and deadline < day,
        })
    columns = ["claim_id", "payer", "service_date", "remit_date", "denied", "reasons", "meaning", "root_cause",
               "stage", "next_step", "appeal_by", "resubmit_by", "days_left", "overdue"]
    queue = pd.DataFrame(rows, columns=columns)
    if len(queue):
        queue["_sort"] = queue["days_left"].fillna(10**6)
        queue["_amount"] = [-float(x) for x in queue["denied"]]
        queue = queue.sort_values(["_sort", "_amount", "claim_id"], kind="stable").drop(columns=["_sort", "_amount"])
        queue["days_left"] = queue["days_left"].astype("Int64")
    return queue.reset_index(drop=True)
