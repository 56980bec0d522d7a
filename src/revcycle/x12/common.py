"""Pieces every X12 file here shares: errors, the trading partners, value formatting and pyx12 validation.

X12 005010 files are text: segments end with a terminator (``~`` here), elements are split by ``*`` and
components by ``:``. Values are upper case ASCII without those characters. pyx12 checks a file against the
implementation guide's structure and code lists; it does not check money, NPIs or codes (the scrubber does).
"""

from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from revcycle.core.errors import InputError, RuleError

if TYPE_CHECKING:
    from revcycle.claims import Finding

ELEMENT = "*"
COMPONENT = ":"
REPETITION = "^"
SEGMENT = "~"


class X12Error(InputError):
    """An X12 file that cannot be written or read; the message names the segment or position at fault.

    Malformed X12, or claims that cannot be written as X12, are bad input: an InputError.
    """


class ClaimsRejectedError(RuleError):
    """Claims with fatal scrub findings: no 837P is written until they are fixed.

    The claims are readable but the scrub rules forbid sending them, so this is a RuleError; ``findings``
    holds the fatal findings.
    """

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


@dataclass(frozen=True)
class Party:
    """A trading partner named in the envelope: the submitter or receiver of a file (synthetic by default)."""

    name: str
    id: str
    contact: str = ""
    phone: str = ""

    def isa_id(self) -> str:
        return clean(self.id, 15).ljust(15)


DEFAULT_SUBMITTER = Party("SYNTHETIC BILLING SERVICE", "SYNSUBMIT01", "BILLING DESK", "2175550100")
DEFAULT_RECEIVER = Party("SYNTHETIC CLEARINGHOUSE", "SYNCLEARING")

#: X12's delimiters here (element, component, repetition, segment) and the line breaks between segments.
DELIMITERS = frozenset("*:^~\r\n")

#: Letters Unicode does not decompose into a base letter plus accent, spelled as their languages' own
#: ASCII fallbacks (Danish/Norwegian, Polish, Croatian, German, Icelandic, Turkish, Maltese and others).
SPELLED = {
    "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Æ": "AE", "æ": "ae",
    "Œ": "OE", "œ": "oe", "ß": "SS", "ẞ": "SS", "Þ": "TH", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h",
    "Ŧ": "T", "ŧ": "t", "ĸ": "k", "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-",
    "—": "-", "‐": "-", "‑": "-", "−": "-",
}



def ascii_spelling(char: str) -> str | None:
    """How X12's ASCII character set spells ``char`` ("é" -> "e", "Ø" -> "O"), or None when it cannot."""
    if char.isascii():
        return char
    spelled = SPELLED.get(char)
    if spelled is None:
        spelled = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if not spelled.isascii() or (char.isalnum() and not spelled):
        return None
    return spelled


def clean(text: object, limit: int | None = None) -> str:
    """Text for a file written from data already checked (835s, acknowledgments): delimiters and control
    characters become spaces, letters are spelled in ASCII, characters with no spelling are left out, upper
    case, single spaces, at most ``limit`` long. The 837P writer is strict instead (:mod:`.elements`)."""
    out = []
    for ch in str(text or ""):
        spelled = " " if ch in DELIMITERS or not ch.isprintable() else ascii_spelling(ch)
        out.append(spelled or "")
    value = " ".join("".join(out).split()).upper()
    return value[:limit].rstrip() if limit else value


def amount(value: Decimal) -> str:
    """X12 decimal: no trailing zeros after the point ("150", "95.1", "95.19")."""
    value = Decimal(value)
    text = format(value.quantize(Decimal("0.01")), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quantity(value: Decimal) -> str:
    """Units as X12 writes them: "1", "2.5"."""
    text = format(Decimal(value).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def d8(day: date) -> str:
    """CCYYMMDD, the year always four digits (strftime gives "999" for the year 999)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def segment(*elements: str) -> str:
    """One segment with trailing empty elements dropped (X12 forbids trailing separators)."""
    parts = list(elements)
    while parts and parts[-1] == "":
        parts.pop()
    return ELEMENT.join(parts) + SEGMENT


def isa(sender: Party, receiver: Party, when: date, time_hhmm: str, control: int, usage: str) -> str:
    return segment(
        "ISA", "00", " " * 10, "00", " " * 10, "ZZ", sender.isa_id(), "ZZ", receiver.isa_id(),
        when.strftime("%y%m%d"), time_hhmm, REPETITION, "00501", f"{control:09d}", "0", usage, COMPONENT,
    )


def validate(text: str) -> list[str]:
    """pyx12's findings for an X12 file (an empty list means the file passed), as readable strings.

    Uses pyx12's Python API (its command line exits 1 even on success) and asks for no 997/999, which pyx12
    cannot build for an 835.
    """
    import json

    import pyx12.params
    import pyx12.x12n_document

    out = io.StringIO()
    logger = logging.getLogger("pyx12")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        ok = pyx12.x12n_document.x12n_document(pyx12.params.params(), io.StringIO(text), fd_997=None,
                                               fd_html=None, fd_json=out)
    except Exception as exc:  # pyx12 raises its own EngineError on files it cannot map at all
        return [f"pyx12 could not read the file: {exc}"]
    finally:
        logger.level = level
    problems: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for err in node.get("errors", []) or []:
                problems.append(f"{where}: {err.get('err_cde', '')} {err.get('err_str', '')}".strip())
            seg = node.get("seg_id") or node.get("trn_set_id") or node.get("gs_control_num")
            here = f"{where}/{seg}" if seg else where
            for value in node.values():
                if isinstance(value, list):
                    for item in value:
                        walk(item, here)
                elif isinstance(value, dict):
                    walk(value, here)

    try:
        walk(json.loads(out.getvalue() or "{}"), "file")
    except ValueError:
        problems.append("pyx12 wrote an unreadable report")
    # pyx12's 835 map wraps the PLB segments in a "FOOTER" loop that may occur once, yet the PLB segment itself
    # repeats (>1, as the guide allows: six adjustments a segment); a second PLB is reported as a second loop.
    problems = [p for p in problems if "Loop FOOTER exceeded max count" not in p]
    if not ok and not problems and "Loop FOOTER exceeded max count" not in out.getvalue():
        problems.append("pyx12 rejected the file without saying why")
    return problems
