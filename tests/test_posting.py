"""Payment posting, the ledger's arithmetic, A/R aging buckets and denial analytics."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from revcycle import synthetic
from revcycle.ar import aging as ar
from revcycle.ar import post
from revcycle.ar.posting import apply_patient_payments, denial_table, synthetic_patient_payments
from revcycle.core.errors import DataError, InputError
from revcycle.viz import charts
from revcycle.x12 import read_835, to_835

matplotlib.use("Agg")
D = Decimal
FIXTURES = Path(__file__).parent / "fixtures" / "x12"


def remit(name: str):
    return read_835((FIXTURES / name).read_text())


def identity_holds(ledger) -> None:
    t = ledger.totals()
    assert t["charge"] == t["paid"] + t["patient_paid"] + t["contractual"] + t["written_off"] + t["balance"]
    assert t["balance"] == t["patient_balance"] + t["insurance_balance"]


def test_posting_one_remittance_line_by_line():
    ledger = post(remit("835_one_eft_three_claims.txt"))
    lines = ledger.lines.set_index(["claim_id", "line"])
    visit = lines.loc[("PCN-1001", 1)]
    assert (visit["charge"], visit["allowed"], visit["paid"], visit["contractual"]) == (
        D("250.00"), D("175.00"), D("140.00"), D("75.00"))
    assert (visit["coinsurance"], visit["deductible"], visit["balance"]) == (D("35.00"), D("0.00"), D("35.00"))
    ecg = lines.loc[("PCN-1001", 2)]
    assert (ecg["deductible"], ecg["coinsurance"], ecg["allowed"]) == (D("40.00"), D("25.00"), D("225.00"))
    denied = lines.loc[("PCN-1003", 1)]
    assert (denied["denied"], denied["denial_reasons"], denied["balance"]) == (D("95.00"), "CO-50", D("95.00"))
    claims = ledger.claims.set_index("claim_id")
    assert claims.loc["PCN-1002", "contractual"] == D("37.55")  # a claim-level CO-45
    assert claims.loc["PCN-1002", "patient_balance"] == D("30.00")  # a claim-level PR-3 copay
    assert claims.loc["PCN-1003", "status"] == "denied" and claims.loc["PCN-1003", "insurance_balance"] == D("95.00")
    identity_holds(ledger)
    kinds = set(ledger.entries["kind"])
    assert {"payment", "contractual", "patient responsibility", "denial"} <= kinds


def test_denials_can_be_written_off_instead():
    ledger = post(remit("835_one_eft_three_claims.txt"), write_off_denials=True)
    claims = ledger.claims.set_index("claim_id")
    assert claims.loc["PCN-1003", "written_off"] == D("95.00") and claims.loc["PCN-1003", "balance"] == 0
    identity_holds(ledger)
    table = denial_table(ledger)
    assert list(table["denial_reasons"]) == ["CO-50"] and "medically necessary" in table.loc[0, "meaning"]


def test_secondary_and_tertiary_payments_reduce_what_the_patient_owes():
    ledger = post(remit("835_secondary_tertiary.txt"))
    claims = ledger.claims.set_index("claim_id")
    first = claims.loc["PCN-2001"]  # Medicare paid 200, the supplement the 40 coinsurance: nothing left
    assert (first["paid"], first["contractual"], first["balance"], first["status"]) == (
        D("240.00"), D("60.00"), D("0.00"), "closed")
    assert claims.loc["PCN-2002", "statuses"] == "2,3"
    identity_holds(ledger)


def test_a_reversal_cancels_and_a_correction_reposts():
    ledger = post(remit("835_reversal_plb_other_delimiters.txt"))
    acct = ledger.claims.set_index("claim_id").loc["PCN-3001"]
    assert acct["statuses"] == "22,1"
    assert acct["paid"] == D("10.00")  # -120 reversed + 130 corrected
    assert acct["charge"] == D("0.00") and acct["balance"] == D("-10.00")  # relative to the earlier posting
    identity_holds(ledger)


def test_posting_against_the_claims_billed():
    claims = synthetic.claims(400, seed=41, error_rate=0.1)
    r = read_835(to_835(claims, seed=41, paid_through=date(2026, 6, 30)))
    ledger = post(r, claims)
    assert len(ledger.claims) == len(claims)  # unpaid claims stay on the books
    waiting = ledger.claims[ledger.claims["status"] == "awaiting payment"]
    assert len(waiting) > 0 and (waiting["insurance_balance"] == waiting["charge"]).all()
    assert sum(ledger.claims["charge"]) == sum(c.total_charge for c in claims)
    identity_holds(ledger)
    payments = synthetic_patient_payments(ledger, seed=41, through=date(2026, 6, 30))
    assert len(payments) > 0 and payments["paid_on"].max() <= date(2026, 6, 30)
    after = apply_patient_payments(ledger, payments)
    assert sum(after.claims["patient_paid"]) == sum(payments["amount"])
    assert sum(after.claims["patient_balance"]) < sum(ledger.claims["patient_balance"])
    identity_holds(after)
    with pytest.raises(DataError, match="not in the ledger"):
        apply_patient_payments(ledger, pd.DataFrame({"claim_id": ["nope"], "paid_on": [date(2026, 1, 1)],
                                                     "amount": [D("1.00")]}))
    with pytest.raises(InputError, match="Remittance"):
        post(["not a remittance"])


@pytest.mark.parametrize(("days", "label"), [(0, "0-30"), (30, "0-30"), (31, "31-60"), (60, "31-60"),
                                             (61, "61-90"), (90, "61-90"), (91, "91-120"), (120, "91-120"),
                                             (121, "120+"), (900, "120+")])
def test_aging_buckets(days, label):
    assert ar.bucket(days) == label


def test_aging_table_adds_up():
    claims = synthetic.claims(600, seed=42, error_rate=0.1)
    as_of = date(2026, 9, 30)
    ledger = post(read_835(to_835(claims, seed=42, paid_through=as_of)), claims)
    table = ar.aging(ledger, as_of)
    assert list(table["bucket"]) == [*ar.BUCKETS, "total"]
    body, total = table.iloc[:-1], table.iloc[-1]
    billed = ledger.claims["billed_on"] <= pd.Timestamp(as_of)
    assert sum(body["total"]) == total["total"] == sum(b for b in ledger.claims[billed]["balance"] if b > 0)
    assert sum(body["claims"]) == total["claims"]
    assert all(i + p == t for i, p, t in zip(body["insurance"], body["patient"], body["total"], strict=True))
    open_ = ar.open_claims(ledger, as_of)
    assert (open_["age_days"] >= 0).all()
    assert ((open_["age_days"] > 120) == (open_["bucket"] == "120+")).all()
    by_payer = ar.aging_by_payer(ledger, as_of)
    assert sum(by_payer["total"]) == total["insurance"]
    by_billing_date = ar.aging(ledger, as_of, basis="billed")
    assert by_billing_date.iloc[-1]["total"] == total["total"]
    with pytest.raises(InputError, match="basis"):
        ar.aging(ledger, as_of, basis="posted")


def test_denial_rates_by_carc():
    r = remit("835_one_eft_three_claims.txt")
    table = ar.denial_rates(r)
    assert list(zip(table["group"], table["carc"], table["claims_denied"], strict=True)) == [("CO", "50", 1)]
    assert table.loc[0, "percent_of_claims"] == D("33.3") and table.loc[0, "amount"] == D("95.00")
    summary = ar.denial_summary(r)
    assert summary["claims_adjudicated"] == 3 and summary["claims_fully_denied"] == 1
    assert summary["denial_rate_percent"] == D("33.3")
    assert ar.denial_rates(remit("835_secondary_tertiary.txt")).empty  # OA-23 is not a denial


def test_charts_are_drawn():
    claims = synthetic.claims(300, seed=43, error_rate=0.2)
    r = read_835(to_835(claims, seed=43))
    ledger = post(r, claims)
    ax = charts.plot_aging(ar.aging(ledger, date(2026, 12, 31)))
    assert ax.get_title() == "A/R aging" and len(ax.patches) == 10
    ax = charts.plot_denials(ar.denial_rates(r))
    assert len(ax.patches) >= 3 and "CARC" not in ax.get_title()
    matplotlib.pyplot.close("all")
