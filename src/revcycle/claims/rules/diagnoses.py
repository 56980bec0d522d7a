"""Edits on item 21, the diagnoses: present, at most 12, ICD-10-CM, complete (7th character, not a heading),
and no pregnancy code on a patient recorded as male.

Each code is judged against the ICD-10-CM release in force on the claim's dates of service (FY2026 to
September 30, 2026, FY2027 from October 1, 2026): a claim whose lines straddle the change is judged by both,
and a code is flagged if either release refuses it. A claim without line dates is judged by the newest
release."""

from __future__ import annotations

from functools import cached_property, lru_cache

import numpy as np

from revcycle.claims.frame import DX_COLUMNS
from revcycle.claims.model import DX_LETTERS, MAX_DIAGNOSES
from revcycle.claims.rules.base import EPOCH, Array, Batch, Column, Hits, edit
from revcycle.codes import icd10cm

ICD_SET = ("ICD-10-CM tabular list (CDC/NCHS) in force on the date of service: FY2026 through 2026-09-30, FY2027 "
           "from 2026-10-01; HIPAA code sets, 45 CFR 162.1002")
PREGNANCY_Z = ("Z33", "Z34", "Z36", "Z37", "Z39", "Z3A")
_STATUS = {"ok": 0, "invalid": 1, "seventh": 2, "header": 3}
_RELEASES = icd10cm.releases()
_PRIMARY = next(i for i, r in enumerate(_RELEASES) if r.name == icd10cm.RELEASE)
_STARTS = np.array([r.effective_from.toordinal() - EPOCH for r in _RELEASES], dtype=np.int64)


@lru_cache(maxsize=50000)
def dx_status(code: str, release: int = _PRIMARY) -> tuple[str, str, str]:
    """(status, normalized code, message) for one code under release number `release` (see icd10cm.releases()).

    status is "ok", "invalid" (not a code on that date: malformed, unknown, deleted or not yet in force; the
    message says which), "seventh" (needs a 7th character) or "header" (codes below it).
    """
    verdict = icd10cm.status(code, on=_RELEASES[release].effective_from)
    status = {"billable": "ok", "needs 7th": "seventh", "header": "header"}.get(verdict.verdict, "invalid")
    return status, verdict.code, verdict.message


def claim_releases(batch: Batch) -> tuple[Array, Array]:
    """Per claim, the release numbers in force on its first and its last date of service."""
    days, missing = batch.days("from_date")
    ends, ends_missing = batch.days("to_date")
    lines = batch.lr
    first = np.searchsorted(_STARTS, days[lines], side="right") - 1
    last = np.searchsorted(_STARTS, ends[lines], side="right") - 1
    first = np.where(missing[lines], _PRIMARY, np.maximum(first, 0))
    last = np.where(ends_missing[lines], first, np.maximum(last, 0))
    lo = np.full(batch.nc, len(_RELEASES), dtype=np.int64)
    hi = np.full(batch.nc, -1, dtype=np.int64)
    np.minimum.at(lo, batch.lci, first)
    np.maximum.at(hi, batch.lci, last)
    lo = np.where(lo == len(_RELEASES), _PRIMARY, lo)
    hi = np.where(hi < 0, lo, hi)
    return lo, hi


def is_pregnancy_code(norm: str) -> bool:
    """Chapter 15 (O00-O9A) and the Z codes that describe a pregnancy of the patient herself."""
    return norm.startswith("O") or norm[:3] in PREGNANCY_Z


@lru_cache(maxsize=5000)
def seventh_example(norm: str, release: int = _PRIMARY) -> str:
    on = _RELEASES[release].effective_from
    info = icd10cm.describe(norm, on)
    chars = [o.char for o in info.seventh_options]
    if not chars:
        return f"{norm} needs a 7th character to be complete"
    example = icd10cm.with_seventh(norm, chars[0], on)
    return f"{norm} needs a 7th character to be complete (allowed: {', '.join(chars)}; e.g. {example})"


@lru_cache(maxsize=5000)
def header_children(norm: str, release: int = _PRIMARY) -> str:
    kids = icd10cm.describe(norm, _RELEASES[release].effective_from).children
    return ", ".join(kids[:4]) + (", ..." if len(kids) > 4 else "")


class Slot:
    """One item 21 slot (A-L) across the batch's claims: which claims fill it, and the flagged ones."""

    def __init__(self, k: int, col: Column, first: Array, releases: tuple[Array, Array]) -> None:
        self.k = k
        self.letter = DX_LETTERS[k]
        codes = col.codes[first]
        self.values = col.values
        lo, hi = releases
        used = set(np.unique(lo).tolist()) | set(np.unique(hi).tolist())
        empty = ("ok", "", "")
        # per release number, the verdict on each distinct value (only for releases some claim is dated in)
        self.info = [[dx_status(v, r) if v else empty for v in col.values] if r in used else []
                     for r in range(len(_RELEASES))]
        table = np.zeros((len(_RELEASES), len(col.values)), dtype=np.int8)
        for r in used:
            table[r] = [_STATUS[st] | (8 if st != "invalid" and d and is_pregnancy_code(d) else 0)
                        for st, d, _m in self.info[r]]
        self.filled = (col.values != "")[codes]
        at_lo, at_hi = table[lo, codes], table[hi, codes]
        take_hi = ((at_lo & 7) == 0) & ((at_hi & 7) != 0)
        flags = np.where(take_hi, at_hi, at_lo)
        self.rows = np.flatnonzero(flags)  # claims whose code in this slot is flagged
        self.flags = flags[self.rows]
        self.codes = codes[self.rows]
        self.release = np.where(take_hi, hi, lo)[self.rows]


class _Slots:
    def __init__(self, batch: Batch) -> None:
        self.nc = batch.nc
        columns = [batch.col(name) for name in DX_COLUMNS]
        releases = claim_releases(batch)
        # slots no claim of the batch fills (most of them, for a few claims) have nothing to look up or flag
        self.slots = [Slot(k, col, batch.first, releases) for k, col in enumerate(columns)
                      if (col.values != "").any()]

    @cached_property
    def any_filled(self) -> Array:
        out = np.zeros(self.nc, dtype=bool)
        for s in self.slots:
            out |= s.filled
        return out

    @cached_property
    def occupied(self) -> Array:
        """Per claim, bit k set when slot k (A=0) holds a code."""
        out = np.zeros(self.nc, dtype=np.int64)
        for s in self.slots:
            out |= s.filled.astype(np.int64) << s.k
        return out


def slots(batch: Batch) -> _Slots:
    """Item 21 of every claim, looked up once per distinct code (once per batch)."""
    return batch.memo("diagnoses.slots", _Slots)


def occupied(batch: Batch) -> Array:
    """Per claim, bit k set when item 21 slot k (A=0) holds a code."""
    return slots(batch).occupied


def _status_hits(batch: Batch, status: int, edit_id: str) -> Hits:
    claims, values, messages = [], [], []
    for s in slots(batch).slots:
        hit = np.flatnonzero((s.flags & 7) == status)
        for row, g, r in zip(s.rows[hit].tolist(), s.codes[hit].tolist(), s.release[hit].tolist(), strict=True):
            claims.append(row)
            values.append(s.values[g])
            messages.append(_message(edit_id, s.letter, s.values[g], s.info[r][g], r))
    return batch.claim_hits(np.array(claims, dtype=np.int64), messages, values)


def _message(edit_id: str, letter: str, code: str, info: tuple[str, str, str], release: int) -> str:
    _status, norm, why = info
    rel = _RELEASES[release]
    if edit_id == "DX-INVALID":
        if " deleted from ICD-10-CM " in why or " takes effect on " in why:
            return f"Item 21{letter}: {why}"
        return f"Item 21{letter}: {code!r} is not a valid ICD-10-CM code ({rel.id} code set). {why}"
    if edit_id == "DX-7TH":
        return f"Item 21{letter}: {seventh_example(norm, release)}; without it the code is invalid."
    if edit_id == "DX-HEADER":
        if " has been a header since " in why:
            return f"Item 21{letter}: {why}"
        return (f"Item 21{letter}: {norm} is a heading with more specific codes below it "
                f"({header_children(norm, release)}); report the most specific code.")
    return (f"Item 21{letter}: {norm} describes a pregnancy, but the patient is recorded as male (item 3). "
            "Check the registration; if the record is right, use the payer's process for sex-specific edits "
            "(Medicare: modifier KX) rather than changing the code.")


@edit("DX-NONE", "fatal", "21", "item 21 holds at least one diagnosis",
      "837P (005010X222A1): the HI segment with the principal diagnosis is required", "diagnosis")
def dx_none(batch: Batch) -> Hits:
    hit = np.flatnonzero(~slots(batch).any_filled)
    return batch.claim_hits(hit, ["Item 21 is empty: a claim needs at least one diagnosis that explains the "
                                  "services."] * len(hit), [""] * len(hit))


@edit("DX-TOO-MANY", "fatal", "21", "no more than 12 diagnoses (A-L)",
      "CMS-1500 (02/12) item 21 and 837P HI segment: at most 12 diagnosis codes", "diagnosis")
def dx_too_many(batch: Batch) -> Hits:
    n_dx = batch.numbers("n_diagnoses")[batch.first]
    hit = np.flatnonzero(n_dx > MAX_DIAGNOSES)
    return batch.claim_hits(hit, [f"Item 21 lists {n_dx[i]} diagnoses; the form and the 837P hold at most 12 (A-L). "
                                  "Keep the ones the lines point to." for i in hit])


@edit("DX-INDICATOR", "fatal", "21", "the ICD indicator is 0 (ICD-10-CM)",
      "HIPAA code sets: ICD-10-CM for services on or after 2015-10-01 (45 CFR 162.1002(c)(2))", "ICD indicator")
def dx_indicator(batch: Batch) -> Hits:
    indicator = batch.col("icd_indicator")
    hit = np.flatnonzero(~indicator.equals("0")[batch.first])
    values = [str(indicator.at(batch.first[i])) for i in hit]
    return batch.claim_hits(hit, [f"The ICD indicator in item 21 is {v!r}; it must be 0 (ICD-10-CM) for services "
                                  "since October 1, 2015." for v in values], values)


@edit("DX-INVALID", "fatal", "21", "each diagnosis is an ICD-10-CM code", ICD_SET, "diagnosis")
def dx_invalid(batch: Batch) -> Hits:
    return _status_hits(batch, _STATUS["invalid"], "DX-INVALID")


@edit("DX-7TH", "fatal", "21", "codes that need a 7th character have one",
      "ICD-10-CM Official Guidelines, Section I.A.5 (7th characters); " + ICD_SET, "diagnosis")
def dx_seventh(batch: Batch) -> Hits:
    return _status_hits(batch, _STATUS["seventh"], "DX-7TH")


@edit("DX-HEADER", "fatal", "21", "each diagnosis is billable (not a heading with codes below it)",
      "ICD-10-CM Official Guidelines, Section I.B.2 (code to the highest level of detail)", "diagnosis")
def dx_header(batch: Batch) -> Hits:
    return _status_hits(batch, _STATUS["header"], "DX-HEADER")


@edit("DX-SEX", "fatal", "21", "no pregnancy code on a patient recorded as male",
      "ICD-10-CM Official Guidelines, Section I.C.15 (pregnancy codes go on the mother's record); "
      "CMS code editors' diagnosis/sex conflict edits", "diagnosis")
def dx_sex(batch: Batch) -> Hits:
    has_kx = np.zeros(batch.nc, dtype=bool)
    has_kx[batch.lci[batch.mods.has("KX")]] = True
    male = batch.col("patient_sex").equals("M")[batch.first]
    claims, values, messages = [], [], []
    for s in slots(batch).slots:
        hit = np.flatnonzero((s.flags & 8).astype(bool) & male[s.rows] & ~has_kx[s.rows])
        for row, g, r in zip(s.rows[hit].tolist(), s.codes[hit].tolist(), s.release[hit].tolist(), strict=True):
            claims.append(row)
            values.append(s.values[g])
            messages.append(_message("DX-SEX", s.letter, s.values[g], s.info[r][g], r))
    return batch.claim_hits(np.array(claims, dtype=np.int64), messages, values)


EDITS = (dx_none, dx_too_many, dx_indicator, dx_invalid, dx_seventh, dx_header, dx_sex)
