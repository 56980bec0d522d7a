"""Read 835 remittance advice files (ASC X12 005010X221A1) into tidy pandas tables.

``read_835(text)`` returns a :class:`Remittance` with one table per kind of thing in the file: payments (one
row per check or EFT), claims (one row per CLP), lines (one row per SVC), adjustments (one row per CAS group,
reason and amount) and provider-level adjustments (PLB). Money stays ``Decimal``. Files that are not 835s, are
cut short, use another version or hold garbage raise :class:`X12Error` naming the segment or position; the
reader never lets a Python traceback escape for bad input. Balancing problems (charge minus payment not
matching the adjustments, a check total that does not add up) are reported in ``Remittance.warnings``.

Delimiters are read from the ISA segment, so files using other separators than ``*``, ``:`` and ``~`` work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal, TypedDict, overload

import pandas as pd

from revcycle.codes.remit import CLAIM_STATUS
from revcycle.x12.common import X12Error

VERSIONS = ("005010X221A1", "005010X221")
#: Default size limit: larger files should be split by transaction (raise it with max_bytes=...).
MAX_BYTES = 25_000_000
_AMOUNT = re.compile(r"^-?(\d+\.?\d*|\.\d+)$")
_SEG_ID = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")
_VISIBLE = re.compile(r"[^ \t\r\n\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Segments an 835 transaction may contain (others mean the file is not an 835 or is damaged).
_ALLOWED = frozenset({"BPR", "TRN", "CUR", "REF", "DTM", "N1", "N2", "N3", "N4", "PER", "RDM", "LX", "TS3", "TS2",
                      "CLP", "CAS", "NM1", "MIA", "MOA", "AMT", "QTY", "SVC", "LQ", "PLB"})
_ZERO = Decimal("0.00")


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


# --------------------------------------------------------------------------- tokenizing


@dataclass(frozen=True)
class _Segment:
    number: int  # 1-based position in the file
    offset: int  # character offset where the segment starts
    id: str
    elements: list[str]

    def get(self, i: int) -> str:
        return self.elements[i] if i < len(self.elements) else ""

    def where(self) -> str:
        return f"segment {self.number} ({self.id}, character {self.offset})"


def _as_text(data: object, max_bytes: int) -> str:
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > max_bytes:
            raise X12Error(f"The file is {len(raw) / 1e6:.1f} MB, more than the {max_bytes / 1e6:.0f} MB read_835 "
                           "reads at once. Split it into smaller files (one per check), or pass a larger max_bytes.")
        nul = raw.find(b"\x00")
        if nul >= 0:
            raise X12Error(f"Byte {nul} is a NUL (0x00): this is binary data, not an X12 text file.")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise X12Error(f"Byte {exc.start} (0x{raw[exc.start]:02x}) is not text: this is not an X12 file "
                           "(X12 files are plain ASCII text).") from None
    if not isinstance(data, str):
        raise X12Error(f"read_835() takes the file's text (str or bytes), not a {type(data).__name__}. "
                       "To read a file: read_835(open(path, 'rb').read()).")
    if len(data) > max_bytes:
        raise X12Error(f"The text has {len(data) / 1e6:.1f} million characters, more than the {max_bytes / 1e6:.0f} "
                       "MB read_835 reads at once. Split it into smaller files, or pass a larger max_bytes.")
    return data


def _interchanges(text: str) -> list[list[_Segment]]:
    """Split the text into segments, one list per ISA...IEA interchange, using each ISA's delimiters."""
    out: list[list[_Segment]] = []
    pos = 0
    number = 0
    while True:
        visible = _VISIBLE.search(text, pos)
        if visible is None:
            break
        start = visible.start()
        if not text.startswith("ISA", start):
            shown = text[start:start + 20].encode("unicode_escape").decode("ascii")
            if not out:
                raise X12Error(f"The file does not start with an ISA segment (it starts with '{shown}'): it is not "
                               "an X12 file, or something was added before the ISA.")
            raise X12Error(f"After the IEA at character {pos} there is '{shown}' instead of another ISA segment.")
        if len(text) - start < 106:
            raise X12Error(f"The file is cut short inside the ISA segment at character {start}: an ISA has exactly "
                           f"106 characters and only {len(text) - start} are there.")
        isa_text = text[start:start + 106]
        bad = _CONTROL.search(isa_text)
        if bad:
            raise X12Error(f"Character {start + bad.start()} inside the ISA segment is a control character "
                           f"(0x{ord(bad.group()):02x}): this is not an X12 text file.")
        sep = isa_text[3]
        parts = isa_text[:-1].split(sep)
        if sep.isalnum() or sep.isspace() or len(parts) != 17:
            raise X12Error(f"The ISA segment at character {start} does not have 16 elements separated by {sep!r}. "
                           "An ISA is 106 fixed-width characters; the delimiters may be wrong or the ISA damaged.")
        component, terminator = parts[16], isa_text[105]
        if len(component) != 1 or terminator.isalnum() or component == sep or terminator in (sep, component, " "):
            raise X12Error(f"The ISA segment at character {start} defines unusable delimiters (element {sep!r}, "
                           f"component {component!r}, segment terminator {terminator!r}).")
        if parts[12] != "00501":
            raise X12Error(f"ISA12 (the interchange version, in the ISA segment at character {start}) is "
                           f"{parts[12]!r}: read_835 reads version 005010 files (ISA12 '00501') only; older 004010 "
                           "remittances use a different layout.")
        found = re.compile(re.escape(terminator) + r"[ \t\r\n]*IEA" + re.escape(sep)).search(text, start)
        end = found.end() if found else -1
        if end < 0:
            stop = len(text)
        else:
            close = text.find(terminator, end)
            if close < 0:
                raise X12Error(f"The IEA segment at character {end - 4} has no segment terminator "
                               f"{terminator!r} after it: the file is cut short.")
            stop = close + 1
        chunk = text[start:stop]
        segments: list[_Segment] = []
        offset = start
        for raw in chunk.split(terminator):
            stripped = raw.strip(" \r\n\t")
            if stripped:
                number += 1
                seg_offset = offset + (len(raw) - len(raw.lstrip(" \r\n\t")))
                bad = _CONTROL.search(stripped)
                if bad:
                    raise X12Error(f"Segment {number} (character {seg_offset + bad.start()}) contains a control "
                                   f"character (0x{ord(bad.group()):02x}): the file is damaged or not text.")
                elements = stripped.split(sep)
                seg_id = elements[0]
                if not _SEG_ID.match(seg_id):
                    shown = stripped[:20].encode("unicode_escape").decode("ascii")
                    raise X12Error(f"Segment {number} (character {seg_offset}) starts with '{shown}', which is not a "
                                   f"segment ID: the delimiters may be wrong (this file says elements are split by "
                                   f"{sep!r} and segments end with {terminator!r}).")
                segments.append(_Segment(number, seg_offset, seg_id, elements))
            offset += len(raw) + 1
        out.append(segments)
        pos = stop
        if end < 0:
            break
    if not out:
        raise X12Error("The file is empty: an 835 starts with an ISA segment.")
    return out


# --------------------------------------------------------------------------- values


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
    if not _AMOUNT.match(value):
        raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is {value!r}, which is not an amount.")
    try:
        number = Decimal(value)
        return number.quantize(_ZERO) if money and number == number.quantize(_ZERO) else number
    except InvalidOperation:  # pragma: no cover - the pattern already rules this out
        raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is {value!r}, which is not an amount.") from None


def _date(seg: _Segment, value: str, what: str) -> date:
    if len(value) != 8 or not value.isdigit():
        raise X12Error(f"{seg.where()}: {what} is {value!r}; dates are written CCYYMMDD, e.g. 20260315.")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise X12Error(f"{seg.where()}: {what} is {value!r}, which is not a real date.") from None


# --------------------------------------------------------------------------- rows
# One TypedDict per table: the parser fills these rows, _frame() turns each list of them into a DataFrame.


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


class _AdjustmentRow(TypedDict):
    claim_key: int
    transaction: int
    claim_id: str
    line_key: int | None  # None for a claim-level adjustment
    line: int | None
    level: Literal["line", "claim"]
    procedure: str
    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None
    claim_status: str


class _ProviderAdjustmentRow(TypedDict):
    transaction: int
    provider_id: str
    fiscal_date: date | None
    reason: str
    reference: str
    amount: Decimal


# --------------------------------------------------------------------------- parsing


class _Parser:
    """Walks the segments of one file, keeping the loop it is in, and fills the table rows."""

    def __init__(self) -> None:
        self.payments: list[_PaymentRow] = []
        self.claims: list[_ClaimRow] = []
        self.lines: list[_LineRow] = []
        self.adjustments: list[_AdjustmentRow] = []
        self.plb: list[_ProviderAdjustmentRow] = []
        self.warnings: list[str] = []
        self.payment: _PaymentRow | None = None  # the open transaction (between ST and SE)
        self.claim: _ClaimRow | None = None
        self.line: _LineRow | None = None
        self.party = ""  # "PR" or "PE" after an N1
        self.st_count = 0
        self.st_start: _Segment | None = None
        self.component = ":"
        self._seen_bpr = False
        self._paid_total = self._plb_total = _ZERO  # running totals of the open transaction
        self._claim_adjusted = self._line_adjusted = _ZERO
        self._claim_lines = 0

    # -- envelope

    def _interchange(self, segs: list[_Segment]) -> None:
        isa = segs[0]
        gs_open: _Segment | None = None
        groups = 0
        st_in_group = 0
        closed = False
        for seg in segs[1:]:
            if closed:
                raise X12Error(f"{seg.where()} comes after the IEA that closed the interchange.")
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
                gs_open, groups, st_in_group = seg, groups + 1, 0
            elif seg.id == "GE":
                if gs_open is None:
                    raise X12Error(f"{seg.where()}: a GE without a GS before it.")
                if self.st_start is not None:
                    raise X12Error(f"{seg.where()}: the group ends but transaction {self.st_start.get(2)!r} "
                                   f"(started at {self.st_start.where()}) has no SE: the file is damaged.")
                if seg.get(2) != gs_open.get(6):
                    raise X12Error(f"{seg.where()}: GE02 {seg.get(2)!r} does not match GS06 {gs_open.get(6)!r}.")
                if seg.get(1) != str(st_in_group):
                    raise X12Error(f"{seg.where()}: GE01 says {seg.get(1)!r} transaction sets but the group has "
                                   f"{st_in_group}: transactions are missing or the count is wrong.")
                gs_open = None
            elif seg.id == "IEA":
                if gs_open is not None:
                    raise X12Error(f"{seg.where()}: the interchange ends but the group at {gs_open.where()} has no "
                                   "GE: the file is damaged.")
                if seg.get(2) != isa.get(13):
                    raise X12Error(f"{seg.where()}: IEA02 {seg.get(2)!r} does not match ISA13 {isa.get(13)!r}.")
                if seg.get(1) != str(groups):
                    raise X12Error(f"{seg.where()}: IEA01 says {seg.get(1)!r} groups but the interchange has "
                                   f"{groups}.")
                closed = True
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
                st_in_group += 1
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
            elif seg.id in ("ISA", "TA1"):
                raise X12Error(f"{seg.where()}: an {seg.id} inside an interchange; the previous interchange has "
                               "no IEA.")
            else:
                if self.st_start is None:
                    raise X12Error(f"{seg.where()} sits outside any transaction set (between ST and SE).")
                if seg.id not in _ALLOWED:
                    raise X12Error(f"{seg.where()}: {seg.id} is not a segment of an 835 remittance; the file may be "
                                   "another transaction type or damaged.")
                self.st_count += 1
                self._body(seg)
        last = segs[-1]
        if self.st_start is not None:
            raise X12Error(f"The file ends inside transaction {self.st_start.get(2)!r} (started at "
                           f"{self.st_start.where()}) with no SE: it is cut short after {last.where()}.")
        if gs_open is not None:
            raise X12Error(f"The file ends inside the functional group started at {gs_open.where()} with no GE: it "
                           f"is cut short after {last.where()}.")
        if not closed:
            raise X12Error(f"The file ends with no IEA: it is cut short after {last.where()}.")

    # -- transaction body

    def _start_payment(self, st: _Segment, gs: _Segment) -> None:
        self.payment = {
            "transaction": len(self.payments) + 1, "control_number": st.get(2), "sender": gs.get(2),
            "handling": "", "amount": None, "credit_debit": "", "method": "", "paid_on": None,
            "trace_number": "", "payer_tax_id": "", "production_date": None, "payer_name": "", "payer_id": "",
            "payee_name": "", "payee_id_qualifier": "", "payee_id": "",
        }
        self.claim = self.line = None
        self.party = ""
        self._seen_bpr = False
        self._paid_total = self._plb_total = _ZERO

    def _open_payment(self, seg: _Segment) -> _PaymentRow:
        """The transaction being read; every body segment sits inside one (between ST and SE)."""
        if self.payment is None:  # pragma: no cover - _interchange checks this before any body segment
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
        self.payments.append(p)
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
        self.claim = None

    def _body(self, seg: _Segment) -> None:
        sid = seg.id
        p = self._open_payment(seg)
        if sid == "BPR":
            if self.claim is not None or self._seen_bpr:
                raise X12Error(f"{seg.where()}: a second BPR in one transaction.")
            self._seen_bpr = True
            p["handling"] = seg.get(1)
            p["amount"] = _amount(seg, 2, "total payment")
            p["credit_debit"] = seg.get(3)
            p["method"] = seg.get(4)
            if seg.get(16):
                p["paid_on"] = _date(seg, seg.get(16), "BPR16 (payment date)")
            return
        if not self._seen_bpr:
            raise X12Error(f"{seg.where()}: the transaction must start with BPR (the payment), not {sid}.")
        if sid == "TRN":
            p["trace_number"], p["payer_tax_id"] = seg.get(2), seg.get(3)
        elif sid == "N1":
            self.party = seg.get(1)
            if self.party == "PR":
                p["payer_name"], p["payer_id"] = seg.get(2), seg.get(4)
            elif self.party == "PE":
                p["payee_name"], p["payee_id_qualifier"], p["payee_id"] = seg.get(2), seg.get(3), seg.get(4)
        elif sid == "REF" and self.claim is None and self.party == "PR" and seg.get(1) == "2U" and not p["payer_id"]:
            p["payer_id"] = seg.get(2)
        elif sid == "DTM" and self.claim is None:
            if seg.get(1) == "405" and seg.get(2):
                p["production_date"] = _date(seg, seg.get(2), "DTM02 (production date)")
        elif sid == "CLP":
            self._clp(seg)
        elif sid == "CAS":
            self._cas(seg)
        elif sid == "SVC":
            self._svc(seg)
        elif sid == "PLB":
            self._close_claim()
            self._plb(seg)
        elif self.claim is not None:
            self._claim_detail(seg, self.claim)

    def _clp(self, seg: _Segment) -> None:
        self._close_claim()
        if not seg.get(1):
            raise X12Error(f"{seg.where()}: CLP01 (the claim ID the provider sent) is empty.")
        status = seg.get(2)
        if not status:
            raise X12Error(f"{seg.where()}: CLP02 (claim status) is empty.")
        p = self._open_payment(seg)
        claim: _ClaimRow = {
            "claim_key": len(self.claims) + 1, "transaction": p["transaction"], "claim_id": seg.get(1),
            "status": status, "status_text": CLAIM_STATUS.get(status, "status code not in the book's list"),
            "charge": _amount(seg, 3, "total claim charge"), "paid": _amount(seg, 4, "claim payment"),
            "patient_responsibility": _amount(seg, 5, "patient responsibility", required=False) or _ZERO,
            "filing_indicator": seg.get(6), "payer_claim_id": seg.get(7), "facility_code": seg.get(8),
            "frequency": seg.get(9), "patient_last": "", "patient_first": "", "member_id": "", "insured_last": "",
            "insured_first": "", "insured_id": "", "rendering_npi": "", "crossover_payer": "", "received": None,
            "statement_from": None, "statement_to": None, "remarks": "", "payer_name": p["payer_name"],
            "payee_id": p["payee_id"], "paid_on": p["paid_on"], "trace_number": p["trace_number"],
        }
        self.claim = claim
        self.claims.append(claim)
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
        found = False
        for start in range(2, 20, 3):
            reason = seg.get(start)
            if not reason:
                if seg.get(start + 1):
                    raise X12Error(f"{seg.where()}: an amount in CAS{start + 1:02d} with no reason code before it.")
                continue
            value = _amount(seg, start + 1, f"adjustment amount for reason {reason}")
            qty = _amount(seg, start + 2, "adjustment quantity", required=False, money=False)
            line = self.line
            self.adjustments.append({
                "claim_key": claim["claim_key"], "transaction": claim["transaction"],
                "claim_id": claim["claim_id"], "line_key": line["line_key"] if line else None,
                "line": line["line"] if line else None, "level": "line" if line else "claim",
                "procedure": line["procedure"] if line else "", "group": group, "reason": reason, "amount": value,
                "quantity": qty, "claim_status": claim["status"],
            })
            self._claim_adjusted += value
            if line is not None:
                self._line_adjusted += value
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
        original = seg.get(6).split(self.component) if seg.get(6) else []
        units = _amount(seg, 5, "units paid", required=False, money=False)
        self._claim_lines += 1
        self._line_adjusted = _ZERO
        n = self._claim_lines
        line: _LineRow = {
            "line_key": len(self.lines) + 1, "claim_key": claim["claim_key"], "claim_id": claim["claim_id"],
            "line": n, "qualifier": parts[0], "procedure": parts[1],
            "modifiers": ",".join(m for m in parts[2:6] if m), "charge": _amount(seg, 2, "line charge"),
            "paid": _amount(seg, 3, "line payment"), "revenue_code": seg.get(4),
            "units": units if units is not None else Decimal(1),
            "original_procedure": original[1] if len(original) > 1 else "",
            "original_units": _amount(seg, 7, "original units", required=False, money=False), "service_date": None,
            "service_end": None, "line_control": "", "allowed": None, "remarks": "",
        }
        self.line = line
        self.lines.append(line)

    def _claim_detail(self, seg: _Segment, c: _ClaimRow) -> None:
        ln, sid = self.line, seg.id
        if sid == "NM1":
            if ln is not None:
                raise X12Error(f"{seg.where()}: a name (NM1) inside a service line; names belong to the claim.")
            kind = seg.get(1)
            if kind == "QC":
                c["patient_last"], c["patient_first"] = seg.get(3), seg.get(4)
                c["member_id"] = seg.get(9)
            elif kind == "IL":
                c["insured_last"], c["insured_first"], c["insured_id"] = seg.get(3), seg.get(4), seg.get(9)
            elif kind == "82":
                c["rendering_npi"] = seg.get(9)
            elif kind == "TT":
                c["crossover_payer"] = seg.get(3)
        elif sid == "DTM":
            qualifier, value = seg.get(1), seg.get(2)
            if not value:
                raise X12Error(f"{seg.where()}: DTM02 (the date) is empty.")
            day = _date(seg, value, f"DTM02 (date qualifier {qualifier})")
            if ln is not None:
                if qualifier in ("472", "150"):
                    ln["service_date"] = day
                elif qualifier == "151":
                    ln["service_end"] = day
            elif qualifier == "050":
                c["received"] = day
            elif qualifier == "232":
                c["statement_from"] = day
            elif qualifier == "233":
                c["statement_to"] = day
        elif sid == "REF" and ln is not None and seg.get(1) == "6R":
            ln["line_control"] = seg.get(2)
        elif sid == "AMT" and ln is not None and seg.get(1) == "B6":
            ln["allowed"] = _amount(seg, 2, "allowed amount")
        elif sid == "LQ":
            if ln is None:
                raise X12Error(f"{seg.where()}: a remark (LQ) outside a service line.")
            ln["remarks"] = ",".join(x for x in (ln["remarks"], seg.get(2)) if x)
        elif sid in ("MOA", "MIA") and ln is None:
            codes = [seg.get(i) for i in range(1, 25) if re.fullmatch(r"[A-Z]{1,3}\d{1,4}", seg.get(i) or "")]
            c["remarks"] = ",".join(x for x in (c["remarks"], *codes) if x)

    def _plb(self, seg: _Segment) -> None:
        p = self._open_payment(seg)
        fiscal = _date(seg, seg.get(2), "PLB02 (fiscal period date)") if seg.get(2) else None
        found = False
        for start in range(3, 15, 2):
            composite = seg.get(start)
            if not composite:
                continue
            reason, _, reference = composite.partition(self.component)
            adjustment = _amount(seg, start + 1, f"provider adjustment amount for {reason}")
            self.plb.append({
                "transaction": p["transaction"], "provider_id": seg.get(1), "fiscal_date": fiscal,
                "reason": reason, "reference": reference, "amount": adjustment,
            })
            self._plb_total += adjustment
            found = True
        if not found:
            raise X12Error(f"{seg.where()}: a PLB with no adjustment in it.")


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


def _frame(name: str, rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    columns = _COLUMNS[name]
    frame = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in columns}, columns=list(columns))
    for col in _DATE_COLUMNS.get(name, ()):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    for col in ("claim_key", "transaction", "line"):
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64" if name == "adjustments" and col == "line" else "int64")
    if name == "adjustments":
        frame["line_key"] = frame["line_key"].astype("Int64")
    for col in columns:  # plain text columns as pandas' string type
        if frame[col].dtype == object and all(isinstance(v, str) for v in frame[col]):
            frame[col] = frame[col].astype("str")
    return frame


def read_835(text: str | bytes, *, max_bytes: int = MAX_BYTES) -> Remittance:
    """Read an 835 file's text (or bytes) into a :class:`Remittance` of tidy tables.

    Raises X12Error with the segment number, its ID and character position for anything that is not a
    well-formed 005010X221A1 remittance (truncated files, wrong delimiters, other versions or transaction
    types, garbage). ``max_bytes`` guards against reading a huge file into memory by accident.
    """
    content = _as_text(text, max_bytes)
    parser = _Parser()
    chunks = _interchanges(content)
    for segs in chunks:
        isa = segs[0]
        parser.component = isa.get(16) or ":"
        parser._interchange(segs)
    return Remittance(
        payments=_frame("payments", parser.payments),
        claims=_frame("claims", parser.claims),
        lines=_frame("lines", parser.lines),
        adjustments=_frame("adjustments", parser.adjustments),
        provider_adjustments=_frame("provider_adjustments", parser.plb),
        warnings=parser.warnings,
    )
