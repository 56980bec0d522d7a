"""NCCI edits: the real CMS practitioner MUE table and an ILLUSTRATIVE procedure-to-procedure (PTP) sample.

MUEs (medically unlikely edits) come from the CMS practitioner services table effective April 1, 2026
(public domain; codes and values only, no descriptors). The PTP table is NOT the CMS file, which is not
shipped: it is a small teaching sample written for this book (see ``data/ncci_ptp_teaching_sample.csv``).
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from revcycle.core.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

MUE_SOURCE = "CMS NCCI practitioner services MUE table, effective 2026-04-01"
PTP_SOURCE = "ILLUSTRATIVE teaching sample written for this book (not the CMS NCCI PTP file)"

#: What each MUE adjudication indicator (MAI) means, in the book's words.
MAI_MEANINGS: dict[int, str] = {
    1: "line edit: units on one claim line are capped",
    2: "per-day edit set by policy: units for the day are capped and cannot be appealed",
    3: "per-day clinical edit: units for the day are capped, but documentation can support more on appeal",
}

#: NCCI-associated modifiers that may bypass a PTP edit whose modifier indicator is 1
#: (anatomic, global-surgery and distinct-service modifiers; NCCI Policy Manual, Chapter I).
NCCI_BYPASS_MODIFIERS: frozenset[str] = frozenset(
    {"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"}
    | {"TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9"}
    | {"LT", "RT", "LC", "LD", "RC", "LM", "RI"}
    | {"24", "25", "27", "57", "58", "59", "78", "79", "91", "XE", "XS", "XP", "XU"}
)
#: For an E/M code only 25 and 57 bypass a PTP edit (59 and the X modifiers never go on an E/M service).
EM_BYPASS_MODIFIERS: frozenset[str] = frozenset({"25", "57"})
#: Modifiers that name a body site; two lines with different ones were done on different structures.
ANATOMIC_MODIFIERS: frozenset[str] = frozenset(
    m for m in NCCI_BYPASS_MODIFIERS if m[0] in "EFT" or m in {"LT", "RT", "LC", "LD", "RC", "LM", "RI"}
)


@dataclass(frozen=True)
class Mue:
    """One row of the MUE table: the most units of a code one provider can bill for one patient."""

    code: str
    value: int
    mai: int
    rationale: str

    @property
    def mai_meaning(self) -> str:
        return MAI_MEANINGS.get(self.mai, "unknown adjudication indicator")

    def __str__(self) -> str:
        """The edit in a sentence, for a reader (the repr keeps the fields)."""
        return f"MUE for {self.code}: {self.value} units per day (MAI {self.mai}, set by {self.rationale})"


@dataclass(frozen=True)
class PtpPair:
    """One pair of the illustrative PTP sample: column 2 is not paid with column 1 (same patient, day, provider)."""

    column1: str
    column2: str
    modifier_indicator: int
    rationale: str
    illustrative: bool = True


def _data_text(name: str) -> str:
    try:
        raw = resources.files("revcycle").joinpath("data", name).read_bytes()
    except FileNotFoundError:
        raise DataError(f"The data file revcycle/data/{name} is missing; reinstall the package.") from None
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


@lru_cache(maxsize=1)
def mue_table() -> dict[str, Mue]:
    """code -> MUE, read once from the shipped CMS table."""
    table: dict[str, Mue] = {}
    for row in csv.DictReader(io.StringIO(_data_text("mue_practitioner_2026q2.csv.gz"))):
        table[row["code"]] = Mue(row["code"], int(row["mue_value"]), int(row["mai"]), row["rationale"])
    if len(table) < 10000:
        raise DataError("The shipped MUE table looks truncated; reinstall the package.")
    return table


def mue(code: str) -> Mue | None:
    """The MUE for a code, or None when the table has no MUE for it."""
    return mue_table().get(code.strip().upper()) if isinstance(code, str) else None


@lru_cache(maxsize=1)
def ptp_pairs() -> tuple[PtpPair, ...]:
    """The ILLUSTRATIVE PTP teaching sample (not the CMS file), in file order."""
    text = "".join(line for line in _data_text("ncci_ptp_teaching_sample.csv").splitlines(True)
                   if not line.startswith("#"))
    return tuple(
        PtpPair(r["column1"], r["column2"], int(r["modifier_indicator"]), r["rationale"])
        for r in csv.DictReader(io.StringIO(text))
    )


@lru_cache(maxsize=1)
def ptp_index() -> dict[tuple[str, str], PtpPair]:
    """(column1, column2) -> pair, for quick lookups."""
    return {(p.column1, p.column2): p for p in ptp_pairs()}


def ptp_table() -> pd.DataFrame:
    """The illustrative PTP sample as a DataFrame, with a column saying so (for display in notebooks)."""
    import pandas as pd

    frame = pd.DataFrame([p.__dict__ for p in ptp_pairs()])
    frame["source"] = PTP_SOURCE
    return frame
