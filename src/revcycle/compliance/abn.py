"""The Advance Beneficiary Notice (ABN, Form CMS-R-131) in Original Medicare: is one needed, and which modifier.

:func:`abn_decision` takes what the practice expects Medicare to do with a service and what happened with the
notice, and says whether an ABN was required, whether to bill Medicare, which HCPCS modifiers go on the line
and who pays if Medicare denies it. The rules, in the book's words, from the Medicare Claims Processing Manual,
ch. 30, section 50 (and the modifier definitions in the HCPCS Level II file):

* a service Medicare is expected to deny as not reasonable and necessary needs an ABN before it is given for
  the patient to be billed; with a signed ABN (option 1) the claim goes to Medicare with GA and the patient pays
  if Medicare denies; without one the claim may carry GZ and the practice absorbs a denial; option 2 means the
  patient pays and Medicare is not billed; option 3 means the service is not given;
* a service Medicare never covers (statutorily excluded) needs no ABN; a notice given anyway is voluntary (GX),
  and a claim sent to get a denial, for example for a secondary payer, carries GY; the patient pays;
* a service expected to be covered needs no ABN and no modifier.

ABNs are for Original Medicare; Medicare Advantage plans use their own process. Facts that do not fit together raise
:class:`~revcycle.core.errors.InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from revcycle.core.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "Medicare Claims Processing Manual (Pub. 100-04), ch. 30, section 50; HCPCS Level II modifiers GA, GX, GY, GZ"
EXPECTATIONS = {
    "covered": "Medicare is expected to pay",
    "not_necessary": "Medicare is expected to deny it as not reasonable and necessary (for example, too frequent)",
    "excluded": "Medicare never covers it (statutorily excluded, or not a Medicare benefit)",
}


@dataclass(frozen=True)
class AbnDecision:
    """What to do with one service: ABN needed?, the claim, the line's modifiers and who pays on a denial."""

    expectation: str
    abn_required: bool
    claim: str
    modifiers: tuple[str, ...]
    pays_if_denied: str
    explanation: str


def abn_decision(expectation: str, *, abn_signed: bool = False, option: int | None = None) -> AbnDecision:
    """Decide the ABN, the claim and the modifiers for one service (Original Medicare).

    ``expectation`` is "covered", "not_necessary" or "excluded". ``option`` is the box the patient checked on a
    signed ABN: 1 (give it and bill Medicare), 2 (give it, do not bill Medicare) or 3 (do not give it).
    """
    if expectation not in EXPECTATIONS:
        raise InputError(f"expectation must be one of {', '.join(EXPECTATIONS)}, not {expectation!r}.")
    if option is not None and not abn_signed:
        raise InputError("An option is chosen on a signed ABN; set abn_signed=True or leave option out.")
    if abn_signed and option not in (1, 2, 3):
        raise InputError("A signed ABN has the patient's choice: option=1, 2 or 3.")
    if expectation == "covered":
        return AbnDecision(expectation, False, "bill Medicare", (), "not expected",
                           "No ABN is needed for a service Medicare is expected to cover; bill it as usual.")
    if option == 3:
        return AbnDecision(expectation, expectation == "not_necessary", "no claim: the service is not given", (),
                           "nobody", "The patient declined the service (option 3), so nothing is billed.")
    if option == 2:
        return AbnDecision(expectation, expectation == "not_necessary", "do not bill Medicare", (), "patient",
                           "The patient chose to have the service and pay for it without a Medicare claim "
                           "(option 2); the patient has no Medicare appeal rights for it.")
    if expectation == "excluded":
        mods = ("GX", "GY") if abn_signed else ("GY",)
        return AbnDecision(expectation, False, "bill Medicare only to get a denial (e.g. for a secondary payer)",
                           mods, "patient",
                           "Medicare never covers the service, so no ABN is required; GY marks the exclusion, and GX "
                           "a notice given voluntarily. The patient pays.")
    if abn_signed:
        return AbnDecision(expectation, True, "bill Medicare", ("GA",), "patient",
                           "A signed ABN with option 1 is on file: bill Medicare with GA. If Medicare denies the "
                           "service, the patient pays and may appeal.")
    return AbnDecision(expectation, True, "bill Medicare", ("GZ",), "provider",
                       "An ABN was required but not given: the line may carry GZ. If Medicare denies the service, the "
                       "practice absorbs the loss and may not bill the patient.")


#: The situations the notebook tabulates: (what happened, expectation, ABN signed?, option).
CASES: tuple[tuple[str, str, bool, int | None], ...] = (
    ("routine visit, covered", "covered", False, None),
    ("screening test too soon after the last one; ABN signed, option 1", "not_necessary", True, 1),
    ("screening test too soon after the last one; no ABN", "not_necessary", False, None),
    ("same test; ABN signed, option 2", "not_necessary", True, 2),
    ("same test; ABN signed, option 3", "not_necessary", True, 3),
    ("routine hearing exam (excluded); no notice", "excluded", False, None),
    ("routine hearing exam (excluded); voluntary notice signed, option 1", "excluded", True, 1),
)


def decision_table() -> pd.DataFrame:
    """:data:`CASES` decided: ABN required?, the claim, modifiers, and who pays if Medicare denies."""
    import pandas as pd

    rows = []
    for what, expectation, signed, option in CASES:
        d = abn_decision(expectation, abn_signed=signed, option=option)
        rows.append({"situation": what, "ABN required": "yes" if d.abn_required else "no", "claim": d.claim,
                     "modifiers": " ".join(d.modifiers) or "none", "pays if Medicare denies": d.pays_if_denied})
    return pd.DataFrame(rows)
