"""Statistically valid random sampling and extrapolation of overpayments, as Medicare's review contractors and OIG
do it.

When a contractor (a MAC, a Recovery Audit Contractor, a UPIC or the SMRC) or a practice's own auditor cannot review
every claim in a period, it draws a **random sample** from the **universe** of paid claims, reviews each sampled claim,
and projects the sample's overpayments to the whole universe. CMS describes the method in the Medicare Program
Integrity Manual (Pub. 100-08), chapter 8, section 8.4; OIG publishes RAT-STATS, free software that draws samples and
computes the same estimates. This module does the arithmetic with no SciPy:

* :func:`simple_random_sample`, :func:`probe_sample` and :func:`stratified_sample` draw reproducible samples;
* :func:`estimate` projects a simple random sample: the mean overpayment per sampled claim, the **point estimate**
  (universe size x mean), its **standard error** with the finite population correction, and the **lower limit of the
  one-sided 90% confidence interval** from Student's t with n - 1 degrees of freedom. Pub. 100-08, ch. 8,
  section 8.4.5 says the amount demanded is usually that lower limit: the contractor is 90% confident the true
  overpayment is at least that much, so the error of sampling falls in the provider's favour;
* :func:`stratified_estimate` does the same for a stratified sample;
* :func:`t_quantile` is Student's t quantile, computed from the regularized incomplete beta function.

Money is ``Decimal`` read by :func:`revcycle.core.money.parse_money`; every amount shown is rounded once, half up, by
:func:`revcycle.core.money.to_cents`. :func:`synthetic_universe` makes a seeded universe of synthetic paid E/M
claims, some of them overpaid, for the book's worked examples and notebook; no real claim is used.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from revcycle.core.errors import InputError
from revcycle.core.money import parse_money, to_cents

if TYPE_CHECKING:
    import pandas as pd

#: The one-sided confidence level Pub. 100-08, ch. 8, section 8.4.5 uses for the amount demanded.
DEFAULT_CONFIDENCE = 0.90
#: The smallest probe sample this library draws (a probe tells whether a problem exists and how variable the
#: overpayments are, before a full sample is sized). Thirty is the book's floor, not a number any rule quoted here sets.
MIN_PROBE = 30

ZERO = Decimal(0)


# ---------------------------------------------------------------------------------------------------------------------
# Student's t without SciPy
# ---------------------------------------------------------------------------------------------------------------------


def _beta_cf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny, eps = 1e-300, 1e-15
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            return h
    raise ArithmeticError("the incomplete beta continued fraction did not converge")  # pragma: no cover


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for 0 <= x <= 1 and a, b > 0."""
    if not 0.0 <= x <= 1.0 or a <= 0 or b <= 0:
        raise InputError(f"regularized_beta needs 0 <= x <= 1 and a, b > 0; got x={x}, a={a}, b={b}.")
    if x in (0.0, 1.0):
        return x
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_cf(a, b, x) / a
    return 1.0 - front * _beta_cf(b, a, 1.0 - x) / b


def _df(df: int) -> int:
    if isinstance(df, bool) or not isinstance(df, int) or df < 1:
        raise InputError(f"Degrees of freedom must be a whole number, 1 or more, not {df!r}.")
    return df


def t_cdf(t: float, df: int) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    _df(df)
    tail = 0.5 * regularized_beta(df / (df + t * t), df / 2.0, 0.5)
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: int) -> float:
    """The t value with P(T <= t) = ``p`` for ``df`` degrees of freedom: ``t_quantile(0.90, 29)`` is 1.311.

    Found by bisection on :func:`t_cdf` to about 1e-12, which is exact for any table's three or four decimals.
    """
    _df(df)
    if isinstance(p, bool) or not isinstance(p, int | float) or not 0.0 < p < 1.0:
        raise InputError(f"The probability must be between 0 and 1 (exclusive), such as 0.90; got {p!r}.")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    hi = 1.0
    while t_cdf(hi, df) < p:
        hi *= 2.0
    lo = 0.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return (lo + hi) / 2.0


def _confidence(confidence: float) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0.5 <= confidence < 1.0:
        raise InputError(f"The confidence level must be at least 0.5 and below 1, such as 0.90; got {confidence!r}.")
    return float(confidence)


# ---------------------------------------------------------------------------------------------------------------------
# Drawing samples
# ---------------------------------------------------------------------------------------------------------------------


def _frame(frame_ids: Iterable[Hashable]) -> list[Hashable]:
    ids = list(frame_ids)
    if not ids:
        raise InputError("The sampling frame is empty: list the claims (or lines) of the universe to sample from.")
    seen: set[Hashable] = set()
    dupes = []
    for i in ids:
        if i in seen:
            dupes.append(i)
        seen.add(i)
    if dupes:
        shown = ", ".join(map(repr, list(dict.fromkeys(dupes))[:5]))
        raise InputError(f"The sampling frame lists {len(dupes)} id(s) more than once ({shown}); each claim must "
                         "appear once, or some would have a higher chance of being drawn.")
    return ids


def _size(n: object, population: int, what: str = "sample") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputError(f"The {what} size must be a whole number, not {n!r}.")
    if n < 1:
        raise InputError(f"The {what} size must be at least 1; got {n}.")
    if n > population:
        raise InputError(f"A {what} of {n} cannot be drawn without replacement from a universe of {population}; "
                         f"review all {population} instead, or draw {population} or fewer.")
    return n


def simple_random_sample(frame_ids: Iterable[Hashable], n: int, seed: int | str) -> tuple[Hashable, ...]:
    """``n`` ids drawn at random without replacement from ``frame_ids``, returned in frame order.

    The draw is reproducible: the same frame, size and seed give the same sample, so anyone can check it. It uses
    Python's ``random.Random(seed)``; OIG's RAT-STATS uses its own generator, so the same seed gives a different
    (equally valid) sample there. Raises :class:`InputError` for an empty frame, a repeated id, or a size below 1 or
    above the frame's size.
    """
    ids = _frame(frame_ids)
    _size(n, len(ids))
    position = {claim: i for i, claim in enumerate(ids)}
    drawn = random.Random(seed).sample(ids, n)
    return tuple(sorted(drawn, key=position.__getitem__))


def probe_sample(frame_ids: Iterable[Hashable], seed: int | str, n: int = MIN_PROBE) -> tuple[Hashable, ...]:
    """A probe sample: a small random sample (at least :data:`MIN_PROBE` claims) reviewed first, to see whether a
    problem exists and how much the overpayments vary, before a full statistically valid sample is sized."""
    ids = _frame(frame_ids)
    if isinstance(n, bool) or not isinstance(n, int) or n < MIN_PROBE:
        raise InputError(f"A probe sample needs at least {MIN_PROBE} claims; got {n!r}.")
    return simple_random_sample(ids, n, seed)


@dataclass(frozen=True)
class StratumSample:
    """One stratum of a stratified sample: its name, every id in it (N_h) and the ids drawn (n_h)."""

    name: str
    population: tuple[Hashable, ...]
    sample: tuple[Hashable, ...]

    @property
    def population_size(self) -> int:
        return len(self.population)

    @property
    def sample_size(self) -> int:
        return len(self.sample)


def _by_bounds(bounds: Sequence[object]) -> Callable[[Decimal], str]:
    limits = [parse_money(b, "A stratum bound", example="100.00") for b in bounds]
    if not limits or any(b >= c for b, c in zip(limits, limits[1:], strict=False)):
        raise InputError("Stratum bounds must be one or more amounts in increasing order, such as ['100', '500'].")

    def stratum(amount: Decimal) -> str:
        for k, limit in enumerate(limits, start=1):
            if amount < limit:
                return f"stratum {k}"
        return f"stratum {len(limits) + 1}"

    return stratum


def stratified_sample(frame: Mapping[Hashable, object], strata: Sequence[object] | Callable[[Decimal], str],
                      n_per_stratum: int | Mapping[str, int], seed: int | str) -> dict[str, StratumSample]:
    """A stratified random sample: the universe split into strata by paid amount, and a simple random sample drawn
    in each.

    ``frame`` maps each claim id to its paid amount. ``strata`` is either increasing bounds (``['100', '500']``
    makes "stratum 1" below $100, "stratum 2" from $100 to below $500 and "stratum 3" from $500 up) or a function from
    an amount to a stratum name. ``n_per_stratum`` is one size for every stratum or a size per stratum name. Each
    stratum is drawn with its own seed derived from ``seed`` and its name, so adding a stratum does not change the
    others' draws. Strata come back in order of name.
    """
    if not frame:
        raise InputError("The sampling frame is empty: map each claim id to its paid amount.")
    stratify = strata if callable(strata) else _by_bounds(strata)
    groups: dict[str, list[Hashable]] = {}
    for claim, amount in frame.items():
        groups.setdefault(stratify(parse_money(amount, f"The paid amount of {claim!r}")), []).append(claim)
    if isinstance(n_per_stratum, Mapping):
        unknown = set(n_per_stratum) - set(groups)
        if unknown:
            raise InputError(f"Sizes were given for strata that hold no claims: {sorted(unknown)}.")
        missing = set(groups) - set(n_per_stratum)
        if missing:
            raise InputError(f"Give a sample size for every stratum; missing: {sorted(missing)}.")
    out = {}
    for name in sorted(groups):
        size = n_per_stratum[name] if isinstance(n_per_stratum, Mapping) else n_per_stratum
        members = groups[name]
        try:
            _size(size, len(members), f"sample from {name}")
        except InputError as err:
            raise InputError(f"{err} ({name} holds {len(members)} claims: lower its size or change the bounds.)"
                             ) from None
        out[name] = StratumSample(name, tuple(members), simple_random_sample(members, size, f"{seed}:{name}"))
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Estimating the overpayment
# ---------------------------------------------------------------------------------------------------------------------


def _amounts(values: Iterable[object], what: str) -> list[Decimal]:
    return [parse_money(v, f"{what} #{i}", example="42.50") for i, v in enumerate(values, start=1)]


def _population(population_size: object, n: int, what: str = "The universe") -> int:
    if isinstance(population_size, bool) or not isinstance(population_size, int) or population_size < 1:
        raise InputError(f"{what} size must be a whole number of claims, 1 or more; got {population_size!r}.")
    if population_size < n:
        raise InputError(f"{what} holds {population_size} claims but the sample has {n}; a sample cannot be larger "
                         "than the universe it was drawn from.")
    return population_size


def _variance(values: Sequence[Decimal], mean: Decimal) -> Decimal:
    return sum(((v - mean) ** 2 for v in values), ZERO) / (len(values) - 1)


def _dec(x: float) -> Decimal:
    return Decimal(repr(x))


@dataclass(frozen=True, kw_only=True)
class Interval:
    """A projected total with its standard error and the two-sided limits at ``confidence`` (Student's t)."""

    confidence: float
    point_estimate: Decimal
    standard_error: Decimal
    degrees_of_freedom: int
    t: float
    lower_limit: Decimal
    upper_limit: Decimal


@dataclass(frozen=True, kw_only=True)
class Estimate(Interval):
    """The projection of a sample's overpayments to its universe (money rounded to the cent, half up)."""

    sample_size: int
    population_size: int
    errors: int
    sample_total: Decimal
    mean: Decimal
    standard_deviation: Decimal

    @property
    def error_rate(self) -> Decimal:
        """The share of sampled claims with an overpayment (0 to 1)."""
        return Decimal(self.errors) / Decimal(self.sample_size)

    @property
    def half_width(self) -> Decimal:
        """t x standard error: how far the one-sided bound sits below the point estimate."""
        return self.point_estimate - self.lower_limit

    @property
    def precision(self) -> Decimal | None:
        """The half-width as a share of the point estimate (None when the point estimate is zero)."""
        return precision(self)

    @property
    def demand(self) -> Decimal:
        """What a contractor would usually demand: the lower limit, never below zero."""
        return max(self.lower_limit, Decimal("0.00"))


def precision(result: Estimate | StratifiedEstimate) -> Decimal | None:
    """The half-width of the one-sided interval divided by the point estimate (0.25 means +/- 25 percent), or None
    when the point estimate is zero."""
    if result.point_estimate == 0:
        return None
    return (result.point_estimate - result.lower_limit) / result.point_estimate


def estimate(overpayments_in_sample: Sequence[object], population_size: int,
             confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """Project the overpayments found in a **simple random sample** to the universe it was drawn from.

    ``overpayments_in_sample`` holds one amount per sampled claim, including the zeros for claims found correct.
    With n sampled claims of a universe of N, mean m and sample standard deviation s (n - 1 in the denominator):

    * point estimate = N x m;
    * standard error = N x s / sqrt(n) x sqrt(1 - n/N) (the finite population correction);
    * lower limit = point estimate - t x standard error, t being Student's t quantile at ``confidence`` with n - 1
      degrees of freedom (the upper limit adds the same amount).

    The lower limit of the one-sided 90% interval is what Medicare contractors usually demand (Pub. 100-08, ch. 8,
    section 8.4.5). Needs at least two sampled claims.
    """
    values = _amounts(overpayments_in_sample, "Sampled overpayment")
    n = len(values)
    if n < 2:
        raise InputError(f"An estimate needs at least 2 sampled claims (to measure their spread); got {n}.")
    big_n = _population(population_size, n)
    conf = _confidence(confidence)
    mean = sum(values, ZERO) / n
    variance = _variance(values, mean)
    fpc = 1 - Decimal(n) / Decimal(big_n)
    se = Decimal(big_n) * (variance / n * fpc).sqrt()
    t = t_quantile(conf, n - 1)
    point = Decimal(big_n) * mean
    return Estimate(
        sample_size=n, population_size=big_n, confidence=conf, errors=sum(1 for v in values if v > 0),
        sample_total=to_cents(sum(values, ZERO)), mean=to_cents(mean),
        standard_deviation=to_cents(variance.sqrt()), point_estimate=to_cents(point),
        standard_error=to_cents(se), degrees_of_freedom=n - 1, t=t,
        lower_limit=to_cents(point - _dec(t) * se), upper_limit=to_cents(point + _dec(t) * se),
    )


def error_rate(overpayments_in_sample: Sequence[object]) -> Decimal:
    """The share of sampled claims found overpaid (an amount above zero), from 0 to 1."""
    values = _amounts(overpayments_in_sample, "Sampled overpayment")
    if not values:
        raise InputError("An error rate needs at least one reviewed claim.")
    return Decimal(sum(1 for v in values if v > 0)) / Decimal(len(values))


@dataclass(frozen=True)
class StratumEstimate:
    """One stratum's part of a stratified estimate."""

    name: str
    sample_size: int
    population_size: int
    mean: Decimal
    point_estimate: Decimal
    variance_of_total: Decimal


@dataclass(frozen=True, kw_only=True)
class StratifiedEstimate(Interval):
    """A stratified projection: the strata's totals added, with one standard error and one t."""

    strata: tuple[StratumEstimate, ...]

    @property
    def sample_size(self) -> int:
        return sum(s.sample_size for s in self.strata)

    @property
    def population_size(self) -> int:
        return sum(s.population_size for s in self.strata)

    @property
    def precision(self) -> Decimal | None:
        return precision(self)


def stratified_estimate(strata: Mapping[str, tuple[Sequence[object], int]],
                        confidence: float = DEFAULT_CONFIDENCE) -> StratifiedEstimate:
    """Project a **stratified** sample: ``strata`` maps each stratum's name to (its sampled overpayments, N_h).

    * point estimate = sum over strata of N_h x mean_h;
    * variance = sum of N_h^2 x (1 - n_h/N_h) x s_h^2 / n_h;
    * degrees of freedom = n - L (all sampled claims less the number of strata): each stratum's mean uses up one.
      This is the usual textbook choice and needs no estimate of its own. Satterthwaite's effective degrees of
      freedom can be smaller when one stratum carries most of the variance, and then gives a slightly larger t and
      a slightly lower (more conservative) bound; with samples of the sizes auditors draw the two t values are close.

    A stratum reviewed in full (n_h = N_h, a "certainty" stratum) adds its total with no sampling error and may hold
    a single claim; any other stratum needs at least two sampled claims.
    """
    if not strata:
        raise InputError("A stratified estimate needs at least one stratum.")
    conf = _confidence(confidence)
    parts = []
    total_var = ZERO
    for name, (sample, big_n) in strata.items():
        values = _amounts(sample, f"{name}: sampled overpayment")
        n = len(values)
        if n == 0:
            raise InputError(f"{name}: no sampled overpayments were given.")
        size = _population(big_n, n, f"{name}: the stratum")
        mean = sum(values, ZERO) / n
        if n < size and n < 2:
            raise InputError(f"{name}: a sampled stratum needs at least 2 claims to measure its spread; got 1.")
        var = (Decimal(size) ** 2 * (1 - Decimal(n) / Decimal(size)) * _variance(values, mean) / n
               if n < size else ZERO)
        total_var += var
        parts.append((name, n, size, mean, var))
    df = sum(p[1] for p in parts) - len(parts)
    if df < 1:
        raise InputError("The strata hold too few sampled claims to estimate a spread: sample more claims.")
    t = t_quantile(conf, df)
    point = sum((Decimal(p[2]) * p[3] for p in parts), ZERO)
    se = total_var.sqrt()
    return StratifiedEstimate(
        strata=tuple(StratumEstimate(name, n, size, to_cents(mean), to_cents(Decimal(size) * mean), var)
                     for name, n, size, mean, var in parts),
        confidence=conf, point_estimate=to_cents(point), standard_error=to_cents(se), degrees_of_freedom=df, t=t,
        lower_limit=to_cents(point - _dec(t) * se), upper_limit=to_cents(point + _dec(t) * se),
    )


# ---------------------------------------------------------------------------------------------------------------------
# A synthetic universe of paid claims
# ---------------------------------------------------------------------------------------------------------------------

#: Synthetic paid amounts per established-patient office visit level (invented for teaching, not the fee schedule).
LEVEL_PAID: dict[str, Decimal] = {"99212": Decimal("58.00"), "99213": Decimal("92.00"), "99214": Decimal("131.00"),
                                  "99215": Decimal("184.00")}
LEVEL_MIX: dict[str, float] = {"99212": 0.10, "99213": 0.45, "99214": 0.37, "99215": 0.08}
#: Why a synthetic claim was overpaid, and how its overpayment is worked out.
ERROR_KINDS: dict[str, str] = {
    "level not supported": "the note supports one level lower: overpaid by the difference",
    "no documentation": "no note was found for the visit: the whole payment is an overpayment",
}


@dataclass(frozen=True)
class PaidClaim:
    """One synthetic paid claim of a universe, with what a reviewer would find (its overpayment, 0.00 if correct)."""

    claim_id: str
    date_of_service: date
    code: str
    paid: Decimal
    overpaid: Decimal
    finding: str


def synthetic_universe(n_claims: int = 2_000, seed: int = 2026, *, error_share: float = 0.15,
                       start: date = date(2025, 1, 1), days: int = 365) -> tuple[PaidClaim, ...]:
    """A seeded universe of ``n_claims`` synthetic paid established-patient office visits (99212-99215), about
    ``error_share`` of them overpaid: most billed one level higher than the note supports, a few with no note.

    Paid amounts are the invented :data:`LEVEL_PAID` times a small per-claim factor (0.90 to 1.10), rounded to the
    cent. Each claim carries the overpayment a reviewer would find, so a sample can be "reviewed" by looking it up.
    """
    if isinstance(n_claims, bool) or not isinstance(n_claims, int) or not 2 <= n_claims <= 1_000_000:
        raise InputError(f"n_claims must be a whole number from 2 to 1,000,000; got {n_claims!r}.")
    if isinstance(error_share, bool) or not isinstance(error_share, int | float) or not 0 <= error_share <= 1:
        raise InputError(f"error_share must be between 0 and 1, such as 0.15; got {error_share!r}.")
    rng = random.Random(seed)
    levels = list(LEVEL_MIX)
    claims = []
    for i in range(n_claims):
        code = rng.choices(levels, weights=[LEVEL_MIX[lv] for lv in levels])[0]
        factor = Decimal(rng.randint(90, 110)) / 100
        paid = to_cents(LEVEL_PAID[code] * factor)
        overpaid, finding = Decimal("0.00"), "supported"
        if rng.random() < error_share:
            if code != "99212" and rng.random() < 0.85:
                lower = levels[levels.index(code) - 1]
                overpaid, finding = to_cents(paid - LEVEL_PAID[lower] * factor), "level not supported"
            else:
                overpaid, finding = paid, "no documentation"
        claims.append(PaidClaim(f"CLM-{i + 1:06d}", start + timedelta(days=rng.randrange(days)), code, paid,
                                overpaid, finding))
    return tuple(claims)


def true_overpayment(universe: Iterable[PaidClaim]) -> Decimal:
    """The universe's real total overpayment (known only because the universe is synthetic)."""
    return sum((c.overpaid for c in universe), Decimal("0.00"))


def review(universe: Sequence[PaidClaim], sample_ids: Iterable[Hashable]) -> tuple[PaidClaim, ...]:
    """The sampled claims, as a reviewer would find them (in the order of ``sample_ids``)."""
    by_id = {c.claim_id: c for c in universe}
    missing = [i for i in sample_ids if i not in by_id]
    if missing:
        raise InputError(f"{len(missing)} sampled id(s) are not in the universe, e.g. {missing[0]!r}.")
    return tuple(by_id[i] for i in sample_ids)  # type: ignore[index]


def audit_sample(universe: Sequence[PaidClaim], n: int, seed: int | str,
                 confidence: float = DEFAULT_CONFIDENCE) -> tuple[tuple[PaidClaim, ...], Estimate]:
    """Draw a simple random sample of ``n`` claims from ``universe``, review it and project it."""
    sampled = review(universe, simple_random_sample([c.claim_id for c in universe], n, seed))
    return sampled, estimate([c.overpaid for c in sampled], len(universe), confidence)


def repeated_estimates(universe: Sequence[PaidClaim], n: int, draws: int, seed: int | str = 0,
                       confidence: float = DEFAULT_CONFIDENCE) -> tuple[Estimate, ...]:
    """``draws`` independent samples of ``n`` from the same universe, each projected: how the estimates spread, and
    how often the lower limit falls at or below the true total (about ``confidence`` of the time, or more)."""
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= 100_000:
        raise InputError(f"draws must be a whole number from 1 to 100,000; got {draws!r}.")
    return tuple(audit_sample(universe, n, f"{seed}:{k}", confidence)[1] for k in range(draws))


def sample_frame(claims: Sequence[PaidClaim]) -> pd.DataFrame:
    """Claims as a table: id, date of service, code, paid, overpaid and the reviewer's finding."""
    import pandas as pd

    return pd.DataFrame([{"claim": c.claim_id, "date of service": c.date_of_service, "code": c.code,
                          "paid": c.paid, "overpaid": c.overpaid, "finding": c.finding} for c in claims])
