"""Burns and corrosions (Section I.C.19.d): the rule of nines, the T31/T32 extent code, and the order of site codes.

The adult rule of nines gives head and neck 9%, each arm 9%, each leg 18%, the anterior and the posterior trunk 18%
each, and the genitalia (perineum) 1%: 100% in all. Providers may change the shares for infants and children, whose
heads are larger; pass ``shares`` for that. The extent code's 4th character is the tens of the total body surface
burned, its 5th the tens of the third-degree share; each code is checked against the release in force on ``on``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from revcycle.codes import icd10cm
from revcycle.core.errors import InputError, RuleError
from revcycle.core.numbers import decimal

__all__ = ["ADULT_SHARES", "Burn", "Extent", "extent", "extent_code", "site_order"]

#: The adult rule of nines, percent of total body surface area by region.
ADULT_SHARES: dict[str, Decimal] = {
    "head and neck": Decimal(9), "right arm": Decimal(9), "left arm": Decimal(9),
    "anterior trunk": Decimal(18), "posterior trunk": Decimal(18),
    "right leg": Decimal(18), "left leg": Decimal(18), "genitalia": Decimal(1),
}
DEGREES = (1, 2, 3)

DateLike = date | str | None


def _decimal(value: object, name: str) -> Decimal:
    return decimal(value, name, "0.5")


@dataclass(frozen=True)
class Burn:
    """One burned region: its name in the rule of nines, the degree, and the part of the region burned (0-1]."""

    region: str
    degree: int
    part: Decimal = Decimal(1)
    corrosion: bool = False

    def __post_init__(self) -> None:
        region = " ".join(str(self.region).lower().split())
        if region in ("sunburn", "sun") or "sunburn" in region:
            raise RuleError("A sunburn is not a burn of T20-T32: it is classified to L55.- (the skin chapter).")
        object.__setattr__(self, "region", region)
        if isinstance(self.degree, bool) or self.degree not in DEGREES:
            raise InputError(f"degree must be 1, 2 or 3, not {self.degree!r}.")
        part = _decimal(self.part, "part")
        if not Decimal(0) < part <= Decimal(1):
            raise InputError(f"part must be more than 0 and at most 1 (the share of the region burned), not {part}.")
        object.__setattr__(self, "part", part)


@dataclass(frozen=True)
class Extent:
    """Total body surface burned, the third-degree share, and the extent code (T31 burns, T32 corrosions)."""

    total: Decimal
    third_degree: Decimal
    code: str
    title: str


def _shares(shares: Mapping[str, object] | None) -> dict[str, Decimal]:
    if shares is None:
        return dict(ADULT_SHARES)
    out = {" ".join(k.lower().split()): _decimal(v, k) for k, v in shares.items()}
    if any(v < 0 for v in out.values()):
        raise InputError("A region's share of the body surface cannot be negative.")
    if sum(out.values(), Decimal(0)) != 100:
        raise InputError(f"The regions' shares must add up to 100%, not {sum(out.values(), Decimal(0))}%.")
    return out


def extent_code(total: object, third_degree: object = 0, corrosion: bool = False, on: DateLike = None) -> str:
    """T31.xy (or T32.xy): x = tens of the total percent burned, y = tens of the third-degree percent (both capped
    at 9, for 90% or more); T31.0/T32.0 below 10%."""
    tot, third = _decimal(total, "total"), _decimal(third_degree, "third_degree")
    if not Decimal(0) < tot <= 100:
        raise InputError(f"The total body surface burned must be more than 0% and at most 100%, not {tot}%.")
    if not Decimal(0) <= third <= tot:
        raise InputError(f"The third-degree share ({third}%) must be between 0% and the total ({tot}%).")
    tens, third_tens = min(int(tot // 10), 9), min(int(third // 10), 9)
    category = "T32" if corrosion else "T31"
    code = f"{category}.0" if tens == 0 else f"{category}.{tens}{third_tens}"
    if not icd10cm.is_billable(code, on=on):  # pragma: no cover - guarded by the checks above
        raise RuleError(f"{code} is not billable on {on}.")
    return code


def extent(burns: Iterable[Burn], shares: Mapping[str, object] | None = None, on: DateLike = None) -> Extent:
    """Add up the burned regions by the rule of nines (or ``shares``) and give the extent code.

    A region listed twice counts once, at its largest part; its third-degree part is the largest third-degree
    part listed for it. Burns and corrosions are not mixed in one extent code.
    """
    table = _shares(shares)
    items = list(burns)
    if not items:
        raise InputError("Give at least one burned region.")
    kinds = {b.corrosion for b in items}
    if len(kinds) > 1:
        raise RuleError("Burns (T31) and corrosions (T32) take separate extent codes: pass them separately.")
    part: dict[str, Decimal] = {}
    third: dict[str, Decimal] = {}
    for b in items:
        if b.region not in table:
            raise InputError(f"Unknown region {b.region!r}: use one of {', '.join(table)}.")
        part[b.region] = max(part.get(b.region, Decimal(0)), b.part)
        if b.degree == 3:
            third[b.region] = max(third.get(b.region, Decimal(0)), b.part)
    total = sum((table[r] * p for r, p in part.items()), Decimal(0))
    deep = sum((table[r] * p for r, p in third.items()), Decimal(0))
    if total > 100:  # pragma: no cover - parts are capped at 1 and the shares add to 100
        raise InputError(f"The burned regions add up to {total}%, more than the whole body.")
    code = extent_code(total, deep, corrosion=kinds.pop(), on=on)
    return Extent(_tidy(total), _tidy(deep), code, icd10cm.title(code, on=on))


def _tidy(value: Decimal) -> Decimal:
    """31.50 -> 31.5 and 36.0 -> 36, never 1E+2."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def site_order(burns: Iterable[Burn]) -> list[Burn]:
    """The site codes' order: one burn per region at its highest degree, deepest first (I.C.19.d), ties in the
    order given."""
    best: dict[str, Burn] = {}
    for b in burns:
        if b.region not in best or b.degree > best[b.region].degree:
            best[b.region] = b
    return sorted(best.values(), key=lambda b: -b.degree)
