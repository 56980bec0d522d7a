"""Detail checks on claim lines: the small, character-level errors a careful biller looks for.

Each check asks one question the code-set engines can answer: is the diagnosis a complete (billable) FY2026
ICD-10-CM code, is a HCPCS Level II code in the CMS file for the date of service, does a CPT code at least have
a CPT shape, does the NPI pass its check digit, is the place of service an assigned CMS code, is the date of
service a real date that is neither in the future nor past Medicare's 12-month filing limit, and are the units
and charge sensible. A line with no findings is *well formed*, not necessarily *right*: a valid code that does
not match the documentation (an office visit billed with place of service 21) passes every check here, and
only a person comparing the claim with the record catches it.

Everything here works on synthetic lines; ``sample_batch()`` is the teaching batch the careers chapter uses.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from revcycle.codes import cpt, hcpcs, icd10cm, npi, pos
from revcycle.core.errors import CodeFormatError, RevcycleError

__all__ = [
    "CHECKS",
    "FY2026_END",
    "FY2026_START",
    "SAMPLE_AS_OF",
    "ClaimLine",
    "DetailCheckError",
    "Finding",
    "check_batch",
    "check_line",
    "filing_deadline",
    "findings_frame",
    "lines_frame",
    "parse_service_date",
    "sample_batch",
    "summary_frame",
]

#: The ICD-10-CM fiscal year the project's code set covers (October 1, 2025 - September 30, 2026).
FY2026_START = date(2025, 10, 1)
FY2026_END = date(2026, 9, 30)
#: The day the sample batch is checked, as if the biller ran the checks before sending it.
SAMPLE_AS_OF = date(2026, 9, 30)

#: Every check: its short name, its severity and the source it rests on.
CHECKS: dict[str, tuple[str, str]] = {
    "diagnosis missing": ("error", "CMS-1500 item 21: at least one diagnosis is required on a professional claim"),
    "diagnosis not a code": ("error", "ICD-10-CM FY2026 Tabular List (code format: 3 to 7 characters)"),
    "diagnosis not billable": ("error", "ICD-10-CM Official Guidelines FY2026, Section I.B.2 (level of detail: report "
                                        "the code at its full length; a code with subdivisions is not a final code)"),
    "procedure not a code": ("error", "HCPCS: CPT is five characters; HCPCS Level II is a letter and four digits"),
    "HCPCS not in file": ("error", "CMS HCPCS Level II quarterly file (January 2026)"),
    "NPI invalid": ("error", "45 CFR 162.406 (the NPI standard); its check digit is a Luhn digit over 80840+9 digits"),
    "POS not assigned": ("error", "CMS Place of Service code set (CMS-1500 item 24B)"),
    "date not valid": ("error", "CMS-1500 item 24A: a real calendar date of service"),
    "date in the future": ("error", "A claim reports services already furnished (CMS-1500 item 24A)"),
    "timely filing": ("warning", "42 CFR 424.44: Medicare claims are filed within 12 months of the date of service"),
    "code set year": ("warning", "45 CFR 162.1002: the code set in force on the date of service applies; this "
                                 "engine holds FY2026 ICD-10-CM"),
    "units": ("error", "CMS-1500 item 24G: units are a whole number of 1 or more"),
    "charge": ("error", "CMS-1500 item 24F: the line's charge is an amount greater than zero"),
}

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_HCPCS_SHAPE = re.compile(r"^[A-Z][0-9]{4}$")


class DetailCheckError(RevcycleError):
    """A claim line that cannot be checked at all (for example, not a ClaimLine)."""


@dataclass(frozen=True)
class ClaimLine:
    """One service line of a synthetic professional claim, as a biller sees it before sending.

    ``service_date`` is kept as typed (MM/DD/YYYY or YYYY-MM-DD) so that a mistyped date can be reported.
    """

    line_id: str
    patient: str
    service_date: str
    place_of_service: str
    procedure: str
    diagnoses: tuple[str, ...]
    rendering_npi: str
    units: int = 1
    charge: str = "0.00"


@dataclass(frozen=True)
class Finding:
    """One detail error (or warning) on one line, with the value that caused it and what to do."""

    line_id: str
    field: str
    value: str
    check: str
    severity: str
    message: str
    source: str


def parse_service_date(text: str) -> date:
    """A typed date of service (MM/DD/YYYY or YYYY-MM-DD) as a date; raises DetailCheckError if it is not one."""
    if not isinstance(text, str):
        raise DetailCheckError(f"A date of service is text such as '09/28/2026', not {type(text).__name__}.")
    s = text.strip()
    if m := _US_DATE.match(s):
        month, day, year = (int(g) for g in m.groups())
    elif m := _ISO_DATE.match(s):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise DetailCheckError(f"{s[:20]!r} is not a date: write it as MM/DD/YYYY, e.g. 09/28/2026.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DetailCheckError(f"{s!r} is not a real calendar date; check the month and the day.") from None


def filing_deadline(service: date) -> date:
    """The last day Medicare accepts a claim: one calendar year after the service (February 29 -> February 28)."""
    day = 28 if (service.month, service.day) == (2, 29) else service.day
    return service.replace(year=service.year + 1, day=day)


def _finding(line: ClaimLine, field: str, value: str, check: str, message: str) -> Finding:
    severity, source = CHECKS[check]
    return Finding(line.line_id, field, value, check, severity, message, source)


def _diagnosis_findings(line: ClaimLine) -> list[Finding]:
    if not line.diagnoses:
        return [_finding(line, "diagnosis", "", "diagnosis missing",
                         "No diagnosis: every line must point to at least one ICD-10-CM code in item 21.")]
    found = []
    for code in line.diagnoses:
        try:
            norm = icd10cm.normalize(code)
            icd10cm.title(norm)  # raises UnknownCodeError with a suggestion when the code does not exist
        except CodeFormatError as exc:
            found.append(_finding(line, "diagnosis", code, "diagnosis not a code", str(exc)))
            continue
        if not icd10cm.is_billable(norm):
            kids = icd10cm.children(norm)
            shown = ", ".join(kids[:4]) + (", ..." if len(kids) > 4 else "")
            found.append(_finding(
                line, "diagnosis", code, "diagnosis not billable",
                f"{norm} ({icd10cm.title(norm)}) has more specific codes below it ({shown}); the claim needs the "
                "complete code the documentation supports.",
            ))
    return found


def _procedure_findings(line: ClaimLine, service: date | None) -> list[Finding]:
    code = line.procedure.strip().upper() if isinstance(line.procedure, str) else ""
    if _HCPCS_SHAPE.match(code):
        on = service if service is not None and service >= hcpcs.EFFECTIVE else None
        if hcpcs.is_valid(code, on=on):
            return []
        try:
            record = hcpcs.describe(code)
            message = f"{code} ({record.short_description}) is not active on the date of service."
        except CodeFormatError as exc:
            message = str(exc)
        return [_finding(line, "procedure", line.procedure, "HCPCS not in file", message)]
    if cpt.is_valid_format(code):
        return []  # a CPT shape; whether the code exists needs a licensed CPT file
    return [_finding(line, "procedure", str(line.procedure), "procedure not a code",
                     f"{str(line.procedure)[:20]!r} is neither a CPT code (five characters, e.g. 99213) nor a "
                     "HCPCS Level II code (a letter and four digits, e.g. J1100).")]


def _npi_findings(line: ClaimLine) -> list[Finding]:
    try:
        npi.validate_npi(line.rendering_npi)
    except CodeFormatError as exc:
        return [_finding(line, "rendering NPI", str(line.rendering_npi), "NPI invalid", str(exc))]
    return []


def _pos_findings(line: ClaimLine) -> list[Finding]:
    try:
        pos.describe(line.place_of_service)
    except CodeFormatError as exc:
        return [_finding(line, "place of service", str(line.place_of_service), "POS not assigned", str(exc))]
    return []


def _date_findings(line: ClaimLine, as_of: date) -> tuple[date | None, list[Finding]]:
    try:
        service = parse_service_date(line.service_date)
    except DetailCheckError as exc:
        return None, [_finding(line, "date of service", str(line.service_date), "date not valid", str(exc))]
    found = []
    if service > as_of:
        found.append(_finding(line, "date of service", line.service_date, "date in the future",
                              f"{service:%m/%d/%Y} is after {as_of:%m/%d/%Y}, the day the claim is checked: a "
                              "typing error in the month, the day or the year?"))
        return service, found
    deadline = filing_deadline(service)
    if as_of > deadline:
        found.append(_finding(line, "date of service", line.service_date, "timely filing",
                              f"Medicare had to receive this claim by {deadline:%m/%d/%Y}; sent on "
                              f"{as_of:%m/%d/%Y} it would be denied for timely filing (CARC 29)."))
    if not FY2026_START <= service <= FY2026_END:
        found.append(_finding(line, "date of service", line.service_date, "code set year",
                              f"{service:%m/%d/%Y} falls outside FY2026 (10/01/2025-09/30/2026): check the "
                              "diagnosis codes against the ICD-10-CM version in force on that date."))
    return service, found


def _amount_findings(line: ClaimLine) -> list[Finding]:
    found = []
    if isinstance(line.units, bool) or not isinstance(line.units, int) or line.units < 1:
        found.append(_finding(line, "units", str(line.units), "units",
                              f"Units {line.units!r}: report a whole number of 1 or more in item 24G."))
    try:
        charge = Decimal(str(line.charge).replace("$", "").replace(",", ""))
        bad = not charge.is_finite() or charge <= 0
    except InvalidOperation:
        bad = True
    if bad:
        found.append(_finding(line, "charge", str(line.charge), "charge",
                              f"Charge {line.charge!r}: item 24F needs the practice's charge, an amount above $0.00."))
    return found


def check_line(line: ClaimLine, as_of: date = SAMPLE_AS_OF) -> list[Finding]:
    """Every detail finding for one line, in field order: date, place of service, procedure, diagnoses, NPI, amounts."""
    if not isinstance(line, ClaimLine):
        raise DetailCheckError(f"check_line needs a ClaimLine, not {type(line).__name__}.")
    if not isinstance(as_of, date):
        raise DetailCheckError("as_of must be a datetime.date, the day the claim is checked.")
    service, found = _date_findings(line, as_of)
    found += _pos_findings(line)
    found += _procedure_findings(line, service)
    found += _diagnosis_findings(line)
    found += _npi_findings(line)
    found += _amount_findings(line)
    return found


def check_batch(lines: Iterable[ClaimLine], as_of: date = SAMPLE_AS_OF) -> list[Finding]:
    """Findings for every line of a batch, line by line."""
    return [f for line in lines for f in check_line(line, as_of)]


# --------------------------------------------------------------------------- tables for notebooks


def lines_frame(lines: Iterable[ClaimLine]):
    """The batch as a table, one row per line (pandas is imported only when a table is wanted)."""
    import pandas as pd

    rows = [{"line": ln.line_id, "patient": ln.patient, "date of service": ln.service_date,
             "POS": ln.place_of_service, "procedure": ln.procedure, "diagnoses": ", ".join(ln.diagnoses),
             "rendering NPI": ln.rendering_npi, "units": ln.units, "charge": ln.charge} for ln in lines]
    return pd.DataFrame(rows).set_index("line")


def findings_frame(findings: Iterable[Finding]):
    """Findings as a table: line, field, value, check, severity and the message."""
    import pandas as pd

    columns = ["line", "field", "value", "check", "severity", "message"]
    rows = [[f.line_id, f.field, f.value, f.check, f.severity, f.message] for f in findings]
    return pd.DataFrame(rows, columns=columns)


def summary_frame(lines: Iterable[ClaimLine], as_of: date = SAMPLE_AS_OF):
    """One row per line: how many errors and warnings it has and the checks that fired ('' for none)."""
    import pandas as pd

    rows = []
    for ln in lines:
        found = check_line(ln, as_of)
        rows.append({
            "line": ln.line_id,
            "errors": sum(f.severity == "error" for f in found),
            "warnings": sum(f.severity == "warning" for f in found),
            "checks that fired": "; ".join(dict.fromkeys(f.check for f in found)),
        })
    return pd.DataFrame(rows).set_index("line")


# --------------------------------------------------------------------------- the teaching batch


def _npis(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [npi.make_npi(rng) for _ in range(n)]


def _broken(valid_npi: str) -> str:
    """The same NPI with its check digit changed: a one-digit typing error."""
    return valid_npi[:9] + str((int(valid_npi[9]) + 5) % 10)


def sample_batch() -> list[ClaimLine]:
    """Nine synthetic lines from one day's batch at a synthetic practice, with planted detail errors.

    Patients, providers and NPIs are invented (the NPIs carry valid check digits but belong to nobody).
    Line L9 is the trap: every value on it is valid, yet its place of service (21, inpatient hospital)
    does not match the office visit the note describes. No detail check can see that.
    """
    dr_fictional, dr_sampleton = _npis(2026, 2)
    return [
        ClaimLine("L1", "Maria Testpatient", "09/28/2026", "11", "99213", ("E11.9", "I10"), dr_fictional, 1, "150.00"),
        ClaimLine("L2", "Otto Example", "09/24/2026", "11", "99203", ("S52.521",), dr_sampleton, 1, "210.00"),
        ClaimLine("L3", "Rosa Fakename", "09/25/2026", "11", "99213", ("J02.9",), _broken(dr_fictional), 1,
                  "150.00"),
        ClaimLine("L4", "Wei Sampleperson", "09/25/2026", "11", "99214", ("E11", "I10"), dr_fictional, 1, "220.00"),
        ClaimLine("L5", "Lena Notreal", "09/28/2026", "11", "J1101", ("J45.909",), dr_sampleton, 1, "18.00"),
        ClaimLine("L6", "Samuel Testpatient", "09/29/2026", "98", "99212", ("R05.9",), dr_sampleton, 1, "95.00"),
        ClaimLine("L7", "Fatima Fakename", "10/28/2026", "11", "99213", ("M54.50",), dr_fictional, 1, "150.00"),
        ClaimLine("L8", "Ahmed Sampleperson", "06/02/2025", "11", "99213", ("E78.5",), dr_sampleton, 0, "150.00"),
        ClaimLine("L9", "James Notreal", "09/29/2026", "21", "99213", ("I10",), dr_fictional, 1, "150.00"),
    ]
