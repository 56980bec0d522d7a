"""Payment posting: turn 835 remittances into a ledger of what was paid, written off and still owed.

For every service line the ledger shows the charge, the allowed amount (payment plus patient responsibility),
the payer's payment, the contractual write-off (CO-45), the patient's share split into deductible (PR-1),
coinsurance (PR-2) and copay (PR-3), any denied amount, and the balance left. Denied money is not written
off by default: a biller first decides whether to correct and resubmit or appeal, so it stays in insurance A/R
(pass ``write_off_denials=True`` to write it off instead). Secondary and tertiary payments reduce what the
patient owes; reversals (claim status 22) post with their negative amounts. Money is Decimal throughout: patients'
payments are read by :func:`revcycle.core.money.parse_money` and their dates by :func:`revcycle.core.dates.parse_date`;
a computed amount is rounded by :func:`revcycle.core.money.to_cents` (half up). Arguments of the wrong kind raise
:class:`~revcycle.core.errors.InputError`; a payment for a claim the ledger does not hold raises
:class:`~revcycle.core.errors.DataError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from revcycle.claims import Claim
from revcycle.codes.remit import carc_meaning
from revcycle.core.dates import parse_date
from revcycle.core.errors import DataError, InputError
from revcycle.core.money import ZERO, parse_money, to_cents
from revcycle.x12.reader835 import Remittance

#: CLP02 codes for a primary payer's decision; others are secondary/tertiary payers or reversals.
PRIMARY = frozenset({"1", "4", "19", "22", "23", "25"})
#: Adjustments that are contract terms, not denials (fee schedule reduction, sequestration).
CONTRACTUAL = frozenset({("CO", "45"), ("CO", "253")})
#: Adjustments that only explain another payer's share (not money the practice loses).
INFORMATIONAL = frozenset({("OA", "23")})


@dataclass
class Ledger:
    """The posted results: ``entries`` (one row per money movement), ``lines`` and ``claims`` (balances)."""

    entries: pd.DataFrame
    lines: pd.DataFrame
    claims: pd.DataFrame

    def totals(self) -> dict[str, Decimal]:
        """Charge = payer payments + patient payments + contractual + written off + balance, over every claim."""
        c = self.claims
        keys = ("charge", "paid", "patient_paid", "contractual", "written_off", "denied", "balance",
                "patient_balance", "insurance_balance")
        return {k: sum(c[k], ZERO) for k in keys}


def _missing(value: object) -> bool:
    """None, NaN, NaT or NA: a value a remittance or ledger cell does not have."""
    return value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and value != value)


def _dec(value: object) -> Decimal:
    """An amount from a parsed remittance (already Decimal, or missing: zero)."""
    return ZERO if _missing(value) else parse_money(value, "A remittance amount", whole_cents=False)


def ledger_date(value: object) -> date | None:
    """A remittance or ledger date cell (a date, a pandas Timestamp, or missing) as a date, or None."""
    return None if _missing(value) else parse_date(value, "A ledger date")



def post(remittances: Remittance | Iterable[Remittance], claims: Sequence[Claim] | None = None, *,
         write_off_denials: bool = False) -> Ledger:
    """Post one or more remittances; with ``claims`` (what was billed), unpaid claims stay on the books too."""
    if isinstance(remittances, Remittance):
        remittances = [remittances]
    remittances = list(remittances)
    if not all(isinstance(r, Remittance) for r in remittances):
        raise InputError("post() takes Remittance objects from read_835().")
    billed = {c.claim_id: c for c in (claims or [])}
    entries: list[dict] = []
    line_rows: dict[tuple[str, int], dict] = {}
    claim_rows: dict[str, dict] = {}

    def account(claim_id: str) -> dict:
        if claim_id not in claim_rows:
            c = billed.get(claim_id)
            claim_rows[claim_id] = {
                "claim_id": claim_id, "payer_id": c.payer.payer_id if c else "", "payer": c.payer.name if c else "",
                "service_date": c.first_service_date if c else None, "billed_on": c.submitted_on if c else None,
                "charge": c.total_charge if c else None, "paid": ZERO, "contractual": ZERO, "denied": ZERO,
                "written_off": ZERO, "patient_responsibility": ZERO, "patient_paid": ZERO, "last_paid_on": None,
                "statuses": [],
                "denial_reasons": [],
            }
        return claim_rows[claim_id]

    for c in billed.values():
        account(c.claim_id)
        for n, line in enumerate(c.lines, 1):
            line_rows[(c.claim_id, n)] = _new_line(c.claim_id, n, line.procedure, line.from_date, line.charge)
            entries.append(_entry(c.claim_id, n, c.submitted_on or line.from_date, "charge", c.payer.name, "", "",
                                  line.charge))

    for remit in remittances:
        adjustments: dict[tuple[Any, int | None], list[Any]] = {}
        for adj in remit.adjustments.itertuples(index=False):
            line_no = None if _missing(adj.line) else int(adj.line)  # type: ignore[arg-type]
            adjustments.setdefault((adj.claim_key, line_no), []).append(adj)
        lines_by_claim: dict[Any, list[Any]] = {}
        for ln in remit.lines.itertuples(index=False):
            lines_by_claim.setdefault(ln.claim_key, []).append(ln)
        for clp in remit.claims.itertuples(index=False):
            acct = account(str(clp.claim_id))
            paid_on = ledger_date(clp.paid_on)
            primary = clp.status in PRIMARY
            known = clp.claim_id in billed
            first_seen = not acct["statuses"]
            acct["statuses"].append(clp.status)
            if acct["payer"] == "":
                acct["payer"] = clp.payer_name
            # a claim we did not bill: its charge is what the payers report (a reversal cancels the earlier one)
            adds_charge = not known and (primary or first_seen)
            if adds_charge:
                acct["charge"] = (acct["charge"] or ZERO) + _dec(clp.charge)
            acct["paid"] += _dec(clp.paid)
            if paid_on and (acct["last_paid_on"] is None or paid_on > acct["last_paid_on"]):
                acct["last_paid_on"] = paid_on
            if clp.status != "22":  # the latest payer's view of what the patient still owes
                acct["patient_responsibility"] = _dec(clp.patient_responsibility)
            svcs = lines_by_claim.get(clp.claim_key, [])
            for ln in svcs:
                key = (str(clp.claim_id), int(ln.line))
                row = line_rows.get(key)
                if row is None:
                    row = line_rows[key] = _new_line(key[0], key[1], str(ln.procedure), ledger_date(ln.service_date),
                                                     ZERO)
                if adds_charge:
                    row["charge"] += _dec(ln.charge)
                    entries.append(_entry(clp.claim_id, int(ln.line), ledger_date(ln.service_date), "charge",
                                          clp.payer_name, "", "", _dec(ln.charge)))
                _post_line(row, ln, adjustments.get((clp.claim_key, int(ln.line)), []), clp, paid_on, entries,
                           acct, write_off_denials)
            leftover = _dec(clp.paid) - sum((_dec(ln.paid) for ln in svcs), ZERO)
            if leftover:
                entries.append(_entry(clp.claim_id, None, paid_on, "payment", clp.payer_name, "", "", -leftover))
            for adj in adjustments.get((clp.claim_key, None), []):
                _post_adjustment(adj, clp, None, paid_on, entries, acct, None, write_off_denials)

    first_dates: dict[str, date] = {}
    for row in line_rows.values():
        if row["service_date"] is not None:
            day = first_dates.get(row["claim_id"])
            first_dates[row["claim_id"]] = row["service_date"] if day is None else min(day, row["service_date"])
    for acct in claim_rows.values():
        acct["charge"] = acct["charge"] or ZERO
        acct["service_date"] = acct["service_date"] or first_dates.get(acct["claim_id"])
        balance = acct["charge"] - acct["paid"] - acct["contractual"] - acct["written_off"]
        acct["balance"] = balance
        acct["patient_balance"] = max(ZERO, min(balance, acct["patient_responsibility"]))
        acct["insurance_balance"] = balance - acct["patient_balance"]
        acct["status"] = _status(acct)
        acct["denial_reasons"] = ",".join(dict.fromkeys(acct["denial_reasons"]))
        acct["statuses"] = ",".join(acct["statuses"])
    lines = pd.DataFrame(list(line_rows.values()), columns=list(_LINE_COLUMNS))
    if len(lines):
        lines["allowed"] = [p + r for p, r in zip(lines["paid"], lines["patient_responsibility"], strict=True)]
        lines["balance"] = [c - p - k - w for c, p, k, w in zip(lines["charge"], lines["paid"], lines["contractual"],
                                                                lines["written_off"], strict=True)]
    claims_frame = pd.DataFrame(list(claim_rows.values()), columns=list(_CLAIM_COLUMNS))
    for col in ("service_date", "billed_on", "last_paid_on"):
        claims_frame[col] = pd.to_datetime(claims_frame[col]).astype("datetime64[s]")
    entries_frame = pd.DataFrame(entries, columns=["claim_id", "line", "date", "kind", "payer", "group", "reason",
                                                   "amount"])
    entries_frame["line"] = entries_frame["line"].astype("Int64")
    entries_frame["date"] = pd.to_datetime(entries_frame["date"]).astype("datetime64[s]")
    return Ledger(entries_frame, lines, claims_frame)


_LINE_COLUMNS = ("claim_id", "line", "procedure", "service_date", "charge", "allowed", "paid", "contractual",
                 "deductible", "coinsurance", "copay", "other_patient", "patient_responsibility", "denied",
                 "written_off", "denial_reasons", "balance")
_CLAIM_COLUMNS = ("claim_id", "payer_id", "payer", "service_date", "billed_on", "last_paid_on", "statuses",
                  "status", "charge", "paid", "contractual", "denied", "written_off", "patient_responsibility",
                  "patient_paid", "balance", "patient_balance", "insurance_balance", "denial_reasons")


def _new_line(claim_id: str, n: int, procedure: str, service_date, charge: Decimal) -> dict:
    return {"claim_id": claim_id, "line": n, "procedure": procedure, "service_date": service_date, "charge": charge,
            "allowed": ZERO, "paid": ZERO, "contractual": ZERO, "deductible": ZERO, "coinsurance": ZERO,
            "copay": ZERO, "other_patient": ZERO, "patient_responsibility": ZERO, "denied": ZERO,
            "written_off": ZERO, "denial_reasons": "", "balance": ZERO}


def _entry(claim_id, line, day, kind, payer, group, reason, amount) -> dict:
    return {"claim_id": claim_id, "line": line, "date": day, "kind": kind, "payer": payer, "group": group,
            "reason": reason, "amount": amount}


def _post_line(row, ln, adjustments, clp, paid_on, entries, acct, write_off_denials) -> None:
    paid = _dec(ln.paid)
    row["paid"] += paid
    if paid:
        entries.append(_entry(clp.claim_id, row["line"], paid_on, "payment", clp.payer_name, "", "", -paid))
    primary = clp.status in PRIMARY
    if not primary:  # a later payer: its PR is what is still the patient's; restate the patient split
        row["deductible"] = row["coinsurance"] = row["copay"] = row["other_patient"] = ZERO
        row["patient_responsibility"] = ZERO
    for adj in adjustments:
        _post_adjustment(adj, clp, row, paid_on, entries, acct, row["line"], write_off_denials)


def _post_adjustment(adj, clp, row, paid_on, entries, acct, line, write_off_denials) -> None:
    amount = _dec(adj.amount)
    key = (adj.group, str(adj.reason))
    if key in INFORMATIONAL:
        return
    if key in CONTRACTUAL:
        acct["contractual"] += amount
        if row is not None:
            row["contractual"] += amount
        entries.append(_entry(clp.claim_id, line, paid_on, "contractual", clp.payer_name, adj.group, adj.reason,
                              -amount))
    elif adj.group == "PR":
        if row is not None:
            field = {"1": "deductible", "2": "coinsurance", "3": "copay"}.get(str(adj.reason), "other_patient")
            row[field] += amount
            row["patient_responsibility"] += amount
        entries.append(_entry(clp.claim_id, line, paid_on, "patient responsibility", clp.payer_name, adj.group,
                              adj.reason, amount))
    else:
        acct["denied"] += amount
        acct["denial_reasons"].append(f"{adj.group}-{adj.reason}")
        if row is not None:
            row["denied"] += amount
            row["denial_reasons"] = ",".join(x for x in (row["denial_reasons"], f"{adj.group}-{adj.reason}") if x)
        if write_off_denials:
            acct["written_off"] += amount
            if row is not None:
                row["written_off"] += amount
        entries.append(_entry(clp.claim_id, line, paid_on, "denial write-off" if write_off_denials else "denial",
                              clp.payer_name, adj.group, adj.reason, -amount if write_off_denials else ZERO))


def _status(acct: dict) -> str:
    if not acct["statuses"]:
        return "awaiting payment"
    if acct["denied"] and not acct["paid"]:
        return "denied"
    if acct["denied"]:
        return "partly denied"
    if acct["balance"] == 0:
        return "closed"
    return "patient balance" if acct["insurance_balance"] == 0 else "open"


def apply_patient_payments(ledger: Ledger, payments: pd.DataFrame) -> Ledger:
    """A new ledger with patients' payments (columns claim_id, paid_on, amount) taken off their balances."""
    missing = {"claim_id", "paid_on", "amount"} - set(payments.columns)
    if missing:
        raise InputError(f"Patient payments need the columns claim_id, paid_on and amount; missing {sorted(missing)}.")
    claims = ledger.claims.copy()
    index = {cid: i for i, cid in enumerate(claims["claim_id"])}
    paid = [ZERO] * len(claims)
    entries = []
    for row in payments.itertuples(index=False):
        if row.claim_id not in index:
            raise DataError(f"A patient payment names claim {row.claim_id!r}, which is not in the ledger.")
        amount = parse_money(row.amount, f"The patient payment on claim {row.claim_id}")
        day = parse_date(row.paid_on, f"The date of the patient payment on claim {row.claim_id}")
        paid[index[row.claim_id]] += amount
        entries.append(_entry(row.claim_id, None, day, "patient payment", "patient", "", "", -amount))
    claims["patient_paid"] = [before + p for before, p in zip(claims["patient_paid"], paid, strict=True)]
    claims["balance"] = [b - p for b, p in zip(claims["balance"], paid, strict=True)]
    claims["patient_balance"] = [max(ZERO, pb - p) for pb, p in zip(claims["patient_balance"], paid, strict=True)]
    claims["insurance_balance"] = [b - pb for b, pb in zip(claims["balance"], claims["patient_balance"],
                                                           strict=True)]
    claims["status"] = [
        "closed" if b == 0 and st in ("patient balance", "open") else st
        for b, st in zip(claims["balance"], claims["status"], strict=True)
    ]
    new_entries = pd.DataFrame(entries, columns=list(ledger.entries.columns))
    new_entries["line"] = new_entries["line"].astype("Int64")
    new_entries["date"] = pd.to_datetime(new_entries["date"]).astype("datetime64[s]")
    both = pd.concat([ledger.entries, new_entries], ignore_index=True) if len(new_entries) else ledger.entries
    return Ledger(both, ledger.lines, claims)


def synthetic_patient_payments(ledger: Ledger, *, seed: int = 0, through: date | str | None = None) -> pd.DataFrame:
    """Seeded, made-up patient payments: most patients pay their statement within weeks, some in part, some not.

    A statement goes out a week after the payer's payment; ``through`` drops payments after that date.
    """
    import random
    from datetime import timedelta

    last_day = None if through is None else parse_date(through, "through")
    rng = random.Random(f"patient-payments-{seed}")
    rows = []
    for cid, owed, last in zip(ledger.claims["claim_id"], ledger.claims["patient_balance"],
                               ledger.claims["last_paid_on"], strict=True):
        if owed <= 0 or pd.isna(last):
            continue
        roll = rng.random()
        if roll < 0.25:
            continue  # not paid (yet)
        amount = owed if roll < 0.85 else to_cents(owed / 2)
        day = pd.Timestamp(last).date() + timedelta(days=7 + rng.randint(10, 45))
        if last_day is None or day <= last_day:
            rows.append({"claim_id": cid, "paid_on": day, "amount": amount})
    return pd.DataFrame(rows, columns=["claim_id", "paid_on", "amount"])


def denial_table(ledger: Ledger) -> pd.DataFrame:
    """Denied lines with the reason codes and the book's paraphrase of each, for a work queue."""
    rows = ledger.lines[ledger.lines["denied"] != 0]
    out = rows[["claim_id", "line", "procedure", "service_date", "charge", "denied", "denial_reasons"]].copy()
    out["meaning"] = [", ".join(carc_meaning(r.split("-", 1)[1]) for r in reasons.split(","))
                      for reasons in out["denial_reasons"]]
    return out.reset_index(drop=True)
