"""Medicare PFS amounts from the shipped CY2026 RVU and GPCI files, checked against FACTS to the cent."""

import gzip
from decimal import Decimal
from importlib import resources

import pytest

from revcycle.core.errors import CodeFormatError, InputError, RevcycleError, RuleError
from revcycle.payment import fees
from revcycle.payment.fees import (
    conversion_factor,
    find_localities,
    get_locality,
    locality_table,
    pfs_amount,
    pfs_payment,
    rvu_record,
)

D = Decimal


# --- the FACTS examples, to the cent ------------------------------------------------------------


def test_99213_2026_national_non_facility():
    p = pfs_payment("99213")
    assert p.payment == D("95.19")
    assert p.unrounded == D("95.192565")
    assert p.conversion_factor == D("33.4009")
    assert p.locality_id == "national"
    assert (p.gpcis.work, p.gpcis.pe, p.gpcis.mp) == (D(1), D(1), D(1))


def test_99213_2026_national_facility():
    p = pfs_payment("99213", setting="facility")
    assert p.payment == D("57.45")
    assert p.total_adjusted_rvus == D("1.72")


def test_99213_2025_from_explicit_2025_rvus():
    cf = conversion_factor(2025)
    assert cf == D("32.3465")
    assert pfs_amount(("1.30", "1.35", "0.10"), conversion_factor=cf).amount == D("88.95")
    assert pfs_amount((D("1.30"), D("0.57"), D("0.10")), conversion_factor=cf).amount == D("63.72")


def test_money_is_decimal_everywhere():
    p = pfs_payment("99214")
    for value in (p.payment, p.unrounded, p.conversion_factor, p.total_adjusted_rvus, p.work_adjusted):
        assert isinstance(value, Decimal)


def test_rounding_happens_once_at_the_end():
    # 2.75 x 32.3465 = 88.952875: rounding only the final product gives 88.95.
    a = pfs_amount(("1.30", "1.35", "0.10"), conversion_factor="32.3465")
    assert a.unrounded == D("88.952875")
    # Half-up at exactly half a cent.
    assert pfs_amount(("1", "0", "0"), conversion_factor="0.125").amount == D("0.13")


# --- real values from the shipped files ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "work", "nonfac", "fac", "mp"),
    [("99213", "1.30", "1.46", "0.33", "0.09"), ("99214", "1.92", "2.00", "0.47", "0.14")],
)
def test_real_rvus(code, work, nonfac, fac, mp):
    r = rvu_record(code)
    assert (r.work, r.nonfacility_pe, r.facility_pe, r.mp) == (D(work), D(nonfac), D(fac), D(mp))
    assert r.status == "A" and r.global_days == "XXX"


def test_real_gpcis():
    (alaska,) = find_localities("Alaska")
    assert alaska.gpcis.work == D("1.500")
    alabama = get_locality("10112-00")
    assert alabama.state == "AL"
    assert (alabama.gpcis.work, alabama.gpcis.pe, alabama.gpcis.mp) == (D("1.000"), D("0.875"), D("0.566"))


def test_locality_payment_uses_every_gpci():
    p = pfs_payment("99213", locality="10112-00")
    expected = (D("1.30") * D("1.000") + D("1.46") * D("0.875") + D("0.09") * D("0.566")) * D("33.4009")
    assert p.unrounded == expected
    assert p.total_adjusted_rvus == D("2.62844")  # 1.30 + 1.2775 + 0.05094
    assert p.payment == D("87.79")  # 2.62844 x 33.4009 = 87.7922...
    assert p.locality_name == "ALABAMA (AL)"


def test_qualifying_apm_factor():
    assert conversion_factor(2026, qualifying_apm=True) == D("33.5675")
    assert pfs_payment("99213", qualifying_apm=True).payment == (D("2.85") * D("33.5675")).quantize(D("0.01"))


def test_year_2025_uses_2026_rvus_and_says_so():
    p = pfs_payment("99213", year=2025)
    assert p.conversion_factor == D("32.3465")
    assert p.rvus.pe == D("1.46") and p.rvu_year == 2026
    assert "not the amount Medicare paid" in p.note
    assert pfs_payment("99213").note == ""


def test_modifier_rows_split_the_global_service():
    whole = pfs_payment("71046")
    pro = pfs_payment("71046", modifier="26")
    tech = pfs_payment("71046", modifier="-tc")
    assert pro.modifier == "26" and tech.modifier == "TC"
    assert pro.rvus.work > 0 and tech.rvus.work == 0
    assert whole.rvus.work == pro.rvus.work + tech.rvus.work


def test_locality_table():
    table = locality_table()
    assert len(table) == 98
    assert table["locality_id"].is_unique
    assert set(table.columns) >= {"locality_id", "name", "state", "work_gpci", "pe_gpci", "mp_gpci"}
    assert table.loc[table.state == "AK", "work_gpci"].item() == 1.5


def test_every_locality_key_round_trips():
    for loc in fees.localities():
        assert get_locality(loc.key) is loc


def test_shipped_files_are_complete():
    data = resources.files("revcycle").joinpath("data")
    rvu = gzip.decompress(data.joinpath("pfs_rvu_2026.csv.gz").read_bytes()).decode().splitlines()
    assert len(rvu) == 19_356 + 1
    assert "description" not in rvu[0].lower()
    gpci = gzip.decompress(data.joinpath("gpci_2026.csv.gz").read_bytes()).decode().splitlines()
    assert len(gpci) == 98 + 1


# --- errors a learner can cause ------------------------------------------------------------------


def test_unknown_code():
    with pytest.raises(RuleError, match="not in the CY2026"):
        pfs_payment("99999")


@pytest.mark.parametrize("bad", ["9921", "99213-25", "", None, 99213])
def test_malformed_code(bad):
    with pytest.raises(CodeFormatError):
        pfs_payment(bad)


def test_code_is_normalized():
    assert pfs_payment(" g0439 ").code == "G0439"


@pytest.mark.parametrize(("code", "status"), [("J1100", "E"), ("0054T", "C"), ("36415", "X")])
def test_code_without_payment(code, status):
    with pytest.raises(RuleError, match=f"status {status}"):
        pfs_payment(code)


def test_payable_status_with_zero_rvus():
    assert rvu_record("15824").status == "R"
    with pytest.raises(RuleError, match="RVUs are zero"):
        pfs_payment("15824")


@pytest.mark.parametrize("bad", ["99999-00", "10112", "Alabama", 10112, "10112-00-TX"])
def test_bad_locality(bad):
    with pytest.raises(InputError):
        pfs_payment("99213", locality=bad)


def test_ambiguous_locality_says_how_to_choose():
    with pytest.raises(InputError, match="05102-00-IA"):
        get_locality("05102-00")
    assert get_locality("05102-00-ia").name == "IOWA"


@pytest.mark.parametrize("bad", ["office", "Facility", None])
def test_bad_setting(bad):
    with pytest.raises(InputError, match="non-facility"):
        pfs_payment("99213", setting=bad)


def test_bad_year_and_apm():
    with pytest.raises(InputError, match="2025, 2026"):
        pfs_payment("99213", year=2024)
    with pytest.raises(InputError):
        pfs_payment("99213", qualifying_apm="yes")


@pytest.mark.parametrize(("modifier", "fragment"), [("25", "not modelled"), ("26", "modifier=None")])
def test_bad_modifier(modifier, fragment):
    with pytest.raises(InputError, match=fragment):
        pfs_payment("99213", modifier=modifier)


def test_pfs_amount_bad_input():
    with pytest.raises(RevcycleError, match="conversion factor"):
        pfs_amount(("1", "1", "1"))
    with pytest.raises(RevcycleError, match="three numbers"):
        pfs_amount(("1", "1"), conversion_factor="30")
    with pytest.raises(RevcycleError, match="zero or more"):
        pfs_amount(("-1", "1", "1"), conversion_factor="30")


def test_find_localities():
    assert {loc.name for loc in find_localities("tx")} >= {"HOUSTON", "REST OF TEXAS"}
    assert [loc.state for loc in find_localities("miami")] == ["FL"]
    with pytest.raises(InputError):
        find_localities("  ")
