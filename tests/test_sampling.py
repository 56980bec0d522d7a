"""revcycle.compliance.sampling: reproducible random samples, Student's t without SciPy, and the projection of a
sample's overpayments (point estimate, standard error with the finite population correction, the one-sided lower
limit Medicare contractors demand under Pub. 100-08, ch. 8, section 8.4.5)."""

from __future__ import annotations

import math
import statistics
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.compliance import sampling as s
from revcycle.core.errors import InputError

D = Decimal


# --------------------------------------------------------------------------------------------------- Student's t

@pytest.mark.parametrize(("p", "df", "table"), [
    (0.90, 29, 1.311), (0.90, 99, 1.290), (0.95, 10, 1.812), (0.90, 1, 3.078), (0.975, 5, 2.571),
    (0.90, 2, 1.886), (0.95, 30, 1.697), (0.99, 3, 4.541), (0.90, 120, 1.289), (0.995, 20, 2.845),
])
def test_t_quantile_matches_published_t_tables(p, df, table):
    assert round(s.t_quantile(p, df), 3) == table


def test_t_quantile_closed_forms_and_the_normal_limit():
    # df = 1 is the Cauchy distribution, df = 2 has a closed form; a huge df approaches the normal's 1.2816
    assert s.t_quantile(0.9, 1) == pytest.approx(math.tan(math.pi * 0.4), abs=1e-10)
    p = 0.9
    assert s.t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)), abs=1e-10)
    assert s.t_quantile(0.9, 100_000) == pytest.approx(1.2815516, abs=1e-4)
    assert s.t_quantile(0.5, 7) == 0.0 and s.t_quantile(0.1, 7) == pytest.approx(-s.t_quantile(0.9, 7))


@given(st.floats(min_value=0.51, max_value=0.999), st.integers(min_value=1, max_value=400))
@settings(max_examples=60, deadline=None)
def test_t_cdf_inverts_t_quantile(p, df):
    assert s.t_cdf(s.t_quantile(p, df), df) == pytest.approx(p, abs=1e-9)


@given(st.floats(min_value=0.55, max_value=0.99), st.integers(min_value=1, max_value=200))
@settings(max_examples=40, deadline=None)
def test_t_is_above_the_normal_and_falls_with_degrees_of_freedom(p, df):
    z = statistics.NormalDist().inv_cdf(p)
    assert s.t_quantile(p, df) > z - 1e-9
    assert s.t_quantile(p, df) >= s.t_quantile(p, df + 1) - 1e-12


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "3"])
def test_t_refuses_bad_degrees_of_freedom(bad):
    with pytest.raises(InputError, match="Degrees of freedom"):
        s.t_quantile(0.9, bad)


@pytest.mark.parametrize("bad", [0, 1, 1.2, -0.1])
def test_t_refuses_bad_probabilities(bad):
    with pytest.raises(InputError, match="between 0 and 1"):
        s.t_quantile(bad, 5)


# --------------------------------------------------------------------------------------------------- samples

FRAME = [f"C{i:04d}" for i in range(1, 501)]


def test_simple_random_sample_is_reproducible_without_replacement_and_in_frame_order():
    a = s.simple_random_sample(FRAME, 30, seed=7)
    assert a == s.simple_random_sample(FRAME, 30, seed=7)
    assert a != s.simple_random_sample(FRAME, 30, seed=8)
    assert len(set(a)) == 30 and set(a) <= set(FRAME)
    assert list(a) == sorted(a, key=FRAME.index)


@given(st.integers(min_value=1, max_value=300), st.integers(min_value=0, max_value=300), st.integers())
@settings(max_examples=60, deadline=None)
def test_any_size_up_to_the_frame_draws_distinct_members(size, extra, seed):
    frame = list(range(size + extra))
    drawn = s.simple_random_sample(frame, size, seed)
    assert len(drawn) == size == len(set(drawn)) and set(drawn) <= set(frame)
    assert list(drawn) == sorted(drawn)


@pytest.mark.parametrize(("frame", "n", "message"), [
    ([], 1, "empty"),
    (["A", "B", "A"], 1, "more than once"),
    (["A", "B"], 3, "cannot be drawn without replacement from a universe of 2"),
    (["A", "B"], 0, "at least 1"),
    (["A", "B"], -2, "at least 1"),
    (["A", "B"], 1.0, "whole number"),
    (["A", "B"], True, "whole number"),
])
def test_bad_samples_are_refused_with_a_message_that_says_what_to_do(frame, n, message):
    with pytest.raises(InputError, match=message):
        s.simple_random_sample(frame, n, seed=1)


def test_probe_sample_has_at_least_thirty_claims():
    assert len(s.probe_sample(FRAME, seed="probe")) == s.MIN_PROBE == 30
    assert len(s.probe_sample(FRAME, seed="probe", n=40)) == 40
    with pytest.raises(InputError, match="at least 30"):
        s.probe_sample(FRAME, seed=1, n=20)
    with pytest.raises(InputError, match="review all 12"):
        s.probe_sample(FRAME[:12], seed=1)


def test_stratified_sample_by_bounds_and_by_function():
    frame = {f"C{i}": D(amount) for i, amount in enumerate([20, 45, 80, 99, 100, 150, 300, 499, 500, 900, 1200],
                                                             start=1)}
    drawn = s.stratified_sample(frame, ["100", "500"], 2, seed=3)
    assert list(drawn) == ["stratum 1", "stratum 2", "stratum 3"]
    assert [d.population_size for d in drawn.values()] == [4, 4, 3]
    for d in drawn.values():
        assert d.sample_size == 2 and set(d.sample) <= set(d.population)
    assert s.stratified_sample(frame, ["100", "500"], 2, seed=3) == drawn
    sizes = s.stratified_sample(frame, lambda a: "high" if a >= 500 else "low", {"high": 3, "low": 5}, seed=3)
    assert sizes["high"].sample_size == 3 == sizes["high"].population_size and sizes["low"].sample_size == 5
    with pytest.raises(InputError, match="stratum 3 holds 3 claims"):
        s.stratified_sample(frame, ["100", "500"], 4, seed=3)
    with pytest.raises(InputError, match="increasing order"):
        s.stratified_sample(frame, ["500", "100"], 1, seed=3)
    with pytest.raises(InputError, match="missing"):
        s.stratified_sample(frame, ["100", "500"], {"stratum 1": 1}, seed=3)


# --------------------------------------------------------------------------------------------------- estimates

def test_estimate_by_hand():
    # 10 sampled claims from 1,000: four overpaid
    sample = ["0", "0", "25.00", "0", "40.00", "0", "0", "10.00", "0", "125.00"]
    e = s.estimate(sample, 1000)
    values = [float(x) for x in sample]
    sd = statistics.stdev(values)
    se = 1000 * sd / math.sqrt(10) * math.sqrt(1 - 10 / 1000)
    t = 1.383  # t(0.90, 9) from a table
    assert e.errors == 4 and e.error_rate == D("0.4") and e.sample_total == D("200.00")
    assert e.mean == D("20.00") and e.point_estimate == D("20000.00")
    assert float(e.standard_error) == pytest.approx(se, abs=0.01)
    assert float(e.lower_limit) == pytest.approx(20000 - t * se, abs=0.6)  # the table's t has three decimals
    assert e.point_estimate - e.lower_limit == e.upper_limit - e.point_estimate
    assert e.degrees_of_freedom == 9 and e.demand == e.lower_limit
    assert e.precision == (e.point_estimate - e.lower_limit) / e.point_estimate


def test_a_census_has_no_sampling_error_and_zero_errors_demand_nothing():
    e = s.estimate(["10.00", "20.00", "30.00"], 3)
    assert e.standard_error == 0 and e.lower_limit == e.point_estimate == D("60.00")
    z = s.estimate(["0", "0", "0"], 50)
    assert z.point_estimate == 0 and z.precision is None and z.demand == 0


def test_a_lower_limit_below_zero_is_never_demanded():
    e = s.estimate(["0"] * 29 + ["500.00"], 10_000)
    assert e.lower_limit < 0 and e.demand == D("0.00")


@pytest.mark.parametrize(("sample", "size", "message"), [
    (["1.00"], 10, "at least 2"),
    (["1.00", "2.00"], 1, "cannot be larger than the universe"),
    (["1.00", "2.00"], 0, "1 or more"),
    (["1.00", 2.5], 10, "float"),
    (["1.00", "x"], 10, "Sampled overpayment #2"),
])
def test_bad_estimates_are_refused(sample, size, message):
    with pytest.raises(InputError, match=message):
        s.estimate(sample, size)


def test_estimate_refuses_a_bad_confidence():
    with pytest.raises(InputError, match="confidence"):
        s.estimate(["1.00", "2.00"], 10, confidence=90)


money = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(money, min_size=2, max_size=60), st.integers(min_value=0, max_value=5000))
@settings(max_examples=80, deadline=None)
def test_estimate_properties(sample, extra):
    big_n = len(sample) + extra
    e = s.estimate(sample, big_n)
    assert e.lower_limit <= e.point_estimate <= e.upper_limit
    assert e.standard_error >= 0 and e.mean >= 0
    assert abs(e.point_estimate - D(big_n) * sum(sample) / len(sample)) <= D("0.005")
    if extra == 0:
        assert e.standard_error == 0  # the whole universe was reviewed
    e95 = s.estimate(sample, big_n, confidence=0.95)
    assert e95.lower_limit <= e.lower_limit  # more confidence, a lower bound


@given(st.lists(money, min_size=3, max_size=40), st.integers(min_value=10, max_value=5000))
@settings(max_examples=40, deadline=None)
def test_the_finite_population_correction_only_shrinks_the_standard_error(sample, big_n):
    big_n += len(sample)
    small, large = s.estimate(sample, big_n), s.estimate(sample, big_n * 1000)
    assert small.standard_error / big_n <= large.standard_error / (big_n * 1000) + D("0.01")


def test_stratified_estimate_by_hand_and_against_a_single_stratum():
    one = s.stratified_estimate({"all": (["0", "10.00", "0", "30.00", "5.00"], 200)})
    simple = s.estimate(["0", "10.00", "0", "30.00", "5.00"], 200)
    assert (one.point_estimate, one.standard_error, one.lower_limit) == (simple.point_estimate,
                                                                          simple.standard_error, simple.lower_limit)
    st2 = s.stratified_estimate({"low": (["0", "10.00", "0", "20.00"], 400), "high": (["100.00", "0", "300.00"], 30),
                                 "certainty": (["900.00"], 1)})
    low_var = 400 ** 2 * (1 - 4 / 400) * statistics.variance([0, 10, 0, 20]) / 4
    high_var = 30 ** 2 * (1 - 3 / 30) * statistics.variance([100, 0, 300]) / 3
    assert st2.point_estimate == D(400 * 7.5 + 30 * (400 / 3) + 900).quantize(D("0.01"))
    assert float(st2.standard_error) == pytest.approx(math.sqrt(low_var + high_var), abs=0.01)
    assert st2.degrees_of_freedom == 8 - 3 and st2.sample_size == 8 and st2.population_size == 431
    assert st2.t == pytest.approx(s.t_quantile(0.9, 5))
    with pytest.raises(InputError, match="at least 2 claims"):
        s.stratified_estimate({"low": (["5.00"], 40), "high": (["1.00", "2.00"], 9)})


# --------------------------------------------------------------------------------------------------- the universe

def test_the_synthetic_universe_is_seeded_and_plausible():
    u = s.synthetic_universe(2_000, seed=2026)
    assert u == s.synthetic_universe(2_000, seed=2026) and u != s.synthetic_universe(2_000, seed=1)
    overpaid = [c for c in u if c.overpaid > 0]
    assert 0.10 < len(overpaid) / len(u) < 0.20
    assert all(c.overpaid <= c.paid for c in u)
    assert all((c.finding == "supported") == (c.overpaid == 0) for c in u)
    assert {c.code for c in u} == set(s.LEVEL_PAID) and len({c.claim_id for c in u}) == len(u)
    assert s.true_overpayment(u) == sum(c.overpaid for c in overpaid)


def test_the_lower_limit_is_conservative_over_repeated_samples():
    u = s.synthetic_universe(2_000, seed=2026)
    truth = s.true_overpayment(u)
    runs = s.repeated_estimates(u, 100, 300, seed="coverage")
    covered = sum(1 for e in runs if e.lower_limit <= truth) / len(runs)
    assert covered >= 0.85  # nominally 90%; a skewed universe may run a little off
    mean_point = sum(e.point_estimate for e in runs) / len(runs)
    assert abs(mean_point - truth) / truth < D("0.05")  # the point estimate is unbiased


def test_review_and_audit_sample():
    u = s.synthetic_universe(300, seed=5)
    sampled, e = s.audit_sample(u, 40, seed="x")
    assert len(sampled) == 40 and e.population_size == 300
    assert e.sample_total == sum(c.overpaid for c in sampled)
    with pytest.raises(InputError, match="not in the universe"):
        s.review(u, ["CLM-999999"])
    frame = s.sample_frame(sampled)
    assert list(frame.columns) == ["claim", "date of service", "code", "paid", "overpaid", "finding"]


def test_error_rate():
    assert s.error_rate(["0", "5.00", "0", "12.00"]) == D("0.5")
    with pytest.raises(InputError):
        s.error_rate([])
