"""NPI check digits, validation and synthetic NPIs."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.codes.npi import check_digit, is_valid_npi, make_npi, validate_npi
from revcycle.core.errors import CodeFormatError, RevcycleError


def test_facts_example():
    assert check_digit("123456789") == "3"
    assert is_valid_npi("1234567893")


def test_known_check_digits_match_plain_luhn_plus_24():
    # Independent of stdnum: Luhn over the 9 digits, doubling from the right, plus 24.
    def by_hand(nine: str) -> str:
        total = 24
        for i, ch in enumerate(reversed(nine)):
            d = int(ch)
            if i % 2 == 0:
                d *= 2
                d = d - 9 if d > 9 else d
            total += d
        return str((10 - total % 10) % 10)

    for nine in ["123456789", "100000000", "299999999", "150000000", "198765432"]:
        assert check_digit(nine) == by_hand(nine)


@pytest.mark.parametrize(
    "junk",
    [None, "", "123456789", "12345678931", "12345678a3", "1234-56789", "3234567893", "1234567890",
     "1234567894", 12.0, [], "１２３４５６７８９３"],
)
def test_is_valid_npi_returns_false_for_junk(junk):
    assert is_valid_npi(junk) is False


def test_validate_npi_accepts_surrounding_spaces_and_int():
    assert validate_npi(" 1234567893 ") == "1234567893"
    assert validate_npi(1234567893) == "1234567893"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("123456789", "needs exactly 10"),
        ("12345A7893", "0-9"),
        ("3234567890", "starts with 1 or 2"),
        ("1234567894", "should be 3"),
        (None, "string of 10 digits"),
    ],
)
def test_validate_npi_says_what_is_wrong(text, fragment):
    with pytest.raises(CodeFormatError, match=fragment):
        validate_npi(text)


@pytest.mark.parametrize("bad", ["12345678", "1234567890", "12345678x", None, -123456789, 3.5])
def test_check_digit_rejects_bad_input(bad):
    with pytest.raises(RevcycleError):
        check_digit(bad)


def test_make_npi_is_seeded():
    assert make_npi(random.Random(7)) == make_npi(random.Random(7))
    assert len({make_npi(random.Random(s)) for s in range(50)}) > 45


def test_make_npi_needs_a_generator():
    with pytest.raises(RevcycleError, match="random.Random"):
        make_npi(7)


@given(st.integers(min_value=0, max_value=2**32))
def test_every_generated_npi_is_valid(seed):
    npi = make_npi(random.Random(seed))
    assert len(npi) == 10 and npi.isdigit() and npi[0] in "12"
    assert is_valid_npi(npi)


@given(
    st.integers(min_value=0, max_value=2**32),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_changing_one_digit_makes_it_invalid(seed, position, delta):
    npi = make_npi(random.Random(seed))
    changed = npi[:position] + str((int(npi[position]) + delta) % 10) + npi[position + 1 :]
    assert changed != npi
    assert not is_valid_npi(changed)


@given(st.text(max_size=12))
def test_is_valid_npi_never_raises(text):
    assert is_valid_npi(text) in (True, False)
