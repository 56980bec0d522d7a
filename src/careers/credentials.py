"""The credentials the careers chapters name, each with its body, what it certifies, eligibility, exam and renewal.

One row per credential, written in this book's own words from the certifying body's own page (AAPC, AHIMA, HFMA,
NHA) as read in 2026. A field this book could not confirm there is ``None`` and shows as "see the body's page".
Exam formats live in :data:`careers.ceu.EXAM_FORMATS` and CEU counts in :mod:`careers.ceu`; this table points to them.
No prices: they change too often to print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from careers import ceu
from revcycle.core.errors import InputError

__all__ = ["BODIES", "CREDENTIALS", "SEE_PAGE", "Credential", "credential", "frame", "normalize"]

SEE_PAGE = "see the body's page"
#: The certifying bodies and their full names.
BODIES = {"AAPC": "AAPC", "AHIMA": "American Health Information Management Association",
          "HFMA": "Healthcare Financial Management Association", "NHA": "National Healthcareer Association"}


@dataclass(frozen=True)
class Credential:
    """One credential: who grants it, what it certifies, who may sit, and how it is renewed (None: not confirmed)."""

    code: str
    name: str
    body: str
    certifies: str
    eligibility: str | None
    source: str  #: the references.bib key of the body's page
    renewal_note: str | None = None  #: a renewal rule other than CEUs (HFMA's CRCR)

    @property
    def exam(self) -> ceu.ExamFormat | None:
        """The exam format the body's page gave, or None when this book could not confirm it."""
        return ceu.EXAM_FORMATS.get(self.code)

    @property
    def ceus(self) -> int | None:
        """CEUs every two years for someone holding this credential alone (None outside the sourced CEU tables)."""
        try:
            return ceu.required_ceus([self.code])[self.body]
        except InputError:
            return None

    def exam_text(self) -> str:
        """The exam in a few words, or SEE_PAGE."""
        e = self.exam
        if e is None:
            return SEE_PAGE
        parts = [f"{e.questions} questions" + (f" and {e.cases} coding cases" if e.cases else ""),
                 f"{e.hours} hours"]
        if e.pass_mark:
            parts.append(f"{e.pass_mark} to pass")
        return ", ".join(parts)

    def renewal_text(self) -> str:
        """How the credential is kept, or SEE_PAGE."""
        if self.ceus is not None:
            subject = ceu.subject_ceus([self.code]).get(self.code)
            on = f", {subject[0]} of them on {subject[1]}" if subject else ""
            return f"{self.ceus} CEUs every two years ({self.body}){on}"
        return self.renewal_note or SEE_PAGE


CREDENTIALS: dict[str, Credential] = {c.code: c for c in (
    # The training chapter's six.
    Credential("CPC", "Certified Professional Coder", "AAPC",
               "coding of physician and other professional services with CPT, HCPCS Level II and ICD-10-CM",
               "no experience needed to sit; without two years' documented experience the holder is a CPC-A",
               "aapc-cpc-exam"),
    Credential("CPB", "Certified Professional Biller", "AAPC",
               "the billing side of the revenue cycle: coverage, claims, regulations and denials", None,
               "aapc-cpb-exam"),
    Credential("CCA", "Certified Coding Associate", "AHIMA", "entry-level coding in any setting",
               "a high school diploma or equivalent", "ahima-cca"),
    Credential("CCS", "Certified Coding Specialist", "AHIMA",
               "mastery-level coding of diagnoses and procedures, often in hospitals",
               "a high school diploma; recommended beyond it: coursework plus a year of coding, two years of "
               "coding, or a prior credential",
               "ahima-ccs"),
    Credential("RHIT", "Registered Health Information Technician", "AHIMA",
               "health information management at the technician level",
               "an associate-level HIM program accredited by CAHIIM", "ahima-rhit"),
    Credential("CBCS", "Certified Billing and Coding Specialist", "NHA", "entry-level billing and coding in one",
               None, "nha-cbcs"),
    # The career-paths chapter's advanced credentials.
    Credential("COC", "Certified Outpatient Coder", "AAPC",
               "coding of hospital outpatient and facility services (emergency departments, outpatient clinics, "
               "same-day surgery, ambulatory surgery centers), with APCs and payment status indicators",
               None, "aapc-coc"),
    Credential("CIC", "Certified Inpatient Coder", "AAPC",
               "inpatient facility coding with ICD-10-CM and ICD-10-PCS, and MS-DRG and IPPS payment",
               None, "aapc-cic-exam"),
    Credential("CRC", "Certified Risk Adjustment Coder", "AAPC",
               "ICD-10-CM diagnosis coding for risk adjustment, often with teaching providers to document",
               "none stated; AAPC says the exam is not meant for candidates without risk adjustment training or "
               "equivalent experience", "aapc-crc-exam"),
    Credential("CPC-P", "Certified Professional Coder-Payer", "AAPC",
               "coding and reimbursement seen from the payer's side: the knowledge to adjudicate provider claims",
               None, "aapc-cpc-p"),
    Credential("CPMA", "Certified Professional Medical Auditor", "AAPC",
               "auditing records against the codes billed: audit scope and sampling, compliance, coding concepts",
               None, "aapc-cpma-exam"),
    Credential("CCS-P", "Certified Coding Specialist-Physician-based", "AHIMA",
               "coding in physician-based settings", None, "ahima-ceu-table"),
    Credential("CDIP", "Certified Documentation Improvement Practitioner", "AHIMA",
               "clinical documentation integrity: complete, accurate records that support the codes", None,
               "ahima-ceu-table"),
    Credential("CRCR", "Certified Revenue Cycle Representative", "HFMA",
               "knowledge of the whole revenue cycle for staff at every level: patient access, financial "
               "representatives, patient accounts, HIM, case management, compliance, managed care",
               "open to members and non-members; the program is an online self-study course and an exam",
               "hfma-crcr-faq", "every two years, by passing HFMA's online recertification exam"),
)}

_FOLDED = {code.replace("-", ""): code for code in CREDENTIALS}


def normalize(code: object) -> str:
    """A credential's code from what a person typed: case, spaces, dashes and an apprentice 'A' ignored
    ('cpc-a' -> 'CPC', 'ccs p' -> 'CCS-P'); text naming no credential comes back folded, for the caller to refuse."""
    if not isinstance(code, str) or not code.strip():
        raise InputError(f"A credential is an abbreviation such as 'CPC' or 'CRCR', not {code!r}.")
    folded = re.sub(r"[\s\-\u2010-\u2015]", "", code.upper())
    if folded in _FOLDED:
        return _FOLDED[folded]
    if folded.endswith("A") and folded[:-1] in _FOLDED:
        return _FOLDED[folded[:-1]]
    return folded


def credential(code: object) -> Credential:
    """The row for a credential; InputError naming the known ones for anything else."""
    key = normalize(code)
    if key not in CREDENTIALS:
        raise InputError(f"{code!r} is not a credential in this book's table. Known: {', '.join(CREDENTIALS)}. "
                         "For any other credential, read the certifying body's own page.")
    return CREDENTIALS[key]


def frame(codes: list[str] | None = None):
    """The table (or the rows for ``codes``) as a DataFrame, unconfirmed fields shown as SEE_PAGE."""
    import pandas as pd

    rows = [credential(c) for c in codes] if codes is not None else list(CREDENTIALS.values())
    return pd.DataFrame([{"credential": c.code, "name": c.name, "body": c.body, "certifies": c.certifies,
                          "eligibility": c.eligibility or SEE_PAGE, "exam": c.exam_text(),
                          "renewal": c.renewal_text()} for c in rows])
