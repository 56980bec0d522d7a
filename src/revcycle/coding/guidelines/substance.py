"""Psychoactive substance use, abuse and dependence (Section I.C.5.b): one code per substance, the highest of
what is documented (dependence over abuse over use), in remission only when the provider says so, and use alone
only when the provider links it to a condition.

Only the uncomplicated and in-remission codes are built here; codes "with" intoxication, withdrawal or an induced
disorder are combination codes the coder finds in the index under the documented complication.
"""

from __future__ import annotations

from collections.abc import Iterable

from revcycle.codes import icd10cm
from revcycle.coding.guidelines.systemic_lines import Coding, build, line
from revcycle.core.errors import InputError, RuleError

__all__ = ["LEVELS", "SUBSTANCES", "substance"]

#: Substance -> category (tobacco/nicotine F17 follows its own pattern and is not built here).
SUBSTANCES: dict[str, str] = {"alcohol": "F10", "opioid": "F11", "cannabis": "F12", "sedative": "F13",
                              "cocaine": "F14", "stimulant": "F15", "hallucinogen": "F16", "inhalant": "F18",
                              "other": "F19"}
#: Pattern -> (rank, 4th character); the highest rank documented is the one coded.
LEVELS: dict[str, tuple[int, str]] = {"use": (1, "9"), "abuse": (2, "1"), "dependence": (3, "2")}


def substance(name: str, documented: Iterable[str], *, remission: bool = False, linked_condition: bool = False,
              on: icd10cm.DateLike = None) -> Coding:
    """The one code for a substance: `documented` holds the patterns the record uses ('use', 'abuse',
    'dependence'); `remission` is the provider's statement; `linked_condition` says the provider links mere use to
    a condition (required for a use code)."""
    key = name.strip().lower()
    if key in ("tobacco", "nicotine"):
        raise InputError("Nicotine dependence is F17.2- and tobacco use Z72.0: a different pattern, not built here.")
    if key not in SUBSTANCES:
        raise InputError(f"Substance {name!r}: give one of {', '.join(SUBSTANCES)}.")
    if isinstance(documented, str):
        documented = [documented]
    words = {w.strip().lower() for w in documented}
    if not words or words - set(LEVELS):
        raise InputError(f"Documented pattern(s) {sorted(words)}: give one or more of use, abuse, dependence.")
    top = max(words, key=lambda w: LEVELS[w][0])
    if top == "use" and not linked_condition:
        raise RuleError("Use alone is coded only when the provider links it to a substance-related disorder or a "
                        "medical condition (Section I.C.5.b.3); otherwise it is not reported.")
    code = f"{SUBSTANCES[key]}.{LEVELS[top][1]}{'1' if remission else '0'}"
    dropped = sorted(words - {top}, key=lambda w: LEVELS[w][0])
    why = (f"{key.capitalize()} {top}" + (", in remission as the provider documents" if remission else
                                          ", uncomplicated") + ". "
           + (f"Also documented: {', '.join(dropped)}; only the highest of the hierarchy is coded." if dropped
              else "One code per substance."))
    return build([line(code, why, "I.C.5.b.2" if dropped else "I.C.5.b", on)], on)
