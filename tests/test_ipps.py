"""revcycle.payment.ipps: the shipped Table 5 rows, the operating payment arithmetic, the two-midnight count and
the input parsers (property tests)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.errors import InputError
from revcycle.payment import ipps

# Table 5 of the FY 2026 IPPS final rule, as read from the verbatim copy recorded in data/PROVENANCE.md.
TABLE5 = {"001": ("28.0239", "25.8", "36.2"), "291": ("1.2838", "3.8", "5.0"), "470": ("1.9289", "1.9", "2.2"),
          "871": ("1.9425", "4.8", "6.4"),
          # added with the inpatient-coding chapter's teaching grouper, from a second verbatim copy (PROVENANCE.md)
          "193": ("1.3144", "3.9", "4.9"), "194": ("0.8059", "2.8", "3.4"), "195": ("0.6285", "2.2", "2.7"),
          "292": ("0.8490", "2.9", "3.7"), "293": ("0.5660", "2.1", "2.5"), "872": ("1.0233", "3.4", "4.2")}


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_subset_is_the_verified_table5_rows():
    assert {d.ms_drg for d in ipps.drgs()} == set(TABLE5)
    for record in ipps.drgs():
        weight, gmlos, amlos = TABLE5[record.ms_drg]
        assert (record.weight, record.gmlos, record.amlos) == (Decimal(weight), Decimal(gmlos), Decimal(amlos))
        assert record.type in ("MED", "SURG")
        assert record.title and record.title.upper() != record.title  # the book's words, not CMS's capitals


# Tables 1A and 1B of the FY 2026 IPPS final rule, full-update column, as recorded in data/PROVENANCE.md.
TABLE1A = (Decimal("4456.72"), Decimal("2295.89"))  # wage index above 1, 66 percent labor
TABLE1B = (Decimal("4186.62"), Decimal("2565.99"))  # wage index 1 or below, 62 percent labor


def test_the_shipped_rates_are_table_1a_and_1b_as_printed():
    rates = ipps.FY2026_RATES
    assert not rates.illustrative and "CMS-1833-F" in rates.source and "1A" in rates.source
    assert (rates.labor_high, rates.nonlabor_high) == TABLE1A
    assert (rates.labor_low, rates.nonlabor_low) == TABLE1B
    assert sum(TABLE1A) == sum(TABLE1B) == rates.standardized_amount == Decimal("6752.61")
    assert (rates.labor_share_high, rates.labor_share_low) == (Decimal("0.66"), Decimal("0.62"))
    # the printed amounts are the stated shares of the whole, to the cent
    assert cents(Decimal("6752.61") * Decimal("0.66")) == TABLE1A[0]
    assert cents(Decimal("6752.61") * Decimal("0.62")) == TABLE1B[0]
    assert not hasattr(ipps, "TEACHING_RATES")


def test_drg_470_at_the_national_wage_index_by_hand():
    p = ipps.operating_payment(470)
    assert p.labor_share == Decimal("0.62")  # a wage index of exactly 1 takes Table 1B
    assert (p.labor_amount, p.nonlabor_amount) == TABLE1B
    # (4,186.62 x 1 + 2,565.99) x 1.9289 = 6,752.61 x 1.9289 = 13,025.1094... -> 13,025.11
    assert p.payment == Decimal("13025.11") == cents(Decimal("6752.61") * Decimal("1.9289"))
    assert p.steps()[-1][1] == p.payment


def test_drg_470_above_one_uses_table_1a_by_hand():
    p = ipps.operating_payment("470", "1.1000")
    assert p.labor_share == Decimal("0.66") and (p.labor_amount, p.nonlabor_amount) == TABLE1A
    # 4,456.72 x 1.1 = 4,902.392; + 2,295.89 = 7,198.282; x 1.9289 = 13,884.7661... -> 13,884.77
    assert p.wage_adjusted_labor == Decimal("4902.392") and p.adjusted_rate == Decimal("7198.282")
    assert p.payment == Decimal("13884.77")


def test_drg_291_below_one_uses_table_1b_by_hand():
    p = ipps.operating_payment("291", "0.9000")
    # 4,186.62 x 0.9 = 3,767.958; + 2,565.99 = 6,333.948; x 1.2838 = 8,131.522... -> 8,131.52
    assert p.adjusted_rate == Decimal("6333.948")
    assert p.payment == Decimal("8131.52")


def test_the_reduced_column_is_refused_because_it_is_not_shipped():
    with pytest.raises(InputError, match="only the full-update column of Table 1A"):
        ipps.operating_payment("470", quality_and_ehr=False)


def test_a_rate_table_that_does_not_add_up_is_refused():
    with pytest.raises(ValueError):
        ipps.IppsRates("bad", Decimal("4456.72"), Decimal("2295.89"), Decimal("4186.62"), Decimal("2566.00"),
                       Decimal("0.66"), Decimal("0.62"), False, "test")
    with pytest.raises(ValueError):
        ipps.IppsRates("bad", Decimal("4456.70"), Decimal("2295.91"), Decimal("4186.62"), Decimal("2565.99"),
                       Decimal("0.66"), Decimal("0.62"), False, "test")


@pytest.mark.parametrize("bad", ["999", 998, "12a", "", None, 3.0, True, 0, 1000, "DRG"])
def test_unknown_or_malformed_drgs_are_refused_with_a_message(bad):
    with pytest.raises(InputError) as err:
        ipps.drg(bad)
    assert "DRG" in str(err.value)


def test_an_unknown_drg_names_the_subset():
    with pytest.raises(InputError, match="470"):
        ipps.drg(190)


@pytest.mark.parametrize("bad", ["0", "-1", "0.0000", "25", "3", "abc", 1.03, None, "nan", "inf", True])
def test_bad_wage_indexes_are_refused(bad):
    with pytest.raises(InputError):
        ipps.operating_payment(470, bad)


def test_quality_flag_must_be_a_bool():
    with pytest.raises(InputError):
        ipps.operating_payment(470, quality_and_ehr="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize(("admit", "discharge", "expected", "midnights"), [
    ("2026-10-19T07:00", "2026-10-21T11:00", True, 2),
    ("2026-10-19T23:30", "2026-10-21T00:30", True, 2),
    ("2026-10-19T07:00", "2026-10-20T18:00", False, 1),
    (date(2026, 10, 19), date(2026, 10, 19), False, 0),
])
def test_two_midnight_counts_midnights(admit, discharge, expected, midnights):
    result = ipps.two_midnight(admit, discharge)
    assert bool(result) is expected and result.midnights == midnights
    assert "412.3" in result.reason


@pytest.mark.parametrize(("admit", "discharge"), [("2026-10-21", "2026-10-19"), ("10/19/2026", "2026-10-21"),
                                                  (None, "2026-10-21"), ("2026-10-19", 5)])
def test_two_midnight_refuses_bad_dates(admit, discharge):
    with pytest.raises(InputError):
        ipps.two_midnight(admit, discharge)


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["{}", "{:03d}", "DRG {}", "MS-DRG {:03d}",
                                                                 " {} ", "ms-drg {}"]))
def test_parse_drg_reads_every_number_however_written(number, form):
    assert ipps.parse_drg(form.format(number)) == f"{number:03d}"


@given(st.text(max_size=12))
def test_parse_drg_either_reads_or_raises_input_error(text):
    try:
        out = ipps.parse_drg(text)
    except InputError:
        return
    assert len(out) == 3 and out.isdigit() and 1 <= int(out) <= 999


@given(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("2.5"), places=4))
def test_parse_wage_index_round_trips_plausible_values(index):
    assert ipps.parse_wage_index(str(index)) == index


@given(st.one_of(st.text(max_size=10), st.decimals(allow_nan=True, allow_infinity=True)))
def test_parse_wage_index_either_reads_a_plausible_value_or_raises(value):
    try:
        out = ipps.parse_wage_index(value)
    except InputError:
        return
    assert Decimal(0) < out <= ipps.MAX_WAGE_INDEX


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
       st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)))
def test_two_midnight_agrees_with_calendar_days(start, length):
    result = ipps.two_midnight(start, start + length)
    assert result.midnights == ((start + length).date() - start.date()).days
    assert bool(result) == (result.midnights >= 2)
