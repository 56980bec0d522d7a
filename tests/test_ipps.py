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
          "871": ("1.9425", "4.8", "6.4")}


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_subset_is_the_verified_table5_rows():
    assert {d.ms_drg for d in ipps.drgs()} == set(TABLE5)
    for record in ipps.drgs():
        weight, gmlos, amlos = TABLE5[record.ms_drg]
        assert (record.weight, record.gmlos, record.amlos) == (Decimal(weight), Decimal(gmlos), Decimal(amlos))
        assert record.type in ("MED", "SURG")
        assert record.title and record.title.upper() != record.title  # the book's words, not CMS's capitals


def test_drg_470_at_the_national_wage_index():
    p = ipps.operating_payment(470)
    rates = ipps.TEACHING_RATES
    assert p.labor_share == rates.labor_share_low  # a wage index of exactly 1 takes the low share
    assert p.labor_amount == cents(rates.standardized_amount * rates.labor_share_low)
    assert p.labor_amount + p.nonlabor_amount == rates.standardized_amount
    assert p.payment == cents(rates.standardized_amount * Decimal("1.9289"))
    assert p.steps()[-1][1] == p.payment


def test_the_high_labor_share_applies_above_one_and_the_reduced_amount_without_quality_data():
    high = ipps.operating_payment("470", "1.2000")
    assert high.labor_share == ipps.TEACHING_RATES.labor_share_high
    expected = cents((high.labor_amount * Decimal("1.2") + high.nonlabor_amount) * Decimal("1.9289"))
    assert high.payment == expected
    reduced = ipps.operating_payment("470", quality_and_ehr=False)
    assert reduced.standardized_amount == ipps.TEACHING_RATES.reduced_standardized_amount
    assert reduced.payment < ipps.operating_payment("470").payment


def test_the_rates_are_labelled_illustrative():
    assert ipps.TEACHING_RATES.illustrative
    assert "illustrative" in ipps.TEACHING_RATES.name


@pytest.mark.parametrize("bad", ["999", 998, "12a", "", None, 3.0, True, 0, 1000, "DRG"])
def test_unknown_or_malformed_drgs_are_refused_with_a_message(bad):
    with pytest.raises(InputError) as err:
        ipps.drg(bad)
    assert "DRG" in str(err.value)


def test_an_unknown_drg_names_the_subset():
    with pytest.raises(InputError, match="470"):
        ipps.drg(292)


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
