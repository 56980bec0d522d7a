"""HIPAA civil money penalties by tier and by inflation adjustment, and the penalty facts of the privacy chapter.

**The tiers** (42 U.S.C. 1320d-5(a), as amended by the HITECH Act in 2009; 45 CFR 160.404(b)(2)): a violation is in
one of four tiers of culpability, and each tier has a minimum and a maximum penalty per violation and a cap for all
violations of an identical requirement in one calendar year. :data:`STATUTORY` holds the amounts as the regulation
states them; :data:`ADJUSTMENTS` holds HHS's inflation-adjusted amounts (45 CFR 102.3) for each annual adjustment
this project verified, with the Federal Register notice that published it.

**Which amounts apply** (the applicability date of each notice): the adjusted amounts apply to penalties *assessed*
on or after a notice's effective date, for violations that occurred on or after November 2, 2015. A violation before
November 2, 2015, or a penalty assessed before the first adjustment took effect (September 6, 2016), is governed by
the unadjusted amounts. ``amounts(tier, assessed=..., violated=...)`` applies that rule. The adjustments of 2016
and 2017 are not shipped (their figures were not verified); asking for an assessment between September 6, 2016 and
October 11, 2018 says so.

**The 2019 Notice of Enforcement Discretion** (84 FR 18151): pending rulemaking, HHS applies a lower annual cap to
the first three tiers. :data:`DISCRETION_CAPS` holds the Notice's amounts as it printed them (before any inflation
adjustment); the regulation's caps are unchanged.

Amounts are whole dollars held as ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from revcycle.core.dates import parse_date
from revcycle.core.errors import DataError, InputError, RuleError

if TYPE_CHECKING:
    import pandas as pd

D = Decimal

#: The four tiers, least culpable first (42 U.S.C. 1320d-5(a)(1); 45 CFR 160.404(b)(2)(i)-(iv)).
TIERS: tuple[str, ...] = ("did not know", "reasonable cause", "willful neglect, corrected",
                          "willful neglect, not corrected")
#: Short names a learner may type for each tier (1-4 also work).
_ALIASES = {"1": 0, "2": 1, "3": 2, "4": 3, "a": 0, "b": 1, "c": 2, "d": 3,
            "unknowing": 0, "no knowledge": 0, "did not know": 0, "reasonable cause": 1,
            "willful neglect corrected": 2, "willful neglect, corrected": 2,
            "willful neglect not corrected": 3, "willful neglect, not corrected": 3}

#: Violations on or after this date get inflation-adjusted amounts (the 2015 Act's enactment date).
ADJUSTED_VIOLATIONS_FROM = date(2015, 11, 2)
#: The first adjustment (the 2016 catch-up interim final rule, 81 FR 61538) took effect on this date.
FIRST_ADJUSTMENT = date(2016, 9, 6)
#: The HITECH tiers govern violations on or after this date; earlier ones had a single pre-HITECH penalty.
HITECH_FROM = date(2009, 2, 18)


@dataclass(frozen=True)
class TierAmounts:
    """One tier's penalty range per violation and its calendar-year cap for identical violations."""

    tier: str
    minimum: Decimal
    maximum: Decimal
    annual_cap: Decimal


@dataclass(frozen=True)
class Adjustment:
    """One year's inflation adjustment: when it took effect, the notice, the multiplier and the four tiers."""

    year: int
    effective: date
    citation: str
    multiplier: Decimal | None
    tiers: tuple[TierAmounts, ...]

    def tier(self, tier: object) -> TierAmounts:
        """The amounts of ``tier`` (a name from :data:`TIERS`, or 1-4)."""
        return self.tiers[tier_index(tier)]


def _tiers(minimums: tuple[int, int, int, int], maximum: int, cap: int) -> tuple[TierAmounts, ...]:
    """Four tiers as the 45 CFR 102.3 table prints them: tiers 1-3 share a maximum; tier 4's maximum is the cap."""
    return tuple(TierAmounts(name, D(low), D(cap if i == 3 else maximum), D(cap))
                 for i, (name, low) in enumerate(zip(TIERS, minimums, strict=True)))


#: The amounts as 45 CFR 160.404(b)(2) states them (the HITECH Act's figures), before any inflation adjustment.
STATUTORY = Adjustment(2009, HITECH_FROM, "42 U.S.C. 1320d-5(a)(3); 45 CFR 160.404(b)(2)", None,
                       _tiers((100, 1_000, 10_000, 50_000), 50_000, 1_500_000))

#: HHS's annual adjustments this project verified, oldest first. ``year`` is the adjustment year HHS named; the
#: 2025 adjustment was published late, on January 28, 2026. The 45 CFR 102.3 tables themselves were not readable in
#: the copies found, so each year was checked in published copies instead: 2018 and 2019 (Mondaq; National Law
#: Review), 2020 (Locke Lord), 2021 (Davis Wright Tremaine: the maximum and the cap), 2022-2025 (two or three copies
#: each); and every year with a multiplier equals the year before times it (``chain_check``).
ADJUSTMENTS: tuple[Adjustment, ...] = (
    Adjustment(2018, date(2018, 10, 11), "83 FR 51369", D("1.02041"),
               _tiers((114, 1_141, 11_410, 57_051), 57_051, 1_711_533)),
    Adjustment(2019, date(2019, 11, 5), "84 FR 59549", D("1.02522"),
               _tiers((117, 1_170, 11_698, 58_490), 58_490, 1_754_698)),
    Adjustment(2020, date(2020, 1, 17), "85 FR 2869", D("1.01764"),
               _tiers((119, 1_191, 11_904, 59_522), 59_522, 1_785_651)),
    Adjustment(2021, date(2021, 11, 15), "86 FR 62928", None,
               _tiers((120, 1_205, 12_045, 60_226), 60_226, 1_806_757)),
    Adjustment(2022, date(2022, 3, 17), "87 FR 15100", D("1.06222"),
               _tiers((127, 1_280, 12_794, 63_973), 63_973, 1_919_173)),
    Adjustment(2023, date(2023, 10, 6), "88 FR 69531", D("1.07745"),
               _tiers((137, 1_379, 13_785, 68_928), 68_928, 2_067_813)),
    Adjustment(2024, date(2024, 8, 8), "89 FR 64815", D("1.03241"),
               _tiers((141, 1_424, 14_232, 71_162), 71_162, 2_134_831)),
    Adjustment(2025, date(2026, 1, 28), "91 FR 3665", D("1.02598"),
               _tiers((145, 1_461, 14_602, 73_011), 73_011, 2_190_294)),
)

#: The 2019 Notice of Enforcement Discretion's annual caps per tier (84 FR 18151), as printed, before inflation.
DISCRETION_CAPS: tuple[Decimal, ...] = (D(25_000), D(100_000), D(250_000), D(1_500_000))


def tier_index(tier: object) -> int:
    """0-3 for a tier given by name (see :data:`TIERS`), letter A-D or number 1-4."""
    key = " ".join(str(tier).strip().lower().replace("-", " ").split()) if isinstance(tier, str | int) else None
    if isinstance(tier, bool) or key not in _ALIASES:
        raise InputError(f"A HIPAA penalty tier must be 1-4 or one of {', '.join(TIERS)}; not {tier!r}.")
    return _ALIASES[key]


def adjustment(year: int) -> Adjustment:
    """The shipped adjustment HHS named for ``year`` (2018-2025)."""
    for adj in ADJUSTMENTS:
        if adj.year == year:
            return adj
    shipped = ", ".join(str(a.year) for a in ADJUSTMENTS)
    raise DataError(f"No HIPAA penalty adjustment for {year!r} is shipped; the years shipped are {shipped}.")


def in_force(assessed: date | str, violated: date | str) -> Adjustment:
    """The amounts that govern a penalty assessed on ``assessed`` for a violation on ``violated``."""
    when = parse_date(assessed, "The assessment date")
    did = parse_date(violated, "The violation date")
    if when < did:
        raise RuleError(f"A penalty cannot be assessed ({when}) before the violation it punishes ({did}).")
    if did < HITECH_FROM:
        raise RuleError(f"A violation on {did} predates the HITECH tiers (February 18, 2009); the single "
                        "pre-HITECH penalty applies, which this module does not model.")
    if did < ADJUSTED_VIOLATIONS_FROM or when < FIRST_ADJUSTMENT:
        return STATUTORY
    current = [adj for adj in ADJUSTMENTS if adj.effective <= when]
    if not current:
        raise DataError(f"A penalty assessed on {when} falls under the 2016 or 2017 adjustment, which this project "
                        f"does not ship (not verified); the first shipped one took effect {ADJUSTMENTS[0].effective}.")
    return current[-1]


def amounts(tier: object, *, assessed: date | str, violated: date | str) -> TierAmounts:
    """The per-violation range and calendar-year cap of ``tier`` for this assessment and violation date."""
    return in_force(assessed, violated).tier(tier)


@dataclass(frozen=True)
class Exposure:
    """The lowest and highest penalty for ``violations`` identical violations in one calendar year."""

    tier: str
    violations: int
    amounts: TierAmounts
    citation: str
    uncapped_low: Decimal
    uncapped_high: Decimal
    low: Decimal
    high: Decimal

    @property
    def capped(self) -> bool:
        """True when the calendar-year cap cut the highest penalty."""
        return self.high < self.uncapped_high


def exposure(tier: object, violations: int, *, assessed: date | str, violated: date | str) -> Exposure:
    """Illustrative penalty range for ``violations`` violations of one identical requirement in one calendar year:
    the count times the per-violation minimum and maximum, each held to the year's cap."""
    if isinstance(violations, bool) or not isinstance(violations, int) or violations < 1:
        raise InputError(f"The number of violations must be a whole number of 1 or more, not {violations!r}.")
    adj = in_force(assessed, violated)
    rng = adj.tier(tier)
    low, high = rng.minimum * violations, rng.maximum * violations
    return Exposure(rng.tier, violations, rng, adj.citation, low, high, min(low, rng.annual_cap),
                    min(high, rng.annual_cap))


def years_exposure(tier: object, by_year: dict[int, int], *, assessed: date | str) -> list[Exposure]:
    """One :class:`Exposure` per calendar year of violations (``{year: count}``): each year has its own cap.
    The violation date used for the applicable amounts is January 1 of each year (or November 2, 2015)."""
    if not by_year:
        raise InputError("Give at least one calendar year with its number of violations, e.g. {2025: 40}.")
    out = []
    for year in sorted(by_year):
        if isinstance(year, bool) or not isinstance(year, int) or not 2009 <= year <= 2100:
            raise InputError(f"A calendar year must be a year such as 2025, not {year!r}.")
        start = max(date(year, 1, 1), HITECH_FROM)
        out.append(exposure(tier, by_year[year], assessed=assessed, violated=start))
    return out


def daily_violations(first: date | str, last: date | str) -> dict[int, int]:
    """A continuing violation counted one violation a day (45 CFR 160.406), from ``first`` to ``last`` inclusive,
    split by calendar year: ``{2024: 184, 2025: 90}``."""
    start, end = parse_date(first, "The first day of the violation"), parse_date(last, "The last day")
    if end < start:
        raise InputError(f"The last day of a continuing violation ({end}) cannot come before the first ({start}).")
    out: dict[int, int] = {}
    for year in range(start.year, end.year + 1):
        lo, hi = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        out[year] = (hi - lo).days + 1
    return out


def discretion_cap(tier: object) -> Decimal:
    """The annual cap the 2019 Notice of Enforcement Discretion sets for ``tier``, as printed (before inflation)."""
    return DISCRETION_CAPS[tier_index(tier)]



def tier_table() -> pd.DataFrame:
    """Every shipped set of amounts as a table: one row per (year, tier), the statute's amounts as year 2009."""
    import pandas as pd

    rows = [{"year": adj.year, "effective": adj.effective, "citation": adj.citation, "tier": n + 1,
             "culpability": t.tier, "minimum": t.minimum, "maximum": t.maximum, "annual_cap": t.annual_cap}
            for adj in (STATUTORY, *ADJUSTMENTS) for n, t in enumerate(adj.tiers)]
    return pd.DataFrame(rows)


def chain_check() -> pd.DataFrame:
    """Each adjustment whose multiplier is published, recomputed from the previous year's amounts (each amount times
    the multiplier, rounded half up to the dollar), beside the amounts shipped: ``matches`` says whether they agree."""
    import pandas as pd

    rows = []
    for before, after in zip(ADJUSTMENTS, ADJUSTMENTS[1:], strict=False):
        if after.multiplier is None:
            continue
        for old, new in zip(before.tiers, after.tiers, strict=True):
            for field in ("minimum", "maximum", "annual_cap"):
                expected = (getattr(old, field) * after.multiplier).quantize(D(1), rounding=ROUND_HALF_UP)
                rows.append({"year": after.year, "tier": old.tier, "amount": field, "previous": getattr(old, field),
                             "multiplier": after.multiplier, "recomputed": expected, "shipped": getattr(new, field),
                             "matches": expected == getattr(new, field)})
    return pd.DataFrame(rows)


def exposure_curve(counts: list[int], *, assessed: date | str, violated: date | str) -> pd.DataFrame:
    """The lowest and highest penalty of each tier for each count of violations in one calendar year."""
    import pandas as pd

    rows = []
    for n in range(4):
        for count in counts:
            e = exposure(n + 1, count, assessed=assessed, violated=violated)
            rows.append({"tier": n + 1, "culpability": e.tier, "violations": count, "low": e.low, "high": e.high,
                         "capped": e.capped, "citation": e.citation})
    return pd.DataFrame(rows)

# --------------------------------------------------------------------------------------- information blocking

#: Who the information blocking rules reach (45 CFR 171.102, "actor").
INFO_BLOCKING_ACTORS: tuple[str, ...] = ("health care provider", "health IT developer of certified health IT",
                                         "health information network or exchange")


@dataclass(frozen=True)
class BlockingException:
    """One information blocking exception: its name, its section of 45 CFR part 171 and the rule that added it."""

    name: str
    section: str
    added: str


#: The exceptions of 45 CFR part 171 (subparts B, C and D), in section order.
INFO_BLOCKING_EXCEPTIONS: tuple[BlockingException, ...] = (
    BlockingException("preventing harm", "171.201", "ONC Cures Act final rule, 2020"),
    BlockingException("privacy", "171.202", "ONC Cures Act final rule, 2020"),
    BlockingException("security", "171.203", "ONC Cures Act final rule, 2020"),
    BlockingException("infeasibility", "171.204", "ONC Cures Act final rule, 2020"),
    BlockingException("health IT performance", "171.205", "ONC Cures Act final rule, 2020"),
    BlockingException("protecting care access", "171.206", "89 FR 102512 (December 17, 2024)"),
    BlockingException("manner", "171.301", "ONC Cures Act final rule, 2020 (as content and manner)"),
    BlockingException("fees", "171.302", "ONC Cures Act final rule, 2020"),
    BlockingException("licensing", "171.303", "ONC Cures Act final rule, 2020"),
    BlockingException("TEFCA manner", "171.403", "HTI-1 final rule, 2024"),
)

#: The most OIG may impose per information blocking violation on a developer or network (88 FR 42820).
INFO_BLOCKING_CMP_MAX = D(1_000_000)
#: OIG's information blocking penalties for developers and networks reach conduct on or after this date.
INFO_BLOCKING_CMP_FROM = date(2023, 9, 1)


def info_blocking_consequence(actor: str) -> str:
    """What an actor found to have blocked information faces: a civil money penalty or a provider disincentive."""
    key = str(actor).strip().lower()
    if key.startswith(("health care provider", "provider")):
        return ("referral by OIG to the appropriate agency for disincentives set by rulemaking (for example under "
                "the Medicare Promoting Interoperability program, MIPS or the Shared Savings Program), not a "
                "civil money penalty (89 FR 54662)")
    if key.startswith(("health it developer", "developer", "health information network", "health information "
                       "exchange", "hin", "hie", "network", "exchange")):
        return f"a civil money penalty of up to ${INFO_BLOCKING_CMP_MAX:,} per violation (88 FR 42820)"
    raise InputError(f"An information blocking actor is one of: {', '.join(INFO_BLOCKING_ACTORS)}; not {actor!r}.")


# ------------------------------------------------------------------------------------------------- 42 CFR part 2

#: The 2024 Part 2 final rule (89 FR 12472): effective April 16, 2024; compliance required by February 16, 2026.
PART2_EFFECTIVE = date(2024, 4, 16)
PART2_COMPLIANCE = date(2026, 2, 16)


def part2_rules_on(day: date | str) -> str:
    """Which Part 2 rules a program must follow on ``day``: the 2024 rule's, or the earlier ones (voluntary early
    compliance aside)."""
    on = parse_date(day)
    if on >= PART2_COMPLIANCE:
        return "2024 final rule"
    if on >= PART2_EFFECTIVE:
        return "earlier rules (2024 rule in effect, compliance optional until February 16, 2026)"
    return "earlier rules"


# ------------------------------------------------------------------------------------------------ state laws

#: California Civil Code 56.36: nominal damages for a negligent release, and the per-violation fines and penalties
#: for negligent and for knowing and willful violations (by a person other than a licensed professional).
CA_CMIA_NOMINAL_DAMAGES = D(1_000)
CA_CMIA_NEGLIGENT_MAX = D(2_500)
CA_CMIA_WILLFUL_MAX = D(25_000)
#: Texas Health and Safety Code 181.101(b) and 181.102(a) (H.B. 300): privacy training within this many days of
#: hire; an electronic health record to the patient within this many business days of a written request.
TX_TRAINING_DAYS = 90
TX_EHR_BUSINESS_DAYS = 15
#: Washington's My Health My Data Act (RCW 19.373.020, .030): its main duties apply from this date.
WA_MHMDA_FROM = date(2024, 3, 31)
