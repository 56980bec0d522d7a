"""Professional claims: the CMS-1500 as data (:mod:`.model`), as a drawn form (:mod:`.form`), as a flat table
(:mod:`.frame`), Medicare's filing limit (:mod:`.filing`), the scrubber's edits (:mod:`.scrubber`) and the
front desk's detail checks (:mod:`.detail`).

``from revcycle.claims import Claim, ServiceLine, scrub, scrub_frame, claims_frame, render_html`` covers what a
notebook needs.
"""

from revcycle.claims.form import render_html
from revcycle.claims.frame import to_frame as claims_frame
from revcycle.claims.model import (
    DEFAULT_FILING_INDICATOR,
    DX_LETTERS,
    FREQUENCY_CODES,
    MAX_DIAGNOSES,
    MAX_MODIFIERS,
    MAX_POINTERS,
    PAYER_KINDS,
    RELATIONSHIPS,
    SEXES,
    Address,
    Claim,
    Insured,
    Patient,
    Payer,
    Provider,
    ServiceLine,
    money,
    to_date,
)
from revcycle.claims.scrubber import Finding, scrub, scrub_each, scrub_frame

__all__ = [
    "DEFAULT_FILING_INDICATOR", "DX_LETTERS", "FREQUENCY_CODES", "MAX_DIAGNOSES", "MAX_MODIFIERS", "MAX_POINTERS",
    "PAYER_KINDS", "RELATIONSHIPS", "SEXES", "Address", "Claim", "Finding", "Insured", "Patient",
    "Payer", "Provider", "ServiceLine", "claims_frame", "money", "render_html", "scrub", "scrub_each", "scrub_frame",
    "to_date",
]
