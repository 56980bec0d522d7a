"""Edits on the claim's lines as a whole and on each line's own boxes: there are lines, item 28 adds up, the
procedure is known (24D), the pointers (24E), the place of service (24B), the charge (24F) and units (24G)."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np

from revcycle.claims.model import DX_LETTERS, MAX_DIAGNOSES, MAX_POINTERS
from revcycle.claims.procedures import is_known_procedure
from revcycle.claims.rules.base import Batch, Hits, edit, plural, units_text, usd, usd_cents
from revcycle.claims.rules.diagnoses import occupied

POS = re.compile(r"^[0-9]{2}$")


@edit("CLM-NO-LINES", "fatal", "24", "the claim has at least one service line",
      "837P (005010X222A1): every claim carries at least one service line (loop 2400)")
def no_lines(batch: Batch) -> Hits:
    hit = batch.ci[batch.line_no <= 0]
    return batch.claim_hits(hit, ["The claim has no service lines (item 24): there is nothing to bill."] * len(hit))


@edit("TOTAL", "fatal", "28", "the total charge equals the sum of the line charges",
      "837P (005010X222A1): CLM02 equals the sum of the SV102 line charges; CMS-1500 item 28", "total charge")
def total(batch: Batch) -> Hits:
    line_sum = np.bincount(batch.lci, weights=batch.charge, minlength=batch.nc)  # exact: cents far below 2**53
    has_lines = np.bincount(batch.lci, minlength=batch.nc) > 0
    stated = batch.numbers("total_charge_cents")[batch.first]
    hit = np.flatnonzero(has_lines & (stated != line_sum))
    pairs = list(zip(stated[hit].tolist(), line_sum[hit].tolist(), strict=True))
    return batch.claim_hits(hit, [f"Item 28 says {usd_cents(t)} but the lines add up to {usd_cents(int(u))}. Make the "
                                  "total equal the sum of the line charges." for t, u in pairs],
                            [usd_cents(t) for t, _ in pairs])


@edit("PROC-UNKNOWN", "fatal", "24D", "each procedure code is a known CPT or HCPCS code",
      "HIPAA code sets: HCPCS Level I (CPT) and Level II (45 CFR 162.1002); checked against the CY2026 "
      "PFS RVU file, the April 2026 MUE table and HCPCS Level II", "procedure")
def proc_unknown(batch: Batch) -> Hits:
    hit = np.flatnonzero(~batch.proc.map(is_known_procedure, bool))
    values = [str(batch.proc.at(k)) for k in hit]
    return batch.line_hits(hit, [f"Line {n}: {v!r} is not a CPT or HCPCS code this book knows (it is not in the "
                                 "CY2026 fee schedule, the MUE table or HCPCS Level II). Check it for a typo."
                                 for n, v in zip(batch.lline[hit], values, strict=True)], values)


def _bad_pointers(u: str) -> bool:
    return bool(u) and (any(p not in DX_LETTERS for p in u) or len(u) > MAX_POINTERS or len(set(u)) != len(u))


@edit("PTR-MISSING", "fatal", "24E", "each line points at a diagnosis",
      "CMS-1500 item 24E; 837P SV107: every line points at one to four diagnoses", "pointers")
def ptr_missing(batch: Batch) -> Hits:
    hit = np.flatnonzero(batch.line_col("pointers").map(lambda u: u == "", bool))
    return batch.line_hits(hit, [f"Line {n}: no diagnosis pointer in item 24E. Point the line at the diagnosis (A-L) "
                                 "that explains it." for n in batch.lline[hit]], [""] * len(hit))


@edit("PTR-FORMAT", "fatal", "24E", "pointers are up to 4 different letters A-L",
      "CMS-1500 item 24E; 837P SV107: up to four pointers, each naming a diagnosis 1-12", "pointers")
def ptr_format(batch: Batch) -> Hits:
    pointers = batch.line_col("pointers")
    hit = np.flatnonzero(pointers.map(_bad_pointers, bool))
    values = [str(pointers.at(k)) for k in hit]
    return batch.line_hits(hit, [f"Line {n}: the pointer {u!r} is not valid; use one to four different letters A-L, "
                                 "each naming a diagnosis in item 21."
                                 for n, u in zip(batch.lline[hit], values, strict=True)], values)


@edit("PTR-EMPTY", "fatal", "24E", "each pointer names a filled item 21 slot",
      "837P SV107: a pointer must name a diagnosis sent in the HI segment; CMS-1500 item 24E", "pointers")
def ptr_empty(batch: Batch) -> Hits:
    pointers = batch.line_col("pointers")
    bits = pointers.map(lambda u: sum(1 << DX_LETTERS.index(p) for p in set(u) if p in DX_LETTERS), np.int64)
    empty = bits & ~occupied(batch)[batch.lci]
    hit = np.flatnonzero(empty)
    letters = {b: [DX_LETTERS[i] for i in range(MAX_DIAGNOSES) if b >> i & 1] for b in np.unique(empty[hit]).tolist()}
    messages, values = [], []
    for n, b in zip(batch.lline[hit].tolist(), empty[hit].tolist(), strict=True):
        which = letters[b]
        slot = plural(which, "an empty diagnosis slot", "empty diagnosis slots")
        messages.append(f"Line {n}: pointer {', '.join(which)} names {slot} in item 21. Point only at diagnoses that "
                        "are filled in.")
        values.append("".join(which))
    return batch.line_hits(hit, messages, values)


@edit("POS-FORMAT", "fatal", "24B", "the place of service is a two-digit code",
      "CMS Place of Service code set (CMS-1500 item 24B; 837P CLM05-1 and SV105)", "place of service")
def pos_format(batch: Batch) -> Hits:
    pos = batch.line_col("place_of_service")
    hit = np.flatnonzero(~pos.map(lambda v: bool(POS.match(v)), bool))
    values = [str(pos.at(k)) for k in hit]
    return batch.line_hits(hit, [f"Line {n}: place of service {v!r} is not a two-digit code such as 11 (office)."
                                 for n, v in zip(batch.lline[hit], values, strict=True)], values)


@edit("CHARGE", "fatal", "24F", "line charges are not negative", "837P SV102: the line charge is zero or more",
      "charge")
def charge(batch: Batch) -> Hits:
    hit = np.flatnonzero(batch.charge < 0)
    values = [usd(Decimal(int(c)).scaleb(-2)) for c in batch.charge[hit]]
    return batch.line_hits(hit, [f"Line {n}: the charge {v} is negative; item 24F takes the practice's full charge, "
                                 "zero or more." for n, v in zip(batch.lline[hit], values, strict=True)], values)


@edit("UNITS", "fatal", "24G", "units are more than zero", "837P SV104: units of service are more than zero", "units")
def units(batch: Batch) -> Hits:
    hit = np.flatnonzero(batch.units <= 0)
    values = [units_text(u) for u in batch.units[hit]]
    return batch.line_hits(hit, [f"Line {n}: {v} units; units in item 24G must be more than zero."
                                 for n, v in zip(batch.lline[hit], values, strict=True)], values)


EDITS = (no_lines, total, proc_unknown, ptr_missing, ptr_format, ptr_empty, pos_format, charge, units)
