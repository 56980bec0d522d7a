"""Write institutional claims as an 837I (ASC X12 005010X223A2), the UB-04's electronic twin.

The file follows the 837P writer's rules: every value goes through :meth:`revcycle.x12.elements.Elements.put`
(a value that cannot fit raises X12FieldError naming the claim, the form locator and the rule; one that had to
change is reported), the dates come from the claims and never the clock, and a claim whose diagnosis codes are
not in the ICD-10-CM release of its dates is refused before anything is written. Where the 837I differs from the
837P, the UB-04's form locators (FL) decide: the type of bill goes into CLM05 (facility type and frequency), the
statement period into DTP*434, admission and discharge into DTP*435/096 and CL1, the codes of FL 18-41 into HI
segments (BG condition, BH occurrence, BI span, BE value), the diagnoses with their present-on-admission
indicators into HI*ABK/ABF, and each revenue line into SV2.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

import revcycle.x12.elements as el
from revcycle.claims.institutional import InstitutionalClaim
from revcycle.claims.model import Provider
from revcycle.codes import taxonomy
from revcycle.core.money import to_cents
from revcycle.x12.common import (
    COMPONENT,
    DEFAULT_RECEIVER,
    DEFAULT_SUBMITTER,
    ClaimsRejectedError,
    Party,
    X12Error,
    clean,
    d8,
    isa,
    segment,
)
from revcycle.x12.writer837 import address_segments, digits, header_segments

__all__ = ["FILING_INDICATORS", "VERSION", "to_837i"]

VERSION = "005010X223A2"
MAX_CLAIMS_PER_TRANSACTION = 5000
MAX_LINES = 999  # loop 2400 repeats up to 999 times in the 837I
#: SBR09 on an institutional claim: Medicare Part A bills (MA) replace the professional claim's Part B (MB).
FILING_INDICATORS = el.FILING_INDICATORS | {"MA"}
_NPI = {"pattern": r"[0-9]{10}", "form": "10 digits"}
_SHOWN = 25


def _e(loop: str, ref: str, name: str, kind: el.Kind, low: int, high: int, **rules: object) -> el.Element:
    return el.Element(loop, ref, name, kind, low, high, **rules)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the 837I's own elements, named by form locator
BILLING_NAME = _e("2010AA", "NM103", "the facility's name (FL 1)", "AN", 1, 60, free_text=True)
BILLING_NPI = _e("2010AA", "NM109", "the facility's NPI (FL 56)", "AN", 2, 80, **_NPI)
BILLING_ADDRESS = el.address_elements("2010AA", "the facility's", "FL 1", pattern=r"[0-9]{9}", form="9 digits (ZIP+4)")
BILLING_TAX_ID = _e("2010AA", "REF02", "the facility's federal tax number (FL 5)", "AN", 1, 50,
                    pattern=r"[0-9]{9}", form="9 digits")
BILLING_TAXONOMY = _e("2000A", "PRV03", "the facility's taxonomy code (FL 81)", "AN", 1, 50,
                      pattern=taxonomy.PATTERN.pattern, form=taxonomy.FORM)
FILING = _e("2000B", "SBR09", "the payer's claim filing indicator", "ID", 1, 2, codes=FILING_INDICATORS)
GROUP = _e("2000B", "SBR03", "the insured's group number (FL 62)", "AN", 1, 50)
INSURED_LAST = _e("2010BA", "NM103", "the insured's last name (FL 58)", "AN", 1, 60, free_text=True)
INSURED_FIRST = _e("2010BA", "NM104", "the insured's first name (FL 58)", "AN", 1, 35, free_text=True)
MEMBER_ID = _e("2010BA", "NM109", "the insured's unique ID (FL 60)", "AN", 2, 80)
INSURED_ADDRESS = el.address_elements("2010BA", "the insured's", "FL 9")
BIRTH = _e("2010BA", "DMG02", "a birth date (FL 10)", "AN", 1, 35)
SEX = _e("2010BA", "DMG03", "a sex (FL 11)", "ID", 1, 1, codes={"F", "M", "U"})
PAYER_NAME = _e("2010BB", "NM103", "the payer's name (FL 50)", "AN", 1, 60, free_text=True)
PAYER_ID = _e("2010BB", "NM109", "the payer ID (FL 51)", "AN", 2, 80)
RELATIONSHIP = _e("2000C", "PAT01", "the patient's relationship to the insured (FL 59)", "ID", 2, 2,
                  codes={"01", "19", "20", "21", "39", "40", "53", "G8"})
PATIENT_LAST = _e("2010CA", "NM103", "the patient's last name (FL 8)", "AN", 1, 60, free_text=True)
PATIENT_FIRST = _e("2010CA", "NM104", "the patient's first name (FL 8)", "AN", 1, 35, free_text=True)
PATIENT_ADDRESS = el.address_elements("2010CA", "the patient's", "FL 9")
CLAIM_ID = _e("2300", "CLM01", "the patient control number (FL 3a)", "AN", 1, 38)
TOTAL = _e("2300", "CLM02", "the total charge (FL 47, line 0001)", "R", 1, 18)
FACILITY_TYPE = _e("2300", "CLM05-01", "the facility type and bill classification (FL 4, digits 2-3)", "AN", 1, 2,
                   pattern=r"[1-9][1-9]", form="two digits from the type of bill, such as 13")
FREQUENCY = _e("2300", "CLM05-03", "the claim frequency (FL 4, digit 4)", "ID", 1, 1,
               pattern=r"[0-9A-Z]", form="one letter or digit")
MEDICAL_RECORD = _e("2300", "REF02", "the medical record number (FL 3b)", "AN", 1, 50)
ADMIT_TYPE = _e("2300", "CL101", "the priority (type) of admission or visit (FL 14)", "ID", 1, 1,
                codes={"1", "2", "3", "4", "5", "9"})
ORIGIN = _e("2300", "CL102", "the point of origin (FL 15)", "ID", 1, 1, pattern=r"[0-9A-Z]", form="one character")
STATUS = _e("2300", "CL103", "the patient discharge status (FL 17)", "ID", 1, 2, pattern=r"[0-9]{2}",
            form="two digits, such as 01")
HOUR = _e("2300", "DTP03", "an hour (FL 13 or 16)", "AN", 2, 2, pattern=r"([01][0-9]|2[0-3])", form="00 to 23")
DIAGNOSIS = _e("2300", "HI01-02", "a diagnosis code (FL 67, 67A-Q, 70)", "AN", 1, 30,
               pattern=r"[A-Z][0-9][0-9A-Z]{1,5}", form="an ICD-10-CM code such as R079 (written without its period)")
PROCEDURE = _e("2300", "HI01-02", "the principal procedure code (FL 74)", "AN", 7, 7, pattern=r"[0-9A-HJ-NP-Z]{7}",
               form="an ICD-10-PCS code of seven characters")
CODE = _e("2300", "HI01-02", "a condition, occurrence, span or value code (FL 18-41)", "AN", 2, 2,
          pattern=r"[0-9A-Z]{2}", form="two letters or digits")
VALUE = _e("2300", "HI01-05", "a value code's amount (FL 39-41)", "R", 1, 18)
ATTENDING_LAST = _e("2310A", "NM103", "the attending provider's last name (FL 76)", "AN", 1, 60, free_text=True)
ATTENDING_FIRST = _e("2310A", "NM104", "the attending provider's first name (FL 76)", "AN", 1, 35, free_text=True)
ATTENDING_NPI = _e("2310A", "NM109", "the attending provider's NPI (FL 76)", "AN", 2, 80, **_NPI)
LINE_NUMBER = _e("2400", "LX01", "the line number", "N0", 1, 6)
REVENUE_CODE = _e("2400", "SV201", "a line's revenue code (FL 42)", "AN", 4, 4, pattern=r"0[0-9]{3}",
                  form="four digits starting with 0")
HCPCS = _e("2400", "SV202-02", "a line's HCPCS/CPT code (FL 44)", "AN", 5, 5, pattern=r"[0-9A-Z]{5}",
           form="5 letters or digits")
MODIFIER = _e("2400", "SV202-03", "a line's modifier (FL 44)", "AN", 2, 2)
LINE_CHARGE = _e("2400", "SV203", "a line's total charge (FL 47)", "R", 1, 18)
UNITS = _e("2400", "SV205", "a line's service units (FL 46)", "R", 1, 15)
NON_COVERED = _e("2400", "SV207", "a line's non-covered charge (FL 48)", "R", 1, 18)
SERVICE_DATE = _e("2400", "DTP03", "a line's service date (FL 45)", "AN", 1, 35)

# The filing indicator an institutional claim carries for each professional one.
_INSTITUTIONAL_FILING = {"MB": "MA"}


def _refuse_bad_codes(claims: Sequence[InstitutionalClaim]) -> None:
    """Every diagnosis must be a billable ICD-10-CM code of the release in force on the statement's last day."""
    from revcycle.codes import icd10cm

    bad: list[str] = []
    for claim in claims:
        for code in dict.fromkeys([*claim.diagnoses, *claim.reason_for_visit]):
            if not icd10cm.is_billable(code, on=claim.statement_through):
                bad.append(f"  {claim.claim_id}: {code} is not a billable ICD-10-CM code on "
                           f"{claim.statement_through} ({icd10cm.release(claim.statement_through).id})")
    if bad:
        shown = "\n".join(bad[:_SHOWN]) + (f"\n  ... and {len(bad) - _SHOWN} more" if len(bad) > _SHOWN else "")
        raise ClaimsRejectedError(f"No 837I was written: {len(bad)} diagnosis code(s) would be rejected. "
                                  f"Fix them and try again:\n{shown}", [])


def _billing(w: el.Elements, facility: Provider, hl: int) -> list[str]:
    out = [segment("HL", str(hl), "", "20", "1")]
    if facility.taxonomy:
        out.append(segment("PRV", "BI", "PXC", w.put(BILLING_TAXONOMY, facility.taxonomy)))
    out.append(segment("NM1", "85", "2", w.put(BILLING_NAME, facility.last_name), "", "", "", "", "XX",
                       w.put(BILLING_NPI, facility.npi)))
    out += address_segments(w, facility.address, BILLING_ADDRESS, "facility", required=True, transaction="837I")
    out.append(segment("REF", "EI", w.put(BILLING_TAX_ID, digits(facility.tax_id))))
    return out


def _subscriber(w: el.Elements, claim: InstitutionalClaim, hl: int, parent: int) -> tuple[list[str], int]:
    """Subscriber, payer and (when the patient is not the insured) patient loops; returns segments, next HL."""
    is_self = claim.relationship == "18"
    ins, pat = claim.insured, claim.patient
    filing = _INSTITUTIONAL_FILING.get(claim.payer.filing_indicator, claim.payer.filing_indicator)
    group = "" if claim.payer.is_medicare else w.put(GROUP, ins.group_number, required=False)
    out = [segment("HL", str(hl), str(parent), "22", "0" if is_self else "1"),
           segment("SBR", "P", "18" if is_self else "", group, "", "", "", "", "", w.put(FILING, filing)),
           segment("NM1", "IL", "1", w.put(INSURED_LAST, ins.last_name),
                   w.put(INSURED_FIRST, ins.first_name, required=False), "", "", "", "MI",
                   w.put(MEMBER_ID, ins.member_id))]
    out += address_segments(w, ins.address or (pat.address if is_self else None), INSURED_ADDRESS, "insured",
                            transaction="837I")
    sex = ins.sex if ins.sex in ("M", "F") else "U"
    out.append(segment("DMG", "D8", w.put(BIRTH, ins.birth_date), w.put(SEX, sex)))
    out.append(segment("NM1", "PR", "2", w.put(PAYER_NAME, claim.payer.name), "", "", "", "", "PI",
                       w.put(PAYER_ID, claim.payer.payer_id)))
    if is_self:
        return out, hl + 1
    relation = {"01": "01", "19": "19", "20": "20", "21": "21", "39": "39", "40": "40", "53": "53"}
    out.append(segment("HL", str(hl + 1), str(hl), "23", "0"))
    out.append(segment("PAT", w.put(RELATIONSHIP, relation.get(claim.relationship, "G8"))))
    out.append(segment("NM1", "QC", "1", w.put(PATIENT_LAST, pat.last_name),
                       w.put(PATIENT_FIRST, pat.first_name, required=False)))
    out += address_segments(w, pat.address, PATIENT_ADDRESS, "patient", transaction="837I")
    psex = pat.sex if pat.sex in ("M", "F") else "U"
    out.append(segment("DMG", "D8", w.put(BIRTH, pat.birth_date), w.put(SEX, psex)))
    return out, hl + 2


def _hi(qualifier: str, items: Sequence[str]) -> list[str]:
    """HI segments of up to 12 composites each, every composite `qualifier:...`."""
    return [segment("HI", *(f"{qualifier}{COMPONENT}{item}" for item in items[i:i + 12]))
            for i in range(0, len(items), 12)]


def _dx(w: el.Elements, code: str) -> str:
    return w.put(DIAGNOSIS, code.strip().replace(".", ""))


def _claim(w: el.Elements, claim: InstitutionalClaim, claim_id: str) -> list[str]:
    """CLM, the dates, CL1, references, the HI code segments and the attending provider (loop 2300/2310A)."""
    tob = claim.type_of_bill
    out = [segment("CLM", claim_id, w.put(TOTAL, to_cents(claim.total_charge)), "", "",
                   COMPONENT.join((w.put(FACILITY_TYPE, tob[1:3]), "A", w.put(FREQUENCY, tob[3]))), "",
                   "A", "Y", "Y")]
    if claim.discharge_hour and claim.is_inpatient:
        out.append(segment("DTP", "096", "TM", w.put(HOUR, claim.discharge_hour) + "00"))
    out.append(segment("DTP", "434", "RD8", f"{d8(claim.statement_from)}-{d8(claim.statement_through)}"))
    if claim.admission_date is not None and claim.is_inpatient:
        hour = w.put(HOUR, claim.admission_hour) if claim.admission_hour else ""
        when = d8(claim.admission_date) + (hour + "00" if hour else "")
        out.append(segment("DTP", "435", "DT" if hour else "D8", when))
    out.append(segment("CL1", w.put(ADMIT_TYPE, claim.admission_type, required=claim.is_inpatient),
                       w.put(ORIGIN, claim.point_of_origin, required=False),
                       w.put(STATUS, claim.discharge_status)))
    if claim.medical_record:
        out.append(segment("REF", "EA", w.put(MEDICAL_RECORD, claim.medical_record)))

    def with_poa(code: str) -> str:
        flag = claim.poa.get(code, "") if claim.is_inpatient else ""
        flag = "" if flag == "1" else flag  # exempt from POA reporting: left blank on the 837I
        return _dx(w, code) + (COMPONENT * 7 + flag if flag else "")

    out += _hi("ABK", [with_poa(claim.principal_diagnosis)])
    if claim.reason_for_visit and not claim.is_inpatient:
        out += _hi("APR", [_dx(w, c) for c in claim.reason_for_visit])
    if claim.other_diagnoses:
        out += _hi("ABF", [with_poa(c) for c in claim.other_diagnoses])
    if claim.principal_procedure is not None:
        code, day = claim.principal_procedure
        out += _hi("BBR", [COMPONENT.join((w.put(PROCEDURE, code), "D8", d8(day)))])
    if claim.occurrence_spans:
        out += _hi("BI", [COMPONENT.join((w.put(CODE, c), "RD8", f"{d8(a)}-{d8(b)}")) for c, a, b in
                          claim.occurrence_spans])
    if claim.occurrence_codes:
        out += _hi("BH", [COMPONENT.join((w.put(CODE, c), "D8", d8(day))) for c, day in claim.occurrence_codes])
    if claim.value_codes:
        out += _hi("BE", [COMPONENT.join((w.put(CODE, c), "", "", w.put(VALUE, to_cents(v))))
                          for c, v in claim.value_codes])
    if claim.condition_codes:
        out += _hi("BG", [w.put(CODE, c) for c in claim.condition_codes])
    doc = claim.attending
    out.append(segment("NM1", "71", "1", w.put(ATTENDING_LAST, doc.last_name),
                       w.put(ATTENDING_FIRST, doc.first_name, required=False), "", "", "", "XX",
                       w.put(ATTENDING_NPI, doc.npi)))
    return out


def _lines(w: el.Elements, claim: InstitutionalClaim) -> list[str]:
    if len(claim.lines) > MAX_LINES:
        raise el.X12FieldError(w.claim_id, LINE_NUMBER, f"would run to {len(claim.lines)}: an 837I claim holds at "
                               f"most {MAX_LINES} service lines. Split the stay into interim bills.")
    out: list[str] = []
    for n, line in enumerate(claim.lines, 1):
        out.append(segment("LX", w.put(LINE_NUMBER, n)))
        procedure = (COMPONENT.join(("HC", w.put(HCPCS, line.hcpcs), *(w.put(MODIFIER, m) for m in line.modifiers)))
                     if line.hcpcs else "")
        non_covered = w.put(NON_COVERED, to_cents(line.non_covered)) if line.non_covered else ""
        out.append(segment("SV2", w.put(REVENUE_CODE, line.revenue_code), procedure,
                           w.put(LINE_CHARGE, to_cents(line.charge)), "UN", w.put(UNITS, line.units), "",
                           non_covered))
        day = line.service_date or (claim.statement_from if not claim.is_inpatient else None)
        if day is not None:
            out.append(segment("DTP", "472", "D8", w.put(SERVICE_DATE, day)))
    return out


def _claim_ids(w: el.Elements, claims: Sequence[InstitutionalClaim]) -> list[str]:
    seen: dict[str, str] = {}
    out = []
    for claim in claims:
        w.claim_id = claim.claim_id if isinstance(claim.claim_id, str) and clean(claim.claim_id) else ""
        claim_id = w.put(CLAIM_ID, claim.claim_id)
        if claim_id in seen:
            raise X12Error(f"Claims {seen[claim_id]!r} and {claim.claim_id!r} would both be written as {claim_id!r} "
                           "(CLM01, FL 3a); give each claim its own patient control number.")
        seen[claim_id] = claim.claim_id
        out.append(claim_id)
    return out


def _transaction(w: el.Elements, claims: Sequence[InstitutionalClaim], ids: Sequence[str], st: int, ref: str,
                 when: date, submitter: Party, receiver: Party) -> list[str]:
    w.claim_id = ""
    body = header_segments(w, VERSION, st, ref, when, "1200", submitter, receiver)
    groups: dict[tuple[str, str, str], list[tuple[InstitutionalClaim, str]]] = {}
    for claim, claim_id in zip(claims, ids, strict=True):
        f = claim.facility
        groups.setdefault((f.npi, f.last_name, f.tax_id), []).append((claim, claim_id))
    hl = 1
    for group in groups.values():
        billing_hl = hl
        w.claim_id = group[0][0].claim_id
        body += _billing(w, group[0][0].facility, billing_hl)
        hl += 1
        for claim, claim_id in group:
            w.claim_id = claim.claim_id
            segs, hl = _subscriber(w, claim, hl, billing_hl)
            body += segs + _claim(w, claim, claim_id) + _lines(w, claim)
    body.append(segment("SE", str(len(body) + 1), f"{st:04d}"))
    return body


def to_837i(claims: Iterable[InstitutionalClaim], submitter: Party | None = None, receiver: Party | None = None, *,
            control_number: int = 1, created: date | None = None, usage: str = "T",
            transliterate: bool = True, changes: list[el.Change] | None = None) -> str:
    """The institutional claims as one 837I interchange (text, one segment per line).

    ``created`` defaults to the latest statement's last day (never the clock); ``usage`` is ISA15, ``T`` test (the
    default: the data is synthetic) or ``P``. Values that had to change to fit go to ``changes`` when a list is
    given, else into an X12ChangeWarning. Raises ClaimsRejectedError when a diagnosis code is not billable in the
    release of the claim's dates, and X12FieldError when a value cannot fit its element.
    """
    claims = list(claims)
    if not claims:
        raise X12Error("to_837i() needs at least one institutional claim.")
    for i, claim in enumerate(claims):
        if not isinstance(claim, InstitutionalClaim):
            raise X12Error(f"Item {i} is a {type(claim).__name__}, not an InstitutionalClaim.")
    if usage not in ("T", "P"):
        raise X12Error(f"usage must be 'T' (test) or 'P' (production), not {usage!r}.")
    if not (isinstance(control_number, int) and not isinstance(control_number, bool) and 0 < control_number < 10**9):
        raise X12Error(f"control_number must be a whole number from 1 to 999999999, not {control_number!r}.")
    w = el.Elements(transliterate=bool(transliterate))
    ids = _claim_ids(w, claims)
    _refuse_bad_codes(claims)
    w.claim_id = ""
    submitter = replace(submitter or DEFAULT_SUBMITTER, id=w.put(el.SUBMITTER_ID, (submitter or DEFAULT_SUBMITTER).id))
    receiver = replace(receiver or DEFAULT_RECEIVER, id=w.put(el.RECEIVER_ID, (receiver or DEFAULT_RECEIVER).id))
    when = created or max(c.statement_through for c in claims)
    segments = [isa(submitter, receiver, when, "1200", control_number, usage),
                segment("GS", "HC", submitter.id, receiver.id, d8(when), "1200", str(control_number), "X", VERSION)]
    n = 0
    for n, start in enumerate(range(0, len(claims), MAX_CLAIMS_PER_TRANSACTION), 1):
        end = start + MAX_CLAIMS_PER_TRANSACTION
        segments += _transaction(w, claims[start:end], ids[start:end], n, f"{control_number}{n:04d}", when,
                                 submitter, receiver)
    segments += [segment("GE", str(n), str(control_number)), segment("IEA", "1", f"{control_number:09d}")]
    if changes is not None:
        changes.extend(w.changes)
    elif w.changes:
        shown = "\n  ".join(str(c) for c in w.changes[:_SHOWN])
        warnings.warn(el.X12ChangeWarning(f"{len(w.changes)} value(s) were changed to fit the 837I:\n  {shown}"),
                      stacklevel=2)
    return "\n".join(segments) + "\n"
