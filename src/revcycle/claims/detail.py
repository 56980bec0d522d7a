"""Detail checks on claim lines: the small, character-level errors a careful biller looks for.

A :class:`ClaimLine` holds values: the date of service as a ``date``, units and charge as ``Decimal``. The biller
types text, and :meth:`ClaimLine.read` is the one place that text becomes values. A box whose text cannot be read
is not refused: its value is None, ``unreadable`` says why, and ``entered`` keeps the text as typed, so that the
finding can report exactly what was typed while the rest of the line is still checked. The checks themselves are
the scrubber's: each line is checked as a one-line Medicare claim by :func:`revcycle.claims.scrub` with the
registry's edits in :data:`SHARED` (same verdicts, same ``fatal``/``warning`` severities, same :class:`Finding`).
The front desk adds only what the registry does not check, as the pre-checks in :data:`PRE_CHECKS`: a typed value
that cannot be read, a HCPCS Level II code not active on the date of service, a place-of-service code CMS has not
assigned, and a date of service outside the ICD-10-CM year this engine holds.

A line with no findings is *well formed*, not necessarily *right*: a valid code that does not match the
documentation (an office visit billed with place of service 21) passes every check here, and only a person
comparing the claim with the record catches it.

Everything here works on synthetic lines; ``sample_batch()`` is the teaching batch the careers chapter uses.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from revcycle.claims.filing import medicare_deadline
from revcycle.claims.model import Claim, Insured, Patient, Payer, Provider, ServiceLine
from revcycle.claims.rules.base import Finding, Severity
from revcycle.claims.rules.registry import EDIT_BY_ID, scrub
from revcycle.codes import hcpcs, npi, pos
from revcycle.core.errors import CodeFormatError, InputError
from revcycle.core.money import parse_money

__all__ = [
    "FIELDS",
    "FY2026_END",
    "FY2026_START",
    "READ_FIELDS",
    "PRE_CHECKS",
    "SAMPLE_AS_OF",
    "SHARED",
    "ClaimLine",
    "Finding",
    "PreCheck",
    "check_batch",
    "check_line",
    "filing_deadline",
    "findings_frame",
    "lines_frame",
    "parse_service_date",
    "sample_batch",
    "source_of",
    "summary_frame",
]

#: The ICD-10-CM fiscal year the project's code set covers (October 1, 2025 - September 30, 2026).
FY2026_START = date(2025, 10, 1)
FY2026_END = date(2026, 9, 30)
#: The day the sample batch is checked, as if the biller ran the checks before sending it.
SAMPLE_AS_OF = date(2026, 9, 30)

#: The scrubber edits the detail checks run, with the front desk's short name for each.
SHARED: dict[str, str] = {
    "DATE-FUTURE": "date in the future",
    "TIMELY": "timely filing",
    "POS-FORMAT": "POS not assigned",
    "PROC-UNKNOWN": "procedure not a code",  # "HCPCS not in file" when the code has the Level II shape
    "DX-NONE": "diagnosis missing",
    "DX-INVALID": "diagnosis not a code",
    "DX-7TH": "diagnosis not billable",
    "DX-HEADER": "diagnosis not billable",
    "NPI-RENDERING": "NPI invalid",
    "UNITS": "units",
    "CHARGE": "charge",
}
_DATE_EDITS = frozenset({"DATE-FUTURE", "TIMELY"})

#: The order findings are listed in: field by field, as the biller reads the line.
FIELDS: tuple[str, ...] = ("date of service", "place of service", "procedure", "diagnosis", "rendering NPI", "units",
                           "charge")


@dataclass(frozen=True)
class PreCheck:
    """A front-desk check the scrubber's registry does not have (it judges typed text or a date-bound file)."""

    id: str
    check: str
    severity: Severity
    item: str
    field: str
    source: str


_PRE = (
    PreCheck("LINE-DATE", "date not valid", "fatal", "24A", "date of service",
             "CMS-1500 item 24A: a real calendar date of service"),
    PreCheck("LINE-UNITS", "units", "fatal", "24G", "units", "CMS-1500 item 24G: units of service are a number"),
    PreCheck("LINE-CHARGE", "charge", "fatal", "24F", "charge", "CMS-1500 item 24F: the line's charge is an amount"),
    PreCheck("LINE-HCPCS-DATE", "HCPCS not in file", "fatal", "24D", "procedure",
             "CMS HCPCS Level II quarterly file (January 2026): the code is active on the date of service"),
    PreCheck("LINE-POS", "POS not assigned", "fatal", "24B", "place of service",
             "CMS Place of Service code set (CMS-1500 item 24B)"),
    PreCheck("LINE-CODE-SET", "code set year", "warning", "24A", "date of service",
             "45 CFR 162.1002: the code set in force on the date of service applies; this engine holds FY2026 "
             "ICD-10-CM"),
)
#: The checks only the front desk runs, by id.
PRE_CHECKS: dict[str, PreCheck] = {p.id: p for p in _PRE}

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_HCPCS_SHAPE = re.compile(r"^[A-Z][0-9]{4}$")
_WHERE = re.compile(r"^Lines? 1(: |, )")


def parse_service_date(text: object) -> date:
    """A typed date of service (MM/DD/YYYY or YYYY-MM-DD) as a date; raises InputError if it is not one."""
    if not isinstance(text, str):
        raise InputError(f"A date of service is text such as '09/28/2026', not {type(text).__name__}.")
    s = text.strip()
    if m := _US_DATE.match(s):
        month, day, year = (int(g) for g in m.groups())
    elif m := _ISO_DATE.match(s):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise InputError(f"{s[:20]!r} is not a date: write it as MM/DD/YYYY, e.g. 09/28/2026.")
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"{s!r} is not a real calendar date; check the month and the day.") from None


def filing_deadline(service: date) -> date:
    """The last day Medicare accepts a claim (:func:`revcycle.claims.filing.medicare_deadline`)."""
    return medicare_deadline(service)


def _read_units(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        return None
    try:
        units = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return units if units.is_finite() else None


#: The boxes :meth:`ClaimLine.read` converts from text, with the pre-check that reports one it cannot read.
READ_FIELDS: dict[str, str] = {"date of service": "LINE-DATE", "units": "LINE-UNITS", "charge": "LINE-CHARGE"}


@dataclass(frozen=True)
class ClaimLine:
    """One service line of a synthetic professional claim, as the front desk checks it before sending.

    The fields hold values. ``service_date``, ``units`` and ``charge`` are None only where the biller's text could
    not be read; ``unreadable`` then says why, by field name (``"date of service"``, ``"units"``, ``"charge"``).
    ``entered`` is the text the biller typed in those boxes, which a finding reports back. Build a line from typed
    text with :meth:`read` and correct a box with :meth:`retyped`; a line built directly from values shows the
    values in ``entered`` (``dataclasses.replace`` changes a value but not the text kept in ``entered``).
    """

    line_id: str
    patient: str
    service_date: date | None
    place_of_service: str
    procedure: str
    diagnoses: tuple[str, ...]
    rendering_npi: str
    units: Decimal | None = Decimal(1)
    charge: Decimal | None = Decimal("0.00")
    entered: Mapping[str, str] = field(default_factory=dict, hash=False)
    unreadable: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        values = {"date of service": self.service_date, "units": self.units, "charge": self.charge}
        kinds = {"date of service": date, "units": Decimal, "charge": Decimal}
        for name, value in values.items():
            if value is None and name not in self.unreadable:
                raise InputError(f"Line {self.line_id}: the {name} is None but not marked unreadable; "
                                 "use ClaimLine.read(...) to read what the biller typed.")
            if value is not None and not isinstance(value, kinds[name]):
                raise InputError(f"Line {self.line_id}: the {name} is a {kinds[name].__name__}, not "
                                 f"{type(value).__name__}; use ClaimLine.read(...) to read what the biller typed.")
        shown = {"date of service": "" if self.service_date is None else f"{self.service_date:%m/%d/%Y}",
                 "units": str(self.units), "charge": str(self.charge)}
        object.__setattr__(self, "entered", {**shown, **self.entered})

    @classmethod
    def read(cls, line_id: str, patient: str, service_date: str, place_of_service: str, procedure: str,
             diagnoses: Iterable[str] | str, rendering_npi: str, units: int | str = 1,
             charge: str = "0.00") -> ClaimLine:
        """The one constructor from what the biller typed: the date of service (MM/DD/YYYY or YYYY-MM-DD), the
        units and the charge are read into values; a box that cannot be read is kept as typed and noted.
        ``diagnoses`` is a list of codes or one text such as "E11.9, I10"."""
        if isinstance(diagnoses, str):
            diagnoses = [d for d in re.split(r"[\s,;]+", diagnoses) if d]
        entered = {"date of service": str(service_date), "units": str(units), "charge": str(charge)}
        unreadable: dict[str, str] = {}
        try:
            service: date | None = parse_service_date(service_date)
        except InputError as exc:
            service = None
            unreadable["date of service"] = str(exc)
        count = _read_units(units)
        if count is None:
            unreadable["units"] = f"Units {units!r}: report a number of units, such as 1, in item 24G."
        try:
            amount: Decimal | None = parse_money(charge, "The charge")
        except InputError as exc:
            amount = None
            unreadable["charge"] = f"Charge {charge!r}: {exc}"
        return cls(line_id, patient, service, place_of_service, procedure, tuple(diagnoses), rendering_npi, count,
                   amount, entered, unreadable)

    def retyped(self, **boxes: Any) -> ClaimLine:
        """The line with some boxes typed again, read afresh; ``boxes`` are named as :meth:`read`'s arguments,
        e.g. ``line.retyped(service_date="09/30/2026")``."""
        typed: dict[str, Any] = {
            "line_id": self.line_id, "patient": self.patient, "service_date": self.entered["date of service"],
            "place_of_service": self.place_of_service, "procedure": self.procedure, "diagnoses": self.diagnoses,
            "rendering_npi": self.rendering_npi, "units": self.entered["units"], "charge": self.entered["charge"]}
        if unknown := sorted(set(boxes) - set(typed)):
            raise InputError(f"A claim line has no box {', '.join(unknown)}; the boxes are {', '.join(typed)}.")
        return ClaimLine.read(**{**typed, **boxes})


def _pre(line: ClaimLine, check_id: str, value: str, message: str) -> Finding:
    p = PRE_CHECKS[check_id]
    return Finding(line.line_id, 1, p.id, p.severity, p.item, message, p.source, p.field, value, p.check)


def _unreadable(line: ClaimLine) -> list[Finding]:
    """A finding for each box whose typed text could not be read."""
    return [_pre(line, READ_FIELDS[name], line.entered[name], why) for name, why in line.unreadable.items()]


def _as_claim(line: ClaimLine, as_of: date) -> Claim:
    """The line as a one-line Medicare claim (values that could not be read get harmless stand-ins, and the edits
    that would judge them are not run)."""
    first, _, last = line.patient.partition(" ")
    patient = Patient(last or first, first, date(1900, 1, 1), "U")
    payer = Payer("Medicare (front-desk detail check)", "DETAIL", "medicare")
    provider = Provider(line.rendering_npi, "Rendering provider")
    diagnoses = [str(d) for d in line.diagnoses]
    units = line.units if line.units is not None else Decimal(1)
    charge = line.charge if line.charge is not None else Decimal("0.00")
    service = ServiceLine(line.procedure, charge, line.service_date or as_of, place_of_service=line.place_of_service,
                          pointers="A" if diagnoses else "", units=units, rendering_npi=line.rendering_npi)
    return Claim(line.line_id, patient, Insured.from_patient(patient, "DETAIL"), payer, provider, diagnoses,
                 [service], submitted_on=as_of)


def _label(f: Finding) -> str:
    if f.edit_id == "PROC-UNKNOWN" and _HCPCS_SHAPE.match(f.value):
        return "HCPCS not in file"
    return SHARED[f.edit_id]


def _shared(line: ClaimLine, as_of: date) -> list[Finding]:
    """The registry's verdicts on the line's readable values."""
    only = set(SHARED) - (_DATE_EDITS if line.service_date is None else set())
    out = []
    for f in scrub(_as_claim(line, as_of), as_of=as_of, only=only):
        value = line.entered.get(f.field, f.value)
        message = _WHERE.sub("", f.message)  # the line is named by its line id, not "Line 1"
        out.append(replace(f, message=message[:1].upper() + message[1:], value=value, check=_label(f)))
    return out


def _front_desk(line: ClaimLine, as_of: date, shared: list[Finding]) -> list[Finding]:
    """The checks the registry lacks."""
    service, out = line.service_date, []
    code = str(line.procedure).strip().upper()
    if service is not None and _HCPCS_SHAPE.match(code) and not any(f.edit_id == "PROC-UNKNOWN" for f in shared):
        on = service if service >= hcpcs.EFFECTIVE else None
        if not hcpcs.is_valid(code, on=on):
            try:
                message = f"{code} ({hcpcs.describe(code).short_description}) is not active on the date of service."
            except CodeFormatError as exc:
                message = str(exc)
            out.append(_pre(line, "LINE-HCPCS-DATE", line.procedure, message))
    if not any(f.edit_id == "POS-FORMAT" for f in shared):
        try:
            pos.describe(line.place_of_service)
        except CodeFormatError as exc:
            out.append(_pre(line, "LINE-POS", line.place_of_service, str(exc)))
    if service is not None and service <= as_of and not FY2026_START <= service <= FY2026_END:
        out.append(_pre(line, "LINE-CODE-SET", line.entered["date of service"],
                        f"{service:%m/%d/%Y} falls outside FY2026 (10/01/2025-09/30/2026): check the diagnosis codes "
                        "against the ICD-10-CM version in force on that date."))
    return out


def check_line(line: ClaimLine, as_of: date = SAMPLE_AS_OF) -> list[Finding]:
    """Every detail finding for one line, in field order: date, place of service, procedure, diagnoses, NPI,
    units, charge. ``as_of`` is the day the line is checked (and would be sent)."""
    if not isinstance(line, ClaimLine):
        raise InputError(f"check_line needs a ClaimLine, not {type(line).__name__}.")
    if not isinstance(as_of, date):
        raise InputError("as_of must be a datetime.date, the day the claim is checked.")
    shared = _shared(line, as_of)
    found = [*_unreadable(line), *shared, *_front_desk(line, as_of, shared)]
    return sorted(found, key=lambda f: FIELDS.index(f.field))


def check_batch(lines: Iterable[ClaimLine], as_of: date = SAMPLE_AS_OF) -> list[Finding]:
    """Findings for every line of a batch, line by line."""
    return [f for line in lines for f in check_line(line, as_of)]


def source_of(f: Finding) -> str:
    """The rule a detail finding rests on (its registry edit's source, or its pre-check's)."""
    return PRE_CHECKS[f.edit_id].source if f.edit_id in PRE_CHECKS else EDIT_BY_ID[f.edit_id].source


# --------------------------------------------------------------------------- tables for notebooks


def lines_frame(lines: Iterable[ClaimLine]) -> pd.DataFrame:
    """The batch as the biller typed it, one row per line."""
    rows = [{"line": ln.line_id, "patient": ln.patient, "date of service": ln.entered["date of service"],
             "POS": ln.place_of_service, "procedure": ln.procedure, "diagnoses": ", ".join(ln.diagnoses),
             "rendering NPI": ln.rendering_npi, "units": ln.entered["units"], "charge": ln.entered["charge"]}
            for ln in lines]
    return pd.DataFrame(rows).set_index("line")


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a table: line, field, value, check, severity and the message."""
    columns = ["line", "field", "value", "check", "severity", "message"]
    rows = [[f.line_id, f.field, f.value, f.check, f.severity, f.message] for f in findings]
    return pd.DataFrame(rows, columns=columns)


def summary_frame(lines: Iterable[ClaimLine], as_of: date = SAMPLE_AS_OF) -> pd.DataFrame:
    """One row per line: how many errors (fatal findings) and warnings it has and the checks that fired."""
    rows = []
    for ln in lines:
        found = check_line(ln, as_of)
        rows.append({
            "line": ln.line_id,
            "errors": sum(f.severity == "fatal" for f in found),
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
    typed = ClaimLine.read  # each line as the biller typed it
    return [
        typed("L1", "Maria Testpatient", "09/28/2026", "11", "99213", ("E11.9", "I10"), dr_fictional, 1, "150.00"),
        typed("L2", "Otto Example", "09/24/2026", "11", "99203", ("S52.521",), dr_sampleton, 1, "210.00"),
        typed("L3", "Rosa Fakename", "09/25/2026", "11", "99213", ("J02.9",), _broken(dr_fictional), 1, "150.00"),
        typed("L4", "Wei Sampleperson", "09/25/2026", "11", "99214", ("E11", "I10"), dr_fictional, 1, "220.00"),
        typed("L5", "Lena Notreal", "09/28/2026", "11", "J1101", ("J45.909",), dr_sampleton, 1, "18.00"),
        typed("L6", "Samuel Testpatient", "09/29/2026", "98", "99212", ("R05.9",), dr_sampleton, 1, "95.00"),
        typed("L7", "Fatima Fakename", "10/28/2026", "11", "99213", ("M54.50",), dr_fictional, 1, "150.00"),
        typed("L8", "Ahmed Sampleperson", "06/02/2025", "11", "99213", ("E78.5",), dr_sampleton, 0, "150.00"),
        typed("L9", "James Notreal", "09/29/2026", "21", "99213", ("I10",), dr_fictional, 1, "150.00"),
    ]
