"""Patient accounts: a seeded synthetic ledger, patient-balance aging, and credit balances with refund due dates.

:func:`patient_ledger` makes ``n`` synthetic patient accounts (names and payers from :func:`revcycle.synthetic.members`,
nobody real): the patient's share of one visit after insurance (or the whole self-pay bill), the date of the first
statement, what the patient has paid, whether the account is on a payment plan, and a few credit balances (a patient
who paid more at the desk than the plan finally left them to pay, or a payer that paid the same claim twice).
Medicaid members are left out: their accounts rarely leave a patient balance.

:func:`patient_aging` sorts open patient balances into the book's aging buckets by reusing
:func:`revcycle.ar.aging.aging`: it ages from the first statement by default (``basis="statement"``), the usual
convention for patient A/R, or from the date of service. Credit balances are not A/R; :func:`credit_balances` lists
them, and :func:`refund_due` gives each a due date: a Medicare overpayment must be reported and returned within 60
days of being identified (42 CFR 401.305, computed by :func:`revcycle.compliance.deadlines.overpayment_deadline`);
for a patient or a commercial payer the date comes from the practice's policy or the payer contract (state laws on
refunds and unclaimed property are outside this book). Money is ``Decimal`` throughout.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

import pandas as pd

from revcycle.ar import aging as ar_aging
from revcycle.ar.posting import Ledger
from revcycle.compliance.deadlines import overpayment_deadline
from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import CENT, ZERO, parse_money, to_cents
from revcycle.patient_financial.statements import dunning_calendar, stage_on
from revcycle.synthetic import FIRST_SERVICE, members

__all__ = ["AS_OF", "COLUMNS", "RefundDue", "credit_balances", "open_accounts", "patient_aging", "patient_ledger",
           "refund_due"]

#: The ledger's default "today": the last day of the synthetic services.
AS_OF = date(2026, 9, 30)
COLUMNS = ("account", "patient", "payer", "service_date", "first_statement", "patient_responsibility", "patient_paid",
           "payer_overpaid", "balance", "status", "credit_owner")
SELF_PAY = "self-pay"
Owner = Literal["medicare", "payer", "patient"]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount between ``low`` and ``high`` dollars, in whole cents."""
    return rng.randrange(low * 100, high * 100) * CENT


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _account(rng: random.Random, k: int, member: object, as_of: date) -> dict[str, object]:
    payer = member.payer  # type: ignore[attr-defined]
    patient = member.patient  # type: ignore[attr-defined]
    self_pay = rng.random() < 0.12
    span = (as_of - timedelta(days=50) - FIRST_SERVICE).days
    service = _weekday(FIRST_SERVICE + timedelta(days=rng.randrange(span)))
    first = service + timedelta(days=rng.randrange(3, 11) if self_pay else rng.randrange(21, 46))
    owed = _money(rng, 150, 2400) if self_pay else _money(rng, 15, 900)
    age = (as_of - first).days
    draw = rng.random()
    paid, over, status = ZERO, ZERO, "open"
    if draw < min(0.8, 0.2 + age / 300):
        paid, status = owed, "paid"
    elif draw < min(0.8, 0.2 + age / 300) + 0.1:
        months = rng.choice((3, 6, 10, 12))
        made = min(months - 1, age // 30 + 1)
        paid, status = to_cents(owed / months * made), "plan"
    elif draw < min(0.8, 0.2 + age / 300) + 0.2:
        paid = to_cents(owed * Decimal(rng.randrange(10, 70)) / 100)
    if rng.random() < 0.03:  # paid the estimate at the desk; the plan left less to pay
        paid, status = owed + _money(rng, 5, 120), "credit"
    elif rng.random() < 0.02 and payer.kind == "medicare":  # the contractor paid the claim twice
        paid, over, status = owed, _money(rng, 40, 300), "credit"
    balance = owed - paid - over
    owner = "" if balance >= 0 else (payer.name if over else "patient")
    return {"account": f"PA-{k + 1:05d}", "patient": f"{patient.last_name}, {patient.first_name}",
            "payer": SELF_PAY if self_pay else payer.name, "service_date": service, "first_statement": first,
            "patient_responsibility": owed, "patient_paid": paid, "payer_overpaid": over, "balance": balance,
            "status": status, "credit_owner": owner}


def patient_ledger(n: int = 400, seed: int = 0, *, as_of: date | str = AS_OF) -> pd.DataFrame:
    """``n`` synthetic patient accounts as of ``as_of`` (same seed, same accounts), one row each (:data:`COLUMNS`)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 100_000:
        raise InputError(f"n must be a whole number of accounts from 1 to 100,000, not {n!r}.")
    when = parse_date(as_of, "as_of")
    if when < FIRST_SERVICE + timedelta(days=60):
        raise InputError(f"as_of must be on or after {FIRST_SERVICE + timedelta(days=60)}, so that visits have had "
                         "time to be billed.")
    rng = random.Random(f"patient-ledger-{seed}")
    people = [m for m in members(3 * n, seed) if m.payer.kind != "medicaid"][:n]  # Medicaid: no patient balance
    rows = [_account(rng, k, m, when) for k, m in enumerate(people)]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("service_date", "first_statement"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    return frame


def _check_frame(accounts: pd.DataFrame) -> None:
    if not isinstance(accounts, pd.DataFrame) or not {"account", "service_date", "first_statement",
                                                        "balance", "payer"} <= set(accounts.columns):
        raise InputError("Give a patient ledger from patient_ledger(): a table with account, payer, service_date, "
                         "first_statement and balance columns.")


def _as_ar_ledger(accounts: pd.DataFrame) -> Ledger:
    """The patient accounts in the shape :mod:`revcycle.ar.aging` reads: the first statement is the billing date."""
    _check_frame(accounts)
    claims = pd.DataFrame({
        "claim_id": accounts["account"], "payer": accounts["payer"], "service_date": accounts["service_date"],
        "billed_on": accounts["first_statement"], "balance": accounts["balance"],
        "patient_balance": accounts["balance"], "insurance_balance": [ZERO] * len(accounts)})
    return Ledger(pd.DataFrame(), pd.DataFrame(), claims)


def _basis(basis: str) -> Literal["service", "billed"]:
    if basis == "statement":
        return "billed"
    if basis == "service":
        return "service"
    raise InputError(f"basis must be 'statement' or 'service', not {basis!r}.")


def patient_aging(accounts: pd.DataFrame, as_of: date | str = AS_OF, *, basis: str = "statement") -> pd.DataFrame:
    """Open patient balances by aging bucket: accounts, balance and share of the total, with a total row."""
    table = ar_aging.aging(_as_ar_ledger(accounts), as_of, basis=_basis(basis))
    return table.rename(columns={"claims": "accounts", "total": "balance"})[["bucket", "accounts", "balance",
                                                                            "percent"]]


def open_accounts(accounts: pd.DataFrame, as_of: date | str = AS_OF, *, basis: str = "statement") -> pd.DataFrame:
    """Each open balance with its age, bucket and where the practice's statement calendar has reached."""
    rows = ar_aging.open_claims(_as_ar_ledger(accounts), as_of, basis=_basis(basis))
    rows = rows.rename(columns={"claim_id": "account"})[["account", "payer", "service_date", "billed_on", "balance",
                                                        "age_days", "bucket"]]
    rows = rows.rename(columns={"billed_on": "first_statement"})
    status = dict(zip(accounts["account"], accounts.get("status", pd.Series(["open"] * len(accounts))), strict=True))
    rows["status"] = [status.get(a, "open") for a in rows["account"]]
    stages = []
    for first, st in zip(rows["first_statement"], rows["status"], strict=True):
        step = stage_on(dunning_calendar(first.date()), as_of)
        stages.append("payment plan" if st == "plan" else step.step if step else "not yet billed")
    rows["stage"] = stages
    return rows


def credit_balances(accounts: pd.DataFrame) -> pd.DataFrame:
    """Accounts whose balance is below zero, with the credit and to whom it belongs."""
    _check_frame(accounts)
    credits = accounts[accounts["balance"].map(lambda b: b < 0)].copy()
    credits["credit"] = [-b for b in credits["balance"]]
    owners = credits["credit_owner"] if "credit_owner" in credits else pd.Series(["patient"] * len(credits))
    credits["owner"] = list(owners)
    return credits[["account", "patient", "payer", "credit", "owner"]].reset_index(drop=True)


@dataclass(frozen=True)
class RefundDue:
    """When a credit balance must be refunded, and the rule that says so."""

    owner: str
    amount: Decimal
    identified: date
    due: date
    rule: str


def refund_due(amount: object, identified: date | str, *, owner: Owner, policy_days: int = 30,
               investigation_ended: date | str | None = None) -> RefundDue:
    """The refund date for a credit balance of ``amount`` identified on ``identified``.

    ``owner="medicare"``: the 60-day rule of 42 CFR 401.305 (with a good-faith investigation's suspension when
    ``investigation_ended`` is given). ``"payer"`` or ``"patient"``: ``policy_days`` after identification.
    """
    money = parse_money(amount, "The credit balance", example="85.00", negative=False)
    if money <= 0:
        raise InputError("A credit balance to refund must be more than zero.")
    day0 = parse_date(identified, "The day the credit was identified")
    if owner == "medicare":
        found = overpayment_deadline(day0, investigation_ended=investigation_ended)
        rule = "42 CFR 401.305: report and return within 60 days of identification"
        if found.suspended:
            rule += f" (suspended by an investigation until {found.clock_starts})"
        return RefundDue(owner, money, day0, found.due, rule)
    if owner not in ("payer", "patient"):
        raise InputError(f"owner must be 'medicare', 'payer' or 'patient', not {owner!r}.")
    if investigation_ended is not None:
        raise InputError("investigation_ended applies only to Medicare overpayments (owner='medicare').")
    if isinstance(policy_days, bool) or not isinstance(policy_days, int) or not 1 <= policy_days <= 365:
        raise InputError(f"policy_days must be a whole number of days from 1 to 365, not {policy_days!r}.")
    source = "the payer contract or the practice's policy" if owner == "payer" else "the practice's policy"
    return RefundDue(owner, money, day0, day0 + timedelta(days=policy_days),
                     f"{source}: {policy_days} days (check state law)")
