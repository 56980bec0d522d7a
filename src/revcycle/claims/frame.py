"""Claims as a flat pandas table: one row per service line, the claim's own columns repeated on each row.

This is the layout a claims extract has and the one :func:`revcycle.claims.scrub_frame` reads. Money is in
whole cents (``*_cents``, int64) so sums stay exact; dates are datetime64 columns (NaT when unknown); code-like
text columns are pandas categoricals (plain text columns work too, only slower). A claim
with no lines still gets one row, with ``line`` 0 and empty line columns.

:func:`parts` reads the claims (each claim, then each line, in one pass) into a :class:`Source` of plain lists and
:func:`build` lays those out: text columns factorized once (codes plus distinct values, what the categoricals and
the scrubber's :class:`~revcycle.claims.rules.base.Batch` both use), the rest as numpy arrays. :func:`to_frame`
wraps them in a DataFrame; :func:`to_columns` gives them as plain numpy arrays (text as object arrays).
:func:`revcycle.synthetic.claims_frame` fills a :class:`Source` straight from its draws. The scrubber reads any of
these.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from revcycle.claims.model import DX_LETTERS, MAX_MODIFIERS, Claim

DX_COLUMNS: tuple[str, ...] = tuple(f"dx_{letter}" for letter in DX_LETTERS)
MOD_COLUMNS: tuple[str, ...] = tuple(f"mod{i}" for i in range(1, MAX_MODIFIERS + 1))

#: Every column of the frame, in order.
COLUMNS: tuple[str, ...] = (
    "claim_id", "payer_id", "payer_kind", "patient_sex", "patient_birth_date", "submitted_on", "icd_indicator",
    "billing_npi", "referring_npi", "total_charge_cents", "n_diagnoses", *DX_COLUMNS,
    "line", "from_date", "to_date", "place_of_service", "procedure", *MOD_COLUMNS, "n_modifiers", "mod_extra",
    "pointers", "charge_cents", "units", "rendering_npi",
)
#: Code-like text columns are categorical: few distinct values, so checks run once per value.
CATEGORICAL: tuple[str, ...] = (
    "claim_id", "payer_id", "payer_kind", "patient_sex", "icd_indicator", "billing_npi", "referring_npi",
    *DX_COLUMNS, "place_of_service", "procedure", *MOD_COLUMNS, "mod_extra", "pointers", "rendering_npi",
)
DATES: tuple[str, ...] = ("patient_birth_date", "submitted_on", "from_date", "to_date")
_EPOCH = 719163  # date(1970, 1, 1).toordinal()
_NAT = -(2**62)
#: The day number :class:`Source` uses for 'no date'.
NAT = _NAT
_HEAD = ("claim_id", "payer_id", "payer_kind", "patient_sex", "patient_birth_date", "submitted_on", "icd_indicator",
         "billing_npi", "referring_npi", "total_charge_cents", "n_diagnoses", *DX_COLUMNS)
_TAIL = ("line", "from_date", "to_date", "place_of_service", "procedure", *MOD_COLUMNS, "n_modifiers", "mod_extra",
         "pointers", "charge_cents", "units", "rendering_npi")
_NO_LINE = (0, _NAT, _NAT, "", "", *([""] * MAX_MODIFIERS), 0, "", "", 0, 0.0, "")
_NO_MODS = ("",) * MAX_MODIFIERS


def cents(amount: Decimal) -> int:
    """Whole cents of an amount already in dollars and cents (claims store money that way)."""
    return int(amount.scaleb(2))


def _memo(fn: Callable[[Any], Any], values: Iterable[Any]) -> list[Any]:
    """fn(v) for each value, computed once per distinct value (amounts, units and dates repeat a lot)."""
    values = values if isinstance(values, list) else list(values)
    answers = {v: fn(v) for v in dict.fromkeys(values)}
    return list(map(answers.__getitem__, values))


def day_numbers(days: Iterable[date | None]) -> list[int]:
    """Whole days since 1970 for each date (:data:`NAT` for None), converted once per distinct date."""
    return _memo(_ordinal_or_nat, days)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a while (restored as it was after).

    Reading or making many claims allocates many small containers; each burst would make the collector walk
    every live object, again and again, although none of them is garbage in a cycle."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _ordinal(day: date) -> int:
    return day.toordinal() - _EPOCH


def _ordinal_or_nat(day: date | None) -> int:
    return _NAT if day is None else day.toordinal() - _EPOCH


#: A text column factorized: an integer code per row and the distinct values in order of first appearance.
Coded = tuple[npt.NDArray[np.int64], list[Any]]
#: Built columns: text factorized, the rest as numpy arrays (what :func:`build` returns).
Parts = dict[str, Coded | npt.NDArray[Any]]


def _codes(values: Iterable[Any], n: int) -> Coded:
    """Factorize ``n`` hashable values with a dict (codes in order of first appearance, as pandas numbers them)."""
    values = values if isinstance(values, list | tuple) else list(values)
    if n > 1000:  # many values: pandas' hash table is quicker (missing values, coded -1, are left to the dict)
        factor, found = pd.factorize(np.fromiter(values, dtype=object, count=n))
        if not n or factor.min() >= 0:
            return factor.astype(np.int64, copy=False), list(found)
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}
    return np.fromiter(map(index.__getitem__, values), np.int64, n), list(index)


def _derive(keys: Coded, part: Callable[[Any], Any]) -> Coded:
    """The column ``part(key)`` of factorized keys, factorized in turn: the work is done once per distinct key.

    The keys are numbered in order of first appearance, so the parts are too."""
    codes, distinct = keys
    sub, values = _codes(map(part, distinct), len(distinct))
    return sub[codes], values


def _numbers(keys: Coded, part: Callable[[Any], Any], dtype: Any = np.int64) -> npt.NDArray[Any]:
    codes, distinct = keys
    return np.fromiter(map(part, distinct), dtype, len(distinct))[codes]


def _slot(k: int, items: tuple[str, ...]) -> str:
    return items[k] if len(items) > k else ""


def _dx_slot(k: int, items: tuple[str, ...]) -> str:
    return items[k].strip() if len(items) > k else ""


@dataclass
class Source:
    """The frame's values as plain lists, before they are laid out: claim-level lists (one item per claim) and
    line-level lists (one item per service line, claims in order). Dates are whole days since 1970 (``_NAT`` for
    none; a line's ``to_days`` may be ``_NAT``, meaning its from date), money whole cents. Every claim has at
    least one line. :func:`build` lays it out; :func:`revcycle.synthetic.claims_frame` fills one without
    making Claim objects."""

    claim_id: list[str]
    payer_id: list[str]
    payer_kind: list[str]
    patient_sex: list[str]
    birth_days: list[int]
    submitted_days: list[int]
    icd_indicator: list[str]
    billing_npi: list[str]
    referring_npi: list[str]
    total_cents: list[int]
    diagnoses: list[tuple[str, ...]]
    default_rendering: list[str]
    n_lines: list[int]
    from_days: list[int]
    to_days: list[int]
    place_of_service: list[str]
    procedure: list[str]
    modifiers: list[tuple[str, ...]]
    pointers: list[str]
    charge_cents: list[int]
    units: list[float]
    rendering_npi: list[str]


def build(src: Source) -> Parts:
    """Every column, one row per line: text columns factorized (:data:`Coded`), the others as numpy arrays.

    What repeats (payers, diagnosis lists, modifier tuples) is worked out once per distinct value and spread
    back over the rows with numpy."""
    nc, nl = len(src.claim_id), len(src.procedure)
    n_lines = src.n_lines
    row_claim = np.repeat(np.arange(nc), np.asarray(n_lines, dtype=np.int64))
    out: Parts = {}

    def head(name: str, values: list[Any]) -> None:
        codes, distinct = _codes(values, nc)
        out[name] = (codes[row_claim], distinct)

    head("claim_id", src.claim_id)
    head("payer_id", src.payer_id)
    head("payer_kind", src.payer_kind)
    head("patient_sex", src.patient_sex)
    out["patient_birth_date"] = _dates(np.array(src.birth_days, dtype=np.int64)[row_claim])
    out["submitted_on"] = _dates(np.array(src.submitted_days, dtype=np.int64)[row_claim])
    head("icd_indicator", src.icd_indicator)
    head("billing_npi", src.billing_npi)
    head("referring_npi", src.referring_npi)
    out["total_charge_cents"] = np.array(src.total_cents, dtype=np.int64)[row_claim]
    dx = _codes(src.diagnoses, nc)
    out["n_diagnoses"] = _numbers(dx, len)[row_claim]
    for k, name in enumerate(DX_COLUMNS):
        codes, values = _derive(dx, partial(_dx_slot, k))
        out[name] = (codes[row_claim], values)

    longest = max(n_lines, default=0)
    if longest and min(n_lines) == longest:
        out["line"] = np.tile(np.arange(1, longest + 1, dtype=np.int32), nc)
    else:
        out["line"] = np.array([n for k in n_lines for n in range(1, k + 1)], dtype=np.int32)
    starts = np.array(src.from_days, dtype=np.int64)
    ends = np.array(src.to_days, dtype=np.int64)
    out["from_date"] = _dates(starts)
    out["to_date"] = _dates(np.where(ends == _NAT, starts, ends))
    out["place_of_service"] = _codes(src.place_of_service, nl)
    out["procedure"] = _codes(src.procedure, nl)
    mods = _codes(src.modifiers, nl)
    for k, name in enumerate(MOD_COLUMNS):
        out[name] = _derive(mods, partial(_slot, k))
    out["n_modifiers"] = _numbers(mods, len)
    out["mod_extra"] = _derive(mods, _extra)
    out["pointers"] = _codes(src.pointers, nl)
    out["charge_cents"] = np.array(src.charge_cents, dtype=np.int64)
    out["units"] = np.array(src.units, dtype=np.float64)
    own = _codes(src.rendering_npi, nl)
    if "" in own[1]:  # lines without their own 24J take the claim's rendering provider
        rendering = np.array(own[1], dtype=object)[own[0]]
        rendering = np.where(rendering == "", np.array(src.default_rendering, dtype=object)[row_claim], rendering)
        out["rendering_npi"] = _codes(rendering.tolist(), nl)
    else:
        out["rendering_npi"] = own
    return out


def _extra(items: tuple[str, ...]) -> str:
    return ",".join(items[MAX_MODIFIERS:])


_CLAIM = attrgetter("claim_id", "patient", "payer", "submitted_on", "icd_indicator", "billing_provider",
                    "referring_provider", "total_charge", "diagnoses", "rendering_provider", "lines")
_LINE = attrgetter("from_date", "to_date", "place_of_service", "procedure", "modifiers", "pointers", "charge", "units",
                   "rendering_npi")


def parts(claims: Sequence[Claim]) -> Parts:
    """:func:`build` on the values read from Claim objects.

    Each claim, then each line, is read in one go (all its attributes while it is in the CPU cache: with many
    claims, fetching one attribute at a time over every claim costs a cache miss per read); dates and amounts
    are converted once per distinct value."""
    claims = list(claims)
    for claim in claims:
        if not isinstance(claim, Claim):
            raise TypeError(f"claims_frame() takes Claim objects, not {type(claim).__name__}.")
    with paused_gc():  # the reading makes a tuple per claim and per line, all garbage a moment later
        if not claims:
            return build(Source(*([] for _ in fields(Source))))
        (ids, patients, payers, submitted, icd, billing, referring, totals, diagnoses, rendering,
         lines) = zip(*map(_CLAIM, claims), strict=True)
        n_lines = list(map(len, lines))
        if None in totals:
            totals = tuple(t if t is not None else c.line_total() for t, c in zip(totals, claims, strict=True))
        empty = 0 in n_lines
        real = [] if empty else [ln for group in lines for ln in group]
        line_values: list[Sequence[Any]] = (list(zip(*map(_LINE, real), strict=True)) if real
                                            else [()] * len(_LINE_FIELDS))
        starts, ends, pos, procedures, modifiers, pointers, charges, units, line_npi = line_values
        src = Source(
            claim_id=list(ids),
            payer_id=[p.payer_id for p in payers],
            payer_kind=[p.kind for p in payers],
            patient_sex=[p.sex for p in patients],
            birth_days=_memo(_ordinal, [p.birth_date for p in patients]),
            submitted_days=_memo(_ordinal_or_nat, submitted),
            icd_indicator=list(icd),
            billing_npi=[p.npi for p in billing],
            referring_npi=[p.npi if p is not None else "" for p in referring],
            total_cents=_memo(cents, totals),
            diagnoses=list(map(tuple, diagnoses)),
            default_rendering=[p.npi if p is not None else "" for p in rendering],
            n_lines=[k or 1 for k in n_lines],
            from_days=_memo(_ordinal, starts),
            to_days=_memo(_ordinal_or_nat, ends),
            place_of_service=list(pos),
            procedure=list(procedures),
            modifiers=[m if type(m) is tuple else tuple(m) for m in modifiers],
            pointers=list(pointers),
            charge_cents=_memo(cents, charges),
            units=_memo(float, units),
            rendering_npi=list(line_npi),
        )
        if not empty:
            return build(src)
        # claims without lines: one empty row each (line 0); the line columns are built row by row (rare)
        src.from_days = src.to_days = [0] * sum(src.n_lines)
        src.place_of_service = src.procedure = src.pointers = src.rendering_npi = [""] * len(src.from_days)
        src.modifiers = [()] * len(src.from_days)
        src.charge_cents, src.units = [0] * len(src.from_days), [0.0] * len(src.from_days)
        out = build(src)
        out.update(_with_empty_rows(claims))
        return out


_LINE_FIELDS = ("from_date", "to_date", "place_of_service", "procedure", "modifiers", "pointers", "charge", "units",
                "rendering_npi")


def take(parts: Parts, rows: npt.NDArray[np.int64]) -> Parts:
    """The rows ``rows`` of built columns, in that order (text columns renumbered by first appearance)."""
    out: Parts = {}
    for name, column in parts.items():
        if isinstance(column, tuple):
            codes, values = column
            picked = codes[rows]
            used, first = np.unique(picked, return_index=True)
            ranked = used[np.argsort(first, kind="stable")]
            renumber = np.zeros(len(values), dtype=np.int64)
            renumber[ranked] = np.arange(len(ranked))
            out[name] = (renumber[picked], [values[i] for i in ranked.tolist()])
        else:
            out[name] = column[rows]
    return out


def stack(a: Parts,
          b: Parts) -> Parts:
    """The rows of ``a`` then the rows of ``b`` (text columns share one numbering; re-order with :func:`take`)."""
    out: Parts = {}
    for name, x in a.items():
        y = b[name]
        if isinstance(x, tuple) and isinstance(y, tuple):
            index = {v: i for i, v in enumerate(dict.fromkeys([*x[1], *y[1]]))}
            remap = np.fromiter(map(index.__getitem__, y[1]), np.int64, len(y[1]))
            out[name] = (np.concatenate([x[0], remap[y[0]]]), list(index))
        else:
            out[name] = np.concatenate([_spread(x), _spread(y)])
    return out


def _with_empty_rows(claims: list[Claim]) -> Parts:
    """The line columns for a batch where some claims have no lines: row by row."""
    tail: list[tuple[Any, ...]] = []
    for claim in claims:
        if not claim.lines:
            tail.append(_NO_LINE)
            continue
        default_rendering = claim.rendering_provider.npi if claim.rendering_provider is not None else ""
        for n, line in enumerate(claim.lines, 1):
            mods = tuple(line.modifiers)
            start = line.from_date.toordinal() - _EPOCH
            tail.append((
                n, start, line.to_date.toordinal() - _EPOCH if line.to_date is not None else start,
                line.place_of_service, line.procedure,
                *(mods + _NO_MODS)[:MAX_MODIFIERS], len(mods), ",".join(mods[MAX_MODIFIERS:]), line.pointers,
                cents(line.charge), float(line.units), line.rendering_npi or default_rendering,
            ))
    out: Parts = {}
    for name, column in zip(_TAIL, zip(*tail, strict=True), strict=True):
        out[name] = _codes(column, len(column)) if name in CATEGORICAL else _array(name, column)
    return out


def _dates(days: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    """datetime64[s] from whole days since 1970 (``_NAT`` for unknown)."""
    nat = days == _NAT
    dates = np.where(nat, 0, days).astype("datetime64[D]").astype("datetime64[s]")
    if nat.any():
        dates[nat] = np.datetime64("NaT")
    return dates


def _spread(column: Coded | npt.NDArray[Any]) -> npt.NDArray[Any]:
    if isinstance(column, tuple):
        codes, values = column
        distinct = np.empty(len(values), dtype=object)
        distinct[:] = values
        spread: npt.NDArray[Any] = distinct[codes]
        return spread
    return column


def to_columns(claims: Sequence[Claim]) -> dict[str, npt.NDArray[Any]]:
    """The frame's columns as numpy arrays (text as object arrays, dates as datetime64[s]), one row per line."""
    built = parts(claims)
    return {name: _spread(built[name]) for name in COLUMNS}


def _array(name: str, values: Sequence[Any]) -> npt.NDArray[Any]:
    if name in DATES:
        return _dates(np.array(values, dtype=np.int64))
    if name in CATEGORICAL:
        return np.array(values, dtype=object)
    if name == "units":
        return np.array(values, dtype=np.float64)
    return np.array(values, dtype=np.int32 if name == "line" else np.int64)


def columns_frame(columns: Mapping[str, Coded | npt.NDArray[Any]]) -> pd.DataFrame:
    """A claims frame from :func:`to_columns`-style arrays: code-like text columns become categoricals.

    A text column may also come already factorized, as (codes, distinct values in order of first appearance).
    """
    data: dict[str, Any] = {}
    for name in COLUMNS:
        values = columns[name]
        if name in CATEGORICAL:
            if isinstance(values, tuple) and all(type(v) is str for v in values[1]):
                codes, uniques = values[0], pd.Index(values[1], dtype=object)
            else:
                factor, found = pd.factorize(_spread(values))
                codes, uniques = factor.astype(np.int64), pd.Index(found, dtype=object)
            data[name] = pd.Categorical.from_codes(codes, categories=uniques,
                                                   validate=False)
        else:
            data[name] = values
    return pd.DataFrame(data, columns=list(COLUMNS))


def to_frame(claims: Sequence[Claim]) -> pd.DataFrame:
    """One row per service line (line 0 for a claim without lines); see the module docstring for the layout."""
    return columns_frame(parts(claims))
