"""From the remittance to the bank: reconcile each 835 payment, reassociate it with its deposit, and post the
provider-level adjustments (PLB) to the books.

- :func:`reconcile` checks each transaction's arithmetic: BPR02 = claim payments (CLP04) − PLB amounts.
- :func:`reassociate` matches 835 payments to bank deposits by the trace number (TRN02, which the EFT carries in
  its addenda record) and the amount.
- :func:`provider_entries` lists the PLB adjustments with the book's meaning, their cash effect and, for a recovery
  whose reference the practice can tie to a claim, that claim.
- :func:`post_provider_adjustments` posts them to a :class:`~revcycle.ar.posting.Ledger`: a recovery (WO) or an
  authorized return (72) tied to a claim changes that claim's payments, so the claim the money was taken from shows
  the offset; interest (L6) and the rest are provider-level money that belongs to no claim's balance.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pandas as pd

from revcycle.ar.posting import Ledger, ledger_date
from revcycle.codes.remit import plb_meaning
from revcycle.core.errors import DataError, InputError
from revcycle.core.money import ZERO, parse_money
from revcycle.x12.reader835 import Remittance

#: PLB reasons that move money on a claim the provider can name: a recovery of its overpayment, a refund of it.
CLAIM_LEVEL = frozenset({"WO", "72"})
KINDS = {"WO": "recoupment", "72": "refund applied", "L6": "interest", "FB": "balance forward"}


def _check(remit: object) -> Remittance:
    if not isinstance(remit, Remittance):
        raise InputError("Give a Remittance from read_835() (the 835 file read into tables).")
    return remit


def reconcile(remit: Remittance) -> pd.DataFrame:
    """One row per payment (transaction): claim payments, PLB total, the deposit they imply, BPR02, and whether they
    agree. ``expected = claims_paid − provider_adjustments`` (a debit, BPR03 D, is the negative)."""
    remit = _check(remit)
    rows = []
    for p in remit.payments.itertuples(index=False):
        claims = remit.claims[remit.claims["transaction"] == p.transaction]
        plbs = remit.provider_adjustments[remit.provider_adjustments["transaction"] == p.transaction]
        paid = sum(claims["paid"], ZERO)
        adjusted = sum(plbs["amount"], ZERO)
        expected = paid - adjusted
        amount: Any = p.amount
        bpr = -amount if p.credit_debit == "D" else amount
        rows.append({"transaction": p.transaction, "trace_number": p.trace_number, "payer": p.payer_name,
                     "paid_on": ledger_date(p.paid_on), "claims": len(claims), "claims_paid": paid,
                     "provider_adjustments": adjusted, "expected": expected, "bpr02": bpr,
                     "balanced": expected == bpr})
    return pd.DataFrame(rows, columns=["transaction", "trace_number", "payer", "paid_on", "claims", "claims_paid",
                                       "provider_adjustments", "expected", "bpr02", "balanced"])


def reassociate(remit: Remittance, deposits: pd.DataFrame) -> pd.DataFrame:
    """Match each 835 payment with a bank deposit (columns trace_number, amount, deposited_on) by trace number.

    ``status`` is "matched" (same trace number and amount), "amount differs", "no deposit yet" (an ERA with no
    money) or "no ERA" (money with no remittance to post it from). Zero-dollar remittances need no deposit.
    """
    remit = _check(remit)
    missing = {"trace_number", "amount", "deposited_on"} - set(deposits.columns)
    if missing:
        raise InputError(f"Deposits need the columns trace_number, amount and deposited_on; missing {sorted(missing)}.")
    bank: dict[str, tuple[Decimal, object]] = {}
    for d in deposits.itertuples(index=False):
        trace = str(d.trace_number).strip()
        if trace in bank:
            raise DataError(f"Two deposits carry trace number {trace!r}; a trace number names one payment.")
        bank[trace] = (parse_money(d.amount, f"The deposit {trace}"), ledger_date(d.deposited_on))
    rows = []
    for p in remit.payments.itertuples(index=False):
        found = bank.pop(str(p.trace_number), None)
        if found is None:
            status = "no deposit needed" if p.amount == 0 else "no deposit yet"
            amount, day = None, None
        else:
            amount, day = found
            status = "matched" if amount == p.amount else "amount differs"
        rows.append({"trace_number": p.trace_number, "payer": p.payer_name, "era_amount": p.amount,
                     "era_paid_on": ledger_date(p.paid_on), "deposit_amount": amount, "deposited_on": day,
                     "status": status})
    for trace, (amount, day) in bank.items():
        rows.append({"trace_number": trace, "payer": "", "era_amount": None, "era_paid_on": None,
                     "deposit_amount": amount, "deposited_on": day, "status": "no ERA"})
    return pd.DataFrame(rows, columns=["trace_number", "payer", "era_amount", "era_paid_on", "deposit_amount",
                                       "deposited_on", "status"])


def provider_entries(remit: Remittance, claims_by_reference: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The PLB adjustments as the billing office reads them: meaning, cash effect (−amount) and the claim a recovery
    or refund belongs to (looked up in ``claims_by_reference``, reference -> the practice's claim number)."""
    remit = _check(remit)
    refs = dict(claims_by_reference or {})
    payments: dict[Any, Any] = {p.transaction: p for p in remit.payments.itertuples(index=False)}
    rows = []
    for adj in remit.provider_adjustments.itertuples(index=False):
        reason = str(adj.reason)
        claim_id = refs.get(str(adj.reference), "")
        pay = payments[adj.transaction]
        amount: Any = adj.amount
        rows.append({"transaction": adj.transaction, "trace_number": pay.trace_number,
                     "paid_on": ledger_date(pay.paid_on), "reason": reason,
                     "meaning": plb_meaning(reason), "reference": adj.reference, "claim_id": claim_id,
                     "kind": KINDS.get(reason, "provider adjustment"), "amount": amount,
                     "cash_effect": -amount})
    return pd.DataFrame(rows, columns=["transaction", "trace_number", "paid_on", "reason", "meaning", "reference",
                                       "claim_id", "kind", "amount", "cash_effect"])


def post_provider_adjustments(ledger: Ledger, remit: Remittance,
                              claims_by_reference: Mapping[str, str] | None = None) -> Ledger:
    """A new ledger with ``remit``'s PLB adjustments posted.

    A recovery (WO) or refund (72) whose reference maps to a claim is taken off that claim's payments (its balance
    rises by the amount: a credit balance from an overpayment goes back to zero). Other adjustments are posted as
    provider-level entries with no claim. A mapped claim the ledger does not hold raises DataError.
    """
    if not isinstance(ledger, Ledger):
        raise InputError("post_provider_adjustments() takes the Ledger that post() returned.")
    table = provider_entries(remit, claims_by_reference)
    claims = ledger.claims.copy()
    index = {cid: i for i, cid in enumerate(claims["claim_id"])}
    paid = list(claims["paid"])
    balance = list(claims["balance"])
    insurance = list(claims["insurance_balance"])
    entries = []
    for row in table.itertuples(index=False):
        on_claim = row.reason in CLAIM_LEVEL and row.claim_id
        if on_claim:
            if row.claim_id not in index:
                raise DataError(f"The {row.reason} adjustment {row.reference!r} names claim {row.claim_id!r}, which "
                                "is not in the ledger.")
            i = index[row.claim_id]
            paid[i] -= row.amount
            balance[i] += row.amount
            insurance[i] += row.amount
        entries.append({"claim_id": row.claim_id if on_claim else "", "line": None, "date": row.paid_on,
                        "kind": row.kind, "payer": "", "group": "PLB", "reason": row.reason, "amount": row.amount})
    claims["paid"], claims["balance"], claims["insurance_balance"] = paid, balance, insurance
    claims["status"] = ["closed" if b == 0 and st not in ("denied", "partly denied") else st
                        for b, st in zip(claims["balance"], claims["status"], strict=True)]
    new = pd.DataFrame(entries, columns=list(ledger.entries.columns))
    new["line"] = new["line"].astype("Int64")
    new["date"] = pd.to_datetime(new["date"]).astype("datetime64[s]")
    both = pd.concat([ledger.entries, new], ignore_index=True) if len(new) else ledger.entries
    return Ledger(both, ledger.lines, claims)


def deposit_total(remit: Remittance) -> Decimal:
    """What the bank should receive for the whole file: the sum of BPR02 over its payments (debits negative)."""
    remit = _check(remit)
    amounts: list[Any] = list(remit.payments["amount"])
    return sum((-a if cd == "D" else a for a, cd in zip(amounts, remit.payments["credit_debit"], strict=True)), ZERO)
