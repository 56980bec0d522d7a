"""Read 835 remittance advice files (ASC X12 005010X221A1) into tidy pandas tables.

``read_835(text)`` returns a :class:`Remittance` with one table per kind of thing in the file: payments (one
row per check or EFT), claims (one row per CLP), lines (one row per SVC), adjustments (one row per CAS group,
reason and amount) and provider-level adjustments (PLB). Money stays ``Decimal``. Files that are not 835s, are
cut short, use another version or hold garbage raise :class:`X12Error` naming the segment or position; the
reader never lets a Python traceback escape for bad input. Balancing problems (charge minus payment not
matching the adjustments, a check total that does not add up) are reported in ``Remittance.warnings``.

Big files: ``read_835_file(path)`` reads a file from disk (or an open binary file) block by block, one
transaction after another, and builds the same tables; it never holds the whole text, so its memory is the
tables plus one block. ``iter_835(path)`` yields one :class:`Remittance` per transaction (or per
``transactions=`` transactions) for a caller that posts as it goes: its memory stays small whatever the size
of the file. All three give the same tables and raise the same errors for the same file.

Delimiters are read from the ISA segment, so files using other separators than ``*``, ``:`` and ``~`` work.
Numbers (amounts, quantities, dates) are ASCII digits only, as X12 requires.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import IO, Literal, TypedDict, overload

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from revcycle.codes.remit import CLAIM_STATUS
from revcycle.x12.common import X12Error
from revcycle.x12.stream import BEGIN, BODY, ByteSource, Segment, Source, TextSource, segments

VERSIONS = ("005010X221A1", "005010X221")
#: read_835's default size limit for text held in memory (larger files: read_835_file, or max_bytes=...).
MAX_BYTES = 25_000_000
#: read_835_file's and iter_835's default size limit (raise it with max_bytes=..., or max_bytes=None).
FILE_MAX_BYTES = 200_000_000
_AMOUNT = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")
_REMARK_CODE = re.compile(r"[A-Z]{1,3}[0-9]{1,4}")
#: Segments an 835 transaction may contain (others mean the file is not an 835 or is damaged).
_ALLOWED = frozenset({"BPR", "TRN", "CUR", "REF", "DTM", "N1", "N2", "N3", "N4", "PER", "RDM", "LX", "TS3", "TS2",
                      "CLP", "CAS", "NM1", "MIA", "MOA", "AMT", "QTY", "SVC", "LQ", "PLB"})
_ENVELOPE = frozenset({"GS", "GE", "IEA", "ST", "SE", "ISA", "TA1"})
_ZERO = Decimal("0.00")
_ONE = Decimal(1)
#: At most this many distinct amounts, dates and short texts are shared between rows (memory for big files).
_CACHE_LIMIT = 100_000

_Segment = Segment  # the name the parser's signatures use


@dataclass
class Remittance:
    """An 835 file as tables. Money columns hold Decimal; date columns are datetime64 (NaT when absent)."""

    payments: pd.DataFrame
    claims: pd.DataFrame
    lines: pd.DataFrame
    adjustments: pd.DataFrame
    provider_adjustments: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    @property
    def payment(self) -> pd.DataFrame:
        """The same table as ``payments`` (one row per check or EFT)."""
        return self.payments

    def summary(self) -> str:
        """A few lines a biller reads first: how many payments and claims, how much money."""
        paid = sum(self.payments["amount"], _ZERO) if len(self.payments) else _ZERO
        charged = sum(self.claims["charge"], _ZERO) if len(self.claims) else _ZERO
        return (f"{len(self.payments)} payment(s) totalling ${paid:,.2f} for {len(self.claims)} claim(s) "
                f"({len(self.lines)} service lines) charged at ${charged:,.2f}; "
                f"{len(self.adjustments)} adjustments; {len(self.warnings)} balancing warning(s).")


# --------------------------------------------------------------------------- values


def _not_ascii(value: str) -> str:
    """The sentence explaining why a number with non-ASCII digits (or other non-ASCII characters) is refused."""
    ch = next(c for c in value if not c.isascii())
    name = unicodedata.name(ch, "a non-ASCII character")
    return (f"X12 numbers are written with the ASCII digits 0-9 only, and {ch!r} is {name} "
            f"(U+{ord(ch):04X})")


class _Values:
    """Amounts, dates and texts read from elements, each distinct one made once and shared (up to a limit)."""

    def __init__(self) -> None:
        self.money: dict[str, Decimal] = {}
        self.numbers: dict[str, Decimal] = {}
        self.dates: dict[str, date] = {}
        self.texts: dict[str, str] = {}

    def text(self, value: str) -> str:
        shared = self.texts.get(value)
        if shared is not None:
            return shared
        if len(self.texts) < _CACHE_LIMIT:
            self.texts[value] = value
        return value

    @overload
    def amount(self, seg: _Segment, i: int, what: str, required: Literal[True] = True,
               money: bool = True) -> Decimal: ...

    @overload
    def amount(self, seg: _Segment, i: int, what: str, required: bool, money: bool = True) -> Decimal | None: ...

    def amount(self, seg: _Segment, i: int, what: str, required: bool = True, money: bool = True) -> Decimal | None:
        """Element ``i`` as a Decimal (money kept to cents); None when it is empty and not ``required``."""
        elements = seg.elements
        value = elements[i] if i < len(elements) else ""
        cache = self.money if money else self.numbers
        number = cache.get(value)
        if number is not None:
            return number
        number = _amount(seg, i, what, required, money)
        if number is not None and len(cache) < _CACHE_LIMIT:
            cache[value] = number
        return number

    def date(self, seg: _Segment, value: str, what: str) -> date:
        day = self.dates.get(value)
        if day is None:
            day = _date(seg, value, what)
            if len(self.dates) < _CACHE_LIMIT:
                self.dates[value] = day
        return day


@overload
def _amount(seg: _Segment, i: int, what: str, required: Literal[True] = True, money: bool = True) -> Decimal: ...


@overload
def _amount(seg: _Segment, i: int, what: str, required: bool, money: bool = True) -> Decimal | None: ...


def _amount(seg: _Segment, i: int, what: str, required: bool = True, money: bool = True) -> Decimal | None:
    """Element ``i`` as a Decimal (money kept to cents); None when it is empty and not ``required``."""
    value = seg.get(i)
    if value == "":
        if required:
            raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is empty; it must be an amount.")
        return None
    if not _AMOUNT.fullmatch(value):
        why = f": {_not_ascii(value)}" if not value.isascii() else ""
        raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is {value!r}, which is not an amount{why}.")
    try:
        number = Decimal(value)
        return number.quantize(_ZERO) if money and number == number.quantize(_ZERO) else number
    except InvalidOperation:  # more digits than Decimal keeps
        raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is {value!r}, which is not an amount.") from None


def _date(seg: _Segment, value: str, what: str) -> date:
    if not value.isascii():
        raise X12Error(f"{seg.where()}: {what} is {value!r}, which is not a date: {_not_ascii(value)}; dates are "
                       "written CCYYMMDD, e.g. 20260315.")
    if len(value) != 8 or not value.isdigit():
        raise X12Error(f"{seg.where()}: {what} is {value!r}; dates are written CCYYMMDD, e.g. 20260315.")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise X12Error(f"{seg.where()}: {what} is {value!r}, which is not a real date.") from None


# --------------------------------------------------------------------------- rows and tables
# The open payment, claim and line are TypedDicts while segments fill them in; once closed they go, value by
# value, into the column lists of a _Table, which _frame() turns into a DataFrame.


class _PaymentRow(TypedDict):
    transaction: int
    control_number: str
    sender: str
    handling: str
    amount: Decimal | None  # None until the transaction's BPR is read
    credit_debit: str
    method: str
    paid_on: date | None
    trace_number: str
    payer_tax_id: str
    production_date: date | None
    payer_name: str
    payer_id: str
    payee_name: str
    payee_id_qualifier: str
    payee_id: str


class _ClaimRow(TypedDict):
    claim_key: int
    transaction: int
    claim_id: str
    status: str
    status_text: str
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    filing_indicator: str
    payer_claim_id: str
    facility_code: str
    frequency: str
    patient_last: str
    patient_first: str
    member_id: str
    insured_last: str
    insured_first: str
    insured_id: str
    rendering_npi: str
    crossover_payer: str
    received: date | None
    statement_from: date | None
    statement_to: date | None
    remarks: str
    payer_name: str
    payee_id: str
    paid_on: date | None
    trace_number: str


class _LineRow(TypedDict):
    line_key: int
    claim_key: int
    claim_id: str
    line: int
    qualifier: str
    procedure: str
    modifiers: str
    charge: Decimal
    paid: Decimal
    revenue_code: str
    units: Decimal
    original_procedure: str
    original_units: Decimal | None
    service_date: date | None
    service_end: date | None
    line_control: str
    allowed: Decimal | None
    remarks: str


_DATE_COLUMNS = {
    "payments": ("paid_on", "production_date"),
    "claims": ("received", "statement_from", "statement_to", "paid_on"),
    "lines": ("service_date", "service_end"),
    "provider_adjustments": ("fiscal_date",),
}
_COLUMNS = {
    "payments": ("transaction", "control_number", "sender", "handling", "amount", "credit_debit", "method",
                 "paid_on", "trace_number", "payer_tax_id", "production_date", "payer_name", "payer_id",
                 "payee_name", "payee_id_qualifier", "payee_id"),
    "claims": ("claim_key", "transaction", "claim_id", "status", "status_text", "charge", "paid",
               "patient_responsibility", "filing_indicator", "payer_claim_id", "facility_code", "frequency",
               "patient_last", "patient_first", "member_id", "insured_last", "insured_first", "insured_id",
               "rendering_npi", "crossover_payer", "received", "statement_from", "statement_to", "remarks",
               "payer_name", "payee_id", "paid_on", "trace_number"),
    "lines": ("line_key", "claim_key", "claim_id", "line", "qualifier", "procedure", "modifiers", "charge", "paid",
              "revenue_code", "units", "original_procedure", "original_units", "service_date", "service_end",
              "line_control", "allowed", "remarks"),
    "adjustments": ("claim_key", "transaction", "claim_id", "line_key", "line", "level", "procedure", "group",
                    "reason", "amount", "quantity", "claim_status"),
    "provider_adjustments": ("transaction", "provider_id", "fiscal_date", "reason", "reference", "amount"),
}
_TABLES = ("payments", "claims", "lines", "adjustments", "provider_adjustments")


_consume: Callable[[Iterator[None]], None] = deque[None](maxlen=0).extend  # runs an iterator, keeps nothing


class _Table:
    """One table's rows as column lists (one list per column, values in file order)."""

    __slots__ = ("_pick", "columns", "data")

    def __init__(self, name: str) -> None:
        self.columns = _COLUMNS[name]
        self.data: list[list[object]] = [[] for _ in self.columns]
        self._pick = itemgetter(*self.columns)

    def row(self, row: Mapping[str, object]) -> None:
        """Append a row given as a mapping of column names to values."""
        _consume(map(list.append, self.data, self._pick(row)))

    def values(self, *row: object) -> None:
        """Append a row given as values in column order."""
        _consume(map(list.append, self.data, row))

    def take(self) -> list[list[object]]:
        data, self.data = self.data, [[] for _ in self.columns]
        return data


def _frame(name: str, data: list[list[object]]) -> pd.DataFrame:
    """The table's DataFrame from its column lists (emptied as they are used, to keep memory down)."""
    columns = _COLUMNS[name]
    dates = _DATE_COLUMNS.get(name, ())
    out: dict[str, pd.Series] = {}
    for i, col in enumerate(columns):
        values, data[i] = data[i], []
        array = np.array(values, dtype=object) if values else np.empty(0, dtype=object)
        del values
        text = infer_dtype(array, skipna=False) in ("string", "empty")  # every value a str (or no rows)
        series = pd.Series(array, dtype=object)
        del array
        if col in dates:
            series = pd.to_datetime(series).astype("datetime64[s]")
        elif col in ("claim_key", "transaction", "line"):
            series = series.astype("Int64" if name == "adjustments" and col == "line" else "int64")
        elif name == "adjustments" and col == "line_key":
            series = series.astype("Int64")
        elif text:  # plain text columns as pandas' string type
            series = series.astype("str")
        out[col] = series
    return pd.DataFrame(out, columns=list(columns))


# --------------------------------------------------------------------------- parsing


class _Parser:
    """Walks the segments of a file, keeping the loop it is in, and fills the tables.

    ``begin(isa)``, ``feed(segments)`` and ``finish(last)`` take one interchange at a time, as
    :func:`revcycle.x12.stream.segments` splits it; ``take()`` hands out the rows read so far.
    """

    def __init__(self) -> None:
        self.tables = {name: _Table(name) for name in _TABLES}
        self._payments = self.tables["payments"]
        self._claims = self.tables["claims"]
        self._lines = self.tables["lines"]
        self._adjustments = self.tables["adjustments"]
        self._plbs = self.tables["provider_adjustments"]
        self.values = _Values()
        self.warnings: list[str] = []
        self.transactions = self.claim_count = self.line_count = 0  # in the whole file
        self.completed = 0  # transactions ended (SE) since the last take()
        self.payment: _PaymentRow | None = None  # the open transaction (between ST and SE)
        self.claim: _ClaimRow | None = None
        self.line: _LineRow | None = None
        self.party = ""  # "PR" or "PE" after an N1
        self.st_count = 0
        self.st_start: _Segment | None = None
        self.component = ":"
        self._seen_bpr = False
        self._in_body = False  # inside a transaction (ST read, no SE yet) after its BPR
        self._paid_total = self._plb_total = _ZERO  # running totals of the open transaction
        self._claim_adjusted = self._line_adjusted = _ZERO
        self._claim_lines = 0
        # the open interchange
        self.isa: _Segment | None = None
        self.gs_open: _Segment | None = None
        self.groups = self.st_in_group = 0
        self.closed = False
        nothing: Callable[[_Segment], None] = lambda seg: None  # noqa: E731 - segments the tables do not use
        #: The reader of each transaction segment after the BPR (what _body does, without its checks).
        self._fast: dict[str, Callable[[_Segment], None]] = {
            "CAS": self._cas, "SVC": self._svc, "CLP": self._clp, "DTM": self._dtm, "REF": self._ref,
            "NM1": self._detail, "AMT": self._detail, "LQ": self._detail, "MOA": self._detail, "MIA": self._detail,
            "TRN": self._trn, "N1": self._n1, "PLB": self._plb_segment,
            **dict.fromkeys(_ALLOWED - {"BPR", "CAS", "SVC", "CLP", "DTM", "REF", "NM1", "AMT", "LQ", "MOA", "MIA",
                                        "TRN", "N1", "PLB"}, nothing),
        }

    def take(self) -> Remittance:
        """A Remittance of the rows read since the last take() (every row read, the first time)."""
        frames = {name: _frame(name, self.tables[name].take()) for name in _TABLES}
        warnings, self.warnings = self.warnings, []
        self.completed = 0
        return Remittance(payments=frames["payments"], claims=frames["claims"], lines=frames["lines"],
                          adjustments=frames["adjustments"], provider_adjustments=frames["provider_adjustments"],
                          warnings=warnings)

    # -- envelope

    def begin(self, isa: _Segment) -> None:
        self.isa = isa
        self.component = isa.get(16) or ":"
        self.gs_open = None
        self.groups = self.st_in_group = 0
        self.closed = False

    def feed(self, segs: Sequence[_Segment], start: int = 0, until: int = 0) -> int:
        """Read ``segs[start:]``; with ``until``, stop after the SE that completes that many transactions.

        Returns the index of the first segment not read (``len(segs)`` when all were).
        """
        fast = self._fast
        allowed = _ALLOWED
        envelope = _ENVELOPE
        for i in range(start, len(segs)):
            seg = segs[i]
            sid = seg.id
            if self._in_body:  # inside a transaction, after its BPR: most segments go straight to their reader
                handler = fast.get(sid)
                if handler is not None:
                    self.st_count += 1
                    handler(seg)
                    continue
            if self.closed:
                raise X12Error(f"{seg.where()} comes after the IEA that closed the interchange.")
            if sid in envelope:
                self._envelope(seg)
                if until and sid == "SE" and self.completed >= until:
                    return i + 1
                continue
            if self.st_start is None:
                raise X12Error(f"{seg.where()} sits outside any transaction set (between ST and SE).")
            if sid not in allowed:
                raise X12Error(f"{seg.where()}: {sid} is not a segment of an 835 remittance; the file may be "
                               "another transaction type or damaged.")
            self.st_count += 1
            self._body(seg)
        return len(segs)

    def _envelope(self, seg: _Segment) -> None:
        isa = self.isa
        assert isa is not None  # begin() comes first
        gs_open = self.gs_open
        if seg.id == "GS":
            if gs_open is not None:
                raise X12Error(f"{seg.where()}: a new GS starts before the GE of the group at "
                               f"{gs_open.where()}: the file is damaged.")
            if self.st_start is not None:
                raise X12Error(f"{seg.where()}: a GS inside a transaction set (no SE after "
                               f"{self.st_start.where()}).")
            if seg.get(1) != "HP":
                kind = {"HC": "health care claims (837)", "FA": "acknowledgments (999/997)",
                        "HS": "eligibility inquiries (270)", "HB": "eligibility responses (271)"}.get(
                    seg.get(1), f"functional group {seg.get(1)!r}")
                raise X12Error(f"{seg.where()}: this group holds {kind}, not remittances (GS01 'HP'): "
                               "it is not an 835 file.")
            if seg.get(8) not in VERSIONS:
                raise X12Error(f"{seg.where()}: GS08 says version {seg.get(8)!r}; read_835 reads 005010X221A1 "
                               "(the HIPAA 835 version 5010) only.")
            self.gs_open, self.groups, self.st_in_group = seg, self.groups + 1, 0
        elif seg.id == "GE":
            if gs_open is None:
                raise X12Error(f"{seg.where()}: a GE without a GS before it.")
            if self.st_start is not None:
                raise X12Error(f"{seg.where()}: the group ends but transaction {self.st_start.get(2)!r} "
                               f"(started at {self.st_start.where()}) has no SE: the file is damaged.")
            if seg.get(2) != gs_open.get(6):
                raise X12Error(f"{seg.where()}: GE02 {seg.get(2)!r} does not match GS06 {gs_open.get(6)!r}.")
            if seg.get(1) != str(self.st_in_group):
                raise X12Error(f"{seg.where()}: GE01 says {seg.get(1)!r} transaction sets but the group has "
                               f"{self.st_in_group}: transactions are missing or the count is wrong.")
            self.gs_open = None
        elif seg.id == "IEA":
            if gs_open is not None:
                raise X12Error(f"{seg.where()}: the interchange ends but the group at {gs_open.where()} has no "
                               "GE: the file is damaged.")
            if seg.get(2) != isa.get(13):
                raise X12Error(f"{seg.where()}: IEA02 {seg.get(2)!r} does not match ISA13 {isa.get(13)!r}.")
            if seg.get(1) != str(self.groups):
                raise X12Error(f"{seg.where()}: IEA01 says {seg.get(1)!r} groups but the interchange has "
                               f"{self.groups}.")
            self.closed = True
            self._in_body = False
        elif seg.id == "ST":
            if gs_open is None:
                raise X12Error(f"{seg.where()}: a transaction set (ST) outside a functional group (GS).")
            if self.st_start is not None:
                raise X12Error(f"{seg.where()}: a new ST before the SE of transaction {self.st_start.get(2)!r}.")
            if seg.get(1) != "835":
                raise X12Error(f"{seg.where()}: ST01 is {seg.get(1)!r}; read_835 reads 835 transactions only.")
            if seg.get(3) and seg.get(3) not in VERSIONS:
                raise X12Error(f"{seg.where()}: ST03 says version {seg.get(3)!r}; read_835 reads 005010X221A1.")
            self.st_start, self.st_count = seg, 1
            self.st_in_group += 1
            self._start_payment(seg, gs_open)
        elif seg.id == "SE":
            if self.st_start is None:
                raise X12Error(f"{seg.where()}: an SE without an ST before it.")
            self.st_count += 1
            if seg.get(2) != self.st_start.get(2):
                raise X12Error(f"{seg.where()}: SE02 {seg.get(2)!r} does not match ST02 "
                               f"{self.st_start.get(2)!r}.")
            if seg.get(1) != str(self.st_count):
                raise X12Error(f"{seg.where()}: SE01 says the transaction has {seg.get(1)!r} segments but it has "
                               f"{self.st_count}: segments are missing or were added.")
            self._end_payment(seg)
            self.st_start = None
            self._in_body = False
        else:  # ISA or TA1
            raise X12Error(f"{seg.where()}: an {seg.id} inside an interchange; the previous interchange has "
                           "no IEA.")

    def finish(self, last: _Segment) -> None:
        """The interchange's segments are all read: it must not stop inside a transaction or group."""
        if self.st_start is not None:
            raise X12Error(f"The file ends inside transaction {self.st_start.get(2)!r} (started at "
                           f"{self.st_start.where()}) with no SE: it is cut short after {last.where()}.")
        if self.gs_open is not None:
            raise X12Error(f"The file ends inside the functional group started at {self.gs_open.where()} with no "
                           f"GE: it is cut short after {last.where()}.")
        if not self.closed:
            raise X12Error(f"The file ends with no IEA: it is cut short after {last.where()}.")

    # -- transaction body

    def _start_payment(self, st: _Segment, gs: _Segment) -> None:
        text = self.values.text
        self.transactions += 1
        self.payment = {
            "transaction": self.transactions, "control_number": text(st.get(2)), "sender": text(gs.get(2)),
            "handling": "", "amount": None, "credit_debit": "", "method": "", "paid_on": None,
            "trace_number": "", "payer_tax_id": "", "production_date": None, "payer_name": "", "payer_id": "",
            "payee_name": "", "payee_id_qualifier": "", "payee_id": "",
        }
        self.claim = self.line = None
        self.party = ""
        self._seen_bpr = self._in_body = False
        self._paid_total = self._plb_total = _ZERO

    def _open_payment(self, seg: _Segment) -> _PaymentRow:
        """The transaction being read; every body segment sits inside one (between ST and SE)."""
        if self.payment is None:  # pragma: no cover - feed() checks this before any body segment
            raise X12Error(f"{seg.where()} sits outside any transaction set (between ST and SE).")
        return self.payment

    def _end_payment(self, se: _Segment) -> None:
        p = self.payment
        if p is None or p["amount"] is None:
            raise X12Error(f"{se.where()}: the transaction has no BPR segment (the payment amount and method).")
        self._close_claim()
        net = self._paid_total - self._plb_total  # owed: claim payments less provider-level adjustments
        expected = -net if p["credit_debit"] == "D" else net
        if p["amount"] != expected:
            self.warnings.append(f"Transaction {p['control_number']}: BPR02 is {p['amount']} but the claim payments "
                                 f"({self._paid_total}) less provider adjustments ({self._plb_total}) come to {net}.")
        self._payments.row(p)
        self.completed += 1
        self.payment = None

    def _close_line(self) -> None:
        if self.line is None:
            return
        ln = self.line
        adjusted = self._line_adjusted
        if ln["charge"] - ln["paid"] != adjusted:
            self.warnings.append(f"Claim {ln['claim_id']} line {ln['line']} ({ln['procedure']}): charge {ln['charge']} "
                                 f"minus payment {ln['paid']} is {ln['charge'] - ln['paid']}, but its adjustments add "
                                 f"up to {adjusted}.")
        ln["remarks"] = self.values.text(ln["remarks"])
        self._lines.row(ln)
        self.line = None

    def _close_claim(self) -> None:
        self._close_line()
        if self.claim is None:
            return
        c = self.claim
        adjusted = self._claim_adjusted
        if c["charge"] - c["paid"] != adjusted:
            self.warnings.append(f"Claim {c['claim_id']}: charge {c['charge']} minus payment {c['paid']} is "
                                 f"{c['charge'] - c['paid']}, but the claim and line adjustments add up to {adjusted}.")
        c["remarks"] = self.values.text(c["remarks"])
        self._claims.row(c)
        self.claim = None

    def _body(self, seg: _Segment) -> None:
        sid = seg.id
        p = self._open_payment(seg)
        values = self.values
        text = values.text
        if sid == "BPR":
            if self.claim is not None or self._seen_bpr:
                raise X12Error(f"{seg.where()}: a second BPR in one transaction.")
            self._seen_bpr = self._in_body = True
            p["handling"] = text(seg.get(1))
            p["amount"] = values.amount(seg, 2, "total payment")
            p["credit_debit"] = text(seg.get(3))
            p["method"] = text(seg.get(4))
            if seg.get(16):
                p["paid_on"] = values.date(seg, seg.get(16), "BPR16 (payment date)")
            return
        if not self._seen_bpr:
            raise X12Error(f"{seg.where()}: the transaction must start with BPR (the payment), not {sid}.")
        self._fast[sid](seg)

    # the segments of a transaction after its BPR (feed() calls these directly)

    def _trn(self, seg: _Segment) -> None:
        p = self._open_payment(seg)
        p["trace_number"], p["payer_tax_id"] = seg.get(2), self.values.text(seg.get(3))

    def _n1(self, seg: _Segment) -> None:
        p = self._open_payment(seg)
        text = self.values.text
        self.party = seg.get(1)
        if self.party == "PR":
            p["payer_name"], p["payer_id"] = text(seg.get(2)), text(seg.get(4))
        elif self.party == "PE":
            p["payee_name"], p["payee_id_qualifier"] = text(seg.get(2)), text(seg.get(3))
            p["payee_id"] = text(seg.get(4))

    def _ref(self, seg: _Segment) -> None:
        claim = self.claim
        if claim is None:
            p = self._open_payment(seg)
            if self.party == "PR" and seg.get(1) == "2U" and not p["payer_id"]:
                p["payer_id"] = self.values.text(seg.get(2))
            return
        line = self.line
        if line is not None and seg.get(1) == "6R":
            line["line_control"] = seg.get(2)

    def _dtm(self, seg: _Segment) -> None:
        claim = self.claim
        elements = seg.elements
        n = len(elements)
        qualifier = elements[1] if n > 1 else ""
        value = elements[2] if n > 2 else ""
        values = self.values
        if claim is None:
            if qualifier == "405" and value:
                self._open_payment(seg)["production_date"] = values.date(seg, value, "DTM02 (production date)")
            return
        if not value:
            raise X12Error(f"{seg.where()}: DTM02 (the date) is empty.")
        day = values.dates.get(value)
        if day is None:
            day = values.date(seg, value, f"DTM02 (date qualifier {qualifier})")
        line = self.line
        if line is not None:
            if qualifier == "472" or qualifier == "150":
                line["service_date"] = day
            elif qualifier == "151":
                line["service_end"] = day
        elif qualifier == "050":
            claim["received"] = day
        elif qualifier == "232":
            claim["statement_from"] = day
        elif qualifier == "233":
            claim["statement_to"] = day

    def _plb_segment(self, seg: _Segment) -> None:
        self._close_claim()
        self._plb(seg)

    def _detail(self, seg: _Segment) -> None:
        if self.claim is not None:
            self._claim_detail(seg, self.claim)

    def _clp(self, seg: _Segment) -> None:
        self._close_claim()
        if not seg.get(1):
            raise X12Error(f"{seg.where()}: CLP01 (the claim ID the provider sent) is empty.")
        status = seg.get(2)
        if not status:
            raise X12Error(f"{seg.where()}: CLP02 (claim status) is empty.")
        p = self._open_payment(seg)
        values = self.values
        text = values.text
        self.claim_count += 1
        claim: _ClaimRow = {
            "claim_key": self.claim_count, "transaction": p["transaction"], "claim_id": seg.get(1),
            "status": text(status), "status_text": CLAIM_STATUS.get(status, "status code not in the book's list"),
            "charge": values.amount(seg, 3, "total claim charge"), "paid": values.amount(seg, 4, "claim payment"),
            "patient_responsibility": values.amount(seg, 5, "patient responsibility", required=False) or _ZERO,
            "filing_indicator": text(seg.get(6)), "payer_claim_id": seg.get(7), "facility_code": text(seg.get(8)),
            "frequency": text(seg.get(9)), "patient_last": "", "patient_first": "", "member_id": "",
            "insured_last": "", "insured_first": "", "insured_id": "", "rendering_npi": "", "crossover_payer": "",
            "received": None, "statement_from": None, "statement_to": None, "remarks": "",
            "payer_name": p["payer_name"], "payee_id": p["payee_id"], "paid_on": p["paid_on"],
            "trace_number": p["trace_number"],
        }
        self.claim = claim
        self._paid_total += claim["paid"]
        self._claim_adjusted = _ZERO
        self._claim_lines = 0

    def _cas(self, seg: _Segment) -> None:
        claim = self.claim
        if claim is None:
            raise X12Error(f"{seg.where()}: a CAS adjustment before any CLP claim.")
        group = seg.get(1)
        if group not in ("CO", "PR", "OA", "PI", "CR"):
            raise X12Error(f"{seg.where()}: CAS01 is {group!r}; the group code must be CO, PR, OA or PI.")
        values = self.values
        money = values.money
        group = values.text(group)
        add = self._adjustments.values
        elements = seg.elements
        n = len(elements)
        found = False
        for start in range(2, 20, 3):
            if start >= n:
                break  # the rest is empty
            reason = elements[start]
            if not reason:
                if start + 1 < n and elements[start + 1]:
                    raise X12Error(f"{seg.where()}: an amount in CAS{start + 1:02d} with no reason code before it.")
                continue
            value = money.get(elements[start + 1]) if start + 1 < n else None
            if value is None:
                value = values.amount(seg, start + 1, f"adjustment amount for reason {reason}")
            qty = values.amount(seg, start + 2, "adjustment quantity", required=False, money=False) if (
                start + 2 < n and elements[start + 2]) else None
            line = self.line
            if line is None:
                add(claim["claim_key"], claim["transaction"], claim["claim_id"], None, None, "claim", "", group,
                    values.text(reason), value, qty, claim["status"])
            else:
                add(claim["claim_key"], claim["transaction"], claim["claim_id"], line["line_key"], line["line"],
                    "line", line["procedure"], group, values.text(reason), value, qty, claim["status"])
                self._line_adjusted += value
            self._claim_adjusted += value
            found = True
        if not found:
            raise X12Error(f"{seg.where()}: a CAS with no reason code and amount.")

    def _svc(self, seg: _Segment) -> None:
        claim = self.claim
        if claim is None:
            raise X12Error(f"{seg.where()}: a service line (SVC) before any CLP claim.")
        self._close_line()
        composite = seg.get(1)
        parts = composite.split(self.component) if composite else []
        if len(parts) < 2 or not parts[1]:
            raise X12Error(f"{seg.where()}: SVC01 {composite!r} should be a qualifier and a code, e.g. "
                           f"HC{self.component}99213.")
        values = self.values
        text = values.text
        original = seg.get(6).split(self.component) if seg.get(6) else []
        units = values.amount(seg, 5, "units paid", required=False, money=False)
        self._claim_lines += 1
        self._line_adjusted = _ZERO
        self.line_count += 1
        line: _LineRow = {
            "line_key": self.line_count, "claim_key": claim["claim_key"], "claim_id": claim["claim_id"],
            "line": self._claim_lines, "qualifier": text(parts[0]), "procedure": text(parts[1]),
            "modifiers": text(",".join(m for m in parts[2:6] if m)), "charge": values.amount(seg, 2, "line charge"),
            "paid": values.amount(seg, 3, "line payment"), "revenue_code": text(seg.get(4)),
            "units": units if units is not None else _ONE,
            "original_procedure": text(original[1]) if len(original) > 1 else "",
            "original_units": values.amount(seg, 7, "original units", required=False, money=False),
            "service_date": None, "service_end": None, "line_control": "", "allowed": None, "remarks": "",
        }
        self.line = line

    def _claim_detail(self, seg: _Segment, c: _ClaimRow) -> None:
        """NM1, AMT, LQ, MOA and MIA inside a claim (DTM and REF have their own readers)."""
        ln, sid = self.line, seg.id
        values = self.values
        text = values.text
        if sid == "NM1":
            if ln is not None:
                raise X12Error(f"{seg.where()}: a name (NM1) inside a service line; names belong to the claim.")
            kind = seg.get(1)
            if kind == "QC":
                c["patient_last"], c["patient_first"] = text(seg.get(3)), text(seg.get(4))
                c["member_id"] = seg.get(9)
            elif kind == "IL":
                c["insured_last"], c["insured_first"] = text(seg.get(3)), text(seg.get(4))
                c["insured_id"] = seg.get(9)
            elif kind == "82":
                c["rendering_npi"] = text(seg.get(9))
            elif kind == "TT":
                c["crossover_payer"] = text(seg.get(3))
        elif sid == "AMT" and ln is not None and seg.get(1) == "B6":
            ln["allowed"] = values.amount(seg, 2, "allowed amount")
        elif sid == "LQ":
            if ln is None:
                raise X12Error(f"{seg.where()}: a remark (LQ) outside a service line.")
            ln["remarks"] = ",".join(x for x in (ln["remarks"], seg.get(2)) if x)
        elif sid in ("MOA", "MIA") and ln is None:
            codes = [seg.get(i) for i in range(1, 25) if _REMARK_CODE.fullmatch(seg.get(i) or "")]
            c["remarks"] = ",".join(x for x in (c["remarks"], *codes) if x)

    def _plb(self, seg: _Segment) -> None:
        p = self._open_payment(seg)
        values = self.values
        fiscal = values.date(seg, seg.get(2), "PLB02 (fiscal period date)") if seg.get(2) else None
        found = False
        for start in range(3, 15, 2):
            composite = seg.get(start)
            if not composite:
                continue
            reason, _, reference = composite.partition(self.component)
            adjustment = values.amount(seg, start + 1, f"provider adjustment amount for {reason}")
            self._plbs.values(p["transaction"], values.text(seg.get(1)), fiscal, values.text(reason), reference,
                              adjustment)
            self._plb_total += adjustment
            found = True
        if not found:
            raise X12Error(f"{seg.where()}: a PLB with no adjustment in it.")


# --------------------------------------------------------------------------- reading


def _run(source: Source, parser: _Parser, every: int = 0) -> Iterator[None]:
    """Feed the source's segments to the parser; with ``every``, pause after each ``every`` transactions.

    Errors come in the order a whole-file read finds them (see :mod:`revcycle.x12.stream`): a problem the
    parser finds is held while the rest of the file is split, since a syntax problem further on (or a NUL
    byte, non-text, the size) is what a whole-file read reports first. Nothing is yielded after a problem.
    """
    pending: X12Error | None = None
    failure: X12Error | None = None
    try:
        for kind, segs in segments(source.blocks()):
            if pending is not None:
                continue
            try:
                if kind == BODY:
                    i = 0
                    while i < len(segs):
                        i = parser.feed(segs, i, every)
                        if every and parser.completed >= every:
                            yield
                elif kind == BEGIN:
                    parser.begin(segs[0])
                else:
                    parser.finish(segs[0])
            except X12Error as exc:
                pending = exc
    except X12Error as exc:
        failure = exc
    if failure is not None:
        source.drain()  # a size, NUL or not-text problem further on is reported first
        raise failure
    if pending is not None:
        raise pending


def _content_source(data: object, max_bytes: int) -> Source:
    """A source for read_835's argument: text or bytes already in memory."""
    if isinstance(data, bytes | bytearray | memoryview):
        return ByteSource.of_bytes(bytes(data) if not isinstance(data, bytes) else data, max_bytes,
                                   lambda size: f"The file is {(size or 0) / 1e6:.1f} MB, more than the "
                                   f"{max_bytes / 1e6:.0f} MB read_835 reads at once. Split it into smaller files "
                                   "(one per check), or pass a larger max_bytes, or read it from disk with "
                                   "read_835_file(path), which reads one transaction at a time.")
    if not isinstance(data, str):
        raise X12Error(f"read_835() takes the file's text (str or bytes), not a {type(data).__name__}. "
                       "To read a file: read_835(open(path, 'rb').read()), or read_835_file(path).")
    return TextSource(data, max_bytes,
                      lambda size: f"The text has {size / 1e6:.1f} million characters, more than the "
                      f"{max_bytes / 1e6:.0f} MB read_835 reads at once. Split it into smaller files, or pass a "
                      "larger max_bytes, or read it from disk with read_835_file(path).")


def read_835(text: str | bytes, *, max_bytes: int = MAX_BYTES) -> Remittance:
    """Read an 835 file's text (or bytes) into a :class:`Remittance` of tidy tables.

    Raises X12Error with the segment number, its ID and character position for anything that is not a
    well-formed 005010X221A1 remittance (truncated files, wrong delimiters, other versions or transaction
    types, garbage). ``max_bytes`` guards against reading a huge file into memory by accident; a big file on
    disk is better read with :func:`read_835_file` (same tables, far less memory).
    """
    source = _content_source(text, max_bytes)
    parser = _Parser()
    for _ in _run(source, parser):
        pass  # pragma: no cover - _run pauses only when asked to
    return parser.take()


def _check_file(file: object, max_bytes: int | None, name: str) -> None:
    """Refuse what is not a path or a readable file, and a max_bytes that is not a size."""
    if max_bytes is not None and (not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes < 0):
        raise X12Error(f"{name}(): max_bytes must be a number of bytes (or None for no limit), not {max_bytes!r}.")
    if isinstance(file, str) and (len(file) > 4096 or "\n" in file or re.match(r"\s*ISA\W", file)) and not (
            len(file) < 4096 and os.path.exists(file)):
        raise X12Error(f"{name}() takes a path or an open file, and this is the text of an X12 file (it starts "
                       f"{file.lstrip()[:12]!r}): read text in memory with read_835(text).")
    if not isinstance(file, str | os.PathLike) and not callable(getattr(file, "read", None)):
        hint = " (to read text or bytes in memory, use read_835(data))" if isinstance(
            file, bytes | bytearray | memoryview) else ""
        raise X12Error(f"{name}() takes a path or a file opened in binary mode (open(path, 'rb')), not a "
                       f"{type(file).__name__}{hint}.")


def _file_source(file: object, max_bytes: int | None, name: str) -> tuple[Source, IO[bytes] | None]:
    """A source for a path or an open file; the file to close when the path was opened here."""
    _check_file(file, max_bytes, name)

    def too_big(size: int | None) -> str:
        limit = max_bytes or 0
        suggest = max(2 * limit, (size or 0) + 1)
        how = (f"raise the limit: {name}(path, max_bytes={suggest:_}) (or max_bytes=None for none); iter_835(path) "
               "reads any size one transaction at a time in little memory")
        if size is None:
            return (f"The file is more than the limit of max_bytes={limit:_} ({limit / 1e6:.0f} MB) that {name} "
                    f"reads unless told otherwise. To read it, {how}.")
        return (f"The file is {size / 1e6:.1f} MB, more than the limit of max_bytes={limit:_} ({limit / 1e6:.0f} "
                f"MB) that {name} reads unless told otherwise. To read it, {how}.")

    if isinstance(file, str | os.PathLike):
        handle: IO[bytes] = open(file, "rb")  # noqa: SIM115 - closed by the caller
        try:
            return ByteSource.of_file(handle, max_bytes, too_big), handle
        except BaseException:
            handle.close()
            raise
    return ByteSource.of_file(file, max_bytes, too_big), None  # type: ignore[arg-type]


def read_835_file(file: str | os.PathLike[str] | IO[bytes], *,
                  max_bytes: int | None = FILE_MAX_BYTES) -> Remittance:
    """Read an 835 file from disk (a path, or a file opened with ``open(path, 'rb')``) into a :class:`Remittance`.

    The same tables, warnings and errors as ``read_835(open(path, 'rb').read())``, but the file is read
    block by block and one transaction at a time, so memory holds the tables being built plus one block,
    never the whole text. ``max_bytes`` (default 200 MB) refuses a larger file with an X12Error (an
    InputError) saying its size and how to raise the limit; ``max_bytes=None`` reads any size. To keep memory
    small however big the file, use :func:`iter_835`, which hands the tables out a transaction at a time.
    """
    source, handle = _file_source(file, max_bytes, "read_835_file")
    try:
        parser = _Parser()
        for _ in _run(source, parser):
            pass  # pragma: no cover - _run pauses only when asked to
        return parser.take()
    finally:
        if handle is not None:
            handle.close()


def iter_835(file: str | os.PathLike[str] | IO[bytes], *, transactions: int = 1,
             max_bytes: int | None = FILE_MAX_BYTES) -> Iterator[Remittance]:
    """Read an 835 file one transaction (one check or EFT) at a time: a :class:`Remittance` for each.

    ``transactions=n`` puts n transactions in each Remittance (the last may hold fewer); bigger batches are
    faster, since each Remittance builds its own DataFrames. Keys (``transaction``, ``claim_key``,
    ``line_key``) count through the whole file, so concatenating the tables gives ``read_835_file``'s. The
    file is checked as it is read: a problem raises X12Error when it is reached (the same error read_835 gives
    for the whole file), after the Remittances before it have been handed out, so a caller that must not post
    part of a bad file should read it with :func:`read_835_file` first, or post only after the loop ends.
    """
    if isinstance(transactions, bool) or not isinstance(transactions, int) or transactions < 1:
        raise X12Error(f"iter_835(): transactions must be a whole number of at least 1, not {transactions!r}.")
    _check_file(file, max_bytes, "iter_835")
    return _iter_835(file, transactions, max_bytes)


def _iter_835(file: str | os.PathLike[str] | IO[bytes], transactions: int,
              max_bytes: int | None) -> Iterator[Remittance]:
    source, handle = _file_source(file, max_bytes, "iter_835")
    try:
        parser = _Parser()
        for _ in _run(source, parser, transactions):
            yield parser.take()
        if parser.completed:
            yield parser.take()
    finally:
        if handle is not None:
            handle.close()
