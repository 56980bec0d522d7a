"""The 837P's elements and the one function that puts a value into any of them.

Every value the 837P writer sends goes through :meth:`Elements.put`, which enforces what 005010X222A1 says of
that element: its data type (AN text, ID code, R decimal, N0 whole number, DT/D8 date), its minimum and
maximum length, and its code list. A value that cannot be made to fit raises :class:`X12FieldError`, which
names the claim, the field and the rule broken. Text is made fit openly: delimiters and control characters
are removed, accented Latin letters are spelled in ASCII (X12's character set) and long free text is
shortened, and every such change is kept in :attr:`Elements.changes` so the writer can report it. A
character with no ASCII spelling (a CJK name, an emoji) is refused, never dropped.

The table below is checked against pyx12's own map of the implementation guide by the tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple

from revcycle.codes import pos, taxonomy
from revcycle.x12.common import DELIMITERS, X12Error, ascii_spelling

Kind = Literal["AN", "ID", "R", "N0", "DT", "TM"]

def _codes(listed: str) -> frozenset[str]:
    return frozenset(listed.split())


#: N402 state and province codes, as the implementation guide's code source 22 lists them.
STATES = _codes(
    "AA AB AE AK AL AP AR AS AZ BC CA CO CT DC DE FL FM GA GU HI IA ID IL IN KS KY LA MA MB MD ME MH MI MN MO "
    "MP MS MT NB NC ND NE NF NH NJ NM NS NT NV NY OH OK ON OR PA PE PQ PR RI SC SD SK TN TX UT VA VI VT WA WI "
    "WV WY YT"
)

#: Claim filing indicator codes (SBR09) in 005010X222A1.
FILING_INDICATORS = _codes("11 12 13 14 15 16 17 AM BL CH CI DS FI HM LM MA MB MC OF TV VA WC ZZ")

#: Claim frequency codes a professional claim uses (CLM05-3): original, replacement, void.
FREQUENCIES = frozenset({"1", "7", "8"})

#: An 837P claim holds at most 50 service lines (loop 2400 repeats up to 50 times).
MAX_LINES = 50


@dataclass(frozen=True)
class Element:
    """One element of one loop: where it is, what it holds in plain words, and its rules."""

    loop: str
    ref: str
    name: str
    kind: Kind
    min: int
    max: int
    codes: Collection[str] = frozenset()
    pattern: str = ""
    form: str = ""
    free_text: bool = False

    def matches(self, text: str) -> bool:
        return not self.pattern or re.fullmatch(self.pattern, text) is not None


def _e(loop: str, ref: str, name: str, kind: Kind, low: int, high: int, **rules: object) -> Element:
    return Element(loop, ref, name, kind, low, high, **rules)  # type: ignore[arg-type]


_PLACES = frozenset(p.code for p in pos.all_codes())


class AddressElements(NamedTuple):
    """N301, N302, N401, N402 and N403 of one loop: an address has the same rules wherever it appears."""

    street: Element
    street2: Element
    city: Element
    state: Element
    zip: Element


class NameElements(NamedTuple):
    """NM103, NM104 and NM105 of a person's loop."""

    last: Element
    first: Element
    middle: Element


def address_elements(loop: str, whose: str, item: str, **zip_rule: object) -> AddressElements:
    """The five address elements of one loop, named for the form's box or locator (`item`)."""
    where = f"({item})" if item else ""
    return AddressElements(
        _e(loop, "N301", f"{whose} street {where}".strip(), "AN", 1, 55, free_text=True),
        _e(loop, "N302", f"{whose} second address line {where}".strip(), "AN", 1, 55, free_text=True),
        _e(loop, "N401", f"{whose} city {where}".strip(), "AN", 2, 30, free_text=True),
        _e(loop, "N402", f"{whose} state {where}".strip(), "ID", 2, 2, codes=STATES),
        _e(loop, "N403", f"{whose} ZIP code {where}".strip(), "ID", 3, 15, **(zip_rule or _ZIP)),
    )


def _person(loop: str, whose: str, item: str) -> NameElements:
    return NameElements(
        _e(loop, "NM103", f"{whose} last name ({item})", "AN", 1, 60, free_text=True),
        _e(loop, "NM104", f"{whose} first name ({item})", "AN", 1, 35, free_text=True),
        _e(loop, "NM105", f"{whose} middle initial ({item})", "AN", 1, 25, free_text=True),
    )
_NPI = {"pattern": r"[0-9]{10}", "form": "10 digits"}
_ZIP = {"pattern": r"[0-9]{5}([0-9]{4})?", "form": "5 or 9 digits"}
_TAXONOMY = {"pattern": taxonomy.PATTERN.pattern, "form": taxonomy.FORM}

# ---------------------------------------------------------------- the envelope and the header
SUBMITTER_ID = _e("GS", "GS02", "the submitter ID", "AN", 2, 15)
RECEIVER_ID = _e("GS", "GS03", "the receiver ID", "AN", 2, 15)
BATCH_REF = _e("HEADER", "BHT03", "the batch reference", "AN", 1, 50)
SUBMITTER_NAME = _e("1000A", "NM103", "the submitter's name", "AN", 1, 60, free_text=True)
SUBMITTER_NUMBER = _e("1000A", "NM109", "the submitter ID", "AN", 2, 80)
CONTACT_NAME = _e("1000A", "PER02", "the submitter's contact name", "AN", 1, 60, free_text=True)
CONTACT_PHONE = _e("1000A", "PER04", "the submitter's phone number", "AN", 1, 256, pattern=r"[0-9]{10,}",
                   form="10 or more digits")
RECEIVER_NAME = _e("1000B", "NM103", "the receiver's name", "AN", 1, 60, free_text=True)
RECEIVER_NUMBER = _e("1000B", "NM109", "the receiver ID", "AN", 2, 80)

# ---------------------------------------------------------------- billing provider (item 33)
BILLING_TAXONOMY = _e("2000A", "PRV03", "the billing provider's taxonomy code", "AN", 1, 50, **_TAXONOMY)
BILLING_ENTITY = _e("2010AA", "NM102", "the billing provider's entity type", "ID", 1, 1, codes={"1", "2"})
BILLING_NAME = _e("2010AA", "NM103", "the billing provider's name (item 33)", "AN", 1, 60, free_text=True)
BILLING_FIRST = _e("2010AA", "NM104", "the billing provider's first name (item 33)", "AN", 1, 35, free_text=True)
BILLING_NPI = _e("2010AA", "NM109", "the billing provider's NPI (item 33a)", "AN", 2, 80, **_NPI)
BILLING_ADDRESS = address_elements("2010AA", "the billing provider's", "item 33", pattern=r"[0-9]{9}",
                           form="9 digits (ZIP+4)")
BILLING_TAX_ID = _e("2010AA", "REF02", "the billing provider's tax ID (item 25)", "AN", 1, 50, pattern=r"[0-9]{9}",
                    form="9 digits")

# ---------------------------------------------------------------- subscriber, payer, patient
GROUP_NUMBER = _e("2000B", "SBR03", "the group number (item 11)", "AN", 1, 50)
FILING_INDICATOR = _e("2000B", "SBR09", "the payer's claim filing indicator", "ID", 1, 2, codes=FILING_INDICATORS)
INSURED_NAME = _person("2010BA", "the insured's", "item 4")
MEMBER_ID = _e("2010BA", "NM109", "the member ID (item 1a)", "AN", 2, 80)
INSURED_ADDRESS = address_elements("2010BA", "the insured's", "item 7")
INSURED_BIRTH = _e("2010BA", "DMG02", "the insured's birth date (item 11a)", "AN", 1, 35)
INSURED_SEX = _e("2010BA", "DMG03", "the insured's sex (item 11a)", "ID", 1, 1, codes={"F", "M", "U"})
PAYER_NAME = _e("2010BB", "NM103", "the payer's name", "AN", 1, 60, free_text=True)
PAYER_ID = _e("2010BB", "NM109", "the payer ID", "AN", 2, 80)
RELATIONSHIP = _e("2000C", "PAT01", "the patient's relationship to the insured (item 6)", "ID", 2, 2,
                  codes={"01", "19", "20", "21", "39", "40", "53", "G8"})
PATIENT_NAME = _person("2010CA", "the patient's", "item 2")
PATIENT_ADDRESS = address_elements("2010CA", "the patient's", "item 5")
PATIENT_BIRTH = _e("2010CA", "DMG02", "the patient's birth date (item 3)", "AN", 1, 35)
PATIENT_SEX = _e("2010CA", "DMG03", "the patient's sex (item 3)", "ID", 1, 1, codes={"F", "M", "U"})

# ---------------------------------------------------------------- the claim
CLAIM_ID = _e("2300", "CLM01", "the claim ID (patient account number, item 26)", "AN", 1, 38)
TOTAL_CHARGE = _e("2300", "CLM02", "the total charge (item 28)", "R", 1, 18)
PLACE = _e("2300", "CLM05-01", "the place of service (item 24B)", "AN", 1, 2, codes=_PLACES)
FREQUENCY = _e("2300", "CLM05-03", "the claim frequency code (item 22)", "ID", 1, 1, codes=FREQUENCIES)
ASSIGNMENT = _e("2300", "CLM07", "accept assignment (item 27)", "ID", 1, 1, codes={"A", "B", "C"})
ONSET = _e("2300", "DTP03", "the onset date (item 14)", "AN", 1, 35)
PRIOR_AUTH = _e("2300", "REF02", "the prior authorization number (item 23)", "AN", 1, 50)
ORIGINAL_REFERENCE = _e("2300", "REF02", "the payer claim control number of the claim replaced or voided (item 22)",
                        "AN", 1, 50)
DIAGNOSIS = _e("2300", "HI01-02", "a diagnosis code (item 21)", "AN", 1, 30, pattern=r"[A-Z][0-9][0-9A-Z]{1,5}",
               form="an ICD-10-CM code such as E119 (written without its period)")
REFERRING_LAST = _e("2310A", "NM103", "the referring provider's last name (item 17)", "AN", 1, 60, free_text=True)
REFERRING_FIRST = _e("2310A", "NM104", "the referring provider's first name (item 17)", "AN", 1, 35, free_text=True)
REFERRING_NPI = _e("2310A", "NM109", "the referring provider's NPI (item 17b)", "AN", 2, 80, **_NPI)
RENDERING_ENTITY = _e("2310B", "NM102", "the rendering provider's entity type", "ID", 1, 1, codes={"1", "2"})
RENDERING_LAST = _e("2310B", "NM103", "the rendering provider's name (item 31)", "AN", 1, 60, free_text=True)
RENDERING_FIRST = _e("2310B", "NM104", "the rendering provider's first name (item 31)", "AN", 1, 35, free_text=True)
RENDERING_NPI = _e("2310B", "NM109", "the rendering provider's NPI (item 24J)", "AN", 2, 80, **_NPI)
RENDERING_TAXONOMY = _e("2310B", "PRV03", "the rendering provider's taxonomy code", "AN", 1, 50, **_TAXONOMY)

# ---------------------------------------------------------------- service lines (item 24)
LINE_NUMBER = _e("2400", "LX01", "the line number", "N0", 1, 6)
PROCEDURE = _e("2400", "SV101-02", "a line's procedure code (item 24D)", "AN", 1, 48, pattern=r"[0-9A-Z]{5}",
               form="5 letters or digits, a CPT or HCPCS code such as 99213")
MODIFIER = _e("2400", "SV101-03", "a line's modifier (item 24D)", "AN", 2, 2)
LINE_CHARGE = _e("2400", "SV102", "a line's charge (item 24F)", "R", 1, 18)
UNITS = _e("2400", "SV104", "a line's units (item 24G)", "R", 1, 15)
LINE_PLACE = _e("2400", "SV105", "a line's place of service (item 24B)", "AN", 1, 2, codes=_PLACES)
POINTER = _e("2400", "SV107-01", "a line's diagnosis pointer (item 24E)", "N0", 1, 2,
             codes={str(n) for n in range(1, 13)})
SERVICE_DATE = _e("2400", "DTP03", "a line's date of service (item 24A)", "AN", 1, 35)
LINE_CONTROL = _e("2400", "REF02", "a line's control number", "AN", 1, 50)
LINE_RENDERING_NPI = _e("2420A", "NM109", "a line's rendering NPI (item 24J)", "AN", 2, 80, **_NPI)


@dataclass(frozen=True)
class Change:
    """A value the writer had to alter to fit its element, so a person can check what the payer will see."""

    claim_id: str
    element: str
    field: str
    given: str
    written: str
    reason: str

    def __str__(self) -> str:
        shown = self.claim_id if self.claim_id.isascii() and self.claim_id.isprintable() else repr(self.claim_id)
        where = f"claim {shown}, " if self.claim_id else ""
        return f"{where}{self.field} ({self.element}): {self.given!r} written as {self.written!r} ({self.reason})"


class X12ChangeWarning(UserWarning):
    """Values were changed to fit the 837P (see :class:`Change`); the warning lists them."""


class X12FieldError(X12Error):
    """A value that cannot go into its X12 element; names the claim, the field and the rule it breaks."""

    def __init__(self, claim_id: str, element: Element, rule: str) -> None:
        self.claim_id, self.element, self.rule = claim_id, element, rule
        shown = claim_id if claim_id.isascii() and claim_id.isprintable() else repr(claim_id)
        where = f"Claim {shown}: " if claim_id else ""
        super().__init__(f"{where}{element.name} ({element.loop} {element.ref}) {rule}")


def _outside_ascii(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"{char!r} ({name.title()})" if name else f"{char!r} (U+{ord(char):04X})"


@dataclass
class Elements:
    """Puts values into elements for one file and keeps the changes it made (see the module docstring).

    ``transliterate=False`` refuses non-ASCII letters instead of spelling them in ASCII.
    """

    transliterate: bool = True
    claim_id: str = ""
    changes: list[Change] = field(default_factory=list)

    def put(self, element: Element, value: object, *, required: bool = True) -> str:
        """``value`` as ``element`` holds it, or X12FieldError. An optional element left empty gives ""."""
        if element.kind in ("R", "N0"):
            text = self._number(element, value)
        elif isinstance(value, date):
            text = self._date(element, value)
        elif element.kind == "ID" or (element.codes and element.kind == "AN"):
            text = self._code(element, value)
        else:
            text = self._text(element, value)
        if not text:
            if required:
                raise X12FieldError(self.claim_id, element, "is empty; the 837P requires it.")
            return ""
        return self._checked(element, text)

    def _fail(self, element: Element, rule: str) -> X12FieldError:
        return X12FieldError(self.claim_id, element, rule)

    def _checked(self, element: Element, text: str) -> str:
        if element.codes and text not in element.codes:
            shown = ", ".join(sorted(element.codes)) if len(element.codes) <= 30 else "its code list"
            raise self._fail(element, f"is {text!r}, which is not a valid code; use one of {shown}.")
        if not element.matches(text):
            raise self._fail(element, f"is {text!r}; it must be {element.form}.")
        if element.kind in ("AN", "ID") and len(text) < element.min:
            raise self._fail(element, f"is {text!r}, shorter than the {element.min} characters it needs.")
        if len(text.replace(".", "").lstrip("-")) > element.max:
            raise self._fail(element, f"is {text!r}, longer than the {element.max} characters it holds.")
        return text

    def _code(self, element: Element, value: object) -> str:
        text = self._string(element, value).strip().upper()
        bad = [ch for ch in text if ch in DELIMITERS or not (ch.isascii() and ch.isprintable())]
        if bad:
            raise self._fail(element, f"is {text!r}; a code cannot hold {_outside_ascii(bad[0])}.")
        return text

    def _string(self, element: Element, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self._fail(element, f"must be text, not {type(value).__name__}.")
        return str(value)

    def _text(self, element: Element, value: object) -> str:
        """AN text: delimiters and control characters out, ASCII letters, single spaces, upper case."""
        given = self._string(element, value)
        reasons: list[str] = []
        if any(ch in DELIMITERS for ch in given):
            reasons.append("X12 delimiters * : ^ ~ replaced by spaces")
        text = "".join(" " if ch in DELIMITERS else ch for ch in given)
        controls = [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t"]
        if controls:
            reasons.append("control characters removed")
            text = "".join(ch for ch in text if ch not in controls)
        text = " ".join(text.split())
        ascii_text = self._ascii(element, text, self.transliterate and element.free_text)
        if ascii_text.upper() != text.upper():
            reasons.append("letters spelled in ASCII, X12's character set")
        text = ascii_text.upper()
        if element.free_text and len(text) > element.max:
            text = text[:element.max].rstrip()
            reasons.append(f"shortened to the {element.max} characters {element.ref} holds")
        if reasons and text:
            self.changes.append(Change(self.claim_id, element.ref, element.name, given, text, "; ".join(reasons)))
        return text

    def _ascii(self, element: Element, text: str, transliterate: bool) -> str:
        """Names and addresses may be spelled in ASCII; identifiers must already be ASCII (an ID is exact)."""
        if text.isascii():
            return text
        if not transliterate:
            first = next(ch for ch in text if not ch.isascii())
            fix = ("an identifier is exact, so type it as the payer or partner issued it, in ASCII letters and "
                   "digits." if not element.free_text else "Write it in ASCII letters, or allow transliteration.")
            raise self._fail(element, f"holds {_outside_ascii(first)}; X12 files carry ASCII only: {fix}")
        out = []
        for ch in text:
            spelled = ascii_spelling(ch)
            if spelled is None:
                raise self._fail(element, f"holds {_outside_ascii(ch)}, which has no spelling in X12's ASCII "
                                          "character set. Write the name in Latin letters, as on the insurance "
                                          "card or the provider's enrollment.")
            out.append(spelled)
        return "".join(out)

    def _date(self, element: Element, day: date) -> str:
        if day.year < 1900:
            raise self._fail(element, f"is {day.isoformat()}, before 1900; check the year.")
        return f"{day.year:04d}{day.month:02d}{day.day:02d}"

    def _number(self, element: Element, value: object) -> str:
        if element.kind == "N0":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise self._fail(element, f"must be a whole number of zero or more, not {value!r}.")
            return str(value)
        if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
            raise self._fail(element, f"must be a finite decimal number, not {value!r}.")
        text = format(Decimal(value).normalize(), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
