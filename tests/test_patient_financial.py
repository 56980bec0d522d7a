"""revcycle.patient_financial: good faith estimate and PPDR timing, the statement calendar with 501(r) dates, payment
plans, patient-balance aging, credit balances, Regulation F's call limits and the credit bureaus' medical-debt policy.

Expected dates are worked out by hand on a 2026 calendar (March 2, 2026 is a Monday); expected money is summed from
the ledger with plain Decimal arithmetic, not by calling the engine again.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.errors import InputError, RevcycleError, RuleError
from revcycle.patient_financial import balances, debt_collection, estimates, plans, statements

D = Decimal
MON = date(2026, 3, 2)


# --------------------------------------------------------------------------- good faith estimates


def test_business_days_skip_weekends_and_closed_days():
    assert MON.weekday() == 0
    assert estimates.business_days_between(MON, date(2026, 3, 9)) == 5  # Tue..Fri and the next Monday
    assert estimates.add_business_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday + 1 = Monday
    assert estimates.add_business_days("2026-07-02", 1, closed=["2026-07-03"]) == date(2026, 7, 6)
    assert estimates.add_business_days(MON, 0) == MON


@pytest.mark.parametrize(("scheduled", "service", "requested", "lead", "due"), [
    (MON, date(2026, 3, 5), False, 3, date(2026, 3, 3)),          # Mon for Thu: 3 ahead, 1 business day
    (date(2026, 3, 6), date(2026, 3, 20), False, 10, date(2026, 3, 11)),  # Fri for Fri+2 weeks: 10 ahead, 3 days
    (MON, date(2026, 3, 13), False, 9, date(2026, 3, 3)),         # 9 ahead: still the 1-day tier
    (MON, date(2026, 3, 4), False, 2, None),                      # 2 ahead, not requested: none required
    (MON, date(2026, 3, 4), True, 2, date(2026, 3, 5)),           # ...but asked for: 3 business days
])
def test_gfe_due_dates(scheduled, service, requested, lead, due):
    got = estimates.gfe_due(scheduled, service, requested=requested)
    assert got.lead_business_days == lead
    assert got.due == due and got.required is (due is not None)
    assert got.rule == "45 CFR 149.610(b)(1)"


def test_a_request_with_nothing_scheduled_is_due_in_three_business_days():
    got = estimates.gfe_due("2026-03-05", requested=True)  # Thursday
    assert got.due == date(2026, 3, 10) and got.service is None


def test_a_holiday_moves_the_due_date():
    # scheduled Thursday July 2 for July 16; the office is closed Friday July 3
    got = estimates.gfe_due("2026-07-02", "2026-07-16", closed=["2026-07-03"])
    assert got.lead_business_days == 9 and got.due == date(2026, 7, 6)


@pytest.mark.parametrize(("estimate", "billed", "excess", "qualifies"), [
    ("1,200.00", "1,600.00", D("400.00"), True),
    ("1200.00", "1599.99", D("399.99"), False),
    ("900", "2,350.50", D("1450.50"), True),
    ("900", "850", D("-50.00"), False),
])
def test_ppdr_needs_at_least_400_more_than_the_estimate(estimate, billed, excess, qualifies):
    got = estimates.ppdr_check(estimate, billed, "2026-05-01")
    assert got.excess == excess and got.substantially_in_excess is qualifies
    assert got.last_day == date(2026, 8, 29)  # May 1 + 120 calendar days
    assert got.timely is None and got.eligible is qualifies


def test_ppdr_deadline_is_120_calendar_days_after_the_bill_is_received():
    assert estimates.ppdr_check("500", "1000", "2026-05-01", on="2026-08-29").eligible
    late = estimates.ppdr_check("500", "1000", "2026-05-01", on="2026-08-30")
    assert late.timely is False and not late.eligible


@pytest.mark.parametrize("call", [
    lambda: estimates.gfe_due("2026-03-09", "2026-03-02"),
    lambda: estimates.gfe_due("2026-03-09"),
    lambda: estimates.gfe_due("March 9", "2026-03-20"),
    lambda: estimates.gfe_due("2026-03-09", "2026-03-20", requested="yes"),
    lambda: estimates.ppdr_check(1200.0, "1600", "2026-05-01"),
    lambda: estimates.ppdr_check("-1", "1600", "2026-05-01"),
    lambda: estimates.ppdr_check("100", "600", "2026-05-01", on="2026-04-01"),
    lambda: estimates.add_business_days(MON, -1),
    lambda: estimates.business_days_between(MON, MON, closed="2026-03-03"),
])
def test_bad_input_gets_a_clear_error(call):
    with pytest.raises(InputError):
        call()


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(0, 40))
def test_property_adding_then_counting_business_days_round_trips(start, n):
    end = estimates.add_business_days(start, n)
    assert estimates.business_days_between(start, end) == n
    assert n == 0 or end.weekday() < 5


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(0, 60), st.booleans())
def test_property_a_gfe_is_due_on_a_business_day_within_three_business_days(scheduled, ahead, requested):
    got = estimates.gfe_due(scheduled, scheduled + timedelta(days=ahead), requested=requested)
    if got.required:
        assert got.due is not None and got.due.weekday() < 5 and got.due > scheduled
        assert estimates.business_days_between(scheduled, got.due) <= 3
    else:
        assert got.lead_business_days is not None and got.lead_business_days < 3 and not requested


@given(st.integers(0, 10**8), st.integers(0, 10**8))
def test_property_ppdr_threshold_is_exactly_400_dollars(est_cents, bill_cents):
    est, bill = D(est_cents) / 100, D(bill_cents) / 100
    got = estimates.ppdr_check(str(est), str(bill), "2026-01-15")
    assert got.substantially_in_excess is (bill_cents - est_cents >= 40000)


# --------------------------------------------------------------------------- statements and 501(r)


def test_the_practice_calendar():
    cal = statements.dunning_calendar("2026-04-01")
    assert [(s.day, s.step) for s in cal.steps] == [
        (0, "first statement"), (30, "reminder statement 1"), (60, "reminder statement 2"), (90, "final notice"),
        (120, "refer to collections")]
    assert cal.steps[-1].on == date(2026, 7, 30)
    assert cal.earliest_eca is None and cal.application_period_ends is None


def test_a_501r_hospital_waits_120_days_and_30_days_after_the_notice():
    cal = statements.dunning_calendar("2026-04-01", hospital_501r=True)
    assert cal.eca_notice == date(2026, 6, 30)  # sent with the final notice, day 90
    assert cal.earliest_eca == date(2026, 7, 30)  # day 120 (notice + 30 is also July 30)
    assert cal.application_period_ends == date(2026, 11, 27)  # day 240
    late_notice = statements.dunning_calendar("2026-04-01", hospital_501r=True, eca_notice="2026-07-15")
    assert late_notice.earliest_eca == date(2026, 8, 14)  # notice + 30 is later than day 120
    assert any(s.step == "written ECA notice" for s in late_notice.steps)
    days = [s.day for s in late_notice.steps]
    assert days == sorted(days)


def test_stage_on_a_date():
    cal = statements.dunning_calendar("2026-04-01")
    assert statements.stage_on(cal, "2026-03-31") is None
    assert statements.stage_on(cal, "2026-06-01").step == "reminder statement 2"


@pytest.mark.parametrize("kw", [{"interval": 0}, {"reminders": -1}, {"collections_after": 90},
                                {"hospital_501r": "yes"}, {"hospital_501r": True, "eca_notice": "2026-03-01"}])
def test_calendar_bad_input(kw):
    with pytest.raises(InputError):
        statements.dunning_calendar("2026-04-01", **kw)


# --------------------------------------------------------------------------- payment plans


def test_equal_installments_with_the_odd_cents_last():
    plan = plans.payment_plan("1,000.00", "2026-01-31", months=3)
    assert [i.amount for i in plan.installments] == [D("333.33"), D("333.33"), D("333.34")]
    assert [i.due for i in plan.installments] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert plan.installments[-1].balance_after == 0


def test_a_fixed_payment_sets_the_number_of_months():
    plan = plans.payment_plan("640.00", "2026-10-15", payment="75.00")
    assert plan.months == 9 and plan.regular == D("75.00") and plan.last == D("40.00")  # 8 x 75 + 40


def test_policy_limits():
    with pytest.raises(RuleError):
        plans.payment_plan("640.00", "2026-10-15", payment="25.00", max_months=12)
    with pytest.raises(RuleError):
        plans.payment_plan("100.00", "2026-10-15", months=10, minimum_payment="25.00")
    for bad in ({"months": 3, "payment": "10"}, {}, {"months": 0}, {"payment": "0"}, {"payment": 10.5}):
        with pytest.raises(InputError):
            plans.payment_plan("100.00", "2026-10-15", **bad)
    with pytest.raises(InputError):
        plans.payment_plan("0.02", "2026-10-15", months=3)


@given(st.integers(1, 10**7), st.integers(1, 60), st.dates(date(2025, 1, 1), date(2030, 12, 31)))
def test_property_installments_add_up_to_the_balance(cents, months, first):
    balance = D(cents) / 100
    if months > cents:
        with pytest.raises(InputError):
            plans.payment_plan(str(balance), first, months=months)
        return
    plan = plans.payment_plan(str(balance), first, months=months)
    amounts = [i.amount for i in plan.installments]
    assert sum(amounts) == balance and len(amounts) == months
    assert len(set(amounts[:-1])) <= 1 and all(a >= D("0.01") for a in amounts)
    assert amounts[-1] - amounts[0] < D("0.01") * months
    assert all(i.due.day <= first.day for i in plan.installments)


@given(st.integers(1, 10**6), st.integers(1, 10**5))
def test_property_a_fixed_payment_plan_never_overpays(cents, pay_cents):
    if -(-cents // pay_cents) > plans.LONGEST_PLAN:
        with pytest.raises(InputError):
            plans.payment_plan(str(D(cents) / 100), "2026-01-01", payment=str(D(pay_cents) / 100))
        return
    plan = plans.payment_plan(str(D(cents) / 100), "2026-01-01", payment=str(D(pay_cents) / 100))
    amounts = [i.amount for i in plan.installments]
    assert sum(amounts) == D(cents) / 100
    assert all(a == amounts[0] for a in amounts[:-1]) and 0 < amounts[-1] <= amounts[0]


# --------------------------------------------------------------------------- the ledger and aging


@pytest.fixture(scope="module")
def ledger():
    return balances.patient_ledger(400, seed=0)


def test_the_ledger_is_seeded_and_synthetic(ledger):
    again = balances.patient_ledger(400, seed=0)
    assert ledger.equals(again)
    assert not ledger.equals(balances.patient_ledger(400, seed=1))
    assert len(ledger) == 400 and "State Medicaid Program (synthetic)" not in set(ledger["payer"])
    for row in ledger.itertuples():
        assert row.balance == row.patient_responsibility - row.patient_paid - row.payer_overpaid
        assert row.first_statement > row.service_date
        assert row.first_statement <= __import__("pandas").Timestamp(balances.AS_OF)
    assert {"open", "paid", "plan", "credit"} <= set(ledger["status"])


def _bucket(days: int) -> str:
    return "0-30" if days <= 30 else "31-60" if days <= 60 else "61-90" if days <= 90 else \
        "91-120" if days <= 120 else "120+"


@pytest.mark.parametrize("basis", ["statement", "service"])
def test_patient_aging_matches_an_independent_count(ledger, basis):
    table = balances.patient_aging(ledger, basis=basis)
    col = "first_statement" if basis == "statement" else "service_date"
    expected: dict[str, list] = {}
    for row in ledger.itertuples():
        if row.balance > 0:
            age = (balances.AS_OF - getattr(row, col).date()).days
            expected.setdefault(_bucket(age), []).append(row.balance)
    for row in table.itertuples():
        if row.bucket == "total":
            assert row.balance == sum((b for v in expected.values() for b in v), D(0))
            assert row.accounts == sum(len(v) for v in expected.values())
        else:
            assert row.balance == sum(expected.get(row.bucket, []), D(0))
            assert row.accounts == len(expected.get(row.bucket, []))


def test_open_accounts_carry_their_stage(ledger):
    rows = balances.open_accounts(ledger)
    assert (rows["balance"] > 0).all()
    plan_accounts = set(ledger.loc[ledger["status"] == "plan", "account"])
    for row in rows.itertuples():
        if row.account in plan_accounts:
            assert row.stage == "payment plan"
        elif row.age_days > 120:
            assert row.stage == "refer to collections"
        elif row.age_days < 30:
            assert row.stage == "first statement"


def test_credit_balances_and_refund_dates(ledger):
    credits = balances.credit_balances(ledger)
    assert len(credits) == (ledger["balance"] < 0).sum() > 0
    assert all(c > 0 for c in credits["credit"])
    assert sum(credits["credit"], D(0)) == -sum((b for b in ledger["balance"] if b < 0), D(0))
    medicare = balances.refund_due("85.00", "2026-09-30", owner="medicare")
    assert medicare.due == date(2026, 11, 29)  # 60 days
    suspended = balances.refund_due("85.00", "2026-09-30", owner="medicare", investigation_ended="2026-10-30")
    assert suspended.due == date(2026, 12, 29) and "suspended" in suspended.rule
    assert balances.refund_due("12.50", "2026-09-30", owner="patient").due == date(2026, 10, 30)
    for bad in ({"owner": "bank"}, {"owner": "patient", "policy_days": 0},
                {"owner": "payer", "investigation_ended": "2026-10-01"}):
        with pytest.raises(InputError):
            balances.refund_due("12.50", "2026-09-30", **bad)
    with pytest.raises(InputError):
        balances.refund_due("0", "2026-09-30", owner="patient")


@pytest.mark.parametrize("call", [lambda: balances.patient_ledger(0), lambda: balances.patient_ledger(True),
                                  lambda: balances.patient_ledger(10, as_of="2026-01-15"),
                                  lambda: balances.patient_aging("not a ledger"),
                                  lambda: balances.patient_aging(balances.patient_ledger(5), basis="billed")])
def test_ledger_bad_input(call):
    with pytest.raises(RevcycleError):
        call()


# --------------------------------------------------------------------------- Regulation F and credit reporting


def test_seven_calls_in_seven_days():
    days = [MON + timedelta(days=k) for k in range(7)]  # one call a day, Monday to Sunday
    assert debt_collection.call_check(MON + timedelta(days=6), calls=days[:6]).allowed  # the 7th
    eighth = debt_collection.call_check(MON + timedelta(days=6), calls=days)
    assert not eighth.allowed and eighth.calls_in_window == 7
    assert debt_collection.call_check(MON + timedelta(days=7), calls=days).allowed  # Monday's call left the window


def test_no_call_for_seven_days_after_a_conversation():
    talk = date(2026, 3, 4)  # day 1 of the seven
    assert not debt_collection.call_check("2026-03-10", conversations=[talk]).allowed  # day 7
    assert debt_collection.call_check("2026-03-11", conversations=[talk]).allowed  # day 8
    assert debt_collection.call_check("2026-03-10", conversations=[talk]).conversation_block_until == date(2026, 3, 10)


@given(st.lists(st.dates(date(2026, 1, 1), date(2026, 1, 31)), max_size=30), st.dates(date(2026, 1, 1),
                                                                                       date(2026, 2, 10)))
def test_property_call_check_counts_the_seven_day_window(calls, on):
    got = debt_collection.call_check(on, calls=calls)
    window = [d for d in calls if on - timedelta(days=6) <= d <= on]
    assert got.calls_in_window == len(window)
    assert got.allowed is (len(window) < 7)


@pytest.mark.parametrize(("amount", "since", "as_of", "paid", "reported"), [
    ("650.00", "2025-03-01", "2026-03-01", False, True),   # a year to the day
    ("650.00", "2025-03-01", "2026-02-28", False, False),  # not yet a year
    ("499.99", "2024-01-01", "2026-03-01", False, False),  # under $500
    ("5000.00", "2024-01-01", "2026-03-01", True, False),  # paid
])
def test_bureaus_medical_debt_policy(amount, since, as_of, paid, reported):
    assert debt_collection.bureaus_would_report(amount, since, as_of, paid=paid).reportable is reported


def test_collection_bad_input():
    with pytest.raises(InputError):
        debt_collection.call_check("2026-03-04", calls="2026-03-03")
    with pytest.raises(InputError):
        debt_collection.bureaus_would_report("650", "2026-03-01", "2026-01-01")
    with pytest.raises(InputError):
        debt_collection.bureaus_would_report(650.0, "2025-03-01", "2026-03-01")
