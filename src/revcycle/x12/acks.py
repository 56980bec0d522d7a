"""Acknowledgments: what comes back after an 837 is sent, the 999 and the 277CA, read and (for teaching) written.

Two answers come back for every claim file. The **999 implementation acknowledgment** (005010X231A1) checks
the file's *syntax* against the implementation guide: for each transaction set (AK2 ... IK5) and each
functional group (AK9) it says accepted, accepted with errors, partially accepted or rejected, and it points at
every error by location: the segment (IK3: its ID, its position counting ST as 1, its loop) and the element
(IK4: its position, the data element number and a copy of the bad value). The **277CA claim acknowledgment**
(005010X214) comes next and speaks per *claim* (TRN02 is the 837's CLM01, the patient control number): accepted
into the payer's system or rejected, with a status category, a status code and the entity at fault.

``read_999(text)`` and ``read_277ca(text)`` give tidy pandas tables and a ``summary()`` in plain words.
``ack_999_for(text_837, problems)`` and ``ack_277ca_for(claims, rejected=...)`` write acknowledgments for
files and claims the project made, so a notebook can show the whole round trip. Every code meaning below is
the book's own short paraphrase, not the wording of X12's guides or code lists; codes the book does not list
read as "not in the book's list". Bad input raises :class:`X12Error`, never another exception.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from revcycle.claims import Claim
from revcycle.x12.common import (
    COMPONENT,
    DEFAULT_RECEIVER,
    DEFAULT_SUBMITTER,
    Party,
    X12Error,
    amount,
    clean,
    d8,
    isa,
    segment,
)

VERSION_999 = "005010X231A1"
VERSION_277CA = "005010X214"
MAX_BYTES = 25_000_000

# --------------------------------------------------------------------------- code tables (the book's paraphrases)

#: IK304: what is wrong with a segment.
SEGMENT_ERRORS: dict[str, str] = {
    "1": "the segment ID is not one the receiver recognizes",
    "2": "this segment is not expected at this point in the file",
    "3": "a segment the transaction requires is missing",
    "4": "a loop repeats more times than allowed",
    "5": "the segment appears more times than allowed",
    "6": "the segment does not belong to this kind of transaction",
    "7": "the segment is out of order",
    "8": "one or more of its elements have errors",
    "I4": "the guide marks this segment as not used, yet it was sent",
    "I6": "a segment the guide requires in this situation is missing",
    "I7": "a loop appears fewer times than the guide requires",
    "I8": "the segment appears fewer times than the guide requires",
    "I9": "the guide says not to send this segment in this situation, yet it was sent",
}

#: IK403: what is wrong with an element.
ELEMENT_ERRORS: dict[str, str] = {
    "1": "a required element is missing",
    "2": "an element required because of another element's value is missing",
    "3": "the segment has more elements than allowed",
    "4": "the value is shorter than the minimum length",
    "5": "the value is longer than the maximum length",
    "6": "the value contains a character that is not allowed",
    "7": "the value is not one of the allowed codes",
    "8": "the value is not a valid date",
    "9": "the value is not a valid time",
    "10": "two elements are filled that may not be used together",
    "12": "the element repeats more times than allowed",
    "13": "the composite has more components than allowed",
    "I6": "the code exists in X12 but the guide does not allow it here",
    "I9": "an element the guide requires in this situation is missing",
    "I10": "the guide marks this element as not used, yet it has a value",
    "I11": "the element repeats fewer times than the guide requires",
    "I12": "the value does not match the format the guide requires",
    "I13": "the guide says not to send this element in this situation, yet it has a value",
}

#: IK501 (transaction set) and AK901 (functional group; P is used there only): the verdict.
ACK_CODES: dict[str, str] = {
    "A": "accepted",
    "E": "accepted, with errors noted that should be fixed in later files",
    "M": "rejected: a security check (the message authentication code) failed",
    "P": "partially accepted: at least one transaction set in the group was rejected",
    "R": "rejected",
    "W": "rejected: the file failed a security validity check",
    "X": "rejected: the content could not be read after decryption",
}
#: The verdict in one or two words, for tables and summaries.
VERDICTS: dict[str, str] = {"A": "accepted", "E": "accepted with errors", "P": "partially accepted", "R": "rejected",
                            "M": "rejected", "W": "rejected", "X": "rejected"}

#: IK502-IK506: what is wrong with a transaction set as a whole.
TRANSACTION_ERRORS: dict[str, str] = {
    "1": "the receiver does not take this kind of transaction set",
    "2": "the transaction set has no SE trailer",
    "3": "the control numbers in ST and SE differ",
    "4": "the segment count in SE does not match the segments sent",
    "5": "one or more segments have errors",
    "6": "the transaction set ID in ST is missing or wrong",
    "7": "the transaction set control number in ST is missing or wrong",
    "8": "security: the authentication key name is unknown",
    "9": "security: the encryption key name is unknown",
    "10": "security: the requested authentication or encryption is not available",
    "11": "security: the security recipient is unknown",
    "12": "security: the encrypted message has the wrong length",
    "13": "security: the message authentication code failed",
    "15": "security: the security originator is unknown",
    "16": "security: the decrypted text has syntax errors",
    "17": "security is not supported",
    "18": "the transaction set is not inside a functional group",
    "19": "the implementation guide named in ST03 is not valid",
    "23": "the same control number is used twice in the functional group",
    "24": "security: a start segment (S3S) has no matching end segment (S3E)",
    "25": "security: an end segment (S3E) has no matching start segment (S3S)",
    "26": "security: a start segment (S4S) has no matching end segment (S4E)",
    "27": "security: an end segment (S4E) has no matching start segment (S4S)",
    "I5": "one or more segments break the implementation guide's rules",
    "I6": "the receiver does not support the implementation guide the file names",
}

#: AK905-AK909: what is wrong with a functional group as a whole.
GROUP_ERRORS: dict[str, str] = {
    "1": "the receiver does not take this kind of functional group",
    "2": "the receiver does not support this group's version",
    "3": "the functional group has no GE trailer",
    "4": "the control numbers in GS and GE differ",
    "5": "the count of transaction sets in GE does not match the sets sent",
    "6": "the group control number is not valid",
    "10": "security: the authentication key name is unknown",
    "11": "security: the encryption key name is unknown",
    "12": "security: the requested authentication or encryption is not available",
    "13": "security: the security recipient is unknown",
    "14": "security: the security originator is unknown",
    "15": "security: the decrypted text has syntax errors",
    "16": "security is not supported",
    "17": "security: the encrypted message has the wrong length",
    "18": "security: the message authentication code failed",
    "19": "the group control number is used twice in the interchange (meaning not confirmed for 005010)",
    "23": "security: a start segment (S3S) has no matching end segment (S3E)",
    "24": "security: an end segment (S3E) has no matching start segment (S3S)",
    "25": "security: a start segment (S4S) has no matching end segment (S4E)",
    "26": "security: an end segment (S4E) has no matching start segment (S4S)",
}

#: STC01-1 in a 277CA: the claim status category, the first thing to read.
STATUS_CATEGORIES: dict[str, str] = {
    "A0": "forwarded: the claim was passed on to another entity",
    "A1": "received: the claim arrived, which does not yet mean it was accepted",
    "A2": "accepted: the claim entered the payer's adjudication system",
    "A3": "returned as unprocessable: rejected before adjudication",
    "A4": "not found: the payer cannot find the claim",
    "A5": "split: the claim was accepted and split into more than one claim",
    "A6": "rejected because information is missing (the status code says which)",
    "A7": "rejected because information is invalid (the status code says which)",
    "A8": "rejected because two fields that must agree do not",
}
ACCEPTED_CATEGORIES = frozenset({"A0", "A1", "A2", "A5"})
REJECTED_CATEGORIES = frozenset({"A3", "A4", "A6", "A7", "A8"})

#: STC01-2: a few claim status codes often seen in 277CAs (the code list has hundreds).
STATUS_CODES: dict[str, str] = {
    "0": "no further status can be given electronically",
    "1": "see the remittance advice for details",
    "2": "details follow in a letter",
    "3": "adjudicated; waiting for the payment cycle",
    "16": "forwarded to the entity named",
    "19": "the entity named acknowledges receiving the claim",
    "20": "accepted for processing",
    "21": "information is missing or invalid (another status code says which)",
    "33": "the subscriber and subscriber ID were not found",
    "35": "the claim was not found",
    "96": "there is no agreement with the entity named",
    "97": "the patient's eligibility was not found with the entity named",
    "116": "the claim was sent to the wrong payer",
    "164": "the entity's contract or member number",
    "187": "the date(s) of service",
    "454": "the procedure code for the services",
    "455": "the revenue code for the services",
    "562": "the entity's National Provider Identifier (NPI)",
}

#: STC01-3 and NM101: who the status is about.
ENTITIES: dict[str, str] = {
    "03": "the dependent", "40": "the receiver", "41": "the submitter", "77": "the service location",
    "82": "the rendering provider", "85": "the billing provider", "87": "the pay-to provider",
    "DN": "the referring provider", "IL": "the subscriber (insured)", "PR": "the payer", "QC": "the patient",
}

_NOT_LISTED = "not in the book's list"


def _meaning(table: Mapping[str, str], code: str) -> str:
    return table.get(code, f"code {code} ({_NOT_LISTED})") if code else ""


# --------------------------------------------------------------------------- tokenizing and envelopes

_SEG_ID = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")
_DIGITS = re.compile(r"^[0-9]+$")
_AMOUNT = re.compile(r"^-?([0-9]+\.?[0-9]*|\.[0-9]+)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_VISIBLE = re.compile(r"[^ \t\r\n\ufeff]")


@dataclass(frozen=True)
class _Seg:
    number: int  # 1-based position in the file
    id: str
    elements: tuple[str, ...]

    def get(self, i: int) -> str:
        return self.elements[i] if i < len(self.elements) else ""

    def where(self) -> str:
        return f"segment {self.number} ({self.id})"


@dataclass(frozen=True)
class _Delimiters:
    element: str
    component: str
    terminator: str


def _as_text(data: object, reader: str, max_bytes: int) -> str:
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > max_bytes:
            raise X12Error(f"The file has {len(raw):,} bytes, more than the {max_bytes:,} {reader}() reads at once; "
                           "split it or pass a larger max_bytes.")
        nul = raw.find(b"\x00")
        if nul >= 0:
            raise X12Error(f"Byte {nul} is a NUL (0x00): this is binary data, not an X12 text file.")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise X12Error(f"Byte {exc.start} is not text: X12 files are plain ASCII text.") from None
    if not isinstance(data, str):
        raise X12Error(f"{reader}() takes the file's text (str or bytes), not a {type(data).__name__}.")
    if len(data) > max_bytes:
        raise X12Error(f"The text has {len(data):,} characters, more than the {max_bytes:,} {reader}() reads at once.")
    return data


def _tokenize(text: str, what: str) -> tuple[list[_Seg], _Delimiters]:
    """Segments of one or more interchanges, split with the delimiters the first ISA defines."""
    visible = _VISIBLE.search(text)
    if visible is None:
        raise X12Error(f"The file is empty: a {what} starts with an ISA segment.")
    start = visible.start()
    if not text.startswith("ISA", start):
        shown = text[start:start + 20].encode("unicode_escape").decode("ascii")
        raise X12Error(f"The file does not start with an ISA segment (it starts with '{shown}'): it is not an X12 "
                       f"file, or something was added before the ISA.")
    if len(text) - start < 106:
        raise X12Error(f"The file is cut short inside the ISA segment: an ISA has 106 characters and only "
                       f"{len(text) - start} are there.")
    head = text[start:start + 106]
    sep, terminator = head[3], head[105]
    parts = head[:-1].split(sep)
    if sep.isalnum() or sep.isspace() or len(parts) != 17 or len(parts[16]) != 1:
        raise X12Error("The ISA segment does not have 16 elements: an ISA is 106 fixed-width characters; the "
                       "delimiters may be wrong or the ISA damaged.")
    component = parts[16]
    if terminator.isalnum() or component.isalnum() or len({sep, component, terminator}) != 3 or terminator == " ":
        raise X12Error(f"The ISA segment defines unusable delimiters (element {sep!r}, component {component!r}, "
                       f"segment terminator {terminator!r}).")
    if parts[12] != "00501":
        raise X12Error(f"ISA12 is {parts[12]!r}: only version 005010 files (ISA12 '00501') are read here.")
    segs: list[_Seg] = []
    pieces = text[start:].split(terminator)
    for i, raw in enumerate(pieces):
        stripped = raw.strip(" \r\n\t")
        if not stripped:
            continue
        if i == len(pieces) - 1:
            raise X12Error(f"The file ends with '{stripped[:20]}' and no segment terminator {terminator!r}: it is cut "
                           "short.")
        number = len(segs) + 1
        bad = _CONTROL.search(stripped)
        if bad:
            raise X12Error(f"Segment {number} contains a control character (0x{ord(bad.group()):02x}): the file is "
                           "damaged or not text.")
        elements = tuple(stripped.split(sep))
        if not _SEG_ID.match(elements[0]):
            shown = stripped[:20].encode("unicode_escape").decode("ascii")
            raise X12Error(f"Segment {number} starts with '{shown}', which is not a segment ID: the file may be "
                           f"damaged or use other delimiters.")
        segs.append(_Seg(number, elements[0], elements))
    return segs, _Delimiters(sep, component, terminator)


@dataclass
class _Transaction:
    gs: _Seg
    st: _Seg
    body: list[_Seg]
    se: _Seg
    positions: list[int]  # position in the transaction of each body segment (ST is 1)
    problems: list[str] = field(default_factory=list)  # IK5 codes for envelope errors (lenient mode only)


@dataclass
class _Group:
    gs: _Seg
    transactions: list[_Transaction]
    included: int  # GE01 as sent
    problems: list[str] = field(default_factory=list)  # AK9 codes (lenient mode only)


def _groups(segs: list[_Seg], functional_id: str | None, st_id: str | None, versions: Sequence[str] | None,
            what: str, lenient: bool = False) -> list[_Group]:
    """Check the ISA/GS/ST/SE/GE/IEA nesting and counts; the transactions grouped by functional group.

    ``lenient`` (used when acknowledging a file) records count and control-number mismatches in SE and GE as
    acknowledgment codes instead of raising.
    """
    out: list[_Group] = []
    isa_seg: _Seg | None = None
    group: _Group | None = None
    st: _Seg | None = None
    body: list[_Seg] = []
    groups_in_isa = 0
    for seg in segs:
        sid = seg.id
        if sid == "ISA":
            if isa_seg is not None:
                raise X12Error(f"{seg.where()}: a new ISA before the IEA that closes the interchange started at "
                               f"{isa_seg.where()}.")
            isa_seg, groups_in_isa = seg, 0
        elif isa_seg is None:
            raise X12Error(f"{seg.where()} comes after the IEA that closed the interchange.")
        elif sid == "IEA":
            if group is not None:
                raise X12Error(f"{seg.where()}: the interchange ends but the group at {group.gs.where()} has no GE.")
            if seg.get(2) != isa_seg.get(13):
                raise X12Error(f"{seg.where()}: IEA02 {seg.get(2)!r} does not match ISA13 {isa_seg.get(13)!r}.")
            if seg.get(1) != str(groups_in_isa):
                raise X12Error(f"{seg.where()}: IEA01 says {seg.get(1)!r} groups but the interchange has "
                               f"{groups_in_isa}.")
            isa_seg = None
        elif sid == "GS":
            if group is not None:
                raise X12Error(f"{seg.where()}: a new GS before the GE of the group at {group.gs.where()}.")
            if functional_id is not None and seg.get(1) != functional_id:
                raise X12Error(f"{seg.where()}: GS01 is {seg.get(1)!r}; a {what} travels in a functional group "
                               f"{functional_id!r}: this is another kind of file.")
            if versions is not None and seg.get(8) not in versions:
                raise X12Error(f"{seg.where()}: GS08 says version {seg.get(8)!r}; a {what} is {versions[0]}.")
            group, groups_in_isa = _Group(seg, [], 0), groups_in_isa + 1
        elif sid == "GE":
            if group is None:
                raise X12Error(f"{seg.where()}: a GE without a GS before it.")
            if st is not None:
                raise X12Error(f"{seg.where()}: the group ends but the transaction at {st.where()} has no SE.")
            if not _DIGITS.match(seg.get(1)):
                raise X12Error(f"{seg.where()}: GE01 {seg.get(1)!r} is not a count.")
            group.included = int(seg.get(1))
            problems: list[str] = []
            if seg.get(2) != group.gs.get(6):
                problems.append("4")
            if int(seg.get(1)) != len(group.transactions):
                problems.append("5")
            if problems and not lenient:
                raise X12Error(f"{seg.where()}: GE says {seg.get(1)!r} transaction set(s) and control number "
                               f"{seg.get(2)!r}, but the group has {len(group.transactions)} and GS06 is "
                               f"{group.gs.get(6)!r}: the file is damaged.")
            group.problems = problems
            out.append(group)
            group = None
        elif sid == "ST":
            if group is None:
                raise X12Error(f"{seg.where()}: a transaction set (ST) outside a functional group (GS).")
            if st is not None:
                raise X12Error(f"{seg.where()}: a new ST before the SE of the transaction at {st.where()}.")
            if st_id is not None and seg.get(1) != st_id:
                raise X12Error(f"{seg.where()}: ST01 is {seg.get(1)!r}; a {what} is transaction set {st_id}.")
            if not seg.get(2):
                raise X12Error(f"{seg.where()}: ST02 (the transaction set control number) is empty.")
            st, body = seg, []
        elif sid == "SE":
            if st is None or group is None:
                raise X12Error(f"{seg.where()}: an SE without an ST before it.")
            problems = []
            if seg.get(1) != str(len(body) + 2):
                problems.append("4")
            if seg.get(2) != st.get(2):
                problems.append("3")
            if problems and not lenient:
                raise X12Error(f"{seg.where()}: SE says {seg.get(1)!r} segments and control number {seg.get(2)!r}, "
                               f"but the transaction has {len(body) + 2} segments and ST02 {st.get(2)!r}: segments "
                               "are missing or were added.")
            group.transactions.append(_Transaction(group.gs, st, body, seg, list(range(2, len(body) + 2)),
                                                   problems))
            st = None
        elif sid == "TA1":
            if group is not None:
                raise X12Error(f"{seg.where()}: a TA1 inside a functional group.")
        else:
            if st is None:
                raise X12Error(f"{seg.where()} sits outside any transaction set (between ST and SE).")
            body.append(seg)
    last = segs[-1]
    if st is not None:
        raise X12Error(f"The file ends inside the transaction started at {st.where()} with no SE: it is cut short "
                       f"after {last.where()}.")
    if group is not None:
        raise X12Error(f"The file ends inside the group started at {group.gs.where()} with no GE: it is cut short "
                       f"after {last.where()}.")
    if isa_seg is not None:
        raise X12Error(f"The file ends with no IEA: it is cut short after {last.where()}.")
    return out


def _int(seg: _Seg, i: int, what: str, required: bool = True) -> int | None:
    value = seg.get(i)
    if value == "":
        if required:
            raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is empty; it must be a whole number.")
        return None
    if not _DIGITS.match(value) or len(value) > 10:
        raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is {value!r}, which is not a whole number written "
                       "with the digits 0-9.")
    return int(value)


def _sub_int(seg: _Seg, value: str, what: str) -> int | None:
    if value == "":
        return None
    if not _DIGITS.match(value) or len(value) > 10:
        raise X12Error(f"{seg.where()}: {what} is {value!r}, which is not a whole number written with the digits 0-9.")
    return int(value)


def _date(seg: _Seg, value: str, what: str) -> date:
    if len(value) != 8 or not _DIGITS.match(value):
        raise X12Error(f"{seg.where()}: {what} is {value!r}; dates are written CCYYMMDD with the digits 0-9.")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise X12Error(f"{seg.where()}: {what} is {value!r}, which is not a real date.") from None


def _money(seg: _Seg, i: int, what: str) -> Decimal | None:
    value = seg.get(i)
    if value == "":
        return None
    if not _AMOUNT.match(value) or len(value) > 18:
        raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is {value!r}, which is not an amount.")
    try:
        return Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern rules this out
        raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is {value!r}, which is not an amount.") from None


def _code(seg: _Seg, i: int, what: str, table: Mapping[str, str], required: bool = True) -> str:
    value = seg.get(i)
    if value == "" and not required:
        return ""
    if value not in table:
        raise X12Error(f"{seg.where()}: {seg.id}{i:02d} ({what}) is {value!r}; it must be one of "
                       f"{', '.join(table)}.")
    return value


def _frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str], ints: Sequence[str] = (),
           nullable: Sequence[str] = (), dates: Sequence[str] = ()) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in columns}, columns=list(columns))
    for col in ints:
        frame[col] = frame[col].astype("int64")
    for col in nullable:
        frame[col] = frame[col].astype("Int64")
    for col in dates:
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    for col in columns:
        if frame[col].dtype == object and all(isinstance(v, str) for v in frame[col]):
            frame[col] = frame[col].astype("str")
    return frame


# --------------------------------------------------------------------------- 999: reading

_GROUP_COLUMNS = ("ack_transaction", "group_control", "functional_id", "version", "code", "verdict", "meaning",
                  "sets_included", "sets_received", "sets_accepted", "error_codes", "errors")
_SET_COLUMNS = ("ack_transaction", "group_control", "set_id", "control_number", "version", "code", "verdict",
                "meaning", "accepted", "error_codes", "errors", "segment_errors")
_ERROR_COLUMNS = ("error_key", "group_control", "control_number", "segment", "position", "loop", "segment_code",
                  "segment_error", "element", "component", "repetition", "element_ref", "element_code",
                  "element_error", "bad_value", "claim_id", "context")
_CONTEXT_COLUMNS = ("error_key", "control_number", "level", "element", "name", "reference", "segment", "position",
                    "loop", "context_element", "element_ref")


@dataclass
class Acknowledgment999:
    """A 999 as tables: ``groups`` (one row per AK1/AK9), ``transactions`` (one row per AK2/IK5), ``errors``
    (one row per element error, or per segment error without element notes) and ``contexts`` (CTX segments).

    ``errors.error_key`` numbers the IK3 segment notes; ``contexts`` rows point at them with the same key.
    """

    groups: pd.DataFrame
    transactions: pd.DataFrame
    errors: pd.DataFrame
    contexts: pd.DataFrame

    @property
    def accepted(self) -> bool:
        """True when every functional group was accepted (with or without noted errors)."""
        return bool(len(self.groups)) and all(c in ("A", "E") for c in self.groups["code"])

    def summary(self) -> str:
        """What a biller reads first: each group's and transaction set's verdict, and every error located."""
        lines: list[str] = []
        for g in _records(self.groups):
            lines.append(f"Functional group {g['group_control']} ({g['functional_id']}, {g['version']}): "
                         f"{g['verdict']}; {g['sets_accepted']} of {g['sets_received']} transaction set(s) received "
                         f"were accepted ({g['sets_included']} sent)."
                         + (f" Group problems: {g['errors']}." if g["errors"] else ""))
            sets = self.transactions[self.transactions["group_control"] == g["group_control"]]
            for t in _records(sets):
                why = f" ({t['errors']})" if t["errors"] and not t["accepted"] else ""
                lines.append(f"Transaction {t['control_number']}: {t['verdict']}{why}.")
                errs = self.errors[(self.errors["group_control"] == g["group_control"])
                                   & (self.errors["control_number"] == t["control_number"])]
                for e in _records(errs):
                    lines.append("  " + _describe_error(e))
        return "\n".join(lines) if lines else "The 999 acknowledges no functional group."


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with missing values as None."""
    return [{str(k): (None if v is pd.NA else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _describe_error(e: Mapping[str, Any]) -> str:
    where = f"Segment {e['segment']} at position {e['position']}"
    if e["loop"]:
        where += f" in loop {e['loop']}"
    if e["claim_id"]:
        where += f" (claim {e['claim_id']})"
    if e["element"] is None:
        return f"{where}: {e['segment_error'] or 'an error (no code given)'}."
    spot = f"element {e['element']}" + (f", component {e['component']}" if e["component"] is not None else "")
    if e["repetition"] is not None:
        spot += f", repetition {e['repetition']}"
    if e["element_ref"]:
        spot += f", data element {e['element_ref']}"
    if e["bad_value"]:
        spot += f", value sent {e['bad_value']!r}"
    return f"{where}: {e['element_error']} ({e['segment']}{int(e['element']):02d}: {spot})."


class _Reader999:
    def __init__(self, component: str) -> None:
        self.component = component
        self.groups: list[dict[str, object]] = []
        self.sets: list[dict[str, object]] = []
        self.errors: list[dict[str, object]] = []
        self.contexts: list[dict[str, object]] = []
        self.key = 0

    def transaction(self, t: _Transaction) -> None:
        ack = t.st.get(2)
        ak1: _Seg | None = None
        ak2: dict[str, object] | None = None
        ik3: dict[str, object] | None = None
        ik4: dict[str, object] | None = None
        seg_rows: list[dict[str, object]] = []  # rows of the open IK3 (itself, or one per IK4)
        ak9_seen = False
        for seg in t.body:
            sid = seg.id
            if ak9_seen:
                raise X12Error(f"{seg.where()}: {sid} after the AK9 that ends the acknowledgment.")
            if sid == "AK1":
                if ak1 is not None:
                    raise X12Error(f"{seg.where()}: a second AK1; a 999 transaction set answers one functional group.")
                if not seg.get(1) or not seg.get(2):
                    raise X12Error(f"{seg.where()}: AK101 (functional ID) and AK102 (group control number) are "
                                   "required.")
                _int(seg, 2, "group control number")
                ak1 = seg
                continue
            if ak1 is None:
                raise X12Error(f"{seg.where()}: a 999 starts with AK1 (the group it answers), not {sid}.")
            group_control = ak1.get(2)
            if sid == "AK2":
                if ak2 is not None:
                    raise X12Error(f"{seg.where()}: a new AK2 before the IK5 that closes the previous one.")
                if not seg.get(1) or not seg.get(2):
                    raise X12Error(f"{seg.where()}: AK201 (transaction set ID) and AK202 (its control number) are "
                                   "required.")
                ak2 = {"ack_transaction": ack, "group_control": group_control, "set_id": seg.get(1),
                       "control_number": seg.get(2), "version": seg.get(3), "segment_errors": 0}
                ik3 = ik4 = None
            elif sid == "IK3":
                if ak2 is None:
                    raise X12Error(f"{seg.where()}: an IK3 (segment error) outside an AK2 ... IK5 transaction "
                                   "response.")
                if not _SEG_ID.match(seg.get(1)):
                    raise X12Error(f"{seg.where()}: IK301 {seg.get(1)!r} is not a segment ID.")
                code = _code(seg, 4, "segment syntax error code", SEGMENT_ERRORS, required=False)
                self.key += 1
                ik3 = {"error_key": self.key, "group_control": group_control,
                       "control_number": ak2["control_number"], "segment": seg.get(1),
                       "position": _int(seg, 2, "segment position"), "loop": seg.get(3), "segment_code": code,
                       "segment_error": _meaning(SEGMENT_ERRORS, code), "element": None, "component": None,
                       "repetition": None, "element_ref": "", "element_code": "", "element_error": "",
                       "bad_value": "", "claim_id": "", "context": ""}
                ak2["segment_errors"] = int(str(ak2["segment_errors"])) + 1
                seg_rows = [ik3]
                self.errors.append(ik3)
                ik4 = None
            elif sid == "IK4":
                if ik3 is None:
                    raise X12Error(f"{seg.where()}: an IK4 (element error) without an IK3 (its segment) before it.")
                parts = seg.get(1).split(self.component)
                element = _sub_int(seg, parts[0], "IK401-1 (element position)")
                if element is None:
                    raise X12Error(f"{seg.where()}: IK401 (the element position) is empty.")
                ref = seg.get(2)
                if ref and not _DIGITS.match(ref):
                    raise X12Error(f"{seg.where()}: IK402 {ref!r} is not a data element number.")
                code = _code(seg, 3, "element syntax error code", ELEMENT_ERRORS)
                row = dict(ik3)
                row.update({"element": element,
                            "component": _sub_int(seg, parts[1] if len(parts) > 1 else "", "IK401-2 (component)"),
                            "repetition": _sub_int(seg, parts[2] if len(parts) > 2 else "", "IK401-3 (repetition)"),
                            "element_ref": ref, "element_code": code, "element_error": _meaning(ELEMENT_ERRORS, code),
                            "bad_value": seg.get(4)})
                if seg_rows and seg_rows[0] is ik3 and ik3["element"] is None and ik4 is None:
                    self.errors.remove(ik3)  # the segment's own row is replaced by its element rows
                    seg_rows = []
                seg_rows.append(row)
                self.errors.append(row)
                ik4 = row
            elif sid == "CTX":
                if ik3 is None:
                    raise X12Error(f"{seg.where()}: a CTX (context) outside an IK3 or IK4 error note.")
                name, _, reference = seg.get(1).partition(self.component)
                if not name:
                    raise X12Error(f"{seg.where()}: CTX01 (the context name) is empty.")
                pos = seg.get(5).split(self.component)
                ctx = {"error_key": ik3["error_key"], "control_number": ik3["control_number"],
                       "level": "element" if ik4 is not None else "segment",
                       "element": ik4["element"] if ik4 is not None else None, "name": name, "reference": reference,
                       "segment": seg.get(2), "position": _int(seg, 3, "context segment position", required=False),
                       "loop": seg.get(4), "context_element": _sub_int(seg, pos[0], "CTX05-1 (element position)"),
                       "element_ref": seg.get(6).partition(self.component)[0]}
                self.contexts.append(ctx)
                text = f"{name}={reference}" if reference else name
                if seg.get(2):
                    text += f" at {seg.get(2)} position {seg.get(3)}"
                for row in seg_rows if ik4 is None else [ik4]:
                    row["context"] = "; ".join(x for x in (str(row["context"]), text) if x)
                    if name == "CLM01" and reference:
                        row["claim_id"] = reference
                if name == "CLM01" and reference:
                    ik3["claim_id"] = reference
            elif sid == "IK5":
                if ak2 is None:
                    raise X12Error(f"{seg.where()}: an IK5 without the AK2 it closes.")
                code = _code(seg, 1, "transaction set acknowledgment code", {k: v for k, v in ACK_CODES.items()
                                                                               if k != "P"})
                codes = [_code(seg, i, "transaction set error code", TRANSACTION_ERRORS, required=False)
                         for i in range(2, 7)]
                codes = [c for c in codes if c]
                ak2.update({"code": code, "verdict": VERDICTS[code], "meaning": ACK_CODES[code],
                            "accepted": code in ("A", "E"), "error_codes": ",".join(codes),
                            "errors": "; ".join(TRANSACTION_ERRORS[c] for c in codes)})
                self.sets.append(ak2)
                ak2 = ik3 = ik4 = None
                seg_rows = []
            elif sid == "AK9":
                if ak2 is not None:
                    raise X12Error(f"{seg.where()}: the AK9 comes before the IK5 that closes transaction "
                                   f"{ak2['control_number']}.")
                code = _code(seg, 1, "functional group acknowledgment code", ACK_CODES)
                codes = [_code(seg, i, "functional group error code", GROUP_ERRORS, required=False)
                         for i in range(5, 10)]
                codes = [c for c in codes if c]
                self.groups.append({
                    "ack_transaction": ack, "group_control": group_control, "functional_id": ak1.get(1),
                    "version": ak1.get(3), "code": code, "verdict": VERDICTS[code], "meaning": ACK_CODES[code],
                    "sets_included": _int(seg, 2, "transaction sets included"),
                    "sets_received": _int(seg, 3, "transaction sets received"),
                    "sets_accepted": _int(seg, 4, "transaction sets accepted"), "error_codes": ",".join(codes),
                    "errors": "; ".join(GROUP_ERRORS[c] for c in codes)})
                ak9_seen = True
            else:
                raise X12Error(f"{seg.where()}: {sid} is not a segment of a 999 acknowledgment.")
        if ak2 is not None:
            raise X12Error(f"{t.se.where()}: the transaction ends before the IK5 of transaction "
                           f"{ak2['control_number']}.")
        if not ak9_seen:
            raise X12Error(f"{t.se.where()}: the 999 transaction {ack} has no AK9 (the group's verdict).")


def read_999(text: str | bytes, *, max_bytes: int = MAX_BYTES) -> Acknowledgment999:
    """Read a 999 implementation acknowledgment into an :class:`Acknowledgment999` of tidy tables.

    Raises X12Error naming the segment for anything that is not a well-formed 005010X231 999.
    """
    content = _as_text(text, "read_999", max_bytes)
    segs, delims = _tokenize(content, "999")
    reader = _Reader999(delims.component)
    for group in _groups(segs, "FA", "999", (VERSION_999, "005010X231"), "999 acknowledgment"):
        for t in group.transactions:
            reader.transaction(t)
    errors = sorted(reader.errors, key=lambda r: (int(str(r["error_key"])),))
    return Acknowledgment999(
        groups=_frame(reader.groups, _GROUP_COLUMNS, ints=("sets_included", "sets_received", "sets_accepted")),
        transactions=_frame(reader.sets, _SET_COLUMNS, ints=("segment_errors",)),
        errors=_frame(errors, _ERROR_COLUMNS, ints=("error_key", "position"),
                      nullable=("element", "component", "repetition")),
        contexts=_frame(reader.contexts, _CONTEXT_COLUMNS, ints=("error_key",),
                        nullable=("element", "position", "context_element")),
    )


# --------------------------------------------------------------------------- 999: writing


@dataclass(frozen=True)
class Problem:
    """A deliberate problem for :func:`ack_999_for` to report, located in the 837 by segment.

    ``segment`` is the segment ID (``"CLM"``); ``code`` is an IK304 segment code when ``element`` is None,
    else an IK403 element code. The segment is the ``occurrence``-th one with that ID in the transaction set
    ``transaction`` (ST02; the first set when empty), counted within claim ``claim_id`` when one is given (from
    its CLM up to the next HL, CLM or SE). ``position`` (counting ST as 1) names the place directly instead,
    e.g. for a missing segment. ``value`` is the bad value to copy (default: the one in the file, except for a
    missing element). A ``warning`` leaves the transaction accepted with errors (E) instead of rejected (R).
    """

    segment: str
    code: str
    element: int | None = None
    component: int | None = None
    repetition: int | None = None
    claim_id: str = ""
    occurrence: int = 1
    transaction: str = ""
    position: int | None = None
    value: str | None = None
    warning: bool = False


@dataclass
class _SegNote:
    segment: str
    position: int
    loop: str = ""
    code: str = ""
    claim_id: str = ""
    elements: list[tuple[int, int | None, int | None, str, str, str]] = field(default_factory=list)
    warning: bool = True  # stays True only if every problem in it is a warning


def _pyx12_map(text: str) -> dict[tuple[str, int], tuple[str, Any]]:
    """Loop ID and pyx12 map node of every segment, keyed by (ST02, position in the transaction)."""
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    out: dict[tuple[str, int], tuple[str, Any]] = {}
    logger = logging.getLogger("pyx12")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        src = pyx12.x12context.X12ContextReader(pyx12.params.params(), pyx12.error_handler.errh_null(),
                                                io.StringIO(text))
        control, position = "", 0
        for node in src.iter_segments():
            seg = node.seg_data
            sid = seg.get_seg_id()
            if sid == "ST":
                control, position = seg.get_value("ST02") or "", 1
            elif position:
                position += 1
            mapped = node.x12_map_node
            parent = mapped.get_parent() if mapped is not None else None
            loop = parent.id if parent is not None else ""
            out[(control, position)] = (loop if re.fullmatch(r"[0-9]{4}[A-Z]{0,2}", loop or "") else "", mapped)
            if sid == "SE":
                position = 0
    except Exception:  # pyx12 cannot map every file; loops then stay empty
        return out
    finally:
        logger.level = level
    return out


def _element_ref(node: Any, element: int, component: int | None) -> str:
    try:
        child = node.get_child_node_by_idx(element - 1)
        if child is not None and child.is_composite():
            child = child.get_child_node_by_idx((component or 1) - 1) if component else None
        ref = str(getattr(child, "data_ele", "") or "")
    except Exception:  # an element the map does not have
        return ""
    return ref if _DIGITS.match(ref) else ""


def _claim_spans(t: _Transaction) -> list[tuple[str, int, int]]:
    """(claim ID, first position, last position) of each claim: from its CLM to the next HL, CLM or SE."""
    spans: list[tuple[str, int, int]] = []
    current: tuple[str, int] | None = None
    for seg, pos in zip(t.body, t.positions, strict=True):
        if seg.id in ("HL", "CLM") and current is not None:
            spans.append((current[0], current[1], pos - 1))
            current = None
        if seg.id == "CLM":
            current = (seg.get(1), pos)
    if current is not None:
        spans.append((current[0], current[1], len(t.body) + 1))
    return spans


def _locate(problem: Problem, t: _Transaction, component_sep: str) -> tuple[int, str]:
    """Position of the problem's segment and the element value found there."""
    if problem.position is not None:
        if not (isinstance(problem.position, int) and problem.position >= 1):
            raise X12Error(f"Problem position must be a whole number from 1, not {problem.position!r}.")
        pos = problem.position
        seg = t.body[pos - 2] if 2 <= pos < len(t.body) + 2 else None
    else:
        candidates = list(zip(t.body, t.positions, strict=True))
        if problem.claim_id:
            spans = [s for s in _claim_spans(t) if s[0] == problem.claim_id]
            if not spans:
                raise X12Error(f"Claim {problem.claim_id!r} is not in transaction {t.st.get(2)}.")
            _, first, last = spans[0]
            candidates = [(s, p) for s, p in candidates if first <= p <= last]
        found = [(s, p) for s, p in candidates if s.id == problem.segment]
        if not (isinstance(problem.occurrence, int) and 1 <= problem.occurrence <= len(found)):
            where = f" in claim {problem.claim_id}" if problem.claim_id else ""
            raise X12Error(f"Transaction {t.st.get(2)} has {len(found)} {problem.segment} segment(s){where}, so "
                           f"occurrence {problem.occurrence!r} cannot be located; give position= for a missing one.")
        seg, pos = found[problem.occurrence - 1]
    value = ""
    if seg is not None and problem.element is not None:
        value = seg.get(problem.element)
        if problem.component:
            parts = value.split(component_sep)
            value = parts[problem.component - 1] if problem.component <= len(parts) else ""
    return pos, value


def _check_problem(problem: object) -> Problem:
    if not isinstance(problem, Problem):
        raise X12Error(f"Each problem must be a revcycle.x12.acks.Problem, not a {type(problem).__name__}.")
    if not _SEG_ID.match(problem.segment or ""):
        raise X12Error(f"Problem segment {problem.segment!r} is not a segment ID such as 'CLM'.")
    if problem.element is None:
        if problem.code not in SEGMENT_ERRORS:
            raise X12Error(f"Segment problem code {problem.code!r} is not an IK304 code: use one of "
                           f"{', '.join(SEGMENT_ERRORS)} (or give element= for an element error).")
    else:
        if not (isinstance(problem.element, int) and 1 <= problem.element <= 99):
            raise X12Error(f"Problem element must be a position from 1 to 99, not {problem.element!r}.")
        if problem.code not in ELEMENT_ERRORS:
            raise X12Error(f"Element problem code {problem.code!r} is not an IK403 code: use one of "
                           f"{', '.join(ELEMENT_ERRORS)}.")
        for name in ("component", "repetition"):
            part = getattr(problem, name)
            if part is not None and not (isinstance(part, int) and 1 <= part <= 99):
                raise X12Error(f"Problem {name} must be a position from 1 to 99, not {part!r}.")
    return problem


def _pyx12_999_notes(text: str) -> dict[str, tuple[list[_SegNote], list[str]]]:
    """pyx12's own 999 for the file, as notes per transaction (ST02) and its IK5 error codes."""
    import pyx12.params
    import pyx12.x12n_document

    out = io.StringIO()
    logger = logging.getLogger("pyx12")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        pyx12.x12n_document.x12n_document(pyx12.params.params(), io.StringIO(text), fd_997=out, fd_html=None)
    except Exception as exc:
        raise X12Error(f"pyx12 could not check the file: {exc}") from None
    finally:
        logger.level = level
    if not out.getvalue().strip():
        raise X12Error("pyx12 wrote no 999 for this file (it builds them for 837s and other non-acknowledgments).")
    try:
        ack = read_999(out.getvalue())
    except X12Error as exc:  # pyx12 stops half-way through some 999s (an 835's, for one)
        raise X12Error(f"pyx12 could not build a complete 999 for this file ({exc}); use check=False and list "
                       "the problems yourself, or run revcycle.x12.validate(text).") from None
    notes: dict[str, tuple[list[_SegNote], list[str]]] = {}
    for t in _records(ack.transactions):
        codes = [c for c in str(t["error_codes"]).split(",") if c]
        notes[str(t["control_number"])] = ([], codes if t["code"] not in ("A", "E") else [])
    by_key: dict[tuple[str, int], _SegNote] = {}
    for e in _records(ack.errors):
        key = (str(e["control_number"]), int(e["position"]))
        note = by_key.get(key)
        if note is None:
            note = _SegNote(str(e["segment"]), key[1], str(e["loop"]), str(e["segment_code"]), warning=False)
            by_key[key] = note
            notes.setdefault(key[0], ([], []))[0].append(note)
        if e["element"] is not None:
            note.elements.append((int(e["element"]), None if e["component"] is None else int(e["component"]),
                                  None if e["repetition"] is None else int(e["repetition"]), str(e["element_ref"]),
                                  str(e["element_code"]), str(e["bad_value"])))
    return notes


def ack_999_for(
    text_837: str | bytes,
    problems: Iterable[Problem] = (),
    *,
    check: bool = False,
    sender: Party | None = None,
    receiver: Party | None = None,
    control_number: int = 1,
    created: date | None = None,
) -> str:
    """A 999 for an 837 (or any 005010 file): accepted, or rejected at the ``problems`` given.

    Envelope counts are always checked (a wrong SE or GE count is reported, not raised). ``check=True`` also
    runs pyx12's validator and reports what it finds, with the loop IDs filled in. ``sender`` and
    ``receiver`` default to the 837's receiver and sender; ``created`` defaults to the 837's GS04 date (never
    the clock), so the same input always gives the same 999.
    """
    content = _as_text(text_837, "ack_999_for", MAX_BYTES)
    segs, delims = _tokenize(content, "837")
    groups = _groups(segs, None, None, None, "file", lenient=True)
    if not groups:
        raise X12Error("The file has no functional group to acknowledge.")
    for group in groups:
        if group.gs.get(1) == "FA":
            raise X12Error(f"{group.gs.where()}: this group holds acknowledgments; acknowledgments are not "
                           "acknowledged.")
    if not (isinstance(control_number, int) and 0 < control_number < 10**9):
        raise X12Error(f"control_number must be a whole number from 1 to 999999999, not {control_number!r}.")
    wanted = [_check_problem(p) for p in problems]
    transactions = {t.st.get(2): t for g in groups for t in g.transactions}
    notes: dict[str, dict[int, _SegNote]] = {k: {} for k in transactions}
    extra_codes: dict[str, list[str]] = {k: [] for k in transactions}
    pyx12_map = _pyx12_map(content) if (wanted or check) else {}
    first = groups[0].transactions[0].st.get(2) if groups[0].transactions else ""
    for p in wanted:
        control = p.transaction or first
        t = transactions.get(control)
        if t is None:
            raise X12Error(f"Problem names transaction {control!r}, which is not in the file "
                           f"(it has {', '.join(transactions) or 'none'}).")
        pos, found_value = _locate(p, t, delims.component)
        loop, node = pyx12_map.get((control, pos), ("", None))
        note = notes[control].setdefault(pos, _SegNote(p.segment, pos, loop[:4]))
        if p.element is None:
            note.code = p.code
        else:
            note.code = note.code or "8"
            value = p.value if p.value is not None else ("" if p.code in ("1", "2", "I9") else found_value)
            note.elements.append((p.element, p.component, p.repetition,
                                  _element_ref(node, p.element, p.component) if node is not None else "", p.code,
                                  clean(value, 99)))
        note.warning = note.warning and p.warning
    if check:
        for control, (found, codes) in _pyx12_999_notes(content).items():
            if control not in notes:
                continue
            extra_codes[control] += codes
            for theirs in found:
                loop = pyx12_map.get((control, theirs.position), ("", None))[0]
                mine = notes[control].get(theirs.position)
                if mine is None:
                    theirs.loop = theirs.loop or loop[:4]
                    notes[control][theirs.position] = theirs
                else:
                    mine.warning = False
                    mine.elements += [e for e in theirs.elements if e[:2] not in [x[:2] for x in mine.elements]]
    # the claim each located segment belongs to, for a CTX*CLM01 context
    for control, t in transactions.items():
        for pos, note in notes[control].items():
            for claim_id, first_pos, last_pos in _claim_spans(t):
                if first_pos <= pos <= last_pos:
                    note.claim_id = claim_id
    sender = sender or Party("", groups[0].gs.get(3) or DEFAULT_RECEIVER.id)
    receiver = receiver or Party("", groups[0].gs.get(2) or DEFAULT_SUBMITTER.id)
    gs_date = groups[0].gs.get(4)
    when = created or (_date(groups[0].gs, gs_date, "GS04") if gs_date else None)
    if when is None:
        raise X12Error("The file's GS04 date is empty; pass created= for the 999's date.")
    out = [isa(sender, receiver, when, "1200", control_number, "T"),
           segment("GS", "FA", clean(sender.id, 15), clean(receiver.id, 15), d8(when), "1200", str(control_number),
                   "X", VERSION_999)]
    for n, group in enumerate(groups, 1):
        body = [segment("ST", "999", f"{n:04d}", VERSION_999),
                segment("AK1", group.gs.get(1), group.gs.get(6), group.gs.get(8))]
        accepted = 0
        for t in group.transactions:
            control = t.st.get(2)
            body.append(segment("AK2", t.st.get(1), control, t.st.get(3)))
            seg_notes = sorted(notes[control].values(), key=lambda x: x.position)
            for note in seg_notes:
                body.append(segment("IK3", note.segment, str(note.position), note.loop, note.code))
                if note.claim_id:
                    body.append(segment("CTX", f"CLM01{COMPONENT}{clean(note.claim_id, 35)}"))
                for element, comp, rep, ref, code, value in note.elements:
                    where = COMPONENT.join(str(x) for x in (element, comp or "", rep or "")).rstrip(COMPONENT)
                    body.append(segment("IK4", where, ref, code, value))
            codes = list(dict.fromkeys(t.problems + extra_codes[control]))
            rejected = bool(codes) or any(not x.warning for x in seg_notes)
            if seg_notes and "5" not in codes:
                codes.append("5")
            code = "R" if rejected else ("E" if seg_notes else "A")
            accepted += code != "R"
            body.append(segment("IK5", code, *codes[:5]))
        received = len(group.transactions)
        if group.problems or (received and accepted == 0):
            group_code = "R"
        elif accepted < received:
            group_code = "P"
        else:
            group_code = "E" if any(notes[t.st.get(2)] for t in group.transactions) else "A"
        body.append(segment("AK9", group_code, str(group.included), str(received), str(accepted),
                            *group.problems[:5]))
        body.append(segment("SE", str(len(body) + 1), f"{n:04d}"))
        out += body
    out.append(segment("GE", str(len(groups)), str(control_number)))
    out.append(segment("IEA", "1", f"{control_number:09d}"))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- 277CA: reading

_CLAIM_COLUMNS = ("transaction", "claim_id", "verdict", "category", "category_text", "status", "status_text",
                  "entity", "entity_text", "reason", "status_date", "charge", "action", "message", "payer_claim_id",
                  "clearinghouse_id", "bill_type", "service_from", "service_to", "patient_last", "patient_first",
                  "member_id", "provider_name", "provider_id", "payer_name", "payer_id", "receiver_id")
_STATUS_COLUMNS = ("transaction", "level", "claim_id", "line", "category", "category_text", "status", "status_text",
                   "entity", "entity_text", "verdict")
_LINE_COLUMNS = ("transaction", "claim_id", "line", "procedure", "modifiers", "charge", "verdict", "category",
                 "status", "entity", "line_control", "service_date")
_BATCH_COLUMNS = ("transaction", "level", "name", "id", "trace", "category", "status", "accepted_count",
                  "rejected_count", "accepted_amount", "rejected_amount")


def _verdict(categories: Iterable[str]) -> str:
    cats = list(categories)
    if any(c in REJECTED_CATEGORIES for c in cats):
        return "rejected"
    if any(c in ACCEPTED_CATEGORIES for c in cats):
        return "accepted"
    return "other"


@dataclass
class ClaimAcknowledgment:
    """A 277CA as tables: ``claims`` (one row per claim, 2200D), ``statuses`` (every STC status, any level),
    ``lines`` (service lines the payer reported, 2220D) and ``batches`` (receiver and provider totals)."""

    claims: pd.DataFrame
    statuses: pd.DataFrame
    lines: pd.DataFrame
    batches: pd.DataFrame

    @property
    def accepted(self) -> list[str]:
        return [str(c) for c in self.claims.loc[self.claims["verdict"] == "accepted", "claim_id"]]

    @property
    def rejected(self) -> list[str]:
        return [str(c) for c in self.claims.loc[self.claims["verdict"] == "rejected", "claim_id"]]

    def summary(self) -> str:
        """One line per claim: accepted or rejected, and why, in plain words."""
        if not len(self.claims):
            return "The 277CA reports no claims."
        lines = [f"{len(self.claims)} claim(s): {len(self.accepted)} accepted, {len(self.rejected)} rejected."]
        for c in _records(self.claims):
            charge = f" (${c['charge']:,.2f})" if isinstance(c["charge"], Decimal) else ""
            codes = ":".join(str(x) for x in (c["category"], c["status"], c["entity"]) if x)
            text = f"Claim {c['claim_id']}{charge}: {c['verdict']} [{codes}]: {c['reason']}."
            if c["payer_claim_id"]:
                text += f" Payer claim number {c['payer_claim_id']}."
            if c["verdict"] == "rejected":
                text += " Fix it and send it again as a new claim; a rejected claim was never adjudicated."
            lines.append(text)
        return "\n".join(lines)


def _reason(category: str, status: str, entity: str) -> str:
    text = _meaning(STATUS_CATEGORIES, category)
    if status:
        text += f"; {_meaning(STATUS_CODES, status)}"
    if entity:
        text += f", for {_meaning(ENTITIES, entity)}"
    return text


class _Reader277:
    def __init__(self, component: str) -> None:
        self.component = component
        self.claims: list[dict[str, object]] = []
        self.statuses: list[dict[str, object]] = []
        self.lines: list[dict[str, object]] = []
        self.batches: list[dict[str, object]] = []

    def _stc(self, seg: _Seg, i: int) -> tuple[str, str, str] | None:
        value = seg.get(i)
        if not value:
            return None
        parts = value.split(self.component)
        category, status = parts[0], parts[1] if len(parts) > 1 else ""
        entity = parts[2] if len(parts) > 2 else ""
        if not re.fullmatch(r"[A-Z][A-Z0-9]{0,2}", category):
            raise X12Error(f"{seg.where()}: STC{i:02d}-1 {category!r} is not a claim status category code.")
        if not _DIGITS.match(status):
            raise X12Error(f"{seg.where()}: STC{i:02d}-2 {status!r} is not a claim status code (digits 0-9).")
        return category, status, entity

    def transaction(self, t: _Transaction) -> None:
        control = t.st.get(2)
        if not t.body or t.body[0].id != "BHT":
            raise X12Error(f"{t.st.where()}: a 277CA starts with BHT after ST.")
        levels: dict[str, str] = {}  # HL01 -> HL03
        level = ""
        payer = {"name": "", "id": ""}
        receiver_id = ""
        provider = {"name": "", "id": ""}
        patient = {"last": "", "first": "", "id": ""}
        claim: dict[str, object] | None = None
        line: dict[str, object] | None = None
        batch: dict[str, object] | None = None
        for seg in t.body[1:]:
            sid = seg.id
            if sid == "HL":
                hl_id, parent, code = seg.get(1), seg.get(2), seg.get(3)
                if not _DIGITS.match(hl_id) or hl_id in levels:
                    raise X12Error(f"{seg.where()}: HL01 {hl_id!r} must be a new number (digits 0-9).")
                if parent and parent not in levels:
                    raise X12Error(f"{seg.where()}: HL02 {parent!r} names no earlier HL.")
                if code not in ("20", "21", "19", "PT"):
                    raise X12Error(f"{seg.where()}: HL03 {code!r} is not a 277CA level (20 payer, 21 receiver, 19 "
                                   "provider, PT patient).")
                levels[hl_id] = code
                level, claim, line, batch = code, None, None, None
                if code == "PT":
                    patient = {"last": "", "first": "", "id": ""}
                continue
            if not level:
                raise X12Error(f"{seg.where()}: {sid} before the first HL level.")
            if sid == "NM1":
                if level == "20":
                    payer = {"name": seg.get(3), "id": seg.get(9)}
                elif level == "21":
                    receiver_id = seg.get(9)
                elif level == "19":
                    provider = {"name": " ".join(x for x in (seg.get(4), seg.get(3)) if x), "id": seg.get(9)}
                else:
                    patient = {"last": seg.get(3), "first": seg.get(4), "id": seg.get(9)}
            elif sid == "TRN":
                if not seg.get(2):
                    raise X12Error(f"{seg.where()}: TRN02 (the trace or claim number) is empty.")
                if level == "PT":
                    claim = {
                        "transaction": control, "claim_id": seg.get(2), "verdict": "other", "category": "",
                        "category_text": "", "status": "", "status_text": "", "entity": "", "entity_text": "",
                        "reason": "no status given", "status_date": None, "charge": None, "action": "",
                        "message": "", "payer_claim_id": "", "clearinghouse_id": "", "bill_type": "",
                        "service_from": None, "service_to": None, "patient_last": patient["last"],
                        "patient_first": patient["first"], "member_id": patient["id"],
                        "provider_name": provider["name"], "provider_id": provider["id"],
                        "payer_name": payer["name"], "payer_id": payer["id"], "receiver_id": receiver_id}
                    self.claims.append(claim)
                    line = None
                elif level in ("21", "19"):
                    batch = {"transaction": control, "level": "receiver" if level == "21" else "provider",
                             "name": provider["name"] if level == "19" else "",
                             "id": provider["id"] if level == "19" else receiver_id, "trace": seg.get(2),
                             "category": "", "status": "", "accepted_count": None, "rejected_count": None,
                             "accepted_amount": None, "rejected_amount": None}
                    self.batches.append(batch)
            elif sid == "STC":
                found = [s for s in (self._stc(seg, 1), self._stc(seg, 10), self._stc(seg, 11)) if s]
                if not found:
                    raise X12Error(f"{seg.where()}: STC01 (the status) is empty.")
                where = "line" if line is not None else ("claim" if claim is not None else
                                                         ("receiver" if level == "21" else "provider"))
                if where in ("receiver", "provider") and batch is None or level == "20":
                    raise X12Error(f"{seg.where()}: an STC outside a claim, line or batch (TRN) loop.")
                for category, status, entity in found:
                    self.statuses.append({
                        "transaction": control, "level": where,
                        "claim_id": claim["claim_id"] if claim is not None else "",
                        "line": line["line"] if line is not None else None, "category": category,
                        "category_text": _meaning(STATUS_CATEGORIES, category), "status": status,
                        "status_text": _meaning(STATUS_CODES, status), "entity": entity,
                        "entity_text": _meaning(ENTITIES, entity), "verdict": _verdict([category])})
                category, status, entity = found[0]
                more = [s for s in (found[1:] if claim is not None and not claim["category"] else found)
                        if s[0] in REJECTED_CATEGORIES]
                if line is not None:
                    if not line["category"]:
                        line.update({"category": category, "status": status, "entity": entity})
                    line["verdict"] = _verdict([str(line["category"])] + [c for c, _, _ in found])
                elif claim is not None:
                    if not claim["category"]:
                        claim.update({
                            "category": category, "category_text": _meaning(STATUS_CATEGORIES, category),
                            "status": status, "status_text": _meaning(STATUS_CODES, status), "entity": entity,
                            "entity_text": _meaning(ENTITIES, entity), "reason": _reason(category, status, entity),
                            "status_date": _date(seg, seg.get(2), "STC02 (status date)") if seg.get(2) else None,
                            "charge": _money(seg, 4, "total claim charge"), "action": seg.get(3),
                            "message": seg.get(12)})
                    for extra in more:
                        claim["reason"] = f"{claim['reason']}; also {_reason(*extra)}"
                    cats = [str(s["category"]) for s in self.statuses
                            if s["level"] == "claim" and s["claim_id"] == claim["claim_id"]
                            and s["transaction"] == control]
                    claim["verdict"] = _verdict(cats)
                elif batch is not None and not batch["category"]:
                    batch.update({"category": category, "status": status})
            elif sid == "SVC":
                if claim is None:
                    raise X12Error(f"{seg.where()}: a service line (SVC) outside a claim.")
                parts = seg.get(1).split(self.component)
                if len(parts) < 2 or not parts[1]:
                    raise X12Error(f"{seg.where()}: SVC01 {seg.get(1)!r} should be a qualifier and a code.")
                number = sum(1 for x in self.lines if x["claim_id"] == claim["claim_id"]
                             and x["transaction"] == control) + 1
                line = {"transaction": control, "claim_id": claim["claim_id"], "line": number,
                        "procedure": parts[1], "modifiers": ",".join(m for m in parts[2:6] if m),
                        "charge": _money(seg, 2, "line charge"), "verdict": "other", "category": "", "status": "",
                        "entity": "", "line_control": "", "service_date": None}
                self.lines.append(line)
            elif sid == "REF":
                qualifier, value = seg.get(1), seg.get(2)
                if line is not None and qualifier == "FJ":
                    line["line_control"] = value
                elif claim is not None and line is None:
                    key = {"1K": "payer_claim_id", "D9": "clearinghouse_id", "BLT": "bill_type"}.get(qualifier)
                    if key:
                        claim[key] = value
            elif sid == "DTP":
                qualifier, fmt, value = seg.get(1), seg.get(2), seg.get(3)
                if fmt == "RD8":
                    start, _, end = value.partition("-")
                    first, last = (_date(seg, start, "DTP03 (first date)"), _date(seg, end, "DTP03 (last date)"))
                elif fmt == "D8":
                    first = last = _date(seg, value, "DTP03 (date)")
                else:
                    raise X12Error(f"{seg.where()}: DTP02 {fmt!r} must be D8 (one date) or RD8 (a range).")
                if qualifier == "472" and line is not None:
                    line["service_date"] = first
                elif qualifier == "472" and claim is not None:
                    claim["service_from"], claim["service_to"] = first, last
            elif sid in ("QTY", "AMT"):
                if batch is None or claim is not None:
                    continue
                if sid == "QTY":
                    count = _int(seg, 2, "quantity")
                    key = "accepted_count" if seg.get(1) in ("90", "QA") else "rejected_count"
                    batch[key] = count
                else:
                    money = _money(seg, 2, "amount")
                    batch["accepted_amount" if seg.get(1) == "YU" else "rejected_amount"] = money
            elif sid in ("PER", "N3", "N4"):
                continue
            else:
                raise X12Error(f"{seg.where()}: {sid} is not a segment of a 277CA claim acknowledgment.")


def read_277ca(text: str | bytes, *, max_bytes: int = MAX_BYTES) -> ClaimAcknowledgment:
    """Read a 277CA claim acknowledgment into a :class:`ClaimAcknowledgment` of tidy tables.

    Raises X12Error naming the segment for anything that is not a well-formed 005010X214 277CA.
    """
    content = _as_text(text, "read_277ca", max_bytes)
    segs, delims = _tokenize(content, "277CA")
    reader = _Reader277(delims.component)
    for group in _groups(segs, "HN", "277", (VERSION_277CA,), "277CA claim acknowledgment"):
        for t in group.transactions:
            if t.st.get(3) and t.st.get(3) != VERSION_277CA:
                raise X12Error(f"{t.st.where()}: ST03 says {t.st.get(3)!r}; a 277CA is {VERSION_277CA}.")
            reader.transaction(t)
    return ClaimAcknowledgment(
        claims=_frame(reader.claims, _CLAIM_COLUMNS, dates=("status_date", "service_from", "service_to")),
        statuses=_frame(reader.statuses, _STATUS_COLUMNS, nullable=("line",)),
        lines=_frame(reader.lines, _LINE_COLUMNS, ints=("line",), dates=("service_date",)),
        batches=_frame(reader.batches, _BATCH_COLUMNS, nullable=("accepted_count", "rejected_count")),
    )


# --------------------------------------------------------------------------- 277CA: writing

#: The entity a rejection points at when the caller names none.
_DEFAULT_ENTITY = {"562": "85", "33": "IL", "164": "IL", "97": "QC"}


def _rejections(rejected: Mapping[str, Sequence[str]], ids: set[str]) -> dict[str, tuple[str, str, str]]:
    if not isinstance(rejected, Mapping):
        raise X12Error("rejected must map claim IDs to (category, status) or (category, status, entity).")
    out: dict[str, tuple[str, str, str]] = {}
    for claim_id, value in rejected.items():
        if claim_id not in ids:
            raise X12Error(f"rejected names claim {claim_id!r}, which is not among the claims.")
        if isinstance(value, str) or not isinstance(value, Sequence) or len(value) not in (2, 3):
            raise X12Error(f"rejected[{claim_id!r}] must be (category, status) or (category, status, entity), "
                           f"e.g. ('A7', '562', '85'), not {value!r}.")
        category, status = str(value[0]), str(value[1])
        entity = str(value[2]) if len(value) == 3 else _DEFAULT_ENTITY.get(status, "")
        if category not in REJECTED_CATEGORIES:
            raise X12Error(f"rejected[{claim_id!r}]: {category!r} is not a rejecting category; use one of "
                           f"{', '.join(sorted(REJECTED_CATEGORIES))}.")
        if not _DIGITS.match(status) or len(status) > 5:
            raise X12Error(f"rejected[{claim_id!r}]: status {status!r} must be a claim status code (digits 0-9).")
        if entity and not re.fullmatch(r"[A-Z0-9]{2,3}", entity):
            raise X12Error(f"rejected[{claim_id!r}]: entity {entity!r} is not an entity identifier code.")
        out[claim_id] = (category, status, entity)
    return out


def ack_277ca_for(
    claims: Iterable[Claim],
    rejected: Mapping[str, Sequence[str]] | None = None,
    *,
    sender: Party | None = None,
    receiver: Party | None = None,
    control_number: int = 1,
    created: date | None = None,
    batch: str = "",
) -> str:
    """A 277CA for claims the project sent: each claim accepted (A2:20) unless ``rejected`` names it.

    ``rejected`` maps a claim ID to ``(category, status)`` or ``(category, status, entity)``, e.g.
    ``{"T-2": ("A7", "562", "85")}`` (invalid billing provider NPI). ``sender`` defaults to the synthetic
    clearinghouse, ``receiver`` to the synthetic billing service; ``created`` to the latest claim date, so the
    output is deterministic; ``batch`` is the 837's BHT03 reference (default ``control_number``0001).
    """
    claims = list(claims)
    if not claims:
        raise X12Error("ack_277ca_for() needs at least one claim.")
    for i, c in enumerate(claims):
        if not isinstance(c, Claim):
            raise X12Error(f"Item {i} is a {type(c).__name__}, not a Claim.")
    ids = [c.claim_id for c in claims]
    if len(set(ids)) != len(ids):
        raise X12Error("Two claims share a claim ID; each claim needs its own patient account number.")
    if not (isinstance(control_number, int) and 0 < control_number < 10**9):
        raise X12Error(f"control_number must be a whole number from 1 to 999999999, not {control_number!r}.")
    rejects = _rejections(rejected or {}, set(ids))
    sender = sender or DEFAULT_RECEIVER
    receiver = receiver or DEFAULT_SUBMITTER
    days = [d for c in claims for d in (c.submitted_on, c.last_service_date) if d is not None]
    when = created or (max(days) if days else None)
    if when is None:
        raise X12Error("The claims have no dates; pass created= for the 277CA's date.")
    batch_ref = clean(batch, 50) or f"{control_number}0001"
    body = [segment("ST", "277", "0001", VERSION_277CA),
            segment("BHT", "0085", "08", f"{control_number}", d8(when), "1200", "TH")]
    hl = 0
    by_payer: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        by_payer.setdefault((c.payer.name, c.payer.payer_id), []).append(c)
    claim_number = 0

    def totals(group: Sequence[Claim], accepted_qty: str, rejected_qty: str) -> list[str]:
        good = [c for c in group if c.claim_id not in rejects]
        bad = [c for c in group if c.claim_id in rejects]
        out: list[str] = []
        if good:
            out.append(segment("QTY", accepted_qty, str(len(good))))
        if bad:
            out.append(segment("QTY", rejected_qty, str(len(bad))))
        if good:
            out.append(segment("AMT", "YU", amount(sum((c.total_charge for c in good), Decimal(0)))))
        if bad:
            out.append(segment("AMT", "YY", amount(sum((c.total_charge for c in bad), Decimal(0)))))
        return out

    for (payer_name, payer_id), group in by_payer.items():
        hl += 1
        payer_hl = hl
        body += [segment("HL", str(payer_hl), "", "20", "1"),
                 segment("NM1", "PR", "2", clean(payer_name, 60) or "PAYER", "", "", "", "", "PI",
                         clean(payer_id, 80) or "UNKNOWN"),
                 segment("TRN", "1", f"{control_number}{payer_hl:04d}"),
                 segment("DTP", "050", "D8", d8(when)), segment("DTP", "009", "D8", d8(when))]
        hl += 1
        receiver_hl = hl
        total = amount(sum((c.total_charge for c in group), Decimal(0)))
        body += [segment("HL", str(receiver_hl), str(payer_hl), "21", "1"),
                 segment("NM1", "41", "2", clean(receiver.name, 60) or "SUBMITTER", "", "", "", "", "46",
                         clean(receiver.id, 80)),
                 segment("TRN", "2", batch_ref),
                 segment("STC", f"A1{COMPONENT}19{COMPONENT}PR", d8(when), "WQ", total)]
        body += totals(group, "90", "AA")
        by_provider: dict[tuple[str, str], list[Claim]] = {}
        for c in group:
            by_provider.setdefault((c.billing_provider.npi, c.billing_provider.last_name), []).append(c)
        for (npi, _), claims_here in by_provider.items():
            hl += 1
            provider_hl = hl
            p = claims_here[0].billing_provider
            person = not p.is_organization and bool(p.first_name)
            sub_total = amount(sum((c.total_charge for c in claims_here), Decimal(0)))
            body += [segment("HL", str(provider_hl), str(receiver_hl), "19", "1"),
                     segment("NM1", "85", "1" if person else "2", clean(p.last_name, 60) or "PROVIDER",
                             clean(p.first_name, 35) if person else "", "", "", "", "XX", clean(npi, 80)),
                     segment("TRN", "1", clean(npi, 50) or str(provider_hl)),
                     segment("STC", f"A1{COMPONENT}19{COMPONENT}PR", "", "WQ", sub_total)]  # no STC02 here
            body += totals(claims_here, "QA", "QC")
            for c in claims_here:
                hl += 1
                claim_number += 1
                pat = c.patient
                body += [segment("HL", str(hl), str(provider_hl), "PT"),
                         segment("NM1", "QC", "1", clean(pat.last_name, 60) or "PATIENT", clean(pat.first_name, 35),
                                 clean(pat.middle_initial, 25), "", "", "MI",
                                 clean(c.insured.member_id, 80) or "UNKNOWN"),
                         segment("TRN", "2", clean(c.claim_id, 50))]
                if c.claim_id in rejects:
                    category, status, entity = rejects[c.claim_id]
                    stc = COMPONENT.join(x for x in (category, status, entity) if x)
                    body.append(segment("STC", stc, d8(when), "U", amount(c.total_charge)))
                else:
                    body.append(segment("STC", f"A2{COMPONENT}20", d8(when), "WQ", amount(c.total_charge)))
                    body.append(segment("REF", "1K", f"{d8(when)}{control_number % 1000:03d}{claim_number:05d}"))
                first = c.lines[0].from_date if c.lines else when
                last = max((ln.to_date for ln in c.lines), default=when)
                first = min((ln.from_date for ln in c.lines), default=first)
                body.append(segment("DTP", "472", "RD8" if first != last else "D8",
                                    f"{d8(first)}-{d8(last)}" if first != last else d8(first)))
    body.append(segment("SE", str(len(body) + 1), "0001"))
    out = [isa(sender, receiver, when, "1200", control_number, "T"),
           segment("GS", "HN", clean(sender.id, 15), clean(receiver.id, 15), d8(when), "1200", str(control_number),
                   "X", VERSION_277CA),
           *body,
           segment("GE", "1", str(control_number)),
           segment("IEA", "1", f"{control_number:09d}")]
    return "\n".join(out) + "\n"


__all__ = [
    "ACCEPTED_CATEGORIES", "ACK_CODES", "ELEMENT_ERRORS", "ENTITIES", "GROUP_ERRORS", "REJECTED_CATEGORIES",
    "SEGMENT_ERRORS", "STATUS_CATEGORIES", "STATUS_CODES", "TRANSACTION_ERRORS", "VERDICTS", "Acknowledgment999",
    "ClaimAcknowledgment", "Problem", "ack_277ca_for", "ack_999_for", "read_277ca", "read_999",
]
