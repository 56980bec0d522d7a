"""Is a procedure code (CPT or HCPCS Level II) known, and is it an E/M code? Code numbers only, no descriptors.

Known means listed in the CY2026 Medicare PFS relative value file, the April 2026 practitioner MUE table, or
(when ``revcycle.codes.hcpcs`` is installed) the HCPCS Level II file. CPT codes remain AMA copyright: this module
holds numbers, never descriptors.
"""

from __future__ import annotations

import re
from functools import lru_cache

from revcycle.codes import hcpcs, ncci
from revcycle.core.numbers import digits
from revcycle.payment import fees

_PROC = re.compile(r"^[0-9A-Z]{5}$")
#: CPT's evaluation and management (E/M) codes are the numbers 99202-99499.
EM_RANGE = (99202, 99499)
#: Eye-visit codes some payers accept with modifier 25; the scrubber does not flag 25 on them.
EYE_VISIT_RANGE = (92002, 92014)


@lru_cache(maxsize=1)
def _listed() -> frozenset[str]:
    return frozenset(fees.listed_codes()) | frozenset(ncci.mue_table())


@lru_cache(maxsize=20000)
def is_known_procedure(code: str) -> bool:
    """True for a 5-character code listed in the CY2026 PFS file, the MUE table or the HCPCS Level II file."""
    if not isinstance(code, str) or not _PROC.match(code):
        return False
    if code in _listed():
        return True
    return code[0].isalpha() and code[1:].isdigit() and hcpcs.is_valid(code)


def is_em(code: str) -> bool:
    """True for a CPT evaluation and management code (99202-99499)."""
    return isinstance(code, str) and digits(code) and len(code) == 5 and EM_RANGE[0] <= int(code) <= EM_RANGE[1]


def takes_modifier_25(code: str) -> bool:
    """Modifier 25 belongs on E/M codes; eye-visit codes are exempt from the check because payers differ."""
    return is_em(code) or (
        isinstance(code, str) and digits(code) and len(code) == 5
        and EYE_VISIT_RANGE[0] <= int(code) <= EYE_VISIT_RANGE[1]
    )
