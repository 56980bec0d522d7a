"""Compliance auditing: a practice's E/M level mix compared with its peers, and False Claims Act exposure.

A compliance officer who wants to know whether a provider may be **upcoding** office visits starts with the level
mix: of the provider's established-patient office visits (CPT 99211-99215), what share were billed at the two
highest levels (99214 and 99215)? This module compares that share with a peer group two ways:

* **against the spread of peers** (a peer z-score and percentile): how unusual is this provider among providers?
* **against the pooled peer share** (a one-sided binomial z-test): with this many visits, could the gap be chance?

It flags a provider only when both agree, and also runs a chi-square test of the whole five-level mix. A flag is a
reason to review a sample of notes, never a finding of upcoding: a provider with sicker patients may rightly bill
higher levels. No SciPy is needed: the normal tail comes from ``math.erfc`` and the chi-square tail from the closed
forms for whole-number degrees of freedom.

Every peer and practice here is synthetic and seeded; the peer level mix is invented for teaching, not a published
Medicare distribution. ``fca_exposure`` works out the civil False Claims Act range (treble damages plus a per-claim
penalty; 31 U.S.C. 3729(a)(1)) using the DOJ's inflation-adjusted penalty amounts (28 CFR 85.5).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from revcycle.core.errors import InputError
from revcycle.core.money import parse_money, to_cents

if TYPE_CHECKING:
    import pandas as pd


#: Established-patient office E/M codes, lowest level first.
EM_LEVELS: tuple[str, ...] = ("99211", "99212", "99213", "99214", "99215")
#: The two highest levels, whose share the audit compares.
HIGH_LEVELS: tuple[str, ...] = ("99214", "99215")
#: The synthetic peer group's typical mix (invented for teaching; shaped like a primary-care practice).
PEER_MIX: dict[str, float] = {"99211": 0.03, "99212": 0.07, "99213": 0.42, "99214": 0.40, "99215": 0.08}

#: Flag only when the provider is at least this many peer standard deviations from the peer mean ...
PEER_Z = 2.0
#: ... and the one-sided binomial test against the pooled peer share gives a p-value below this.
ALPHA = 0.01
#: Fewer visits than this are too few to judge a level mix.
MIN_VISITS = 50


# ---------------------------------------------------------------------------------------------------------------------
# Statistics without SciPy
# ---------------------------------------------------------------------------------------------------------------------


def normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z (upper tail)."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def chi_square_sf(x: float, df: int) -> float:
    """P(X > x) for a chi-square variable with ``df`` (a whole number, 1 or more) degrees of freedom.

    Uses the closed forms: for even df, exp(-x/2) * sum_{i<df/2} (x/2)^i / i!; for odd df, the normal tail plus a
    finite series. Exact to floating-point rounding.
    """
    if isinstance(df, bool) or not isinstance(df, int) or df < 1:
        raise InputError(f"Degrees of freedom must be a whole number, 1 or more, not {df!r}.")
    if x <= 0:
        return 1.0
    half = x / 2.0
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, df // 2):
            term *= half / i
            total += term
        return min(1.0, math.exp(-half) * total)
    total = 2.0 * normal_sf(math.sqrt(x))
    if df > 1:
        term = math.sqrt(2.0 * x / math.pi) * math.exp(-half)  # i = 1 term: sqrt(2x/pi) e^(-x/2) * x^0 / 1
        series = term
        for i in range(2, (df - 1) // 2 + 1):
            term *= x / (2 * i - 1)
            series += term
        total += series
    return min(1.0, total)


# ---------------------------------------------------------------------------------------------------------------------
# Level mixes
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmProfile:
    """One provider's count of established-patient office visits at each E/M level over a period."""

    provider: str
    counts: dict[str, int]

    def __post_init__(self) -> None:
        if not isinstance(self.provider, str) or not self.provider.strip():
            raise InputError("Each profile needs a provider name.")
        unknown = set(self.counts) - set(EM_LEVELS)
        if unknown:
            raise InputError(f"{self.provider}: {sorted(unknown)} are not established-patient office E/M levels; "
                                  f"use {', '.join(EM_LEVELS)}.")
        for level, n in self.counts.items():
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise InputError(f"{self.provider}: the count for {level} must be a whole number, 0 or more; "
                                      f"got {n!r}.")
        object.__setattr__(self, "counts", {lv: int(self.counts.get(lv, 0)) for lv in EM_LEVELS})

    @property
    def visits(self) -> int:
        """All established-patient office visits in the profile."""
        return sum(self.counts.values())

    @property
    def high_visits(self) -> int:
        """Visits billed at level 4 or 5 (99214, 99215)."""
        return sum(self.counts[lv] for lv in HIGH_LEVELS)

    @property
    def high_share(self) -> float:
        """The share of visits billed at level 4 or 5 (0 when there are no visits)."""
        return self.high_visits / self.visits if self.visits else 0.0

    def shares(self) -> dict[str, float]:
        """Each level's share of the visits."""
        n = self.visits
        return {lv: (c / n if n else 0.0) for lv, c in self.counts.items()}


def _gamma_mix(rng: random.Random, mix: Mapping[str, float], concentration: float) -> dict[str, float]:
    """A random level mix around ``mix`` (a Dirichlet draw made from gamma variates)."""
    draws = {lv: rng.gammavariate(max(mix[lv] * concentration, 1e-3), 1.0) for lv in EM_LEVELS}
    total = sum(draws.values())
    return {lv: d / total for lv, d in draws.items()}


def _counts(rng: random.Random, mix: Mapping[str, float], visits: int) -> dict[str, int]:
    drawn = rng.choices(EM_LEVELS, weights=[mix[lv] for lv in EM_LEVELS], k=visits)
    return {lv: drawn.count(lv) for lv in EM_LEVELS}


def synthetic_peers(n: int = 40, seed: int = 2026, *, mix: Mapping[str, float] = PEER_MIX,
                    visits: tuple[int, int] = (300, 1200), concentration: float = 120.0) -> tuple[EmProfile, ...]:
    """A seeded synthetic peer group: ``n`` providers whose level mixes vary around ``mix``."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise InputError(f"A peer group needs at least 2 providers; n={n!r}.")
    if set(mix) != set(EM_LEVELS) or any(v < 0 for v in mix.values()) or not sum(mix.values()):
        raise InputError(f"mix must give a non-negative share for each of {', '.join(EM_LEVELS)}.")
    rng = random.Random(seed)
    return tuple(
        EmProfile(f"Peer {i + 1:02d}", _counts(rng, _gamma_mix(rng, mix, concentration), rng.randint(*visits)))
        for i in range(n)
    )


#: The synthetic practice: each provider's true mix differs from the peers' in a way the audit should (or should not)
#: notice. Names are invented.
PRACTICE_MIXES: dict[str, dict[str, float]] = {
    "Dr. Alex Example": {"99211": 0.03, "99212": 0.08, "99213": 0.41, "99214": 0.40, "99215": 0.08},
    "Dr. Jordan Sampleton": {"99211": 0.01, "99212": 0.03, "99213": 0.24, "99214": 0.52, "99215": 0.20},
    "Dr. Nia Placeholder": {"99211": 0.05, "99212": 0.13, "99213": 0.52, "99214": 0.26, "99215": 0.04},
    "Dr. Omar Fictional": {"99211": 0.02, "99212": 0.05, "99213": 0.30, "99214": 0.48, "99215": 0.15},
}
PRACTICE_VISITS: dict[str, int] = {"Dr. Alex Example": 820, "Dr. Jordan Sampleton": 760, "Dr. Nia Placeholder": 690,
                                   "Dr. Omar Fictional": 40}


def synthetic_practice(seed: int = 2026) -> tuple[EmProfile, ...]:
    """Hillcrest Family Practice's four synthetic providers and a year of their established-patient office visits."""
    rng = random.Random(seed * 7 + 1)
    return tuple(EmProfile(name, _counts(rng, mix, PRACTICE_VISITS[name])) for name, mix in PRACTICE_MIXES.items())


# ---------------------------------------------------------------------------------------------------------------------
# The audit
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerBenchmark:
    """What the peers look like: pooled level shares, and the spread of their level-4/5 shares."""

    providers: int
    visits: int
    pooled: dict[str, float]
    high_shares: tuple[float, ...]

    @property
    def pooled_high_share(self) -> float:
        """All peers' level-4/5 visits divided by all their visits."""
        return sum(self.pooled[lv] for lv in HIGH_LEVELS)

    @property
    def mean_high_share(self) -> float:
        """The average of the peers' own level-4/5 shares (each provider counts once)."""
        return sum(self.high_shares) / len(self.high_shares)

    @property
    def sd_high_share(self) -> float:
        """The standard deviation of the peers' level-4/5 shares (sample, n - 1)."""
        m = self.mean_high_share
        return math.sqrt(sum((s - m) ** 2 for s in self.high_shares) / (len(self.high_shares) - 1))

    def percentile(self, share: float) -> float:
        """The percentage of peers whose level-4/5 share is below ``share`` (ties count half)."""
        below = sum(1 for s in self.high_shares if s < share)
        ties = sum(1 for s in self.high_shares if s == share)
        return 100.0 * (below + ties / 2) / len(self.high_shares)


def peer_benchmark(peers: Iterable[EmProfile]) -> PeerBenchmark:
    """Summarize a peer group (at least two providers with visits)."""
    group = [p for p in peers if p.visits]
    if len(group) < 2:
        raise InputError("A peer benchmark needs at least two peers with visits.")
    totals = {lv: sum(p.counts[lv] for p in group) for lv in EM_LEVELS}
    n = sum(totals.values())
    return PeerBenchmark(len(group), n, {lv: totals[lv] / n for lv in EM_LEVELS},
                         tuple(sorted(p.high_share for p in group)))


@dataclass(frozen=True)
class EmAuditResult:
    """One provider's E/M level audit: the numbers, the flag and the explanation a compliance officer would write."""

    provider: str
    visits: int
    high_visits: int
    high_share: float
    peer_mean: float
    peer_sd: float
    peer_z: float
    percentile: float
    pooled_share: float
    binomial_z: float
    p_high: float
    p_low: float
    chi_square: float
    chi_square_p: float
    flag: str
    explanation: str

    @property
    def flagged(self) -> bool:
        """True for a high or low outlier (not for 'within range' or 'too few visits')."""
        return self.flag in ("high outlier", "low outlier")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _than(share_of_peers: float, providers: int, word: str) -> str:
    if share_of_peers >= 100:
        return f"{word} than every one of the {providers} peers"
    return f"{word} than {share_of_peers:.0f}% of the peers"


def audit_provider(profile: EmProfile, benchmark: PeerBenchmark, *, peer_z: float = PEER_Z, alpha: float = ALPHA,
                   min_visits: int = MIN_VISITS) -> EmAuditResult:
    """Compare one provider's level-4/5 share (and whole mix) with the peers, flag an outlier and explain why."""
    n, k, share = profile.visits, profile.high_visits, profile.high_share
    mean, sd, p0 = benchmark.mean_high_share, benchmark.sd_high_share, benchmark.pooled_high_share
    z_peer = (share - mean) / sd if sd > 0 else 0.0
    if n:
        z_bin = (share - p0) / math.sqrt(p0 * (1 - p0) / n)
        chi = sum((profile.counts[lv] - n * benchmark.pooled[lv]) ** 2 / (n * benchmark.pooled[lv])
                  for lv in EM_LEVELS if benchmark.pooled[lv] > 0)
        df = sum(1 for lv in EM_LEVELS if benchmark.pooled[lv] > 0) - 1
        chi_p = chi_square_sf(chi, df) if df >= 1 else 1.0
    else:
        z_bin, chi, chi_p = 0.0, 0.0, 1.0
    p_high, p_low = normal_sf(z_bin), normal_sf(-z_bin)
    pct = benchmark.percentile(share)
    facts = (f"{profile.provider} billed {n:,} established-patient office visits; {k:,} ({_pct(share)}) were level 4 "
             f"or 5 (99214-99215). The {benchmark.providers} peers averaged {_pct(mean)} (standard deviation "
             f"{100 * sd:.1f} points; pooled {_pct(p0)}).")
    if n < min_visits:
        flag = "too few visits"
        why = (f" With fewer than {min_visits} visits the mix cannot be judged: keep monitoring and audit again when "
               f"there is more volume.")
    elif z_peer >= peer_z and p_high < alpha:
        flag = "high outlier"
        mix = ("the whole five-level mix also differs from the peers'" if chi_p < alpha
               else "the rest of the five-level mix looks like the peers'")
        why = (f" That is {z_peer:.1f} standard deviations above the peer average, "
               f"{_than(pct, benchmark.providers, 'higher')}, and with this many visits the gap is very unlikely "
               f"to be chance (one-sided {_p(p_high)}); {mix} (chi-square {chi:.1f}, {_p(chi_p)}). A high share "
               f"is not proof of upcoding: it may reflect sicker patients or better documentation. Next step: pull a "
               f"random sample of level-4 and level-5 notes, have a certified coder check that each note supports "
               f"the level billed, and decide on education, a wider review or repayment from what the sample shows.")
    elif z_peer <= -peer_z and p_low < alpha:
        flag = "low outlier"
        why = (f" That is {abs(z_peer):.1f} standard deviations below the peer average, "
               f"{_than(100 - pct, benchmark.providers, 'lower')} (one-sided {_p(p_low)}). Low levels are not a "
               f"fraud risk, but they can mean services are under-documented or under-coded. Next step: review a "
               f"sample of level-2 and level-3 notes and offer coding education.")
    else:
        flag = "within range"
        side = "above" if z_peer >= 0 else "below"
        why = (f" That is {abs(z_peer):.1f} standard deviations {side} the peer average (the "
               f"{_ordinal(round(pct))} percentile): within the range the audit accepts. No review is needed beyond "
               f"routine monitoring.")
    return EmAuditResult(profile.provider, n, k, share, mean, sd, z_peer, pct, p0, z_bin, p_high, p_low, chi, chi_p,
                         flag, facts + why)


def audit_practice(profiles: Iterable[EmProfile], peers: Iterable[EmProfile] | PeerBenchmark, **options: float
                   ) -> tuple[EmAuditResult, ...]:
    """Audit every provider in ``profiles`` against ``peers`` (profiles or a ready PeerBenchmark)."""
    benchmark = peers if isinstance(peers, PeerBenchmark) else peer_benchmark(peers)
    return tuple(audit_provider(p, benchmark, **options) for p in profiles)  # type: ignore[arg-type]


def results_frame(results: Sequence[EmAuditResult]) -> pd.DataFrame:
    """The audit as a table, one row per provider, shares as percentages rounded to 0.1."""
    import pandas as pd

    return pd.DataFrame(
        [{"provider": r.provider, "visits": r.visits, "level 4-5 visits": r.high_visits,
          "level 4-5 share (%)": round(100 * r.high_share, 1), "peer mean (%)": round(100 * r.peer_mean, 1),
          "peer z": round(r.peer_z, 1), "percentile": round(r.percentile), "binomial z": round(r.binomial_z, 1),
          "flag": r.flag} for r in results]
    )


def mix_frame(profiles: Iterable[EmProfile], benchmark: PeerBenchmark) -> pd.DataFrame:
    """Each provider's share of visits at each level (percent), with the pooled peer mix as the last row."""
    import pandas as pd

    rows = {p.provider: {lv: round(100 * s, 1) for lv, s in p.shares().items()} for p in profiles}
    rows["Peers (pooled)"] = {lv: round(100 * s, 1) for lv, s in benchmark.pooled.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(EM_LEVELS))


# ---------------------------------------------------------------------------------------------------------------------
# False Claims Act exposure
# ---------------------------------------------------------------------------------------------------------------------

#: Per-claim civil penalty range for FCA penalties assessed after July 3, 2025 (violations after Nov 2, 2015):
#: DOJ, Civil Monetary Penalties Inflation Adjustments for 2025, 90 FR 29445; 28 CFR 85.5.
FCA_PENALTY_MIN = Decimal("14308")
FCA_PENALTY_MAX = Decimal("28619")
#: More false claims than this is a typing mistake (and would overflow the cents).
MAX_CLAIMS = 10_000_000


@dataclass(frozen=True)
class FcaExposure:
    """The civil False Claims Act range for a set of false claims: treble damages plus a penalty per claim."""

    claims: int
    damages: Decimal
    treble: Decimal
    penalty_min: Decimal
    penalty_max: Decimal

    @property
    def minimum(self) -> Decimal:
        """Treble damages plus the lowest penalty for every claim."""
        return self.treble + self.penalty_min

    @property
    def maximum(self) -> Decimal:
        """Treble damages plus the highest penalty for every claim."""
        return self.treble + self.penalty_max


def fca_exposure(claims: int, overpaid_per_claim: object, *, penalty_min: object = FCA_PENALTY_MIN,
                 penalty_max: object = FCA_PENALTY_MAX) -> FcaExposure:
    """The FCA range for ``claims`` false claims that each cost the government ``overpaid_per_claim`` dollars.

    Damages are the government's loss (here: claims x overpayment); the statute triples them and adds a civil penalty
    for each false claim (31 U.S.C. 3729(a)(1)). Courts can reduce treble damages to double for a defendant who
    self-reports in time and cooperates (31 U.S.C. 3729(a)(2)); this function shows the full statutory range.
    Amounts are read by :func:`revcycle.core.money.parse_money`; damages are rounded to the cent by
    :func:`revcycle.core.money.to_cents` (half up).
    """
    if isinstance(claims, bool) or not isinstance(claims, int) or not 0 <= claims <= MAX_CLAIMS:
        raise InputError(f"claims must be a whole number from 0 to {MAX_CLAIMS:,}; got {claims!r}.")
    per = parse_money(overpaid_per_claim, "overpaid_per_claim", example="120.00", negative=False, whole_cents=False)
    low = parse_money(penalty_min, "penalty_min", example="14308", negative=False)
    high = parse_money(penalty_max, "penalty_max", example="28619", negative=False)
    if low > high:
        raise InputError(f"penalty_min ({low}) is more than penalty_max ({high}).")
    damages = to_cents(per * claims)
    return FcaExposure(claims, damages, damages * 3, low * claims, high * claims)
