"""The remittances engine: PLB written and read back (balanced, pyx12-valid), forwarding balances, reversals paired
and netted, deposits reassociated, provider-level adjustments posted, late-payment interest and reopening windows.
Expected amounts are worked out here with plain Decimal arithmetic from the inputs, not read from the engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle import synthetic
from revcycle.ar import deposits, reopening, reversals
from revcycle.codes.remit import PLB_REASONS, plb_meaning
from revcycle.core.dates import add_years
from revcycle.core.errors import InputError, RevcycleError, RuleError
from revcycle.payment import corrections
from revcycle.payment.adjudication import adjudicate
from revcycle.payment.interest import late_interest
from revcycle.practice import remittances as rm
from revcycle.x12 import X12Error, read_835, to_835, validate
from revcycle.x12.plb import ProviderAdjustment, carry_forward, net_payment, overpayment_reference

D = Decimal


@pytest.fixture(scope="module")
def paid():
    claims = synthetic.claims(30, seed=5)
    results = [r for r in adjudicate(claims, seed=5, denial_rate=0.0) if r.paid > 0]
    first = results[0]
    same = [r for r in results if (r.claim.payer.payer_id, r.paid_on, r.claim.billing_provider.npi) ==
            (first.claim.payer.payer_id, first.paid_on, first.claim.billing_provider.npi)]
    return same


def test_every_reason_code_the_brief_names_is_paraphrased():
    for code in ("WO", "L6", "FB", "72", "CS", "J1", "B2", "50", "IR", "LE", "AP"):
        assert code in PLB_REASONS and plb_meaning(code) == PLB_REASONS[code]
    assert "not in the book's list" in plb_meaning("ZZ")


def test_plb_balances_the_check_and_passes_pyx12(paid):
    claims_paid = sum((r.paid for r in paid), D("0"))
    wo = D("10.00")
    interest = D("-1.23")
    adjs = [ProviderAdjustment("WO", wo, overpayment_reference("FCN123", "SYN1")), ProviderAdjustment("L6", interest)]
    text = to_835(paid, provider_adjustments=adjs)
    assert validate(text) == []
    remit = read_835(text)
    assert remit.warnings == []
    assert remit.payments.loc[0, "amount"] == claims_paid - wo - interest
    plb = remit.provider_adjustments
    assert list(plb["reason"]) == ["WO", "L6"] and plb.loc[0, "reference"] == "FCN123 SYN1"
    assert net_payment([r.paid for r in paid], adjs) == claims_paid - D("8.77")
    table = deposits.reconcile(remit)
    assert bool(table.loc[0, "balanced"]) and table.loc[0, "expected"] == claims_paid - D("8.77")


def test_seven_adjustments_take_two_plb_segments(paid):
    adjs = [ProviderAdjustment("CS", D("0.01"), f"REF{i}") for i in range(7)]
    text = to_835(paid, provider_adjustments=adjs)
    assert text.count("PLB*") == 2 and validate(text) == []
    assert len(read_835(text).provider_adjustments) == 7


def test_a_recovery_bigger_than_the_check_is_carried_forward(paid):
    claims_paid = sum((r.paid for r in paid), D("0"))
    big = [ProviderAdjustment("WO", claims_paid + D("50.00"), "FCN9")]
    with pytest.raises(X12Error, match="forwarding balance"):
        to_835(paid, provider_adjustments=big)
    carried = carry_forward([r.paid for r in paid], big, "FCN9")
    assert carried[-1].reason == "FB" and carried[-1].amount == D("-50.00")
    text = to_835(paid, provider_adjustments=carried)
    assert validate(text) == []
    remit = read_835(text)
    assert remit.payments.loc[0, "amount"] == 0 and remit.payments.loc[0, "method"] == "NON"
    assert remit.warnings == []


@pytest.mark.parametrize("bad", [dict(reason="XX", amount=D("1")), dict(reason="WO", amount=D("0")),
                                 dict(reason="WO", amount=1.5), dict(reason="WO", amount=D("1"), reference="X" * 51)])
def test_bad_provider_adjustments_are_refused_clearly(bad):
    with pytest.raises(X12Error):
        ProviderAdjustment(**bad)


def test_an_adjustment_for_a_payee_not_in_the_file_is_refused(paid):
    with pytest.raises(X12Error, match="nowhere to go"):
        to_835(paid, provider_adjustments=[ProviderAdjustment("WO", D("1"), provider_id="9999999999")])


@given(st.lists(st.tuples(st.sampled_from(sorted(PLB_REASONS)), st.integers(-50000, 50000).filter(bool)),
                min_size=1, max_size=8))
def test_net_payment_is_claims_less_adjustments(pairs):
    adjs = [ProviderAdjustment(r, D(c) / 100) for r, c in pairs]
    assert net_payment([D("1000.00")], adjs) == D("1000.00") - sum(D(c) / 100 for _r, c in pairs)


def test_reversal_and_correction_are_paired_and_netted():
    case = rm.correction_case()
    assert validate(case.text) == [] and read_835(case.text).warnings == []
    pair = case.pairs().iloc[0]
    o, n = case.original, case.corrected
    assert pair["reversed_paid"] == -o.paid and pair["corrected_paid"] == n.paid
    assert pair["net_paid"] == n.paid - o.paid and pair["outcome"] == "corrected"
    assert pair["reversed_charge"] == -o.claim.total_charge
    assert case.corrected_claim.frequency_code == "7" and case.corrected_claim.claim_id == o.claim.claim_id
    claim = case.ledger().claims.iloc[0]
    # the claim now: the replacement's charge, the corrected payment, what the patient owes
    assert claim["paid"] == n.paid
    assert claim["balance"] == case.corrected_claim.total_charge - n.paid - claim["contractual"]
    assert claim["balance"] == n.patient_responsibility


def test_a_reversal_with_no_correction_is_a_take_back():
    case = rm.correction_case()
    reversal = corrections.reverse(case.original, on=case.corrected.paid_on)
    carried = carry_forward([reversal.paid], [], "TAKEBACK1")
    assert [(a.reason, a.amount) for a in carried] == [("FB", -case.original.paid)]
    text = to_835([reversal], provider_adjustments=carried)
    assert validate(text) == [] and read_835(text).warnings == []
    row = reversals.pair_reversals(read_835(text)).iloc[0]
    assert row["outcome"] == "taken back" and row["net_paid"] == -case.original.paid
    assert read_835(text).payments.loc[0, "amount"] == 0


def test_corrections_refuse_what_cannot_be_done():
    case = rm.correction_case()
    with pytest.raises(RuleError):
        corrections.reverse(case.reversal, on=case.reversal.paid_on)
    with pytest.raises(InputError):
        corrections.reverse(case.original, on=date(2000, 1, 1))
    with pytest.raises(RuleError):
        corrections.replacement(case.original.claim, claim_id="OTHER")
    with pytest.raises(RuleError):
        corrections.reprocess(case.original, replace(case.corrected_claim, claim_id="OTHER"), on="2026-09-01")


def test_the_recoupment_case_reconciles_and_shows_the_offset_claim():
    case = rm.recoupment_case()
    remit = case.remit
    assert validate(case.text) == [] and remit.warnings == []
    claims_paid = sum((r.paid for r in case.today), D("0"))
    interest = sum((li.interest for li in case.interest.values()), D("0"))
    assert remit.payments.loc[0, "amount"] == claims_paid - case.overpaid.paid + interest
    ledger = case.ledger()
    claims = ledger.claims.set_index("claim_id")
    offset = claims.loc[case.overpaid.claim.claim_id]
    assert offset["paid"] == 0 and offset["insurance_balance"] == case.overpaid.paid
    kinds = ledger.entries[ledger.entries["group"] == "PLB"]
    assert list(kinds["kind"]) == ["recoupment", "interest"]
    deposit = pd.DataFrame([{"trace_number": remit.payments.loc[0, "trace_number"],
                             "amount": str(remit.payments.loc[0, "amount"]), "deposited_on": "2026-04-06"},
                            {"trace_number": "OTHER1", "amount": "5.00", "deposited_on": "2026-04-06"}])
    matched = deposits.reassociate(remit, deposit)
    assert list(matched["status"]) == ["matched", "no ERA"]
    assert deposits.deposit_total(remit) == remit.payments.loc[0, "amount"]


def test_reassociation_flags_a_short_deposit_and_refuses_bad_tables():
    remit = rm.recoupment_case().remit
    trace = remit.payments.loc[0, "trace_number"]
    short = pd.DataFrame([{"trace_number": trace, "amount": "1.00", "deposited_on": "2026-04-06"}])
    assert deposits.reassociate(remit, short).loc[0, "status"] == "amount differs"
    with pytest.raises(InputError):
        deposits.reassociate(remit, pd.DataFrame({"trace": [trace]}))
    with pytest.raises(RevcycleError):
        deposits.reassociate(remit, pd.concat([short, short]))
    with pytest.raises(InputError):
        deposits.reconcile("not a remittance")  # type: ignore[arg-type]


def test_late_interest_counts_the_days_after_the_thirtieth():
    on_time = late_interest("100.00", "2026-03-01", "2026-03-31", "4.625")
    assert on_time.days_late == 0 and on_time.interest == 0
    late = late_interest("1000.00", "2026-03-01", "2026-04-10", "4.625")
    assert late.due_by == date(2026, 3, 31) and late.days_late == 10
    assert late.interest == (D("1000") * D("0.04625") * 10 / 365).quantize(D("0.01"))  # 1.267... -> 1.27
    with pytest.raises(InputError):
        late_interest("100.00", "2026-03-01", "2026-02-01", "4")
    with pytest.raises(InputError):
        late_interest(100.0, "2026-03-01", "2026-04-01", "4")


def test_reopening_windows_against_the_redetermination_deadline():
    w = reopening.windows("2026-04-03")
    assert w.redetermination_by == date(2026, 8, 6)  # 5 days' presumed receipt + 120
    assert w.reopen_any_reason_by == date(2027, 4, 3) and w.reopen_good_cause_by == date(2030, 4, 3)
    assert w.open_on("2026-09-01") == ["reopening for any reason", "reopening for good cause",
                                       "reopening for fraud or similar fault"]
    assert w.open_on("2028-01-01")[0] == "reopening for good cause"
    with pytest.raises(InputError):
        w.open_on("2026-01-01")
    with pytest.raises(InputError):
        reopening.windows("soon")


def test_add_years_handles_leap_days():
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)
    assert add_years("2026-04-03", -1) == date(2025, 4, 3)
    with pytest.raises(InputError):
        add_years(date(2026, 1, 1), 1.5)  # type: ignore[arg-type]


def test_the_chapter_replacement_claim_is_written_as_an_837p_naming_the_claim_it_replaces():
    """The commercial correction case's frequency-7 claim carries the payer's claim number of the original in
    REF*F8, so the 837P can be sent (and passes pyx12)."""
    from revcycle.practice import remittances as cases
    from revcycle.x12 import to_837p, validate

    case = cases.correction_case()
    claim = case.corrected_claim
    assert claim.frequency_code == "7" and claim.original_reference == case.original.payer_claim_id
    text = to_837p([claim])
    assert validate(text) == []
    assert f"REF*F8*{case.original.payer_claim_id}~" in text.replace("\n", "")
