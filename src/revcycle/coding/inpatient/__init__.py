"""Inpatient coding: POA indicators, a teaching MS-DRG grouper, Section II principal-diagnosis explainers and a
compliant-query checker."""

from __future__ import annotations

from . import principal, query
from .grouper import (
    FAMILIES,
    Family,
    Grouping,
    OutsideSubsetError,
    SecondaryResult,
    group,
    principal_codes,
    secondary_codes,
    severity_of,
)
from .poa import INDICATORS, PoaIndicator, counts_for_hac, parse_poa

__all__ = ["FAMILIES", "INDICATORS", "Family", "Grouping", "OutsideSubsetError", "PoaIndicator", "SecondaryResult",
           "counts_for_hac", "group", "parse_poa", "principal", "principal_codes", "query", "secondary_codes",
           "severity_of"]
