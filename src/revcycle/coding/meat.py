"""MEAT: does a note support each diagnosis it lists (Monitor, Evaluate, Assess/Address, Treat)?

MEAT is an industry convention used by coders and auditors in risk adjustment, not a CMS rule: CMS requires that a
diagnosis be documented in the medical record of a qualifying encounter (and RADV auditors look for that support), but
no CMS regulation names these four letters. Here a condition counts as supported when the note gives evidence for at
least ``minimum`` of the elements (one, by the usual convention); a condition listed with no evidence, such as a bare
problem-list entry, is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from revcycle.codes import icd10cm
from revcycle.core.errors import CodeFormatError, InputError

__all__ = ["ELEMENTS", "Finding", "check", "supported_codes"]

ELEMENTS: dict[str, str] = {
    "monitor": "signs, symptoms, progression or regression of the condition",
    "evaluate": "test results, response to treatment, examination findings",
    "assess": "the provider's assessment or discussion of the condition (status, stable, worsening)",
    "treat": "medication, therapy, referral or other treatment for the condition",
}


@dataclass(frozen=True)
class Finding:
    """One condition of a note: the MEAT elements with evidence, and whether that is enough."""

    code: str
    elements: tuple[str, ...]
    supported: bool
    reason: str


def _code(value: object) -> str:
    if not isinstance(value, str):
        raise InputError(f"A condition must be named by its ICD-10-CM code, such as 'E11.22', not {value!r}.")
    try:
        return icd10cm.normalize(value)
    except CodeFormatError as err:
        raise InputError(f"{value!r} is not an ICD-10-CM code: {err}") from None


def _evidence(code: str, evidence: object) -> tuple[str, ...]:
    if not isinstance(evidence, Mapping):
        raise InputError(f"The evidence for {code} must map MEAT elements to text, such as "
                         "{'treat': 'metformin continued'}, not " + repr(evidence) + ".")
    present = []
    for element, text in evidence.items():
        key = str(element).strip().lower()
        if key not in ELEMENTS:
            raise InputError(f"{element!r} is not a MEAT element: use {', '.join(ELEMENTS)}.")
        if text is not None and not isinstance(text, str):
            raise InputError(f"The {key} evidence for {code} must be text, not {text!r}.")
        if text and text.strip():
            present.append(key)
    return tuple(e for e in ELEMENTS if e in present)


def check(note: Mapping[str, object], *, minimum: int = 1) -> list[Finding]:
    """Each condition of a structured note ({code: {element: evidence text}}) with its MEAT verdict."""
    if not isinstance(note, Mapping) or not note:
        raise InputError("A note is a mapping of ICD-10-CM codes to their evidence, such as "
                         "{'E11.22': {'evaluate': 'eGFR 38', 'treat': 'metformin dose reduced'}}.")
    if isinstance(minimum, bool) or not isinstance(minimum, int) or not 1 <= minimum <= len(ELEMENTS):
        raise InputError(f"The minimum number of MEAT elements must be 1 to {len(ELEMENTS)}, not {minimum!r}.")
    findings = []
    for raw, evidence in note.items():
        code = _code(raw)
        elements = _evidence(code, evidence)
        if len(elements) >= minimum:
            reason = f"supported: {', '.join(elements)} documented"
        elif elements:
            reason = f"only {', '.join(elements)} documented; this check asks for {minimum}"
        else:
            reason = "listed without any monitoring, evaluation, assessment or treatment: not supported"
        findings.append(Finding(code, elements, len(elements) >= minimum, reason))
    return findings


def supported_codes(note: Mapping[str, object], *, minimum: int = 1) -> list[str]:
    """The codes of a note that pass the MEAT check, in the note's order."""
    return [f.code for f in check(note, minimum=minimum) if f.supported]
