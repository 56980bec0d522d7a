"""ICD-10-PCS code structure, and the few CMS tables the book uses as its teaching examples.

ICD-10-PCS reports procedures on hospital inpatients. Every code has 7 characters, no decimal point, and
each character is one of 34 values: the digits 0-9 and the letters A-Z except I and O, which would be
confused with 1 and 0 (CMS, ICD-10-PCS Official Guidelines, A2). The first character is the section. In
the Medical and Surgical section (first character 0) the other six are the body system, the root
operation, the body part, the approach, the device and the qualifier.

This package ships a SUBSET of the CMS ICD-10-PCS tables (:mod:`revcycle.codes.pcs_tables`), not the whole
code set. ``is_valid_format`` checks the shape of a code only. ``explain`` names what each character means
using section-wide values (sections, and for Medical and Surgical the body systems, root operations and
approaches) and, for body parts, devices and qualifiers, the book's teaching table: a handful of values of
a few tables, whose labels are read from the shipped CMS tables (one home for the data). It is a study aid:
use the complete CMS tables, never this module, to code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from revcycle.codes.engine import fts
from revcycle.core.errors import CodeFormatError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ALPHABET",
    "APPROACHES",
    "BODY_SYSTEMS",
    "CHARACTER_NAMES",
    "ROOT_OPERATIONS",
    "SECTIONS",
    "TEACHING_CODES",
    "TEACHING_TABLES",
    "Character",
    "PcsCode",
    "TeachingTable",
    "breakdown_frame",
    "describe",
    "explain",
    "is_valid",
    "is_valid_format",
    "normalize",
    "search",
    "section",
]

#: The 34 values any character may take: 0-9 and A-Z without I and O.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

#: What the seven characters mean in the Medical and Surgical section.
CHARACTER_NAMES = ("section", "body system", "root operation", "body part", "approach", "device", "qualifier")

#: First character: the sections of ICD-10-PCS.
SECTIONS: dict[str, str] = {
    "0": "Medical and Surgical",
    "1": "Obstetrics",
    "2": "Placement",
    "3": "Administration",
    "4": "Measurement and Monitoring",
    "5": "Extracorporeal or Systemic Assistance and Performance",
    "6": "Extracorporeal or Systemic Therapies",
    "7": "Osteopathic",
    "8": "Other Procedures",
    "9": "Chiropractic",
    "B": "Imaging",
    "C": "Nuclear Medicine",
    "D": "Radiation Therapy",
    "F": "Physical Rehabilitation and Diagnostic Audiology",
    "G": "Mental Health",
    "H": "Substance Abuse Treatment",
    "X": "New Technology",
}

#: Second character in the Medical and Surgical section: the body system.
BODY_SYSTEMS: dict[str, str] = {
    "0": "Central Nervous System and Cranial Nerves",
    "1": "Peripheral Nervous System",
    "2": "Heart and Great Vessels",
    "3": "Upper Arteries",
    "4": "Lower Arteries",
    "5": "Upper Veins",
    "6": "Lower Veins",
    "7": "Lymphatic and Hemic Systems",
    "8": "Eye",
    "9": "Ear, Nose, Sinus",
    "B": "Respiratory System",
    "C": "Mouth and Throat",
    "D": "Gastrointestinal System",
    "F": "Hepatobiliary System and Pancreas",
    "G": "Endocrine System",
    "H": "Skin and Breast",
    "J": "Subcutaneous Tissue and Fascia",
    "K": "Muscles",
    "L": "Tendons",
    "M": "Bursae and Ligaments",
    "N": "Head and Facial Bones",
    "P": "Upper Bones",
    "Q": "Lower Bones",
    "R": "Upper Joints",
    "S": "Lower Joints",
    "T": "Urinary System",
    "U": "Female Reproductive System",
    "V": "Male Reproductive System",
    "W": "Anatomical Regions, General",
    "X": "Anatomical Regions, Upper Extremities",
    "Y": "Anatomical Regions, Lower Extremities",
}

#: Third character in the Medical and Surgical section: the 31 root operations, with the book's own
#: one-line explanation of each (the official definitions are in the CMS tables).
ROOT_OPERATIONS: dict[str, tuple[str, str]] = {
    "0": ("Alteration", "changing a body part's form to improve its look, with no change to how it works"),
    "1": ("Bypass", "rerouting the contents of a tube-shaped body part"),
    "2": ("Change", "swapping a device for a like one without cutting or puncturing the skin"),
    "3": ("Control", "stopping or trying to stop bleeding after a procedure, or other acute bleeding"),
    "4": ("Creation", "forming a new body part, as far as possible like one that is missing"),
    "5": ("Destruction", "wiping out all or part of a body part with heat, cold, chemicals or the like"),
    "6": ("Detachment", "cutting off all or part of an arm or leg (an amputation)"),
    "7": ("Dilation", "widening an opening or the inside of a tube-shaped body part"),
    "8": ("Division", "cutting into or through a body part without draining or removing anything"),
    "9": ("Drainage", "letting out or taking out fluid or gas"),
    "B": ("Excision", "cutting out part of a body part, without replacing it"),
    "C": ("Extirpation", "taking solid matter such as a clot or a stone out of a body part"),
    "D": ("Extraction", "pulling or stripping out all or part of a body part by force"),
    "F": ("Fragmentation", "breaking up solid matter, such as a stone, inside a body part"),
    "G": ("Fusion", "joining a joint's parts so that it can no longer move"),
    "H": ("Insertion", "putting in a device that does not take the place of a body part"),
    "J": ("Inspection", "looking at or feeling a body part to examine it"),
    "K": ("Map", "finding where electrical impulses or functional areas are in a body part"),
    "L": ("Occlusion", "closing off the opening or inside of a tube-shaped body part completely"),
    "M": ("Reattachment", "putting a detached body part back in its place"),
    "N": ("Release", "freeing a body part from something that is pressing on or holding it"),
    "P": ("Removal", "taking a device out of a body part"),
    "Q": ("Repair", "mending a body part as far as possible, when no other root operation fits"),
    "R": ("Replacement", "putting in a device that takes the place of all or part of a body part"),
    "S": ("Reposition", "putting a body part back where it belongs, or in another suitable spot"),
    "T": ("Resection", "cutting out all of a body part, without replacing it"),
    "U": ("Supplement", "putting in a device that reinforces or adds to a body part"),
    "V": ("Restriction", "narrowing, but not closing, the opening or inside of a tube-shaped body part"),
    "W": ("Revision", "correcting a device that is in the wrong place or not working"),
    "X": ("Transfer", "moving a body part, without cutting it free, so that it takes over another part's work"),
    "Y": ("Transplantation", "putting in a living body part taken from another person or animal"),
}

#: Fifth character in the Medical and Surgical section: the approach.
APPROACHES: dict[str, str] = {
    "0": "Open",
    "3": "Percutaneous",
    "4": "Percutaneous Endoscopic",
    "7": "Via Natural or Artificial Opening",
    "8": "Via Natural or Artificial Opening Endoscopic",
    "F": "Via Natural or Artificial Opening With Percutaneous Endoscopic Assistance",
    "X": "External",
}

#: In the Medical and Surgical section Z is the placeholder for "none" in these two positions.
_NO_DEVICE = "No Device"
_NO_QUALIFIER = "No Qualifier"


@dataclass(frozen=True)
class TeachingTable:
    """A few values of one CMS table (its first three characters), chosen as the book's examples.

    Not the whole table: a value missing here may still be valid in the CMS tables.
    """

    table: str
    body_parts: dict[str, str]
    devices: dict[str, str]
    qualifiers: dict[str, str]


#: The book's teaching table: for each CMS table, the body part, device and qualifier values it uses as examples.
#: Only the values are chosen here; their labels are read from the shipped CMS tables (see :func:`_teaching_tables`).
_TEACHING_VALUES: dict[str, tuple[str, str, str]] = {
    "0DT": ("J6", "Z", "Z"),
    "0DB": ("6", "Z", "XZ"),
    "0FT": ("4", "Z", "Z"),
    "0UT": ("9", "Z", "Z"),
    "0SR": ("CD", "J", "9AZ"),
    "0BH": ("1", "E", "Z"),
    "027": ("0", "4DZ", "Z"),
    "0W9": ("G", "0Z", "XZ"),
}


@lru_cache(maxsize=1)
def _teaching_tables() -> dict[str, TeachingTable]:
    """The teaching table, labelled from the shipped CMS tables (read on first use)."""
    from revcycle.codes import pcs_tables

    out = {}
    for key, (parts, devices, qualifiers) in _TEACHING_VALUES.items():
        table = pcs_tables.table(key)

        def labelled(position: int, values: str, table: pcs_tables.Table = table) -> dict[str, str]:
            return {v: str(table.label(position, v)) for v in values}

        out[key] = TeachingTable(key, labelled(4, parts), labelled(6, devices), labelled(7, qualifiers))
    return out


if TYPE_CHECKING:
    #: TEACHING TABLE: a handful of values from a few CMS ICD-10-PCS tables, labelled from the shipped tables.
    TEACHING_TABLES: dict[str, TeachingTable]


def __getattr__(name: str) -> dict[str, TeachingTable]:
    """``TEACHING_TABLES`` is built from the shipped tables on first use."""
    if name == "TEACHING_TABLES":
        return _teaching_tables()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Real ICD-10-PCS codes the book uses as examples, with the book's plain-language summary of each.
TEACHING_CODES: dict[str, str] = {
    "0DTJ4ZZ": "appendix removed through a laparoscope (laparoscopic appendectomy)",
    "0DTJ0ZZ": "appendix removed through an open incision (open appendectomy)",
    "0FT44ZZ": "gallbladder removed through a laparoscope (laparoscopic cholecystectomy)",
    "0UT90ZZ": "uterus removed through an open incision",
    "0SRC0J9": "right knee joint replaced with a cemented synthetic joint, open (total knee replacement)",
    "0SRD0JA": "left knee joint replaced with an uncemented synthetic joint, open",
    "0DB68ZX": "biopsy of the stomach taken through an endoscope passed down the throat",
    "0BH17EZ": "breathing tube placed in the windpipe through the mouth or nose (intubation)",
    "02703DZ": "one coronary artery widened with a stent, through a catheter in a blood vessel",
    "0W9G3ZZ": "fluid drained from the abdomen with a needle, to treat (paracentesis)",
    "0W9G3ZX": "fluid drawn from the abdomen with a needle, to diagnose (diagnostic paracentesis)",
}


@dataclass(frozen=True)
class Character:
    """One character of a code: its position (1-7), what the position means, its value and meaning."""

    position: int
    axis: str
    value: str
    meaning: str
    source: str


def normalize(code: str) -> str:
    """The code upper-cased without spaces or dashes ('0dtj4zz' -> '0DTJ4ZZ'); raises CodeFormatError.

    Checks the shape only (7 characters from the 34 allowed values). Existence needs the CMS tables.
    """
    if not isinstance(code, str):
        raise CodeFormatError(f"An ICD-10-PCS code must be text such as '0DTJ4ZZ', not {type(code).__name__}.")
    s = code.strip().upper().replace(" ", "").replace("-", "")
    shown = repr(s[:20] + ("..." if len(s) > 20 else ""))
    if not s:
        raise CodeFormatError("The code is empty: type a 7-character ICD-10-PCS code such as 0DTJ4ZZ.")
    if "." in s:
        raise CodeFormatError(
            f"{shown} has a decimal point: ICD-10-PCS codes have none (that is ICD-10-CM, the diagnosis code set)."
        )
    bad = sorted({ch for ch in s if ch not in ALPHABET})
    if bad:
        hint = ""
        if "O" in bad or "I" in bad:
            hint = " The letters I and O are never used, so that they are not mistaken for 1 and 0."
        raise CodeFormatError(
            f"{shown} contains {', '.join(repr(b) for b in bad)}: ICD-10-PCS uses only 0-9 and the letters "
            f"A-Z except I and O.{hint}"
        )
    if len(s) != 7:
        raise CodeFormatError(f"{shown} has {len(s)} characters: every ICD-10-PCS code has exactly 7.")
    return s


def is_valid_format(code: str) -> bool:
    """True if the text has the shape of an ICD-10-PCS code (not proof that the code exists)."""
    try:
        normalize(code)
    except CodeFormatError:
        return False
    return True


def section(code: str) -> str:
    """The name of the code's section, from its first character ('0DTJ4ZZ' -> 'Medical and Surgical')."""
    norm = normalize(code)
    try:
        return SECTIONS[norm[0]]
    except KeyError:
        raise CodeFormatError(
            f"{norm} starts with {norm[0]!r}, which is not an ICD-10-PCS section; sections are "
            f"{', '.join(SECTIONS)}."
        ) from None


SECTION_WIDE = "section-wide value"
TEACHING = "book's teaching table"
NOT_IN_TABLE = "not in the book's teaching table: look it up in the CMS tables"


def explain(code: str) -> list[Character]:
    """What each of the seven characters of a code means, position by position.

    Medical and Surgical codes get every section-wide meaning, and body part, device and qualifier
    meanings where the book's teaching table has them. Other sections get their section name only,
    because their other six characters mean different things in each section.
    """
    norm = normalize(code)
    sec = section(norm)
    if norm[0] != "0":
        rest = [
            Character(i + 1, f"character {i + 1}", ch, f"defined by the {sec} section's own tables", NOT_IN_TABLE)
            for i, ch in enumerate(norm[1:], start=1)
        ]
        return [Character(1, "section", norm[0], sec, SECTION_WIDE), *rest]
    out = [Character(1, "section", "0", sec, SECTION_WIDE)]
    body_system = BODY_SYSTEMS.get(norm[1])
    if body_system is None:
        raise CodeFormatError(f"{norm}: {norm[1]!r} is not a Medical and Surgical body system value.")
    out.append(Character(2, "body system", norm[1], body_system, SECTION_WIDE))
    root = ROOT_OPERATIONS.get(norm[2])
    if root is None:
        raise CodeFormatError(f"{norm}: {norm[2]!r} is not a Medical and Surgical root operation value.")
    out.append(Character(3, "root operation", norm[2], f"{root[0]}: {root[1]}", SECTION_WIDE))
    table = _teaching_tables().get(norm[:3])

    def lookup(position: int, values: dict[str, str] | None, placeholder: str | None = None) -> Character:
        value = norm[position - 1]
        axis = CHARACTER_NAMES[position - 1]
        if value == "Z" and placeholder:
            return Character(position, axis, value, placeholder, SECTION_WIDE)
        if values and value in values:
            return Character(position, axis, value, values[value], TEACHING)
        return Character(position, axis, value, "?", NOT_IN_TABLE)

    out.append(lookup(4, table.body_parts if table else None))
    approach = APPROACHES.get(norm[4])
    if approach is None:
        raise CodeFormatError(f"{norm}: {norm[4]!r} is not a Medical and Surgical approach value.")
    out.append(Character(5, "approach", norm[4], approach, SECTION_WIDE))
    out.append(lookup(6, table.devices if table else None, _NO_DEVICE))
    out.append(lookup(7, table.qualifiers if table else None, _NO_QUALIFIER))
    return out


@dataclass(frozen=True)
class PcsCode:
    """What the book can say about a code: its section, each character's meaning, and the book's summary.

    ``summary`` is the book's plain-language summary for the codes in TEACHING_CODES, '' for others.
    """

    code: str
    section: str
    characters: tuple[Character, ...]
    summary: str = ""


def describe(code: str) -> PcsCode:
    """The section, the meaning of each character (:func:`explain`) and, for a teaching code, its summary.

    Raises CodeFormatError for text that is not shaped like a code or has a value no section-wide table
    allows in its position. Does not prove the code exists: only the CMS tables can.
    """
    norm = normalize(code)
    return PcsCode(norm, section(norm), tuple(explain(norm)), TEACHING_CODES.get(norm, ""))


def is_valid(code: str) -> bool:
    """True if the text is shaped like a code and every character the book knows fits its position.

    Checks the shape, the section and, in Medical and Surgical, the body system, root operation and approach
    (what :func:`describe` checks). Existence needs the CMS tables. Never raises.
    """
    try:
        describe(code)
    except CodeFormatError:
        return False
    return True


def search(query: str, limit: int = 10) -> list[PcsCode]:
    """The book's teaching codes whose code starts with ``query`` or whose summary holds every word of it.

    Only the few TEACHING_CODES are searched (this package ships no ICD-10-PCS code set); any text is safe.
    """
    if not isinstance(query, str):
        raise CodeFormatError(f"search() needs text such as 'appendectomy', not {type(query).__name__}.")
    text = query.strip().upper().replace(" ", "").replace("-", "")
    if not text or limit <= 0:
        return []
    if len(text) <= 7 and all(ch in ALPHABET for ch in text):
        found = [c for c in sorted(TEACHING_CODES) if c.startswith(text)]
        if found:
            return [describe(c) for c in found[:limit]]
    words = set(fts.tokenize(query[: fts.MAX_QUERY_CHARS]))
    if not words:
        return []
    hits = [c for c, summary in TEACHING_CODES.items() if words <= set(fts.tokenize(summary))]
    return [describe(c) for c in sorted(hits, key=lambda c: (len(TEACHING_CODES[c]), c))[:limit]]


def breakdown_frame(codes: Iterable[str]) -> pd.DataFrame:
    """A table with one row per character position and one column per code: 'value = meaning'.

    The row names are the Medical and Surgical section's; other sections use the positions differently.
    """
    import pandas as pd

    columns = {}
    for code in codes:
        norm = normalize(code)
        columns[norm] = [f"{c.value} = {c.meaning.split(':')[0]}" for c in explain(norm)]
    index = pd.Index([f"{i}. {name}" for i, name in enumerate(CHARACTER_NAMES, start=1)], name="character")
    return pd.DataFrame(columns, index=index)
