"""Endoscopy families and colonoscopy coding: which codes go on the claim (the coding choice, not the payment).

- :func:`family` reads a code's family from the CY2026 PFS file's ENDO BASE column: an endoscopy with multiple
  procedure indicator 3 names its diagnostic base code there, and a base code is its own family.
- :func:`collapse` drops a diagnostic (base) endoscopy billed beside a surgical endoscopy of the same family: the
  look around that every surgical endoscopy includes is not reported again (NCCI Policy Manual, ch. VI).
- :func:`colonoscopy_lines` codes a colonoscopy that began as screening, by payer: Medicare's G0105/G0121 (with KX
  after a positive stool-based test, 53 when it could not be completed) or the CPT codes with PT once it turned
  diagnostic or therapeutic; other payers the CPT codes with 33 (Pub. 100-04, ch. 18, sec. 60; ch. 12, sec. 30.1).
- :func:`medicare_coinsurance_share` is the patient's coinsurance share when a Medicare screening colonoscopy turns
  therapeutic (Social Security Act sec. 1833(dd)): 20% in 2022, 15% in 2023-2026, 10% in 2027-2029, none from 2030.

How Medicare then *pays* a family is :mod:`revcycle.payment.surgery`'s job (the endoscopy payment rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from revcycle.core.errors import InputError, RuleError

__all__ = [
    "PAYERS", "COLONOSCOPY_BASE", "ColonoscopyCoding", "Collapsed", "family", "is_base", "members", "collapse",
    "colonoscopy_lines", "medicare_coinsurance_share",
]

PAYERS = ("medicare", "commercial")
COLONOSCOPY_BASE = "45378"
SCREENING = {True: "G0105", False: "G0121"}  # high risk -> G0105, not high risk -> G0121 (CMS HCPCS file)
_CODE = re.compile(r"^[0-9]{4}[0-9A-Z]$|^[A-Z][0-9]{4}$")


def _code(value: object) -> str:
    """A five-character procedure code, upper-cased, or a clear InputError."""
    if not isinstance(value, str) or not _CODE.match(value.strip().upper()):
        raise InputError(f"A procedure code is five characters such as '45385' or 'G0121', not {value!r}.")
    return value.strip().upper()


@cache
def _bases() -> dict[str, str]:
    """member -> base for every row of the shipped indicator file that names an ENDO BASE."""
    from revcycle.payment import fees

    out: dict[str, str] = {}
    for (code, modifier), ind in fees._indicator_index().items():
        if ind.endo_base and not modifier:
            out[code] = ind.endo_base
    return out


@cache
def _families() -> dict[str, tuple[str, ...]]:
    """base -> its members (the base first, then the others in code order)."""
    grouped: dict[str, set[str]] = {}
    for member, base in _bases().items():
        grouped.setdefault(base, set()).add(member)
    return {base: (base, *sorted(m for m in found if m != base)) for base, found in grouped.items()}


def is_base(code: str) -> bool:
    """True if ``code`` is the diagnostic base of an endoscopy family in the CY2026 file."""
    return _code(code) in _families()


def family(code: str) -> str:
    """The base code of ``code``'s endoscopy family, from the file's ENDO BASE column (a base is its own family).

    Raises RuleError for a code that is in no family (not an endoscopy with indicator 3, nor a base)."""
    c = _code(code)
    if c in _families():
        return c
    base = _bases().get(c)
    if base is None:
        from revcycle.payment import fees

        fees.rvu_record(c)  # a code missing from the file says so in its own words
        raise RuleError(f"{c} belongs to no endoscopy family: the CY2026 file gives it no ENDO BASE and no endoscopy "
                        "names it as its base.")
    return base


def members(base: str) -> tuple[str, ...]:
    """Every code of the family whose base is ``base``, the base first."""
    b = _code(base)
    if b not in _families():
        raise RuleError(f"{b} is not the base code of an endoscopy family in the CY2026 file; family('{b}') "
                        "gives the base of the family it belongs to.")
    return _families()[b]


@dataclass(frozen=True)
class Collapsed:
    """The codes to report, and each code left off with the reason."""

    reported: tuple[str, ...]
    dropped: tuple[tuple[str, str], ...]


def collapse(codes: Iterable[str]) -> Collapsed:
    """Report ``codes`` from one session, dropping a diagnostic base endoscopy billed with a surgical endoscopy of its
    own family and any repeat of a code; codes outside every family pass through. Order is kept."""
    given = [_code(c) for c in codes]
    if not given:
        raise InputError("Give at least one procedure code from the session.")
    fam = {}
    for c in given:
        try:
            fam[c] = family(c)
        except RuleError:
            fam[c] = ""
    surgical_families = {fam[c] for c in given if fam[c] and c != fam[c]}
    reported: list[str] = []
    dropped: list[tuple[str, str]] = []
    for c in given:
        if c in reported:
            dropped.append((c, f"{c} is already on the claim once for this session"))
        elif fam[c] and c == fam[c] and c in surgical_families:
            others = ", ".join(sorted({x for x in given if fam[x] == c and x != c}))
            dropped.append((c, f"{c} is the diagnostic base of its family; the surgical endoscopy of the same family "
                               f"({others}) includes the diagnostic look"))
        else:
            reported.append(c)
    return Collapsed(tuple(reported), tuple(dropped))


@dataclass(frozen=True)
class ColonoscopyCoding:
    """A colonoscopy's claim lines as (code, modifiers) and why each modifier is there."""

    payer: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]
    reasons: tuple[str, ...]
    screening_benefit: bool

    def __str__(self) -> str:
        return ", ".join("-".join((code, *mods)) for code, mods in self.lines)


def colonoscopy_lines(payer: str, *, high_risk: bool = False, procedures: Iterable[str] = (),
                      after_positive_stool_test: bool = False, incomplete: bool = False,
                      commercial_incomplete_modifier: str = "53") -> ColonoscopyCoding:
    """Code a colonoscopy that was scheduled as a screening.

    ``procedures`` are the surgical colonoscopy codes done (45380 biopsy, 45385 snare, ...): none means the screening
    stayed a screening. ``incomplete``: the scope could not reach the cecum (no procedure done). Medicare takes its own
    codes and modifiers; a commercial payer takes CPT codes with 33, and for an incomplete exam the modifier its policy
    names (CPT's instruction is 53; some payers ask for 52)."""
    p = str(payer).strip().lower()
    if p not in PAYERS:
        raise InputError(f"The payer is one of {', '.join(PAYERS)}, not {payer!r}.")
    given = list(procedures)
    done = collapse(given).reported if given else ()
    for c in done:
        if family(c) != COLONOSCOPY_BASE:
            raise RuleError(f"{c} is not a colonoscopy (its family's base is {family(c)}): code it on its own.")
    if incomplete and any(c != COLONOSCOPY_BASE for c in done):
        raise RuleError("A colonoscopy that did a biopsy or removal is not coded as an incomplete screening: code the "
                        "procedure done and ask the payer how it wants the reduced exam shown.")
    if commercial_incomplete_modifier not in ("52", "53"):
        raise InputError("An incomplete colonoscopy is shown with 52 or 53, as the payer's policy says.")
    surgical = tuple(c for c in done if c != COLONOSCOPY_BASE)
    reasons: list[str] = []
    if p == "medicare":
        if not surgical:
            code = SCREENING[bool(high_risk)]
            mods: tuple[str, ...] = ()
            reasons.append(f"{code}: Medicare's screening colonoscopy code for a patient "
                           f"{'at high risk' if high_risk else 'not at high risk'}")
            if after_positive_stool_test:
                mods += ("KX",)
                reasons.append("KX: the screening colonoscopy follows a positive stool-based screening test "
                               "(since 2023)")
            if incomplete:
                mods += ("53",)
                reasons.append("53: the scope could not reach the cecum; the file prices the code with 53 at its own "
                               "reduced value")
            return ColonoscopyCoding(p, ((code, mods),), tuple(reasons), True)
        reasons.append("PT: a screening that turned therapeutic is billed with the CPT codes, each with PT; the "
                       "deductible does not apply, a reduced coinsurance does")
        return ColonoscopyCoding(p, tuple((c, ("PT",)) for c in surgical), tuple(reasons), True)
    codes = surgical or (COLONOSCOPY_BASE,)
    mods_c: tuple[str, ...] = ("33",)
    reasons.append("33: the service began as a preventive screening, so the plan's preventive benefit applies")
    if incomplete:
        mods_c += (commercial_incomplete_modifier,)
        reasons.append(f"{commercial_incomplete_modifier}: the exam could not be completed (the payer's policy "
                       "names the modifier)")
    return ColonoscopyCoding(p, tuple((c, mods_c) for c in codes), tuple(reasons), True)


def medicare_coinsurance_share(year: int) -> Decimal:
    """The patient's coinsurance share when a Medicare screening colonoscopy needs a biopsy or removal (SSA 1833(dd)).

    Before 2022 the full 20% applied; 2022 20%, 2023-2026 15%, 2027-2029 10%, from 2030 none."""
    if not isinstance(year, int) or isinstance(year, bool) or not 2011 <= year <= 2100:
        raise InputError(f"The year is a calendar year from 2011 (when PT began), not {year!r}.")
    if year <= 2022:
        return Decimal("0.20")
    if year <= 2026:
        return Decimal("0.15")
    if year <= 2029:
        return Decimal("0.10")
    return Decimal("0.00")
