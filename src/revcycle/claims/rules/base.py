"""What every edit is made of: the :class:`Edit` (defined once, with its one vectorized implementation), the
:class:`Finding` it reports, and :class:`Batch`, the claims frame seen as numpy columns.

An implementation takes a :class:`Batch` and returns :class:`Hits`: which claims (by position in the batch)
and which lines fail, with one message per failure. Work is done on whole columns; Python runs only once per
distinct value of a column (is this code billable?) and once per finding (writing its message).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal, TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from revcycle.claims.frame import COLUMNS, MOD_COLUMNS, Coded
from revcycle.codes import ncci
from revcycle.core.errors import InputError
from revcycle.core.money import dollars

Severity = Literal["fatal", "warning"]
Array = npt.NDArray[Any]
T = TypeVar("T")

#: 1970-01-01 as a proleptic ordinal: day numbers in the frame count from it.
EPOCH = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Finding:
    """One problem found on a claim; ``line`` is the service line number (None for the claim as a whole).

    ``field`` and ``value`` name the field judged and the value that failed, when there is one. ``check`` is
    the front desk's short name for the check (set by :mod:`revcycle.claims.detail`, '' otherwise).
    """

    claim_id: str
    line: int | None
    edit_id: str
    severity: Severity
    item: str
    message: str
    source: str
    field: str = ""
    value: str = ""
    check: str = ""

    @property
    def line_id(self) -> str:
        """The front desk's name for ``claim_id``: each detail-checked line is checked as a one-line claim."""
        return self.claim_id

    def __str__(self) -> str:
        return f"[{self.severity}] {self.edit_id} (item {self.item}): {self.message}"


#: The columns of a findings table, in order (what scrub_frame returns).
FINDING_COLUMNS: tuple[str, ...] = ("claim_id", "line", "edit_id", "severity", "item", "message", "source")


@dataclass(frozen=True)
class Hits:
    """What one edit found in a batch: claim positions, line numbers (0 = the claim), messages, values."""

    claims: Array
    lines: Array
    messages: list[str]
    values: list[str] | None = None

    @staticmethod
    def none() -> Hits:
        return Hits(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [])


Implementation = Callable[["Batch"], Hits]


@dataclass(frozen=True)
class Edit:
    """One scrubber edit: what it checks, how serious a hit is, where on the form, its source, and ``run``,
    its one implementation over a :class:`Batch`. ``field`` names the claim field it judges."""

    id: str
    severity: Severity
    item: str
    checks: str
    source: str
    run: Implementation = field(repr=False, compare=False)
    field: str = ""


def edit(id: str, severity: Severity, item: str, checks: str, source: str,
         field: str = "") -> Callable[[Implementation], Edit]:
    """Decorator: the function below is the implementation of the edit described by the arguments."""

    def make(run: Implementation) -> Edit:
        return Edit(id, severity, item, checks, source, run, field)

    return make


# --------------------------------------------------------------------------- small shared formatting


def plural(items: list[Any], one: str, many: str) -> str:
    return one if len(items) == 1 else many


def usd(amount: Decimal) -> str:
    """An amount in a finding's message ($1,234.50), as revcycle.core.money writes every amount."""
    return dollars(amount)


def usd_cents(cents: int) -> str:
    """Whole cents as :func:`usd` writes the same Decimal amount ("$1,250.00", "$-5.00")."""
    sign, whole = ("-" if cents < 0 else ""), abs(cents)
    return f"${sign}{whole // 100:,}.{whole % 100:02d}"


def units_text(units: Decimal | float) -> str:
    d = Decimal(str(units))
    d = d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()
    return format(d, "f")


def iso(days: Array) -> Array:
    """ISO dates ('2026-03-02') for day numbers since 1970, as date.isoformat() writes them."""
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), unit="D")


def to_date(day: int | np.integer[Any]) -> date:
    return date.fromordinal(int(day) + EPOCH)


# --------------------------------------------------------------------------- a text column as codes


class Column:
    """A text column as integer codes and the distinct values they index ('' for missing).

    Categorical columns (as claims_frame makes them) are used as they are; other columns are factorized once.
    Every per-value question (is this code billable?) is then asked once per distinct value. ``values``
    always ends with an extra '' that no row uses.
    """

    __slots__ = ("codes", "values")

    def __init__(self, codes: Array, values: Array) -> None:
        self.codes = codes
        self.values = values

    @classmethod
    def of(cls, data: pd.Series[Any] | Array | Coded) -> Column:
        uniques: list[object]
        if isinstance(data, tuple):  # already factorized while the frame was built (revcycle.claims.frame.parts)
            codes, uniques = data[0], list(data[1])
            if all(type(v) is str for v in uniques):  # codes from a dict: none missing
                return cls(codes, np.array([*uniques, ""], dtype=object))
        elif isinstance(data, pd.Series) and isinstance(data.dtype, pd.CategoricalDtype):
            codes = data.cat.codes.to_numpy().astype(np.int64)
            uniques = list(data.cat.categories)
        else:
            raw = data.to_numpy(dtype=object) if isinstance(data, pd.Series) else np.asarray(data, dtype=object)
            if len(raw) <= 64:  # a few rows (one claim): a dict is quicker than pandas
                index: dict[object, int] = {}
                codes = np.fromiter((index.setdefault(v, len(index)) for v in raw.tolist()), np.int64, len(raw))
                uniques = list(index)
            else:
                factor, found = pd.factorize(raw)
                codes, uniques = factor.astype(np.int64), list(found)
        if codes.size and codes.min() < 0:
            uniques.append("")
            codes = np.where(codes < 0, len(uniques) - 1, codes)
        values = np.array([v if isinstance(v, str) else ("" if v is None or v != v else str(v))
                           for v in uniques] + [""], dtype=object)
        return cls(codes, values)

    def take(self, rows: slice | Array) -> Column:
        return Column(self.codes[rows], self.values)

    def nonempty(self) -> Array:
        out: Array = (self.values != "")[self.codes]
        return out

    def flags(self, fn: Callable[[str], bool]) -> Array:
        """fn(value) as a bool per distinct value (index it with codes)."""
        return np.array([fn(v) for v in self.values], dtype=bool)

    def map(self, fn: Callable[[str], Any], dtype: Any = object) -> Array:
        """fn(value) for every row, computed once per distinct value."""
        return np.array([fn(v) for v in self.values], dtype=dtype)[self.codes]

    def equals(self, text: str) -> Array:
        out: Array = (self.values == text)[self.codes]
        return out

    def at(self, rows: Any) -> Any:
        return self.values[self.codes[rows]]


class Mods:
    """The four modifier columns plus any extra modifiers, asked 'does this line carry modifier m?'."""

    def __init__(self, cols: list[Column], extra: Column) -> None:
        self.cols = cols
        self.extra = extra
        self.extra_rows = np.flatnonzero(extra.codes != np.flatnonzero(extra.values == "")[0])
        self.n = len(extra.codes)
        self._has: dict[str, Array] = {}

    def has(self, modifier: str) -> Array:
        """Each line carries ``modifier`` (asked once per modifier, then remembered)."""
        if modifier not in self._has:
            self._has[modifier] = self._find(modifier)
        return self._has[modifier]

    def _find(self, modifier: str) -> Array:
        out = np.zeros(self.n, dtype=bool)
        for col in self.cols:
            out |= col.equals(modifier)
        for i in self.extra_rows:
            if modifier in self.extra.at(i).split(","):
                out[i] = True
        return out

    def has_any(self, modifiers: frozenset[str]) -> Array:
        out = np.zeros(self.n, dtype=bool)
        for col in self.cols:
            out |= col.map(lambda m: m in modifiers, bool)
        for i in self.extra_rows:
            if set(self.extra.at(i).split(",")) & modifiers:
                out[i] = True
        return out

    def bits(self, modifiers: tuple[str, ...]) -> Array:
        """One bit per modifier in ``modifiers`` that the line carries."""
        out = np.zeros(self.n, dtype=np.int64)
        bit = {m: 1 << i for i, m in enumerate(modifiers)}
        for col in self.cols:
            out |= col.map(lambda m: bit.get(m, 0), np.int64)
        for i in self.extra_rows:
            for m in self.extra.at(i).split(","):
                out[i] |= bit.get(m, 0)
        return out

    def row(self, i: int) -> list[str]:
        mods = [m for m in (col.at(i) for col in self.cols) if m]
        extra = self.extra.at(i)
        return mods + extra.split(",") if extra else mods


def _days(data: pd.Series[Any] | Array) -> tuple[Array, Array]:
    """(whole days since 1970 as int64, is-missing mask) for a datetime column."""
    arr = np.asarray(data.to_numpy() if isinstance(data, pd.Series) else data, dtype="datetime64[D]")
    missing = np.isnat(arr)
    days = arr.astype(np.int64)
    if missing.any():
        days = np.where(missing, 0, days)
    return days, missing


# --------------------------------------------------------------------------- the batch


class Batch:
    """A claims frame (``claims_frame`` layout) as the columns the edits need, each computed once, when asked.

    ``claims`` index the batch's claims in order of first appearance; arrays named ``l...`` are indexed by
    position among the rows that are real service lines.
    """

    def __init__(self, columns: Mapping[str, pd.Series[Any] | Array | Coded], as_of: date | None = None) -> None:
        missing = [c for c in COLUMNS if c not in columns]
        if missing:
            raise InputError(
                f"The frame lacks the column(s) {', '.join(missing)}; build it with revcycle.claims.claims_frame()."
            )
        self.data = columns
        self.as_of = as_of
        self._cols: dict[str, Column] = {}
        self._memo: dict[str, object] = {}

    def memo(self, name: str, compute: Callable[[Batch], T]) -> T:
        """``compute(self)``, computed once per batch and shared by the edits that need it."""
        if name not in self._memo:
            self._memo[name] = compute(self)
        return cast(T, self._memo[name])

    # -- raw columns

    def col(self, name: str) -> Column:
        """A text column over all rows."""
        if name not in self._cols:
            self._cols[name] = Column.of(self.data[name])
        return self._cols[name]

    def line_col(self, name: str) -> Column:
        """A text column over the service-line rows."""
        key = "line:" + name
        if key not in self._cols:
            self._cols[key] = self.col(name).take(self.lr)
        return self._cols[key]

    def _raw(self, name: str) -> pd.Series[Any] | Array:
        data = self.data[name]
        if isinstance(data, tuple):
            spread: Array = np.asarray(data[1] or [""], dtype=object)[data[0]]
            return spread
        return data

    def numbers(self, name: str, dtype: Any = np.int64) -> Array:
        data = self._raw(name)
        return data.to_numpy(dtype=dtype) if isinstance(data, pd.Series) else np.asarray(data, dtype=dtype)

    def days(self, name: str) -> tuple[Array, Array]:
        return _days(self._raw(name))

    # -- claims and lines

    @cached_property
    def _claim_index(self) -> tuple[Array, Array, Array, bool]:
        """(claim number of each row in order of first appearance, first row of each claim, claim ids, whether
        each claim's rows sit together)."""
        col = self.col("claim_id")
        raw = col.codes
        values = col.values
        step = np.diff(raw)
        if raw[0] == 0 and ((step == 0) | (step == 1)).all():  # claims_frame output: contiguous, in order
            first = np.flatnonzero(np.r_[True, step != 0])
            ci = raw
            together = True
        else:
            uniq, first = np.unique(raw, return_index=True)
            order = np.argsort(first, kind="stable")
            remap = np.full(int(raw.max()) + 1, -1, dtype=np.int64)
            remap[uniq[order]] = np.arange(len(uniq))
            first = first[order]
            ci = remap[raw]
            together = bool((np.diff(ci) >= 0).all())
        return ci, first, values[raw[first]], together

    @property
    def ci(self) -> Array:
        return self._claim_index[0]

    @property
    def first(self) -> Array:
        """The first row of each claim (claim-level columns are read there)."""
        return self._claim_index[1]

    @property
    def claim_ids(self) -> Array:
        return self._claim_index[2]

    @property
    def together(self) -> bool:
        return self._claim_index[3]

    @property
    def nc(self) -> int:
        return len(self.first)

    @cached_property
    def line_no(self) -> Array:
        return self.numbers("line")

    @cached_property
    def lr(self) -> slice | Array:
        """The rows that are real service lines (a plain slice when every row is one: no copies)."""
        is_line = self.line_no > 0
        return slice(None) if is_line.all() else np.flatnonzero(is_line)

    @cached_property
    def lci(self) -> Array:
        """The claim of each service line."""
        return self.ci[self.lr]

    @cached_property
    def lline(self) -> Array:
        """The line number of each service line."""
        return self.line_no[self.lr]

    def claim_hits(self, claims: Array, messages: list[str], values: list[str] | None = None) -> Hits:
        """Hits on claims (by position), reported on the claim as a whole."""
        return Hits(claims, np.zeros(len(claims), dtype=np.int64), messages, values)

    def line_hits(self, k: Array, messages: list[str], values: list[str] | None = None) -> Hits:
        """Hits on service lines (by position among the lines)."""
        return Hits(self.lci[k], self.lline[k], messages, values)

    # -- line columns the edits share

    @cached_property
    def mods(self) -> Mods:
        return Mods([self.line_col(c) for c in MOD_COLUMNS], self.line_col("mod_extra"))

    @cached_property
    def proc(self) -> Column:
        return self.line_col("procedure")

    @cached_property
    def charge(self) -> Array:
        return self.numbers("charge_cents")[self.lr]

    @cached_property
    def units(self) -> Array:
        return self.numbers("units", np.float64)[self.lr]

    @cached_property
    def from_days(self) -> Array:
        return self.days("from_date")[0][self.lr]

    @cached_property
    def to_days(self) -> Array:
        return self.days("to_date")[0][self.lr]

    @cached_property
    def medicare(self) -> Array:
        """Each line is on a Medicare claim."""
        return self.col("payer_kind").equals("medicare")[self.lr]

    @cached_property
    def filed(self) -> tuple[Array, Array]:
        """(the day each line's claim is sent, whether that day is known): ``as_of``, else item 31's date."""
        if self.as_of is not None:
            n = len(self.lci)
            return np.full(n, self.as_of.toordinal() - EPOCH, dtype=np.int64), np.ones(n, dtype=bool)
        filed, missing = self.days("submitted_on")
        return filed[self.lr], ~missing[self.lr]

    @cached_property
    def _npis(self) -> tuple[Array, int]:
        """(the effective rendering provider of each line as a small integer, how many distinct NPIs)."""
        billing = self.col("billing_npi")
        rendering = self.line_col("rendering_npi")
        ids: dict[str, int] = {}
        billing_ids = np.array([ids.setdefault(v, len(ids)) for v in billing.values], dtype=np.int64)
        rendering_ids = np.array([ids.setdefault(v, len(ids)) for v in rendering.values], dtype=np.int64)
        eff = np.where(rendering.nonempty(), rendering_ids[rendering.codes], billing_ids[billing.codes[self.lr]])
        return eff, len(ids)

    @property
    def eff_npi(self) -> Array:
        """The rendering provider of each line (24J, else the billing provider)."""
        return self._npis[0]

    @cached_property
    def same_day(self) -> Array:
        """Claim and date of service as one integer."""
        day0 = self.from_days - (self.from_days.min() if len(self.from_days) else 0)
        out: Array = self.lci * (int(day0.max(initial=0)) + 1) + day0
        return out

    @cached_property
    def provider_day(self) -> Array:
        """Claim, date of service and rendering provider as one integer."""
        same_day, (eff, n_ids) = self.same_day, self._npis
        n_npi = n_ids + 1
        if len(same_day) and int(same_day.max()) < (1 << 62) // n_npi:
            out: Array = same_day * n_npi + eff
            return out
        # astronomically large frames: fall back to pandas' own join keys
        return pd.factorize(pd.MultiIndex.from_arrays([same_day, eff]))[0].astype(np.int64)

    @cached_property
    def ptp(self) -> Array:
        """The NCCI modifier indicator of (column 1 code, column 2 code) by procedure code index, or -1."""
        values = self.proc.values
        index = {v: i for i, v in enumerate(values)}
        ptp = np.full((len(values), len(values)), -1, dtype=np.int8)
        for (c1, c2), pair in ncci.ptp_index().items():
            if c1 in index and c2 in index:
                ptp[index[c1], index[c2]] = pair.modifier_indicator
        return ptp


def join(left: Array, right: Array) -> tuple[Array, Array]:
    """Every (i, j) with left[i] == right[j], for int64 keys (a sort-based equi-join)."""
    order = np.argsort(right, kind="stable")
    ordered = right[order]
    lo = np.searchsorted(ordered, left, "left")
    counts = np.searchsorted(ordered, left, "right") - lo
    total = int(counts.sum())
    i = np.repeat(np.arange(len(left)), counts)
    j = order[np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total)]
    return i, j


def repeated(claim: Array, code: Array, together: bool) -> Array:
    """True where a code appears on more than one row of the same claim."""
    if not claim.size:
        return np.zeros(0, dtype=bool)
    longest = int(np.bincount(claim).max())
    if not together or longest > 16:
        dup: Array = pd.DataFrame({"c": claim, "p": code}).duplicated(keep=False).to_numpy()
        return dup
    out = np.zeros(len(claim), dtype=bool)
    for shift in range(1, longest):  # rows of a claim are adjacent: compare each row with the next few
        same = (claim[shift:] == claim[:-shift]) & (code[shift:] == code[:-shift])
        out[shift:] |= same
        out[:-shift] |= same
    return out


def texts(values: Iterable[object]) -> list[str]:
    return [str(v) for v in values]
