"""Revenue-cycle KPIs: days in A/R, clean-claim, first-pass, denial and net collection rates."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from revcycle import synthetic
from revcycle.ar import kpi, post
from revcycle.core.errors import InputError
from revcycle.x12 import read_835, to_835

D = Decimal
AS_OF = date(2026, 9, 30)


@pytest.fixture(scope="module")
def books():
    claims = synthetic.claims(400, seed=3, error_rate=0.1)
    remit = read_835(to_835(claims, seed=3, paid_through=AS_OF))
    return claims, remit, post(remit, claims)


def test_days_in_ar_formula():
    assert kpi.days_in_ar("45000.00", "135000.00", 90) == D("30.0")
    assert kpi.days_in_ar("1000", "3000", 30) == D("10.0")
    with pytest.raises(InputError):
        kpi.days_in_ar("1000", "0", 90)
    with pytest.raises(InputError):
        kpi.days_in_ar("1000", "100", 0)


@pytest.mark.parametrize(("balance", "charges", "days"), [
    ("abc", "100", 90), ("100", "NaN", 90), ("1e30", "100", 90), (100.0, "100", 90), ("100", "-5", 90),
    ("100", "100", 90.0), ("100", "100", True), ("100", "100", 10**9), (None, "100", 90),
])
def test_days_in_ar_refuses_what_it_cannot_read(balance, charges, days):
    with pytest.raises(InputError):
        kpi.days_in_ar(balance, charges, days)


def test_days_in_ar_rounds_half_up():
    assert kpi.days_in_ar("1", "80", 1) == D("0.0")  # 0.0125
    assert kpi.days_in_ar("1", "16", 1) == D("0.1")  # 0.0625: half up, not half even (0.0)
    assert kpi.days_in_ar("$1,000.00", "3,000.00", 30) == D("10.0")


@pytest.mark.parametrize("bad", ["abc", 1.5, None, True, "NaN", "-1", "1e30", [1]])
def test_rate_parts_are_read_by_one_reader(bad):
    with pytest.raises(InputError):
        kpi.rate("x", bad, 3)
    with pytest.raises(InputError):
        kpi.rate("x", 1, bad)


def test_rate_parts_and_rounding():
    r = kpi.rate("x", 1, 3)
    assert r.percent == D("33.3") and (r.numerator, r.denominator) == (1, 3)
    assert kpi.rate("x", 2, 3).percent == D("66.7")
    assert kpi.rate("x", 0, 0).percent == D("0.0")
    assert kpi.rate("x", 1, 16).percent == D("6.3")  # 6.25 rounds half up
    assert kpi.rate("x", "12.50", D("100")).percent == D("12.5")
    with pytest.raises(InputError):
        kpi.rate("x", -1, 3)


def test_days_in_ar_from_a_ledger(books):
    _claims, _remit, ledger = books
    dar = kpi.days_in_ar_for(ledger, AS_OF)
    assert dar.days == kpi.days_in_ar(dar.ar_balance, dar.period_charges, 90)
    assert dar.ar_balance > 0 and dar.period_charges > 0


def test_first_pass_and_denial_rates_add_up(books):
    _claims, remit, _ledger = books
    first, denied = kpi.first_pass_rate(remit), kpi.denial_rate(remit)
    assert first.denominator == denied.denominator
    assert first.numerator + denied.numerator == first.denominator


def test_clean_claim_rate_counts_fatal_findings():
    clean = synthetic.claims(20, seed=1)
    assert kpi.clean_claim_rate(clean).percent == D("100.0")
    broken = [*clean[:19], replace(clean[19], total_charge=clean[19].total_charge + 1)]
    r = kpi.clean_claim_rate(broken)
    assert (r.numerator, r.denominator, r.percent) == (19, 20, D("95.0"))
    with pytest.raises(InputError):
        kpi.clean_claim_rate([])


def test_net_collection_rate_and_scorecard(books):
    claims, remit, ledger = books
    t = ledger.totals()
    r = kpi.net_collection_rate(ledger)
    assert r.numerator == t["paid"] + t["patient_paid"]
    assert r.denominator == t["charge"] - t["contractual"]
    older = kpi.net_collection_rate(ledger, service_through=date(2026, 6, 30))
    assert older.denominator < r.denominator
    card = kpi.scorecard(ledger, remit, claims, AS_OF)
    assert list(card["measure"]) == ["days in A/R", "clean-claim rate", "first-pass rate", "denial rate",
                                     "net collection rate", "A/R over 120 days"]
    assert 0 <= kpi.ar_over(ledger, AS_OF).percent <= 100
