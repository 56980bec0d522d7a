"""Continuing-education planning (careers.ceu)."""

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careers.ceu import (
    AAPC_BY_COUNT,
    AAPC_CREDENTIALS,
    AHIMA_MAX,
    AHIMA_SINGLE,
    Activity,
    body_of,
    cycle_for,
    plan,
    progress_frame,
    required_ceus,
    subject_ceus,
    synthetic_log,
)
from revcycle.core.errors import InputError


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        (["CPC"], {"AAPC": 36}),
        (["CPC", "CPB"], {"AAPC": 40}),
        (["CPC", "CPB", "CPMA"], {"AAPC": 44}),
        (["CPC", "CPB", "CPMA", "CPCO"], {"AAPC": 48}),
        (["CPC", "CPB", "CPMA", "CPCO", "CRC", "CIC"], {"AAPC": 52}),
        (["cpc-a"], {"AAPC": 36}),
        (["CPC", "CPC"], {"AAPC": 36}),
        (["CCA"], {"AHIMA": 20}),
        (["RHIA"], {"AHIMA": 30}),
        (["CCS", "CCS-P"], {"AHIMA": 30}),
        (["RHIA", "CCS"], {"AHIMA": 40}),
        (["RHIA", "CCS", "CCS-P"], {"AHIMA": 50}),
        (["RHIA", "CCS", "CCS-P", "CCA", "RHIT"], {"AHIMA": 50}),
        (["RHIT", "RHIA"], {"AHIMA": 30}),
        (["CPC", "CCS"], {"AAPC": 36, "AHIMA": 20}),
    ],
)
def test_required_ceus(held, expected):
    assert required_ceus(held) == expected


def test_tables_are_the_published_ones():
    assert AAPC_BY_COUNT == {1: 36, 2: 40, 3: 44, 4: 48, 5: 52}
    assert AHIMA_SINGLE == {"CCA": 20, "CCS": 20, "CCS-P": 20, "RHIT": 20, "RHIA": 30}


@given(st.sets(st.sampled_from(sorted(AHIMA_SINGLE)), min_size=1))
def test_ahima_never_exceeds_the_cap(held):
    assert 20 <= required_ceus(held)["AHIMA"] <= AHIMA_MAX


@given(st.sets(st.sampled_from(sorted(AAPC_CREDENTIALS)), min_size=1))
def test_aapc_grows_with_the_count(held):
    assert required_ceus(held)["AAPC"] == AAPC_BY_COUNT[min(len(held), 5)]


@pytest.mark.parametrize("bad", ["CBCS", "", None, "XYZ"])
def test_unknown_credentials_are_refused_with_advice(bad):
    with pytest.raises(InputError):
        body_of(bad)
    with pytest.raises(InputError):
        required_ceus([bad])
    with pytest.raises(InputError):
        required_ceus([])


def test_cbcs_message_points_to_nha():
    with pytest.raises(InputError, match="NHA"):
        body_of("CBCS")


def test_subject_ceus():
    assert subject_ceus(["CPC", "CPMA"]) == {"CPMA": (16, "auditing")}
    assert subject_ceus(["CPC"]) == {}


def test_cycles():
    assert cycle_for(date(2026, 3, 14)).end == date(2028, 3, 13)
    assert cycle_for(date(2026, 1, 1)).end == date(2027, 12, 31)
    assert cycle_for(date(2024, 2, 29)).end == date(2026, 2, 27)
    c = cycle_for(date(2026, 1, 1))
    assert c.months_left(date(2027, 2, 28)) == 11
    assert c.months_left(date(2027, 12, 31)) == 0 + 1
    assert c.months_left(date(2028, 1, 1)) == 0
    assert cycle_for("2026-01-01") == cycle_for(date(2026, 1, 1))  # ISO text is read as a date
    with pytest.raises(InputError, match="date"):
        cycle_for("January 1")


def test_plan_counts_only_approved_activities_inside_the_cycle():
    log = [
        Activity(date(2025, 12, 31), 5, "before the cycle", ("AAPC",)),
        Activity(date(2026, 2, 1), 2, "AAPC only", ("AAPC",)),
        Activity(date(2026, 3, 1), 3, "both", ("AAPC", "AHIMA")),
        Activity(date(2026, 4, 1), 4, "AHIMA only", ("AHIMA",)),
        Activity(date(2026, 8, 1), 6, "after as_of", ("AAPC",)),
    ]
    aapc, ahima = plan(["CPC", "CCS"], {"AAPC": date(2026, 1, 1), "AHIMA": date(2026, 1, 15)}, log, date(2026, 6, 30))
    assert (aapc.required, aapc.earned, aapc.remaining) == (36, 5, 31)
    assert (ahima.required, ahima.earned, ahima.remaining) == (20, 7, 13)
    assert len(aapc.ignored) == 2  # before the cycle, and after as_of
    with pytest.raises(InputError):
        plan(["CPC", "CCS"], {"AAPC": date(2026, 1, 1)}, log, date(2026, 6, 30))


def test_a_finished_requirement_is_on_track():
    log = [Activity(date(2026, 2, 1), 40, "big conference", ("AAPC",))]
    (p,) = plan(["CPC"], {"AAPC": date(2026, 1, 1)}, log, date(2026, 3, 1))
    assert p.remaining == 0 and p.per_month == 0 and p.on_track


def test_an_ended_cycle_with_ceus_missing_is_not_on_track():
    (p,) = plan(["CPC"], {"AAPC": date(2024, 1, 1)}, [], date(2026, 3, 1))
    assert p.months_left == 0 and p.per_month == 36 and not p.on_track


def test_synthetic_log_is_deterministic():
    assert synthetic_log(date(2026, 1, 5), 14, seed=7) == synthetic_log(date(2026, 1, 5), 14, seed=7)
    assert synthetic_log(date(2026, 1, 5), 0) == []
    with pytest.raises(InputError):
        synthetic_log(date(2026, 1, 5), -1)


def test_progress_frame_ends_at_the_total_so_far():
    log = synthetic_log(date(2026, 1, 5), 14, seed=7)
    as_of = date(2027, 2, 28)
    plans = plan(["CPC", "CPB", "CCS"], {"AAPC": date(2026, 1, 1), "AHIMA": date(2026, 3, 14)}, log, as_of)
    for p in plans:
        frame = progress_frame(p, log, as_of)
        known = frame["earned"].dropna()
        assert known.iloc[-1] == p.earned
        assert list(known) == sorted(known)
        assert frame["through"].dropna().iloc[len(known) - 1] == as_of
        assert math.isnan(frame["earned"].iloc[-1])
        assert frame["pace"].iloc[-1] == p.required
