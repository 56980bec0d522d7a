"""A teaching MS-DRG grouper over a documented subset of MS-DRG v43 (FY 2026): three medical families only.

What it does, as the CMS grouper does for these families: the principal diagnosis picks the family (simple pneumonia
and pleurisy 193-195, heart failure and shock 291-293, septicemia or severe sepsis without ventilation over 96 hours
871-872); each secondary diagnosis counts as an MCC, a CC or neither (Tables 6I and 6J of the FY 2026 IPPS final
rule); a CC or MCC is dropped when the principal diagnosis is on its exclusion list (Table 6K); a secondary diagnosis on
CMS's hospital-acquired condition list counts only when its POA indicator is Y or W; the highest level left picks the
MS-DRG, and the relative weight comes from Table 5 through :mod:`revcycle.payment.ipps`.

What it does not do, and so refuses rather than guesses: any principal or secondary diagnosis outside the shipped
rows (``data/msdrg_v43_teaching.csv``, see ``data/PROVENANCE.md``), any ICD-10-PCS procedure (a procedure can move a
stay to a surgical MS-DRG or, for sepsis with ventilation over 96 hours, to MS-DRG 870), age, sex and discharge status
edits, the pre-MDC groups, the Medicare Code Editor, and the diagnoses that are an MCC only when the patient leaves
alive (none is shipped). Only pressure ulcers of stage 3 or 4 (HAC category 04) are shipped from the HAC list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from revcycle.codes import icd10cm
from revcycle.core.errors import DataError, InputError, RuleError

from .poa import counts_for_hac, parse_poa

#: Diagnoses are read against the FY 2026 code set, the year MS-DRG v43 groups.
FY2026_DAY = "2026-06-30"

if TYPE_CHECKING:
    from decimal import Decimal

    from revcycle.payment.ipps import OperatingPayment

__all__ = ["FAMILIES", "Family", "Grouping", "OutsideSubsetError", "SecondaryResult", "group", "principal_codes",
           "secondary_codes", "severity_of"]

DATA_FILE = "msdrg_v43_teaching.csv"
VERSION = "MS-DRG v43 (FY 2026)"
Level = Literal["MCC", "CC", "non-CC"]
_RANK = {"non-CC": 0, "CC": 1, "MCC": 2}


class OutsideSubsetError(RuleError):
    """A code or a feature the teaching grouper does not cover: it says so rather than guess an MS-DRG."""


@dataclass(frozen=True)
class Family:
    """A group of MS-DRGs that share one principal-diagnosis list and split by severity."""

    key: str
    title: str
    mdc: str
    with_mcc: str
    with_cc: str
    without: str

    def drg_for(self, severity: Level) -> str:
        return {"MCC": self.with_mcc, "CC": self.with_cc, "non-CC": self.without}[severity]

    @property
    def drgs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.with_mcc, self.with_cc, self.without)))


FAMILIES: dict[str, Family] = {
    "simple-pneumonia": Family("simple-pneumonia", "Simple pneumonia and pleurisy", "04", "193", "194", "195"),
    "heart-failure": Family("heart-failure", "Heart failure and shock", "05", "291", "292", "293"),
    # 871 with an MCC, 872 without: a CC does not split this family.
    "septicemia": Family("septicemia", "Septicemia or severe sepsis without ventilation over 96 hours", "18", "871",
                         "872", "872"),
}


@dataclass(frozen=True)
class _Secondary:
    level: Level
    excluded_with: frozenset[str]
    hac: str


@cache
def _data() -> tuple[dict[str, str], dict[str, _Secondary]]:
    raw = resources.files("revcycle").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    pdx: dict[str, str] = {}
    sdx: dict[str, _Secondary] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        if row["kind"] == "pdx":
            if row["value"] not in FAMILIES:
                raise DataError(f"{DATA_FILE}: unknown family {row['value']!r} for {row['code']}.")
            pdx[row["code"]] = row["value"]
        elif row["kind"] == "sdx" and row["value"] in _RANK:
            excl = frozenset(c for c in row["excluded_with"].split(";") if c)
            sdx[row["code"]] = _Secondary(row["value"], excl, row["hac"])  # type: ignore[arg-type]
        else:
            raise DataError(f"{DATA_FILE}: a row of kind {row['kind']!r} / {row['value']!r} cannot be read.")
    return pdx, sdx


def principal_codes(family: str | None = None) -> list[str]:
    """The principal diagnoses the teaching grouper knows, for one family or all."""
    pdx, _ = _data()
    if family is not None and family not in FAMILIES:
        raise InputError(f"Family {family!r}: choose one of {', '.join(FAMILIES)}.")
    return sorted(c for c, f in pdx.items() if family is None or f == family)


def secondary_codes(level: Level | None = None) -> list[str]:
    """The secondary diagnoses the teaching grouper knows, optionally only those of one level."""
    _, sdx = _data()
    return sorted(c for c, s in sdx.items() if level is None or s.level == level)


def _code(value: object, role: str) -> str:
    return icd10cm.billable_code(value, f"The {role}", on=FY2026_DAY)


def _outside(code: str, role: str) -> OutsideSubsetError:
    known = "principal diagnoses" if role == "principal diagnosis" else "secondary diagnoses"
    return OutsideSubsetError(
        f"{code} as the {role} is outside the teaching grouper's subset ({VERSION}: families "
        f"{', '.join(f.title.lower() for f in FAMILIES.values())}). It knows {len(principal_codes())} principal and "
        f"{len(secondary_codes())} secondary diagnoses (see principal_codes() and secondary_codes()); for any other "
        f"{known} use CMS's MS-DRG grouper software.")


def severity_of(code: str) -> Level:
    """The CC/MCC level of a shipped secondary diagnosis, from Tables 6I and 6J (before exclusions and POA)."""
    norm = _code(code, "secondary diagnosis")
    _, sdx = _data()
    if norm not in sdx:
        raise _outside(norm, "secondary diagnosis")
    return sdx[norm].level


@dataclass(frozen=True)
class SecondaryResult:
    """One secondary diagnosis as the grouper saw it: its level, its POA, whether it counted and why."""

    code: str
    level: Level
    poa: str
    counted: bool
    reason: str


@dataclass(frozen=True)
class Grouping:
    """The teaching grouper's answer for one stay."""

    principal: str
    family: Family
    severity: Level
    ms_drg: str
    secondaries: tuple[SecondaryResult, ...]

    @property
    def deciding(self) -> tuple[str, ...]:
        """The secondary diagnoses that set the severity (empty when none counted)."""
        if self.severity == "non-CC":
            return ()
        return tuple(s.code for s in self.secondaries if s.counted and s.level == self.severity)

    def payment(self, wage_index: object = "1") -> OperatingPayment:
        """The federal operating payment for this MS-DRG (Table 5 weight x the FY 2026 rate, payment.ipps)."""
        from revcycle.payment import ipps

        return ipps.operating_payment(self.ms_drg, wage_index)

    @property
    def weight(self) -> Decimal:
        from revcycle.payment import ipps

        return ipps.drg(self.ms_drg).weight

    def steps(self) -> list[tuple[str, str]]:
        """The grouping as (step, what happened) rows, for tables and explanations."""
        rows = [("principal diagnosis", f"{self.principal} -> {self.family.title} (MDC {self.family.mdc}, "
                                        f"MS-DRGs {'/'.join(self.family.drgs)})")]
        for s in self.secondaries:
            rows.append((f"secondary {s.code} (POA {s.poa or 'not given'})", s.reason))
        rows.append(("severity", {"MCC": "an MCC counts", "CC": "a CC counts, no MCC",
                                  "non-CC": "no CC or MCC counts"}[self.severity]))
        rows.append(("MS-DRG", self.ms_drg))
        return rows


def _pairs(secondaries: Iterable[object], poa: Mapping[str, object] | None) -> list[tuple[str, object]]:
    if isinstance(secondaries, str):
        raise InputError("Give the secondary diagnoses as a list of codes, e.g. ['N17.9', 'I10'].")
    given = {(_code(k, "POA code")): v for k, v in (poa or {}).items()}
    out: list[tuple[str, object]] = []
    for item in secondaries:
        if isinstance(item, tuple) and len(item) == 2:
            code, flag = _code(item[0], "secondary diagnosis"), item[1]
        else:
            code = _code(item, "secondary diagnosis")
            flag = given.get(code)
        out.append((code, flag))
    return out


def group(principal: object, secondaries: Iterable[object] = (), poa: Mapping[str, object] | None = None,
          procedures: Iterable[object] = ()) -> Grouping:
    """Group one inpatient stay of the teaching subset.

    ``secondaries`` holds codes (with ``poa`` mapping code to indicator) or (code, indicator) pairs. A HAC-list code
    needs its POA indicator. Any procedure, or any code outside the shipped rows, raises :class:`OutsideSubsetError`."""
    if isinstance(procedures, str) or list(procedures):
        raise OutsideSubsetError("The teaching grouper groups medical stays without ICD-10-PCS procedures: a procedure "
                                 "can move a stay to a surgical MS-DRG (or a septic stay with ventilation over 96 "
                                 "hours to MS-DRG 870), which it does not model. Use CMS's grouper software.")
    pdx_code = _code(principal, "principal diagnosis")
    pdx, sdx = _data()
    if pdx_code not in pdx:
        raise _outside(pdx_code, "principal diagnosis")
    family = FAMILIES[pdx[pdx_code]]
    seen: set[str] = set()
    results: list[SecondaryResult] = []
    for code, flag in _pairs(secondaries, poa):
        if code == pdx_code:
            raise InputError(f"{code} is the principal diagnosis; do not list it again as a secondary diagnosis.")
        if code in seen:
            raise InputError(f"{code} is listed twice: report each diagnosis once.")
        seen.add(code)
        if code not in sdx:
            raise _outside(code, "secondary diagnosis")
        row = sdx[code]
        if row.hac and flag is None:
            raise InputError(f"{code} is on CMS's hospital-acquired condition list ({row.hac}): give its POA "
                             "indicator (Y, N, U or W).")
        shown = "" if flag is None else parse_poa(flag)
        if row.level == "non-CC":
            results.append(SecondaryResult(code, row.level, shown, False, "not a CC or MCC (in neither Table 6I "
                                                                              "nor 6J)"))
        elif pdx_code in row.excluded_with:
            results.append(SecondaryResult(code, row.level, shown, False, f"{row.level}, but excluded with principal "
                                           f"diagnosis {pdx_code} (CC exclusion list, Table 6K): counts as a non-CC"))
        elif row.hac and not counts_for_hac(code, flag):
            results.append(SecondaryResult(code, row.level, shown, False, f"{row.level}, but a hospital-acquired "
                                           f"condition ({row.hac}) with POA {shown}: no CC/MCC credit"))
        else:
            results.append(SecondaryResult(code, row.level, shown, True, f"counts as an {row.level}" if
                                           row.level == "MCC" else "counts as a CC"))
    severity: Level = "non-CC"
    for r in results:
        if r.counted and _RANK[r.level] > _RANK[severity]:
            severity = r.level
    return Grouping(pdx_code, family, severity, family.drg_for(severity), tuple(results))
