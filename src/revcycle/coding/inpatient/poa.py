"""Present-on-admission (POA) indicators and what each one does to Medicare's payment for a hospital-acquired condition.

The five values and their payment meaning are CMS's (Hospital-Acquired Conditions and POA Indicator Reporting page;
the same table in the MedPAR data dictionary): for a condition on CMS's hospital-acquired condition (HAC) list, Y and W
let the secondary diagnosis count as a CC or MCC; N and U do not. ``1`` (exempt from POA reporting, sent as a blank
on the 5010 837I) is never to be used for a HAC-list code. For codes that are not on the HAC list the indicator is
reported but does not change the MS-DRG.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.core.errors import InputError

__all__ = ["INDICATORS", "PoaIndicator", "counts_for_hac", "parse_poa"]


@dataclass(frozen=True)
class PoaIndicator:
    """One POA value: what it says about the condition, and whether a HAC coded with it keeps its CC/MCC credit."""

    value: str
    meaning: str
    hac_credit: bool


INDICATORS: dict[str, PoaIndicator] = {
    "Y": PoaIndicator("Y", "present when the order for inpatient admission was written", True),
    "N": PoaIndicator("N", "not present at that time: it arose during the stay", False),
    "U": PoaIndicator("U", "the documentation is not enough to tell (query the provider)", False),
    "W": PoaIndicator("W", "the provider cannot clinically determine whether it was present", True),
    "1": PoaIndicator("1", "exempt from POA reporting (left blank on the 837I)", False),
}


def parse_poa(value: object) -> str:
    """A POA indicator as one of Y, N, U, W or 1; a blank (None or empty text) reads as the exempt value 1."""
    if value is None:
        return "1"
    if not isinstance(value, str):
        raise InputError(f"A POA indicator is one of Y, N, U, W or 1 (exempt), not {value!r}.")
    text = value.strip().upper()
    if text == "":
        return "1"
    if text not in INDICATORS:
        raise InputError(f"POA indicator {value!r}: use Y (yes), N (no), U (not documented), W (clinically "
                         "undetermined) or 1/blank (exempt).")
    return text


def counts_for_hac(code: str, value: object) -> bool:
    """Does a HAC-list secondary diagnosis coded with this POA value keep its CC/MCC credit? Y and W do; N and U do
    not; 1 (exempt) is refused, since a HAC-list code is never exempt from POA reporting."""
    poa = parse_poa(value)
    if poa == "1":
        raise InputError(f"{code} is on CMS's hospital-acquired condition list, which is never exempt from POA "
                         "reporting: give Y, N, U or W.")
    return INDICATORS[poa].hac_credit
