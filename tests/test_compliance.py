"""The E/M level-mix audit, its statistics, and the False Claims Act exposure arithmetic.

The chapter quotes these results through the {computed} role (workbook.site.book_values, keys fraud.*), so
tests/test_chapter_figures.py and tests/test_site.py check that the prose shows what the module computes.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.compliance.audit import (
    EM_LEVELS,
    FCA_PENALTY_MAX,
    FCA_PENALTY_MIN,
    HIGH_LEVELS,
    PEER_MIX,
    EmProfile,
    audit_practice,
    audit_provider,
    chi_square_sf,
    fca_exposure,
    mix_frame,
    normal_sf,
    peer_benchmark,
    results_frame,
    synthetic_peers,
    synthetic_practice,
)
from revcycle.core.errors import InputError, RevcycleError

# ---------------------------------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------------------------------

# 5 percent critical values of the chi-square distribution (standard tables).
CRITICAL_05 = {1: 3.841459, 2: 5.991465, 3: 7.814728, 4: 9.487729, 5: 11.070498, 6: 12.591587, 7: 14.067140,
               9: 16.918978, 10: 18.307038}


@pytest.mark.parametrize("df", sorted(CRITICAL_05))
def test_chi_square_tail_matches_tables(df):
    assert chi_square_sf(CRITICAL_05[df], df) == pytest.approx(0.05, abs=1e-6)


def test_chi_square_tail_edges_and_errors():
    assert chi_square_sf(0.0, 4) == 1.0
    assert chi_square_sf(-3.0, 1) == 1.0
    assert chi_square_sf(2.0, 2) == pytest.approx(math.exp(-1.0))
    assert chi_square_sf(500.0, 4) < 1e-100
    for bad in (0, -1, 2.5, True):
        with pytest.raises(InputError):
            chi_square_sf(3.0, bad)


@given(st.floats(0, 200), st.integers(1, 12))
def test_chi_square_tail_is_a_probability_that_falls_with_x(x, df):
    p = chi_square_sf(x, df)
    assert 0.0 <= p <= 1.0
    assert chi_square_sf(x + 1.0, df) <= p + 1e-12
    assert chi_square_sf(x, df + 1) >= p - 1e-12


def test_normal_tail():
    assert normal_sf(0) == pytest.approx(0.5)
    assert normal_sf(1.959964) == pytest.approx(0.025, abs=1e-6)
    assert normal_sf(-1.959964) == pytest.approx(0.975, abs=1e-6)


# ---------------------------------------------------------------------------------------------------------------------
# Profiles and peers
# ---------------------------------------------------------------------------------------------------------------------


def test_profile_fills_missing_levels_and_computes_shares():
    p = EmProfile("Dr. Test", {"99213": 60, "99214": 30, "99215": 10})
    assert p.counts == {"99211": 0, "99212": 0, "99213": 60, "99214": 30, "99215": 10}
    assert (p.visits, p.high_visits, p.high_share) == (100, 40, 0.4)
    assert sum(p.shares().values()) == pytest.approx(1.0)
    assert EmProfile("Dr. Empty", {}).high_share == 0.0


@pytest.mark.parametrize("counts", [{"99205": 3}, {"99213": -1}, {"99213": 2.5}, {"99213": True}])
def test_profile_rejects_bad_counts(counts):
    with pytest.raises(InputError):
        EmProfile("Dr. Test", counts)
    with pytest.raises(InputError):
        EmProfile("", {"99213": 1})


def test_synthetic_peers_are_seeded_and_near_the_mix():
    assert synthetic_peers(seed=5) == synthetic_peers(seed=5)
    assert synthetic_peers(seed=5) != synthetic_peers(seed=6)
    peers = synthetic_peers()
    assert len(peers) == 40 and all(300 <= p.visits <= 1200 for p in peers)
    bench = peer_benchmark(peers)
    assert sum(bench.pooled.values()) == pytest.approx(1.0)
    expected_high = sum(PEER_MIX[lv] for lv in HIGH_LEVELS)
    assert abs(bench.pooled_high_share - expected_high) < 0.03
    assert 0.01 < bench.sd_high_share < 0.10
    with pytest.raises(InputError):
        synthetic_peers(n=1)
    with pytest.raises(InputError):
        synthetic_peers(mix={"99213": 1.0})


def test_benchmark_needs_two_peers_and_ranks_by_percentile():
    with pytest.raises(InputError):
        peer_benchmark([EmProfile("A", {"99213": 5})])
    bench = peer_benchmark([EmProfile("A", {"99213": 5, "99214": 5}), EmProfile("B", {"99213": 8, "99214": 2}),
                            EmProfile("C", {"99213": 2, "99214": 8})])
    assert bench.high_shares == (0.2, 0.5, 0.8)
    assert bench.percentile(0.9) == 100.0 and bench.percentile(0.1) == 0.0
    assert bench.percentile(0.5) == pytest.approx(100 * 1.5 / 3)


# ---------------------------------------------------------------------------------------------------------------------
# The audit
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audit():
    return {r.provider: r for r in audit_practice(synthetic_practice(), synthetic_peers())}


def test_the_synthetic_practice_has_one_of_each_outcome(audit):
    assert {name: r.flag for name, r in audit.items()} == {
        "Dr. Alex Example": "within range",
        "Dr. Jordan Sampleton": "high outlier",
        "Dr. Nia Placeholder": "low outlier",
        "Dr. Omar Fictional": "too few visits",
    }
    assert [r.flagged for r in audit.values()] == [False, True, True, False]


def test_the_high_outlier_explanation_reads_like_a_compliance_memo(audit):
    r = audit["Dr. Jordan Sampleton"]
    assert r.peer_z >= 2 and r.p_high < 0.01 and r.chi_square_p < 0.01
    text = r.explanation
    assert f"{r.visits:,} established-patient office visits" in text
    assert f"{100 * r.high_share:.1f}%" in text
    assert "not proof of upcoding" in text and "sample" in text
    assert "every one of the 40 peers" in text


def test_a_provider_with_few_visits_is_not_judged(audit):
    r = audit["Dr. Omar Fictional"]
    assert r.high_share > audit["Dr. Jordan Sampleton"].high_share  # higher share, but only 40 visits
    assert r.flag == "too few visits" and "fewer than 50" in r.explanation


def test_a_provider_who_matches_the_pooled_mix_is_within_range():
    bench = peer_benchmark(synthetic_peers())
    typical = EmProfile("Dr. Typical", {lv: round(1000 * bench.pooled[lv]) for lv in EM_LEVELS})
    r = audit_provider(typical, bench)
    assert r.flag == "within range" and abs(r.peer_z) < 1 and r.chi_square < 5


def test_both_tests_must_agree_before_flagging():
    bench = peer_benchmark(synthetic_peers())
    # Far above the peers, but so few visits that chance cannot be ruled out: not flagged.
    small = EmProfile("Dr. Small", {"99213": 8, "99214": 14})
    r = audit_provider(small, bench, min_visits=10)
    assert r.peer_z > 2 and r.p_high > 0.01 and r.flag == "within range"
    # Statistically different from the pooled share but inside the peers' spread: not flagged.
    big = EmProfile("Dr. Big", {"99213": 26_000, "99214": 24_000 + round(50_000 * 0.02)})
    r = audit_provider(big, bench)
    assert r.p_high < 0.01 and r.peer_z < 2 and r.flag == "within range"


def test_frames(audit):
    frame = results_frame(list(audit.values()))
    assert list(frame["flag"]) == [r.flag for r in audit.values()]
    assert {"level 4-5 share (%)", "peer z", "percentile"} <= set(frame.columns)
    mix = mix_frame(synthetic_practice(), peer_benchmark(synthetic_peers()))
    assert list(mix.columns) == list(EM_LEVELS) and mix.index[-1] == "Peers (pooled)"
    assert all(abs(row.sum() - 100) < 0.5 for _, row in mix.iterrows())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 400), min_size=5, max_size=5))
def test_audit_never_raises_on_any_counts(counts):
    bench = peer_benchmark(synthetic_peers(n=10, seed=1))
    r = audit_provider(EmProfile("Dr. Any", dict(zip(EM_LEVELS, counts, strict=True))), bench)
    assert r.flag in ("high outlier", "low outlier", "within range", "too few visits")
    assert 0 <= r.chi_square_p <= 1 and 0 <= r.percentile <= 100
    assert r.explanation.startswith("Dr. Any billed")


def test_errors_are_revcycle_errors():
    assert issubclass(InputError, RevcycleError)


# ---------------------------------------------------------------------------------------------------------------------
# False Claims Act exposure
# ---------------------------------------------------------------------------------------------------------------------


def test_fca_penalty_range_is_the_2025_doj_adjustment():
    penalties = (FCA_PENALTY_MIN, FCA_PENALTY_MAX)
    assert penalties == (Decimal("14308"), Decimal("28619"))


def test_fca_exposure_trebles_damages_and_adds_a_penalty_per_claim():
    e = fca_exposure(40, "120.00")
    assert e.damages == Decimal("4800.00") and e.treble == Decimal("14400.00")
    assert e.minimum == Decimal("586720.00") and e.maximum == Decimal("1159160.00")
    assert fca_exposure(0, 0).maximum == 0


@pytest.mark.parametrize("claims, per", [(-1, "10"), (2.5, "10"), (True, "10"), (3, "-5"), (3, "ten"), (3, "NaN")])
def test_fca_inputs_are_checked(claims, per):
    with pytest.raises(InputError):
        fca_exposure(claims, per)
