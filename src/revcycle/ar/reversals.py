"""Reversals and corrections on a remittance: pair each reversal (claim status 22) with the corrected claim that
follows it and net the two, so the biller posts the change, not two unrelated payments.

A payer that changes a claim it already paid sends, on one 835, the reversal of its first decision (every amount
negated, the original payer claim number) and the new decision (the provider's same claim number, CLP01). The net
change in payment is the corrected payment plus the reversal's (negative) payment. A reversal with no correction
after it is a take-back: the whole earlier payment comes back out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from revcycle.core.errors import InputError
from revcycle.core.money import ZERO
from revcycle.x12.reader835 import Remittance

REVERSAL = "22"
COLUMNS = ("claim_id", "transaction", "reversed_payer_claim_id", "corrected_payer_claim_id", "reversed_charge",
           "corrected_charge", "reversed_paid", "corrected_paid", "net_paid", "reversed_patient",
           "corrected_patient", "net_patient", "outcome")


def pair_reversals(remit: Remittance) -> pd.DataFrame:
    """One row per reversal in ``remit``: what it took back, the correction that replaced it, and the net change.

    The correction is the next claim in the same transaction with the same CLP01 that is not itself a reversal.
    ``net_paid`` is what the payment changes by (negative: money comes back to the payer).
    """
    if not isinstance(remit, Remittance):
        raise InputError("pair_reversals() takes a Remittance from read_835().")
    claims: list[dict[Any, Any]] = remit.claims.to_dict("records")
    rows: list[dict[str, object]] = []
    used: set[int] = set()
    for i, clp in enumerate(claims):
        if clp["status"] != REVERSAL:
            continue
        match = next((j for j, other in enumerate(claims)
                      if j > i and j not in used and other["status"] != REVERSAL
                      and (other["claim_id"], other["transaction"]) == (clp["claim_id"], clp["transaction"])), None)
        corrected = claims[match] if match is not None else None
        if match is not None:
            used.add(match)
        new_paid: Decimal = corrected["paid"] if corrected is not None else ZERO
        new_patient: Decimal = corrected["patient_responsibility"] if corrected is not None else ZERO
        rows.append({
            "claim_id": clp["claim_id"], "transaction": clp["transaction"],
            "reversed_payer_claim_id": clp["payer_claim_id"],
            "corrected_payer_claim_id": corrected["payer_claim_id"] if corrected is not None else "",
            "reversed_charge": clp["charge"],
            "corrected_charge": corrected["charge"] if corrected is not None else ZERO,
            "reversed_paid": clp["paid"], "corrected_paid": new_paid, "net_paid": clp["paid"] + new_paid,
            "reversed_patient": clp["patient_responsibility"], "corrected_patient": new_patient,
            "net_patient": clp["patient_responsibility"] + new_patient,
            "outcome": ("corrected" if corrected is not None else "taken back"),
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))
