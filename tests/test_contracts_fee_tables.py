"""Contract arithmetic (percent of Medicare, lesser-of, capitation) and the fee schedule tables."""

from decimal import Decimal

import pytest

from revcycle.claims import ServiceLine
from revcycle.core.errors import CodeFormatError, DataError, InputError
from revcycle.payment import fee_tables, fees
from revcycle.payment.adjudication import allowed_amount
from revcycle.payment.contracts import PercentOfMedicare, capitation
from revcycle.synthetic import PLAN_TERMS

D = Decimal


@pytest.mark.parametrize("code", ["99213", "99214", "20610", "11102", "93000", "45380"])
def test_percent_of_medicare_matches_the_synthetic_payer(code):
    terms = PLAN_TERMS["SYNEHP"]
    contract = PercentOfMedicare("PPO", terms.fee_multiplier * 100)
    line = ServiceLine(code, "9999.00", "2026-03-02")
    assert contract.price(code, charge="9999.00").allowed == allowed_amount(line, terms, medicare=False)[0]


def test_lesser_of_charge_and_rate():
    ppo = PercentOfMedicare("PPO", "130")
    assert ppo.price("99213").rate == D("123.75")
    low = ppo.price("99213", charge="100.00")
    assert (low.allowed, low.basis) == (D("100.00"), "billed charge")
    carve = PercentOfMedicare("PPO", 130, fixed_fees={"93000": "25.00"})
    assert carve.price("93000", units=2).rate == D("50.00")
    assert carve.price("93000").basis == "fixed fee"
    with pytest.raises(InputError):
        PercentOfMedicare("none", 0)
    with pytest.raises(InputError):
        ppo.price("99213", units=0)
    with pytest.raises(InputError):
        ppo.price("99213", charge=150.0)


def test_allowed_amount_prices_by_the_fee_schedule_or_the_charge():
    terms = PLAN_TERMS["SYNEHP"]
    lab = ServiceLine("80053", "40.00", "2026-03-02")  # not in the PFS file: a share of the charge
    assert allowed_amount(lab, terms, medicare=False) == (D("22.00"), "")
    unknown_mod = ServiceLine("99213", "150.00", "2026-03-02", modifiers="TC")  # no 99213-TC row
    assert allowed_amount(unknown_mod, terms, medicare=False) == (D("82.50"), "")
    with pytest.raises(CodeFormatError):
        allowed_amount(ServiceLine("992", "150.00", "2026-03-02"), terms, medicare=False)


def test_capitation_month():
    month = capitation(1200, "42.00", visits=300, fee_per_visit="123.75")
    assert (month.payment, month.per_visit) == (D("50400.00"), D("168.00"))
    assert (month.fee_for_service_value, month.difference) == (D("37125.00"), D("13275.00"))
    assert capitation(10, "5.00").per_visit is None
    with pytest.raises(InputError):
        capitation(-1, "5.00")


def test_year_compare_reproduces_the_99213_figures():
    table = fee_tables.year_compare("99213")
    got = {(str(y), s): p for y, s, p in zip(table["year"], table["setting"], table["payment"], strict=True)}
    assert got[("2025", "non-facility")] == D("88.95") and got[("2025", "facility")] == D("63.72")
    assert got[("2026", "non-facility")] == D("95.19") and got[("2026", "facility")] == D("57.45")
    assert got[("2026 (QP)", "non-facility")] == D("95.67")
    with pytest.raises(DataError):
        fee_tables.year_compare("99214")


def test_across_localities_and_spread():
    frame = fee_tables.across_localities("99213")
    assert len(frame) == len(fees.localities())
    assert list(frame["payment"]) == sorted(frame["payment"])
    s = fee_tables.spread(frame)
    assert s["lowest"] == frame["payment"].iloc[0] and s["highest"] == frame["payment"].iloc[-1]
    assert s["lowest"] <= s["median"] <= s["highest"]


def test_compare_and_gpci_tables():
    table = fee_tables.compare(["99213"], [None, "10112-00"])
    assert list(table.loc["99213"]) == [D("95.19"), fees.pfs_payment("99213", locality="10112-00").payment]
    gp = fee_tables.gpci_table(["10112-00"])
    assert gp.loc[0, "pe_gpci"] == fees.get_locality("10112-00").gpcis.pe
