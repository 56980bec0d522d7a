"""Readers for the shipped ICD-10-CM index files: the derived Alphabetic Index CSV and the CDC XML tables.

They yield flat rows in index order (each with its level and path), which the builder stores and searches.
Provenance (see revcycle/data/PROVENANCE.md): the three XML files are CDC/NCHS FY2025 originals
(icd10cm-table-index-April-2025.zip), copied unmodified; the CSV is a third party's flattening of the
FY2025 Alphabetic Index XML (wbdill/Python-sandbox01, ICD10CM/output/ICD10CM_2025_Index.csv), which keeps
only the first code of each term and drops manifestation codes and category cross-references.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the XML parser loads only when the database is built
    import xml.etree.ElementTree as ET

DERIVED_INDEX = "icd10cm_index_2025_derived.csv.gz"
EXTERNAL_INDEX = "icd10cm_eindex_2025.xml.gz"
DRUG_TABLE = "icd10cm_drug_2025.xml.gz"
NEOPLASM_TABLE = "icd10cm_neoplasm_2025.xml.gz"

# Source ids stored with every searchable term; the order breaks ties between equally short terms.
TITLE, INCLUSION, INDEX, EINDEX, DRUG, NEOPLASM = range(6)

SOURCE_LABELS = {
    TITLE: "Tabular List title (FY2026)",
    INCLUSION: "Tabular List inclusion term or includes note (FY2026)",
    INDEX: "Alphabetic Index (FY2025, derived: first code per term only)",
    EINDEX: "External Cause Index (FY2025, CDC)",
    DRUG: "Table of Drugs and Chemicals (FY2025, CDC)",
    NEOPLASM: "Neoplasm Table (FY2025, CDC)",
}

DRUG_COLUMNS = (
    "Poisoning, accidental (unintentional)",
    "Poisoning, intentional self-harm",
    "Poisoning, assault",
    "Poisoning, undetermined",
    "Adverse effect",
    "Underdosing",
)
NEOPLASM_COLUMNS = (
    "Malignant primary",
    "Malignant secondary",
    "Ca in situ",
    "Benign",
    "Uncertain behavior",
    "Unspecified behavior",
)


@dataclass
class IndexRow:
    """One term of an index or table, flattened: `path` holds the main term and every subterm above it."""

    source: int
    level: int
    path: tuple[str, ...]
    nemod: str = ""
    code: str = ""
    see: str = ""
    see_also: str = ""
    cells: tuple[str, ...] = field(default_factory=tuple)


def _open(name: str) -> bytes:
    return gzip.decompress(resources.files("revcycle.data").joinpath(name).read_bytes())


# An instruction the printed Index writes after a term ('lymphangitis - code by site under Abscess',
# 'blisters - code as Burn, second degree, by site'); the derived file keeps it inside the term's text.
_CODE_TO = re.compile(
    r"^(?P<term>.*?)\s+-+\s+(?P<how>code (?:by site and stage under|by site under|to|as|under|by))\s+(?P<target>.+)$"
)
_TARGET_END = re.compile(r",\s*(?:by site|by type|using)\b.*$")


def code_to(term: str) -> tuple[str, str, str] | None:
    """Split a term holding a 'code to/as/by site under' instruction into (term, instruction, target term).

    The target is the Index term the instruction names ('Abscess'; 'Burn, second degree' from '..., by
    site'), or '' where it names no term ('code to condition', 'code to fracture with seventh character D').
    """
    m = _CODE_TO.match(" ".join(term.split()))
    if m is None:
        return None
    target = _TARGET_END.sub("", m["target"]).strip()
    if not target[:1].isupper():  # the Index capitalises the terms it sends a coder to
        target = ""
    return m["term"], f"{m['how']} {m['target']}", target


def derived_index() -> Iterator[IndexRow]:
    """The third-party flattening of the FY2025 Alphabetic Index (lossy: first code of each term only)."""
    text = _open(DERIVED_INDEX).decode("utf-8")
    stack: list[str] = []
    for rec in csv.DictReader(io.StringIO(text)):
        level = int(rec["Level"])
        del stack[level:]
        stack.append(" ".join(rec["Term"].split()))
        yield IndexRow(
            INDEX,
            level,
            tuple(stack),
            nemod=rec["NonEssModif"].strip(),
            code=rec["Code"].strip(),
            see=rec["See"].strip(),
            see_also=rec["SeeAlso"].strip(),
        )


def _title(elem: ET.Element) -> tuple[str, str]:
    """A <title> holds the term and, inside <nemod>, its nonessential modifiers."""
    t = elem.find("title")
    if t is None:
        return "", ""
    nemods = [" ".join("".join(n.itertext()).split()) for n in t.findall("nemod")]
    parts = [t.text or ""] + [n.tail or "" for n in t.findall("nemod")]
    return " ".join(" ".join(parts).split()), " ".join(nemods)


def _walk_xml(name: str, source: int) -> Iterator[IndexRow]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(_open(name))
    for main in root.iter("mainTerm"):
        yield from _walk_term(main, source, 0, ())


def _walk_term(elem: ET.Element, source: int, level: int, above: tuple[str, ...]) -> Iterator[IndexRow]:
    term, nemod = _title(elem)
    path = (*above, term)
    code = ""
    for tag in ("code", "subcat", "seecat", "manif"):
        found = elem.find(tag)
        text = (found.text or "").strip() if found is not None else ""
        if text:
            code = text
            break
    cells = ["--"] * 6
    for cell in elem.findall("cell"):
        col = int(cell.get("col", "0")) - 2
        if 0 <= col < 6:
            cells[col] = (cell.text or "").strip() or "--"
    see = elem.find("see")
    see_also = elem.find("seeAlso")
    yield IndexRow(
        source,
        level,
        path,
        nemod=nemod,
        code=code,
        see=" ".join("".join(see.itertext()).split()) if see is not None else "",
        see_also=" ".join("".join(see_also.itertext()).split()) if see_also is not None else "",
        cells=tuple(cells) if elem.findall("cell") else (),
    )
    for child in elem.findall("term"):
        yield from _walk_term(child, source, level + 1, path)


def external_cause_index() -> Iterator[IndexRow]:
    """The CDC FY2025 External Cause of Injuries Index."""
    return _walk_xml(EXTERNAL_INDEX, EINDEX)


def drug_table() -> Iterator[IndexRow]:
    """The CDC FY2025 Table of Drugs and Chemicals; `cells` follow DRUG_COLUMNS."""
    return _walk_xml(DRUG_TABLE, DRUG)


def neoplasm_table() -> Iterator[IndexRow]:
    """The CDC FY2025 Neoplasm Table; `cells` follow NEOPLASM_COLUMNS."""
    return _walk_xml(NEOPLASM_TABLE, NEOPLASM)
