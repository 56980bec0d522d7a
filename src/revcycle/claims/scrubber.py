"""The claim scrubber: edits a practice runs before a claim leaves, each tied to the rule it comes from.

:func:`scrub` checks one :class:`~revcycle.claims.Claim`; :func:`scrub_frame` checks a whole batch laid out by
:func:`revcycle.claims.claims_frame` with vectorized pandas, and reports exactly the same findings. Only edits
that are always true are implemented: a finding means the claim is wrong as written (``fatal``: it would be
rejected or denied, and the 837P writer refuses it) or should be reviewed (``warning``).

The NCCI procedure-to-procedure edit uses the book's ILLUSTRATIVE teaching sample, not the CMS file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from revcycle.claims.model import DX_LETTERS, MAX_DIAGNOSES, MAX_MODIFIERS, MAX_POINTERS, Claim
from revcycle.claims.procedures import is_em, is_known_procedure, takes_modifier_25
from revcycle.codes import icd10cm, ncci
from revcycle.codes.npi import validate_npi
from revcycle.core.errors import CodeFormatError

if TYPE_CHECKING:
    import pandas as pd

Severity = Literal["fatal", "warning"]


@dataclass(frozen=True)
class Edit:
    """One scrubber edit: what it checks, how serious a hit is, where on the form, and its source."""

    id: str
    severity: Severity
    item: str
    checks: str
    source: str


@dataclass(frozen=True)
class Finding:
    """One problem found on a claim; ``line`` is the service line number (None for the claim as a whole)."""

    claim_id: str
    line: int | None
    edit_id: str
    severity: Severity
    item: str
    message: str
    source: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.edit_id} (item {self.item}): {self.message}"


_ICD_SET = "ICD-10-CM FY2026 tabular list (CDC/NCHS); HIPAA code sets, 45 CFR 162.1002"
_DATES = "Date logic: a service ends on or after it starts, falls after the patient's birth and before the claim"

#: Every edit, in the order findings are listed.
EDITS: tuple[Edit, ...] = (
    Edit("CLM-NO-LINES", "fatal", "24", "the claim has at least one service line",
         "837P (005010X222A1): every claim carries at least one service line (loop 2400)"),
    Edit("DX-NONE", "fatal", "21", "item 21 holds at least one diagnosis",
         "837P (005010X222A1): the HI segment with the principal diagnosis is required"),
    Edit("DX-TOO-MANY", "fatal", "21", "no more than 12 diagnoses (A-L)",
         "CMS-1500 (02/12) item 21 and 837P HI segment: at most 12 diagnosis codes"),
    Edit("DX-INDICATOR", "fatal", "21", "the ICD indicator is 0 (ICD-10-CM)",
         "HIPAA code sets: ICD-10-CM for services on or after 2015-10-01 (45 CFR 162.1002(c)(2))"),
    Edit("DX-INVALID", "fatal", "21", "each diagnosis is an ICD-10-CM code", _ICD_SET),
    Edit("DX-7TH", "fatal", "21", "codes that need a 7th character have one",
         "ICD-10-CM Official Guidelines FY2026, Section I.A.5 (7th characters); " + _ICD_SET),
    Edit("DX-HEADER", "fatal", "21", "each diagnosis is billable (not a heading with codes below it)",
         "ICD-10-CM Official Guidelines FY2026, Section I.B.2 (code to the highest level of detail)"),
    Edit("DX-SEX", "fatal", "21", "no pregnancy code on a patient recorded as male",
         "ICD-10-CM Official Guidelines FY2026, Section I.C.15 (pregnancy codes go on the mother's record); "
         "CMS code editors' diagnosis/sex conflict edits"),
    Edit("NPI-BILLING", "fatal", "33a", "the billing provider's NPI passes the check-digit test",
         "HIPAA NPI standard (45 CFR 162.406-162.410); check digit = Luhn over 80840 + first 9 digits"),
    Edit("NPI-REFERRING", "fatal", "17b", "the referring provider's NPI passes the check-digit test",
         "HIPAA NPI standard (45 CFR 162.406-162.410); check digit = Luhn over 80840 + first 9 digits"),
    Edit("TOTAL", "fatal", "28", "the total charge equals the sum of the line charges",
         "837P (005010X222A1): CLM02 equals the sum of the SV102 line charges; CMS-1500 item 28"),
    Edit("PROC-UNKNOWN", "fatal", "24D", "each procedure code is a known CPT or HCPCS code",
         "HIPAA code sets: HCPCS Level I (CPT) and Level II (45 CFR 162.1002); checked against the CY2026 "
         "PFS RVU file, the April 2026 MUE table and HCPCS Level II"),
    Edit("MOD-COUNT", "fatal", "24D", "no more than 4 modifiers on a line",
         "CMS-1500 item 24D and 837P SV101-3 to SV101-6: up to 4 modifiers"),
    Edit("MOD-FORMAT", "fatal", "24D", "each modifier is two letters or digits",
         "HCPCS/CPT modifiers are two characters (837P SV101-3 to SV101-6)"),
    Edit("MOD-25", "fatal", "24D", "modifier 25 is only on an E/M code",
         "Medicare Claims Processing Manual (Pub. 100-04), ch. 12, sec. 30.6.6: modifier 25 marks a "
         "significant, separately identifiable E/M service"),
    Edit("MOD-59-EM", "fatal", "24D", "modifier 59 and the X modifiers are never on an E/M code",
         "NCCI Policy Manual for Medicare Services, ch. I: 59 and XE/XS/XP/XU are not used on E/M services"),
    Edit("MOD-59-X", "warning", "24D", "59 is not used where an X modifier (XE, XS, XP, XU) describes the case",
         "CMS MLN1783722, Proper use of modifiers 59 and -X{EPSU}; CMS Transmittal 1422 (CR 8863, 2014)"),
    Edit("NCCI-PTP", "fatal", "24D", "no bundled pair on the same day without a proper modifier",
         ncci.PTP_SOURCE),
    Edit("PTR-MISSING", "fatal", "24E", "each line points at a diagnosis",
         "CMS-1500 item 24E; 837P SV107: every line points at one to four diagnoses"),
    Edit("PTR-FORMAT", "fatal", "24E", "pointers are up to 4 different letters A-L",
         "CMS-1500 item 24E; 837P SV107: up to four pointers, each naming a diagnosis 1-12"),
    Edit("PTR-EMPTY", "fatal", "24E", "each pointer names a filled item 21 slot",
         "837P SV107: a pointer must name a diagnosis sent in the HI segment; CMS-1500 item 24E"),
    Edit("POS-FORMAT", "fatal", "24B", "the place of service is a two-digit code",
         "CMS Place of Service code set (CMS-1500 item 24B; 837P CLM05-1 and SV105)"),
    Edit("DATE-ORDER", "fatal", "24A", "the to date is not before the from date", _DATES),
    Edit("DATE-BIRTH", "fatal", "24A", "the service is not before the patient's birth", _DATES),
    Edit("DATE-FUTURE", "fatal", "24A", "the service is not after the claim date", _DATES),
    Edit("TIMELY", "fatal", "24A", "Medicare receives the claim within 12 months of the service",
         "42 CFR 424.44(a): Medicare claims are filed within 12 months (one calendar year) of the date of "
         "service; late claims are denied (CARC 29)"),
    Edit("CHARGE", "fatal", "24F", "line charges are not negative",
         "837P SV102: the line charge is zero or more"),
    Edit("UNITS", "fatal", "24G", "units are more than zero", "837P SV104: units of service are more than zero"),
    Edit("MUE", "fatal", "24G", "units on a Medicare claim do not exceed the CMS medically unlikely edit (MUE)",
         ncci.MUE_SOURCE),
    Edit("NPI-RENDERING", "fatal", "24J", "each rendering NPI passes the check-digit test",
         "HIPAA NPI standard (45 CFR 162.406-162.410); check digit = Luhn over 80840 + first 9 digits"),
)
EDIT_BY_ID: dict[str, Edit] = {e.id: e for e in EDITS}
_ORDER: dict[str, int] = {e.id: i for i, e in enumerate(EDITS)}

_MOD = re.compile(r"^[0-9A-Z]{2}$")
_POS = re.compile(r"^[0-9]{2}$")
_X_MODS = frozenset({"XE", "XS", "XP", "XU"})
_DISTINCT_MODS = _X_MODS | {"59"}
_NON_EM_BYPASS = ncci.NCCI_BYPASS_MODIFIERS - {"24", "25", "57"}
_PREGNANCY_Z = ("Z33", "Z34", "Z36", "Z37", "Z39", "Z3A")


# --------------------------------------------------------------------------- cached look-ups


@lru_cache(maxsize=50000)
def dx_status(code: str) -> tuple[str, str]:
    """("ok", normalized) / ("invalid", why) / ("seventh", normalized) / ("header", normalized) for one code."""
    try:
        norm = icd10cm.normalize(code)
    except CodeFormatError as exc:
        return "invalid", str(exc)
    if not icd10cm.is_valid(norm):
        try:
            icd10cm.describe(norm)  # raises with a hint: the nearest code, or the placeholder X form
        except CodeFormatError as exc:
            return "invalid", str(exc)
        return "invalid", f"{norm} is not in the FY2026 code set."
    if icd10cm.is_billable(norm):
        return "ok", norm
    info = icd10cm.describe(norm)
    return ("seventh" if info.needs_seventh else "header"), norm


def is_pregnancy_code(norm: str) -> bool:
    """Chapter 15 (O00-O9A) and the Z codes that describe a pregnancy of the patient herself."""
    return norm.startswith("O") or norm[:3] in _PREGNANCY_Z


@lru_cache(maxsize=5000)
def _npi_problem(npi: str) -> str | None:
    try:
        validate_npi(npi)
    except CodeFormatError as exc:
        return str(exc)
    return None


@lru_cache(maxsize=5000)
def _seventh_example(norm: str) -> str:
    info = icd10cm.describe(norm)
    chars = [o.char for o in info.seventh_options]
    if not chars:
        return f"{norm} needs a 7th character to be complete"
    example = icd10cm.with_seventh(norm, chars[0])
    return f"{norm} needs a 7th character to be complete (allowed: {', '.join(chars)}; e.g. {example})"


@lru_cache(maxsize=5000)
def _header_children(norm: str) -> str:
    kids = icd10cm.describe(norm).children
    return ", ".join(kids[:4]) + (", ..." if len(kids) > 4 else "")


def _usd(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def _units_text(units: Decimal | float) -> str:
    d = Decimal(str(units))
    d = d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()
    return format(d, "f")


def _plural(items: list, one: str, many: str) -> str:
    return one if len(items) == 1 else many


def _date_key(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def _deadline(d: date) -> date:
    """One calendar year after ``d`` (February 29 -> February 28)."""
    return d.replace(year=d.year + 1, day=28 if (d.month, d.day) == (2, 29) else d.day)


# --------------------------------------------------------------------------- messages (shared by both paths)


def _dx_message(edit_id: str, letter: str, code: str, detail: str) -> str:
    if edit_id == "DX-INVALID":
        return f"Item 21{letter}: {code!r} is not a valid ICD-10-CM code (FY2026 code set). {detail}"
    if edit_id == "DX-7TH":
        return f"Item 21{letter}: {_seventh_example(detail)}; without it the code is invalid."
    if edit_id == "DX-HEADER":
        return (f"Item 21{letter}: {detail} is a heading with more specific codes below it "
                f"({_header_children(detail)}); report the most specific code.")
    return (f"Item 21{letter}: {detail} describes a pregnancy, but the patient is recorded as male (item 3). "
            "Check the registration; if the record is right, use the payer's process for sex-specific edits "
            "(Medicare: modifier KX) rather than changing the code.")


def _mod_format_message(n: int, bad: list[str]) -> str:
    shown = ", ".join(repr(b) for b in bad)
    verb = _plural(bad, "is not a modifier", "are not modifiers")
    return f"Line {n}: {shown} {verb}; a modifier is two letters or digits, such as 25 or LT."


def _ptr_format_message(n: int, pointers: str) -> str:
    return (f"Line {n}: the pointer {pointers!r} is not valid; use one to four different letters A-L, "
            "each naming a diagnosis in item 21.")


def _ptr_empty_message(n: int, letters: list[str]) -> str:
    joined = ", ".join(letters)
    slot = _plural(letters, "an empty diagnosis slot", "empty diagnosis slots")
    return f"Line {n}: pointer {joined} names {slot} in item 21. Point only at diagnoses that are filled in."


def _mue_line_message(n: int, units, code: str, value: int) -> str:
    return (f"Line {n}: {_units_text(units)} units of {code} on one line; the Medicare MUE allows {value} per "
            "line (MAI 1). The line will be denied as written.")


def _mue_day_message(lines: list[int], total, code: str, day: date, value: int, mai: int) -> str:
    which = _plural(lines, "Line", "Lines") + " " + ", ".join(str(x) for x in lines)
    extra = " Documentation can support more units on appeal." if mai == 3 else " This cannot be appealed."
    return (f"{which}: {_units_text(total)} units of {code} on {day.isoformat()}; the Medicare MUE allows "
            f"{value} a day for one provider (MAI {mai}).{extra}")


def _ptp_message(n1: int, c1: str, n2: int, c2: str) -> str:
    pair = ncci.ptp_index()[(c1, c2)]
    if pair.modifier_indicator == 0:
        rule = "is never paid with"
        fix = "Remove it; no modifier can unbundle this pair."
    elif is_em(c2):
        rule = "is bundled into"
        fix = "If the visit was significant and separately identifiable, add modifier 25 to it; otherwise remove it."
    else:
        rule = "is bundled into"
        fix = ("If the services were truly distinct, add the NCCI-associated modifier that says why (XE, XS, XP, "
               "XU or 59, or an anatomic modifier such as LT/RT); otherwise remove it.")
    return (f"Line {n2}: {c2} {rule} {c1} (line {n1}) on the same day by the same provider "
            f"(illustrative NCCI sample: {pair.rationale}) {fix}")


def _x_message(n: int, code: str, x: str, reason: str) -> str:
    return (f"Line {n}: {code} carries modifier 59, but {reason}. CMS asks for the more specific {x} when one "
            "of the X modifiers describes the case.")


_REASON_XS = "the other service that day was on a different body site"
_REASON_XP = "the other service that day was rendered by a different practitioner (24J differs)"


def _timely_message(n: int, start: date, filed: date) -> str:
    return (f"Line {n}: Medicare must receive a claim within 12 months of the service. The service on "
            f"{start.isoformat()} was due by {_deadline(start).isoformat()}, but the claim is dated "
            f"{filed.isoformat()}; it will be denied (CARC 29).")


# --------------------------------------------------------------------------- one claim


def _finding(claim_id: str, line: int | None, edit_id: str, message: str) -> Finding:
    e = EDIT_BY_ID[edit_id]
    return Finding(claim_id, line, edit_id, e.severity, e.item, message, e.source)


def _anatomic(mods: Iterable[str]) -> frozenset[str]:
    return frozenset(m for m in mods if m in ncci.ANATOMIC_MODIFIERS)


def scrub(claim: Claim, *, as_of: date | None = None) -> list[Finding]:
    """Every finding for one claim, claim-level first, then by line and edit.

    ``as_of`` is the day the claim is sent; it defaults to ``claim.submitted_on``. Without either, timely
    filing and future-date edits are skipped.
    """
    if not isinstance(claim, Claim):
        raise TypeError(f"scrub() takes a Claim, not {type(claim).__name__}.")
    out: list[Finding] = []
    cid = claim.claim_id

    def add(line: int | None, edit_id: str, message: str) -> None:
        out.append(_finding(cid, line, edit_id, message))

    filed = as_of or claim.submitted_on
    lines = claim.lines
    if not lines:
        add(None, "CLM-NO-LINES", "The claim has no service lines (item 24): there is nothing to bill.")

    dx = [d.strip() for d in claim.diagnoses]
    slots = dx[:MAX_DIAGNOSES]
    if not any(slots):
        add(None, "DX-NONE", "Item 21 is empty: a claim needs at least one diagnosis that explains the services.")
    if len(dx) > MAX_DIAGNOSES:
        add(None, "DX-TOO-MANY", f"Item 21 lists {len(dx)} diagnoses; the form and the 837P hold at most 12 "
            "(A-L). Keep the ones the lines point to.")
    if claim.icd_indicator != "0":
        add(None, "DX-INDICATOR", f"The ICD indicator in item 21 is {claim.icd_indicator!r}; it must be 0 "
            "(ICD-10-CM) for services since October 1, 2015.")
    has_kx = any("KX" in line.modifiers for line in lines)
    for letter, code in zip(DX_LETTERS, slots, strict=False):
        if not code:
            continue
        status, detail = dx_status(code)
        if status == "invalid":
            add(None, "DX-INVALID", _dx_message("DX-INVALID", letter, code, detail))
        elif status == "seventh":
            add(None, "DX-7TH", _dx_message("DX-7TH", letter, code, detail))
        elif status == "header":
            add(None, "DX-HEADER", _dx_message("DX-HEADER", letter, code, detail))
        if status != "invalid" and claim.patient.sex == "M" and not has_kx and is_pregnancy_code(detail):
            add(None, "DX-SEX", _dx_message("DX-SEX", letter, code, detail))

    problem = _npi_problem(claim.billing_provider.npi)
    if problem:
        add(None, "NPI-BILLING", f"Item 33a (billing provider): {problem}")
    if claim.referring_provider is not None:
        problem = _npi_problem(claim.referring_provider.npi)
        if problem:
            add(None, "NPI-REFERRING", f"Item 17b (referring provider): {problem}")
    if lines and claim.total_charge != claim.line_total():
        add(None, "TOTAL", f"Item 28 says {_usd(claim.total_charge)} but the lines add up to "
            f"{_usd(claim.line_total())}. Make the total equal the sum of the line charges.")

    default_rendering = claim.rendering_provider.npi if claim.rendering_provider is not None else ""
    eff_npi = [line.rendering_npi or default_rendering or claim.billing_provider.npi for line in lines]
    filled = {DX_LETTERS[i] for i, d in enumerate(slots) if d}
    pairs = ncci.ptp_index()
    for n, line in enumerate(lines, 1):
        code = line.procedure
        known = is_known_procedure(code)
        if not known:
            add(n, "PROC-UNKNOWN", f"Line {n}: {code!r} is not a CPT or HCPCS code this book knows (it is not in "
                "the CY2026 fee schedule, the MUE table or HCPCS Level II). Check it for a typo.")
        mods = line.modifiers
        if len(mods) > MAX_MODIFIERS:
            add(n, "MOD-COUNT", f"Line {n}: {len(mods)} modifiers; item 24D and the 837P take at most 4.")
        bad = [m for m in mods if not _MOD.match(m)]
        if bad:
            add(n, "MOD-FORMAT", _mod_format_message(n, bad))
        if known and "25" in mods and not takes_modifier_25(code):
            add(n, "MOD-25", f"Line {n}: modifier 25 is on {code}, which is not an evaluation and management "
                "(E/M) code. Modifier 25 goes on the E/M visit billed with a procedure, never on the procedure.")
        distinct = [m for m in mods if m in _DISTINCT_MODS]
        if distinct and is_em(code):
            add(n, "MOD-59-EM", f"Line {n}: modifier {distinct[0]} is on the E/M code {code}. 59 and the X "
                "modifiers are never used on E/M services; a separately identifiable visit takes 25 (or 57).")
        if "59" in mods and not (set(mods) & _X_MODS) and not is_em(code):
            others = [j for j in range(len(lines)) if j != n - 1 and lines[j].from_date == line.from_date]
            same = [j for j in others if lines[j].procedure == code]
            partners = [j for j in others if (code, lines[j].procedure) in pairs or (lines[j].procedure, code) in pairs]
            considered = same or partners or others
            if considered:
                mine = _anatomic(mods)
                if mine and all(_anatomic(lines[j].modifiers) and not (_anatomic(lines[j].modifiers) & mine)
                                for j in considered):
                    add(n, "MOD-59-X", _x_message(n, code, "XS", _REASON_XS))
                elif all(eff_npi[j] != eff_npi[n - 1] for j in considered):
                    add(n, "MOD-59-X", _x_message(n, code, "XP", _REASON_XP))
        ptr = line.pointers
        if not ptr:
            add(n, "PTR-MISSING", f"Line {n}: no diagnosis pointer in item 24E. Point the line at the diagnosis "
                "(A-L) that explains it.")
        else:
            valid_letters = all(p in DX_LETTERS for p in ptr)
            if not valid_letters or len(ptr) > MAX_POINTERS or len(set(ptr)) != len(ptr):
                add(n, "PTR-FORMAT", _ptr_format_message(n, ptr))
            empty = sorted({p for p in ptr if p in DX_LETTERS and p not in filled}, key=DX_LETTERS.index)
            if empty:
                add(n, "PTR-EMPTY", _ptr_empty_message(n, empty))
        if not _POS.match(line.place_of_service):
            add(n, "POS-FORMAT", f"Line {n}: place of service {line.place_of_service!r} is not a two-digit code "
                "such as 11 (office).")
        if line.to_date < line.from_date:
            add(n, "DATE-ORDER", f"Line {n}: the service ends ({line.to_date.isoformat()}) before it starts "
                f"({line.from_date.isoformat()}).")
        if line.from_date < claim.patient.birth_date:
            add(n, "DATE-BIRTH", f"Line {n}: the service date {line.from_date.isoformat()} is before the patient's "
                f"birth date {claim.patient.birth_date.isoformat()} (item 3).")
        if filed is not None:
            latest = max(line.from_date, line.to_date)
            if latest > filed:
                add(n, "DATE-FUTURE", f"Line {n}: the service date {latest.isoformat()} is after the claim date "
                    f"{filed.isoformat()}; bill a service only after it is given.")
            if claim.payer.is_medicare and _date_key(filed) > _date_key(line.from_date) + 10000:
                add(n, "TIMELY", _timely_message(n, line.from_date, filed))
        if line.charge < 0:
            add(n, "CHARGE", f"Line {n}: the charge {_usd(line.charge)} is negative; item 24F takes the practice's "
                "full charge, zero or more.")
        if line.units <= 0:
            add(n, "UNITS", f"Line {n}: {_units_text(line.units)} units; units in item 24G must be more than zero.")
        limit = ncci.mue(code) if claim.payer.is_medicare else None
        if limit is not None and limit.mai == 1 and line.units > limit.value:
            add(n, "MUE", _mue_line_message(n, line.units, code, limit.value))
        problem = _npi_problem(line.rendering_npi or default_rendering) if (
            line.rendering_npi or default_rendering) else None
        if problem:
            add(n, "NPI-RENDERING", f"Line {n}, item 24J (rendering provider): {problem}")

    # MUE per day (MAI 2 and 3): units of a code summed per date and provider
    groups: dict[tuple[str, date, str], list[int]] = {}
    for n, line in enumerate(lines if claim.payer.is_medicare else (), 1):
        limit = ncci.mue(line.procedure)
        if limit is not None and limit.mai in (2, 3) and line.units > 0:
            groups.setdefault((line.procedure, line.from_date, eff_npi[n - 1]), []).append(n)
    for (code, day, _npi), numbers in groups.items():
        limit = ncci.mue(code)
        total = sum(lines[i - 1].units for i in numbers)
        if total > limit.value:
            add(numbers[0], "MUE", _mue_day_message(numbers, total, code, day, limit.value, limit.mai))

    # NCCI procedure-to-procedure pairs (illustrative sample)
    for i, first in enumerate(lines, 1):
        for j, second in enumerate(lines, 1):
            if i == j or (first.procedure, second.procedure) not in pairs:
                continue
            if first.from_date != second.from_date or eff_npi[i - 1] != eff_npi[j - 1]:
                continue
            pair = pairs[(first.procedure, second.procedure)]
            if pair.modifier_indicator == 1:
                if is_em(second.procedure):
                    if set(second.modifiers) & ncci.EM_BYPASS_MODIFIERS:
                        continue
                elif (set(first.modifiers) | set(second.modifiers)) & _NON_EM_BYPASS:
                    continue
            add(j, "NCCI-PTP", _ptp_message(i, first.procedure, j, second.procedure))

    out.sort(key=lambda f: (f.line or 0, _ORDER[f.edit_id], f.message))
    return out


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame with the same columns scrub_frame returns."""
    import pandas as pd

    rows = [f.__dict__ for f in findings]
    frame = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    frame["line"] = frame["line"].astype("Int64")
    return frame


FINDING_COLUMNS: tuple[str, ...] = ("claim_id", "line", "edit_id", "severity", "item", "message", "source")


def edits_table() -> pd.DataFrame:
    """The edits as a table (id, severity, CMS-1500 item, what it checks, source), for reading in a notebook."""
    import pandas as pd

    return pd.DataFrame([e.__dict__ for e in EDITS])


def fatal(findings: Iterable[Finding]) -> list[Finding]:
    """Only the findings that stop a claim from being sent."""
    return [f for f in findings if f.severity == "fatal"]


# --------------------------------------------------------------------------- a whole batch, vectorized


def scrub_frame(df: pd.DataFrame, *, as_of: date | None = None) -> pd.DataFrame:
    """Every finding for every claim in ``df`` (``claims_frame`` layout): one row per finding.

    Reports exactly what :func:`scrub` reports claim by claim, ordered by the claims' order in ``df``, then
    line, then edit. The work is done on whole columns; Python runs only per distinct code and per finding.
    """
    from revcycle.claims.scrubber_frame import scrub_frame as _impl

    return _impl(df, as_of=as_of)


__all__ = [
    "EDITS",
    "EDIT_BY_ID",
    "FINDING_COLUMNS",
    "Edit",
    "Finding",
    "edits_table",
    "fatal",
    "findings_frame",
    "scrub",
    "scrub_frame",
]
