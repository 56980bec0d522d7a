"""Review a coded case end to end: the diagnoses and service lines a coder abstracted from one note, judged by the
checks the project already has, gathered in one place and explained.

A :class:`CodedCase` holds what a coder puts on a professional claim for one encounter: the ICD-10-CM codes in
claim order, the CPT/HCPCS lines with modifiers and units, the date of service, the payer type and place of
service, and the patient's sex (pregnancy edits) and, for drug lines, the dose given. :func:`review` builds a
synthetic CMS-1500 from it and asks, without re-implementing any of them:

- the claim scrubber (:mod:`revcycle.claims.rules`): ICD-10-CM validity for the date of service, 7th characters,
  diagnosis/sex conflicts, unknown procedure codes, modifier format and modifier 25/59 rules, the NCCI teaching
  pairs and the Medicare MUEs;
- the diagnosis-list review (:mod:`revcycle.coding.dx_review`): the tabular notes (Excludes1, code first, use
  additional code, manifestation and external-cause codes listed first);
- the modifier procedure (:func:`revcycle.coding.modifiers.conflicts`): unknown modifiers, contradictory pairs, a
  modifier on the wrong kind of line;
- the drug units rule (:mod:`revcycle.codes.drug_units`): units against the dose and the HCPCS descriptor.

Every patient and provider on the claim built here is synthetic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from revcycle.claims.model import Claim, Insured, Patient, ServiceLine, to_units
from revcycle.claims.procedures import is_em
from revcycle.claims.rules.registry import scrub
from revcycle.codes import cpt, drug_units, hcpcs, icd10cm
from revcycle.coding import dx_review, modifiers
from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError, RevcycleError
from revcycle.core.numbers import digits

__all__ = ["CHECKS", "EXAMPLES", "CaseLine", "CodedCase", "Finding", "Review", "cases_from_key", "describe_code",
           "line_kind", "review", "summary"]

Severity = Literal["error", "warning", "ok", "reminder"]
#: Payer types a case may name, as the claim model spells them.
PAYER_TYPES = ("medicare", "medicaid", "group", "tricare", "other")
#: The checks a review gathers: (name, what it judges, the module that owns the rule).
CHECKS: tuple[tuple[str, str, str], ...] = (
    ("claim scrubber", "codes valid on the date, 7th characters, pregnancy and sex, unknown codes, modifiers 25 and "
     "59, NCCI pairs, Medicare MUEs", "revcycle.claims.rules"),
    ("tabular notes", "Excludes1, code first, use additional code, what may not be listed first",
     "revcycle.coding.dx_review"),
    ("modifiers", "unknown modifiers, contradictory pairs, a modifier on the wrong kind of line",
     "revcycle.coding.modifiers"),
    ("drug units", "units against the dose and the amount in the HCPCS description", "revcycle.codes.drug_units"),
)
_ITEM = re.compile(r"^(?P<box>21(?P<dx>[A-L])|24(?P<col>[DG])\.(?P<line>[1-6])(?P<mod>[a-z])?)$")
_NONE = {"", "NONE", "N/A", "-"}


@dataclass(frozen=True)
class CaseLine:
    """One service line: the code, its modifiers in claim order, units, pointers (default: every diagnosis, up to
    four) and, for a drug, the dose given such as "80 mg" (checked against the code's amount per unit)."""

    code: str
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal(1)
    pointers: str = ""
    dose: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise InputError("A case line needs a CPT or HCPCS code as text, such as '99213'.")
        object.__setattr__(self, "code", self.code.strip().upper())
        mods = (self.modifiers,) if isinstance(self.modifiers, str) else tuple(self.modifiers)
        object.__setattr__(self, "modifiers", tuple(m.strip().upper().lstrip("-") for m in mods
                                                    if m.strip().upper().lstrip("-") not in _NONE))
        object.__setattr__(self, "units", to_units(self.units))

    @property
    def label(self) -> str:
        """"99213-25 x 1" as a biller says it."""
        return f"{'-'.join((self.code, *self.modifiers))} x {format(self.units.normalize(), 'f')}"


@dataclass(frozen=True)
class CodedCase:
    """A coded encounter: diagnoses first-listed first, service lines, and the facts the checks need."""

    case_id: str
    diagnoses: tuple[str, ...]
    lines: tuple[CaseLine, ...]
    date_of_service: date
    payer: str = "group"
    place_of_service: str = "11"
    sex: str = "F"
    birth_date: date = date(1970, 1, 1)

    def __post_init__(self) -> None:
        if isinstance(self.diagnoses, str):
            raise InputError("Give the diagnoses as a list, first-listed first, e.g. ['E11.9', 'I10'].")
        object.__setattr__(self, "diagnoses", tuple(str(d).strip() for d in self.diagnoses if str(d).strip()))
        object.__setattr__(self, "lines", tuple(self.lines))
        for n, line in enumerate(self.lines, 1):
            if not isinstance(line, CaseLine):
                raise InputError(f"Line {n} must be a CaseLine, not {type(line).__name__}.")
        object.__setattr__(self, "date_of_service", parse_date(self.date_of_service, "The date of service"))
        object.__setattr__(self, "birth_date", parse_date(self.birth_date, "The birth date"))
        payer = str(self.payer).strip().lower()
        if payer not in PAYER_TYPES:
            raise InputError(f"The payer type must be one of {', '.join(PAYER_TYPES)}, not {self.payer!r}.")
        object.__setattr__(self, "payer", payer)
        sex = str(self.sex).strip().upper()[:1]
        if sex not in ("M", "F", "U"):
            raise InputError(f"Sex must be M, F or U, not {self.sex!r}.")
        object.__setattr__(self, "sex", sex)

    @classmethod
    def from_items(cls, case_id: str, items: Mapping[str, object], facts: Mapping[str, Any]) -> CodedCase:
        """A case from CMS-1500 fields as the case lab's exercises name them: 21A-21L diagnoses, 24D.n the code
        of line n, 24D.nm (any lower-case letter) its modifiers in letter order, 24G.n its units ("NONE" for no
        modifier). ``facts`` gives date, payer, place, sex, birth and per-line ``doses``/``pointers``."""
        dx: dict[str, str] = {}
        codes: dict[int, str] = {}
        mods: dict[int, dict[str, str]] = {}
        units: dict[int, str] = {}
        for item, raw in items.items():
            found = _ITEM.match(str(item))
            if found is None:
                raise InputError(f"Item {item!r} is not a diagnosis (21A-21L) or a line field (24D.1, 24D.1m, "
                                 "24G.1).")
            text = str(raw).strip()
            if found["dx"]:
                dx[found["dx"]] = text
            elif found["col"] == "G":
                units[int(found["line"])] = text
            elif found["mod"]:
                mods.setdefault(int(found["line"]), {})[found["mod"]] = text
            else:
                codes[int(found["line"])] = text
        if sorted(codes) != list(range(1, len(codes) + 1)):
            raise InputError(f"Case {case_id}: the lines must be numbered 1, 2, 3... without gaps.")
        doses: Mapping[Any, str] = facts.get("doses") or {}
        pointers: Mapping[Any, str] = facts.get("pointers") or {}
        lines = tuple(CaseLine(codes[n], tuple(v for _, v in sorted(mods.get(n, {}).items())),
                               Decimal(units.get(n, "1")), str(pointers.get(n, "")), str(doses.get(n, "")))
                      for n in sorted(codes))
        return cls(case_id, tuple(dx[k] for k in sorted(dx)), lines, facts["date"], facts.get("payer", "group"),
                   str(facts.get("place", "11")), str(facts.get("sex", "F")), facts.get("birth", date(1970, 1, 1)))


@dataclass(frozen=True)
class Finding:
    """One verdict: ``where`` is 'dx 2', 'line 1' or 'claim'; ``check`` names the check that gave it."""

    severity: Severity
    where: str
    check: str
    message: str
    source: str


@dataclass(frozen=True)
class Review:
    """Everything the checks said about one case, errors first within each place."""

    case: CodedCase
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def clean(self) -> bool:
        """No error and no warning."""
        return not self.errors and not self.warnings

    def codes(self) -> list[dict[str, str]]:
        """Each code on the case with its meaning: the ICD-10-CM title, the HCPCS description or the book's CPT
        summary."""
        rows = [{"where": f"dx {i}", "code": icd10cm.normalize(c) if _icd_shaped(c) else c,
                 "meaning": _dx_title(c, self.case.date_of_service)} for i, c in enumerate(self.case.diagnoses, 1)]
        rows += [{"where": f"line {i}", "code": ln.label, "meaning": describe_code(ln.code)}
                 for i, ln in enumerate(self.case.lines, 1)]
        return rows

    def table(self) -> list[dict[str, str]]:
        """The findings as rows (severity, where, check, message), ready for pandas."""
        return [{"severity": f.severity, "where": f.where, "check": f.check, "message": f.message}
                for f in self.findings]


def _icd_shaped(code: str) -> bool:
    try:
        icd10cm.normalize(code)
    except RevcycleError:
        return False
    return True


def _dx_title(code: str, on: date) -> str:
    try:
        return icd10cm.title(code, on)
    except RevcycleError:
        return "(not an ICD-10-CM code)"


def describe_code(code: str) -> str:
    """The meaning of a procedure code: the book's CPT summary or the CMS HCPCS Level II description."""
    if code[:1].isalpha():
        try:
            return hcpcs.describe(code).description
        except RevcycleError:
            return "(not a HCPCS Level II code)"
    try:
        return cpt.describe(code).description
    except RevcycleError:
        return "(the book has no summary of this CPT code)"


def line_kind(code: str) -> str | None:
    """The kind of line :func:`revcycle.coding.modifiers.conflicts` judges a modifier against, or None if the
    code's kind is not clear from its number alone."""
    if is_em(code):
        return "em"
    if digits(code) and len(code) == 5:
        number = int(code)
        if number <= 1999:
            return "anesthesia"
        if 10004 <= number <= 69990:
            return "procedure"
        if 70010 <= number <= 79999:
            return "test"
        if 80047 <= number <= 89398:
            return "lab"
        return None
    if code[:1] == "J" and _per_unit(code) is not None:
        return "drug"
    return None


def _per_unit(code: str) -> drug_units.DrugAmount | None:
    try:
        return drug_units.for_code(code)
    except RevcycleError:
        return None


def _claim(case: CodedCase) -> Claim:
    from revcycle import synthetic  # the synthetic practice and payers; lazily, as the scrubber needs them

    clinician = synthetic.clinicians(0)[0]
    payer = next((p for p in synthetic.PAYERS if p.kind == case.payer), synthetic.PAYERS[1])
    patient = Patient("CASE", "LAB", case.birth_date, case.sex)
    n_dx = min(len(case.diagnoses), 4)
    lines = [ServiceLine(ln.code, Decimal("100.00"), case.date_of_service, place_of_service=case.place_of_service,
                         modifiers=ln.modifiers, pointers=ln.pointers or "ABCD"[:max(n_dx, 1)], units=ln.units)
             for ln in case.lines]
    return Claim(case.case_id, patient, Insured.from_patient(patient, "SYNCASE0001"), payer, clinician.practice,
                 list(case.diagnoses), lines, rendering_provider=clinician.provider)


def _scrubber(case: CodedCase) -> list[Finding]:
    out = []
    for f in scrub(_claim(case)):
        where = f"line {f.line}" if f.line else ("dx" if f.item == "21" else "claim")
        out.append(Finding("error" if f.severity == "fatal" else "warning", where, f"scrubber {f.edit_id}",
                           f.message, f.source))
    return out


def _diagnoses(case: CodedCase, flagged: bool) -> list[Finding]:
    if flagged or not case.diagnoses:  # the scrubber already said a code is not valid: the notes cannot be read
        return []
    return [Finding(f.severity, f"dx {f.position}", "tabular notes", f.message, f.rule)
            for f in dx_review.review(list(case.diagnoses), on=case.date_of_service)]


#: Modifiers a scrubber edit already judges on a line: the modifier procedure's verdict on them is not repeated.
_SCRUBBED_MODIFIERS = {"scrubber MOD-25": frozenset({"25"}),
                       "scrubber MOD-59-EM": frozenset({"59", "XE", "XS", "XP", "XU"})}


def _modifiers(case: CodedCase, scrubbed: list[Finding]) -> list[Finding]:
    out = []
    for n, ln in enumerate(case.lines, 1):
        said = frozenset().union(*(_SCRUBBED_MODIFIERS.get(f.check, frozenset()) for f in scrubbed
                                   if f.where == f"line {n}"))
        for c in modifiers.conflicts(ln.modifiers, line_kind(ln.code)):
            if set(c.modifiers) <= said:
                continue
            source = modifiers.SOURCES.get(c.modifiers[0], "CPT Appendix A; CMS HCPCS Level II modifier file")
            out.append(Finding("error", f"line {n}", "modifiers", c.message, source))
    return out


def _units(case: CodedCase) -> list[Finding]:
    out = []
    for n, ln in enumerate(case.lines, 1):
        per = _per_unit(ln.code) if ln.code[:1].isalpha() else None
        if not ln.dose:
            if per is not None:
                out.append(Finding("warning", f"line {n}", "drug units", f"{ln.code} is billed per {per}; give the "
                                   "dose so the units can be checked.", drug_units.__name__))
            continue
        if per is None:
            raise InputError(f"Line {n}: a dose is given, but {ln.code} names no amount per unit to divide by.")
        amount, _, unit = ln.dose.strip().partition(" ")
        expected = drug_units.billing_units(amount, unit, per)
        source = "Medicare Claims Processing Manual (Pub. 100-04), ch. 17, sec. 10; CMS HCPCS Level II file"
        if Decimal(expected) != ln.units:
            out.append(Finding("error", f"line {n}", "drug units", f"{ln.dose} of {ln.code} (per {per}) is "
                               f"{expected} unit(s), not {format(ln.units.normalize(), 'f')}.", source))
        else:
            out.append(Finding("ok", f"line {n}", "drug units", f"{ln.dose} of {ln.code} (per {per}) is {expected} "
                               "unit(s), as billed.", source))
    return out


def review(case: CodedCase) -> Review:
    """Run every check on ``case`` and gather the verdicts (errors, warnings, and notes a list already follows)."""
    if not isinstance(case, CodedCase):
        raise InputError(f"review() takes a CodedCase, not {type(case).__name__}.")
    scrubbed = _scrubber(case)
    flagged = any(f.check.startswith("scrubber DX-") for f in scrubbed)
    found = scrubbed + _diagnoses(case, flagged) + _modifiers(case, scrubbed) + _units(case)
    rank = {"error": 0, "warning": 1, "ok": 2, "reminder": 3}

    def place(f: Finding) -> tuple[int, int]:
        kind, _, number = f.where.partition(" ")
        return ({"claim": 0, "dx": 1, "line": 2}[kind], int(number) if digits(number) else 0)

    return Review(case, tuple(sorted(found, key=lambda f: (rank[f.severity], place(f)))))


def cases_from_key(entries: Mapping[str, Mapping[str, Any]]) -> list[CodedCase]:
    """Every entry of a case-lab answer key that carries a ``case`` block, as a :class:`CodedCase`."""
    return [CodedCase.from_items(ex_id, entry["answer"], entry["case"])
            for ex_id, entry in entries.items() if isinstance(entry, Mapping) and "case" in entry]


def summary(found: Sequence[Finding]) -> str:
    """'2 errors, 1 warning' for a list of findings."""
    errors = sum(f.severity == "error" for f in found)
    warnings = sum(f.severity == "warning" for f in found)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


# --------------------------------------------------------------------------- the chapter's worked cases

#: The case lab chapter's worked cases (not exercise keys): two coded right, and the first one coded badly.
EXAMPLES: dict[str, CodedCase] = {
    "office": CodedCase(
        "WORKED-1", ("M19.011", "E11.9", "I10"),
        (CaseLine("99214", ("25",), pointers="BC"), CaseLine("20610", ("RT",), pointers="A"),
         CaseLine("J1010", ("JZ",), Decimal(40), pointers="A", dose="40 mg")),
        date(2026, 11, 4), "medicare", "11", "F", date(1955, 7, 19)),
    "injury": CodedCase(
        "WORKED-2", ("S51.852A", "W54.0XXA", "Z23"),
        (CaseLine("12032", pointers="AB"), CaseLine("90715", pointers="C"), CaseLine("90471", pointers="C")),
        date(2026, 10, 17), "group", "20", "M", date(1990, 3, 8)),
    "miscoded": CodedCase(
        "WORKED-1-BAD", ("M19.01", "E11.9", "I10"),
        (CaseLine("99214", pointers="BC"), CaseLine("20610", ("RT", "50"), pointers="A"),
         CaseLine("J1010", ("25",), Decimal(1), pointers="A", dose="40 mg")),
        date(2026, 11, 4), "medicare", "11", "F", date(1955, 7, 19)),
}
