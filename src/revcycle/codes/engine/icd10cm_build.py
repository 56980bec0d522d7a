"""Builds the ICD-10-CM database once per release: the FY2026 tabular data from simple-icd-10-cm (with a
later release's addenda applied to it), plus the shipped FY2025 index and tables, each index code confirmed
against the release's tabular list.

Only this module imports simple-icd-10-cm (~2 s); everything at run time reads the built SQLite file.
"""

from __future__ import annotations

import bisect
import importlib
import re
import sqlite3
import warnings
from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass
from types import ModuleType

from revcycle.codes.engine import fts
from revcycle.codes.engine import icd10cm_sources as src
from revcycle.codes.engine.icd10cm_addenda import Addenda
from revcycle.codes.engine.icd10cm_addenda import load as load_addenda
from revcycle.codes.engine.icd10cm_release import PRIMARY, Release
from revcycle.core.errors import DataError

NOTE_KINDS = (
    "includes",
    "inclusion_term",
    "excludes1",
    "excludes2",
    "code_first",
    "use_additional_code",
    "code_also",
    "notes",
    "seventh_note",
)

_SCHEMA = """
CREATE TABLE sections (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, span TEXT NOT NULL,
    parent TEXT, chapter INTEGER NOT NULL, ord INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE codes (
    code TEXT PRIMARY KEY, compact TEXT NOT NULL UNIQUE, title TEXT NOT NULL, kind TEXT NOT NULL,
    billable INTEGER NOT NULL, parent TEXT, block TEXT NOT NULL, chapter INTEGER NOT NULL,
    ord INTEGER NOT NULL, needs_seventh INTEGER NOT NULL, seventh TEXT
) WITHOUT ROWID;
CREATE INDEX codes_parent ON codes(parent, ord);
CREATE INDEX codes_level ON codes(length(compact), compact);
CREATE TABLE notes (owner TEXT NOT NULL, kind TEXT NOT NULL, ord INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX notes_owner ON notes(owner);
CREATE TABLE seventh (
    owner TEXT NOT NULL, char TEXT NOT NULL, meaning TEXT NOT NULL, note TEXT NOT NULL, ord INTEGER NOT NULL
);
CREATE INDEX seventh_owner ON seventh(owner);
CREATE TABLE terms (
    id INTEGER PRIMARY KEY, source INTEGER NOT NULL, main INTEGER NOT NULL, level INTEGER NOT NULL,
    path TEXT NOT NULL, nemod TEXT NOT NULL, code TEXT NOT NULL, confirmed TEXT,
    see TEXT NOT NULL, see_also TEXT NOT NULL, cells TEXT NOT NULL, key TEXT NOT NULL
);
CREATE INDEX terms_key ON terms(source, level, key);
CREATE INDEX terms_level ON terms(source, level, id);
"""

PATH_SEP = " \u203a "  # the single right-pointing angle quotation mark between a term and its subterms

# Rows as they are inserted into the tables of _SCHEMA, column by column.
_SectionRecord = tuple[str, str, str, str, str | None, int, int]  # id, kind, title, span, parent, chapter, ord
_NoteRecord = tuple[str, str, int, str]  # owner, kind, ord, text
_SeventhRecord = tuple[str, str, str, str, int]  # owner, char, meaning, note, ord
# id, source, main, level, path, nemod, code, confirmed, see, see_also, cells, key
_TermRecord = tuple[int, int, int, int, str, str, str, str | None, str, str, str, str]


@dataclass
class _Code:
    code: str
    title: str
    kind: str
    parent: str | None
    block: str
    chapter: int
    ord: int
    leaf: bool


# Room left between the codes of the base release for the codes a later release inserts among them.
_GAP = 1000


@dataclass
class _Tabular:
    """The tabular list as rows ready to insert, so a release's addenda can change it first."""

    codes: dict[str, _Code]
    sections: list[_SectionRecord]
    notes: list[_NoteRecord]
    seventh: list[_SeventhRecord]
    docs: list[fts.Doc]


def _clean(text: str) -> str:
    """Drop the stray '/<tab>note' that simple-icd-10-cm appends to some 7th-character meanings."""
    return " ".join(text.split("/\t")[0].split())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _load_simple_icd() -> ModuleType:
    """The simple_icd_10_cm module (it ships no type information, so it is used as a plain module)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return importlib.import_module("simple_icd_10_cm")


def _tabular() -> _Tabular:
    """Chapters, blocks, codes, notes, 7th characters and title docs of the base (FY2026) release."""
    sicd = _load_simple_icd()
    names = sicd.get_all_codes(with_dots=True)
    twice = {n for n, c in Counter(names).items() if c > 1}  # single-category blocks (e.g. B99) come twice
    seen: set[str] = set()
    codes: dict[str, _Code] = {}
    sections: list[_SectionRecord] = []
    notes: list[_NoteRecord] = []
    seventh: list[_SeventhRecord] = []
    docs: list[fts.Doc] = []
    chapter = 0
    block = ""
    span_re = re.compile(r"\s*\(([A-Z0-9.]+-[A-Z0-9.]+|[A-Z0-9.]+)\)\s*$")
    for order, name in enumerate(names):
        as_block = name in twice and name not in seen
        seen.add(name)
        pb = as_block
        if sicd.is_chapter(name):
            kind = "chapter"
        elif as_block or (sicd.is_block(name) and name not in twice):
            kind = "block"
        elif sicd.is_category(name):
            kind = "category"
        elif sicd.is_extended_subcategory(name):
            kind = "extended"
        else:
            kind = "subcategory"
        title = sicd.get_description(name, prioritize_blocks=pb)
        if kind in ("chapter", "block"):
            m = span_re.search(title)
            span = m.group(1) if m else name
            clean_title = span_re.sub("", title) if m else title
            if kind == "chapter":
                chapter = int(name)
                owner = f"chapter:{name}"
                parent = None
            else:
                block = name
                owner = f"block:{name}"
                parent_name = sicd.get_parent(name, prioritize_blocks=True)
                parent = f"chapter:{parent_name}" if sicd.is_chapter(parent_name) else f"block:{parent_name}"
            sections.append((owner, kind, clean_title, span, parent, chapter, order * _GAP))
        else:
            owner = name
            parent_name = sicd.get_parent(name)
            leaf = sicd.is_leaf(name)
            codes[name] = _Code(
                name,
                _clean(title),
                kind,
                None if kind == "category" else parent_name,
                block,
                chapter,
                order * _GAP,
                leaf,
            )
        getters = {
            "includes": sicd.get_includes(name, prioritize_blocks=pb),
            "inclusion_term": sicd.get_inclusion_term(name, prioritize_blocks=pb),
            "excludes1": sicd.get_excludes1(name, prioritize_blocks=pb),
            "excludes2": sicd.get_excludes2(name, prioritize_blocks=pb),
            "code_first": _lines(sicd.get_code_first(name, prioritize_blocks=pb)),
            "use_additional_code": _lines(sicd.get_use_additional_code(name, prioritize_blocks=pb)),
            "code_also": _lines(sicd.get_code_also(name, prioritize_blocks=pb)),
            "notes": _lines(sicd.get_notes(name, prioritize_blocks=pb)),
            "seventh_note": _lines(sicd.get_seven_chr_note(name, prioritize_blocks=pb)),
        }
        for kind_name, texts in getters.items():
            for i, text in enumerate(texts):
                text = " ".join(text.split())
                if text:
                    notes.append((owner, kind_name, i, text))
        for i, (char, meaning) in enumerate(sicd.get_seven_chr_def(name, prioritize_blocks=pb).items()):
            main, _, extra = meaning.partition("/\t")
            seventh.append((owner, char, " ".join(main.split()), " ".join(extra.split()), i))
        if kind not in ("chapter", "block"):
            docs.append(fts.Doc(_clean(title), name, src.TITLE, _clean(title), 0, order))
            for term in getters["inclusion_term"] + getters["includes"]:
                docs.append(fts.Doc(term, name, src.INCLUSION, term, 0, order))
            if kind == "extended" and "/\t" in title:
                # The 7th-character definition carries an inclusion-like note (e.g. "advanced dry stage").
                base = sicd.get_description(sicd.get_parent(name))
                extra_term = base + ", " + title.split("/\t", 1)[1].strip()
                docs.append(fts.Doc(extra_term, name, src.INCLUSION, extra_term, 0, order))

    return _Tabular(codes, sections, notes, seventh, docs)


def _insert(conn: sqlite3.Connection, tab: _Tabular) -> list[fts.Doc]:
    """Store the tabular list; return its title and inclusion docs with their word counts."""
    kids: dict[str, list[_Code]] = {}
    for c in tab.codes.values():
        if c.parent:
            kids.setdefault(c.parent, []).append(c)
    rows = []
    for c in tab.codes.values():
        needs = 0
        seventh_char = None
        if c.kind == "extended":
            seventh_char = c.code[-1]
        elif not c.leaf:
            below = kids.get(c.code, [])
            needs = int(all(k.kind == "extended" for k in below))
        rows.append(
            (c.code, c.code.replace(".", ""), c.title, _kind(c), int(c.leaf), c.parent, c.block, c.chapter,
             c.ord, needs, seventh_char)
        )
    conn.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?)", tab.sections)
    conn.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)", tab.notes)
    conn.executemany("INSERT INTO seventh VALUES (?, ?, ?, ?, ?)", tab.seventh)
    return [fts.Doc(d.text, d.code, d.source, d.label, len(set(fts.tokenize(d.text))), d.order) for d in tab.docs]


def apply_addenda(tab: _Tabular, addenda: Addenda) -> dict[str, int]:
    """Turn the base release into the next: delete, retitle, turn codes into headers, insert new codes.

    A new code goes under its nearest existing ancestor (its block and chapter are that ancestor's, or for a
    new category those of the code just before it) and after the last code that sorts before it there.
    New codes have no tabular notes of their own: the shipped addenda carry titles only.
    """
    codes = tab.codes
    gone = addenda.removed
    for code in gone:
        codes.pop(code, None)
    tab.notes = [n for n in tab.notes if n[0] not in gone]
    tab.seventh = [r for r in tab.seventh if r[0] not in gone]
    tab.docs = [d for d in tab.docs if d.code not in gone]
    for code in addenda.became_headers:
        codes[code].leaf = False
    for change in addenda.of("revise_to"):
        codes[change.code].title = change.title
        tab.docs = [fts.Doc(change.title, d.code, d.source, change.title, 0, d.order)
                    if d.code == change.code and d.source == src.TITLE else d for d in tab.docs]
    doc_order = {d.code: d.order for d in tab.docs if d.source == src.TITLE}
    keys = sorted(c.replace(".", "") for c in codes)
    by_compact = {c.replace(".", ""): c for c in codes}
    used = {c.ord for c in codes.values()}
    added = 0
    for change in addenda.of("add"):
        if change.code in codes:  # a billable code turned header: already handled
            continue
        compact = change.code.replace(".", "")
        at = bisect.bisect_left(keys, compact)
        before = codes[by_compact[keys[at - 1]]]
        parent = _nearest(change.code, codes)
        place = codes[parent] if parent else before
        if len(compact) == 3:
            kind = "category"
        elif len(compact) == 7 and any(r[0] == compact[:3] for r in tab.seventh):
            kind = "extended"
        else:
            kind = "subcategory"
        order = before.ord + 1
        if order in used:
            raise DataError(f"{addenda.file}: no room to place {change.code} after {before.code}.")
        used.add(order)
        added += 1
        codes[change.code] = _Code(change.code, change.title, kind, parent, place.block, place.chapter, order,
                                   change.billable)
        keys.insert(at, compact)
        by_compact[compact] = change.code
        tab.docs.append(fts.Doc(change.title, change.code, src.TITLE, change.title, 0,
                                doc_order.get(before.code, before.ord // _GAP)))
        doc_order[change.code] = doc_order.get(before.code, before.ord // _GAP)
    tab.codes = dict(sorted(codes.items(), key=lambda kv: kv[1].ord))
    return {"codes deleted": len(gone), "codes turned headers": len(addenda.became_headers),
            "titles revised": len(addenda.of("revise_to")), "codes added": added}


def _nearest(code: str, codes: Container[str]) -> str | None:
    """The nearest existing ancestor of a new code ('O31.40X0' -> 'O31.40'), None for a new category."""
    compact = code.replace(".", "")
    for n in range(len(compact) - 1, 2, -1):
        cand = compact[:3] + ("." + compact[3:n] if n > 3 else "")
        for form in (cand, cand.rstrip("X").rstrip(".")):
            if form in codes:
                return form
    return None


def _kind(c: _Code) -> str:
    if c.leaf:
        return "code"
    return "category" if c.kind == "category" else "subcategory"


def confirm(code: str, codes: Container[str]) -> str | None:
    """The FY2026 tabular code an index code points to: itself, or the nearest existing header above it.

    'C34.9-' (the index's mark for "more characters needed") gives 'C34.9'; a code the FY2026 list lacks
    gives its nearest existing ancestor; None when nothing matches.
    """
    raw = code.strip().upper().rstrip("-").rstrip(".")
    if not re.fullmatch(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?", raw):
        return None
    while raw:
        if raw in codes:
            return raw
        raw = raw[:-1].rstrip(".")
        if len(raw) < 3:
            return None
    return None


def _essential_tokens(path: tuple[str, ...]) -> list[str]:
    """Words of the path that count towards its length: a main term's alternative forms do not count.

    'Diabetes, diabetic' counts as one word ('diabetic' is another form of 'diabetes'); 'Debt, burdensome'
    counts as two.
    """
    out: list[str] = []
    for depth, term in enumerate(path):
        parts = term.split(", ")
        words = fts.tokenize(parts[0])
        out += words
        for part in parts[1:]:
            part_words = fts.tokenize(part)
            if depth == 0 and part_words and any(part_words[0][:4] == w[:4] for w in words):
                continue
            out += part_words
    return out


def _key(text: str) -> str:
    """An index look-up key: the words as written (not stemmed), as a coder finds a term in the book."""
    return " ".join(fts.words(text))


def _index_rows() -> Iterator[src.IndexRow]:
    yield from src.derived_index()
    yield from src.external_cause_index()
    yield from src.drug_table()
    yield from src.neoplasm_table()


def _index(conn: sqlite3.Connection, codes: dict[str, _Code]) -> tuple[list[fts.Doc], dict[str, int]]:
    """Store every index and table term; return search docs for those whose code FY2026 confirms."""
    stats: Counter[str] = Counter()
    rows: list[_TermRecord] = []
    docs: list[fts.Doc] = []
    all_rows = list(_index_rows())
    # Where each term leads ('see' notes name other terms), keyed by the ways a 'see' note may name it.
    by_key: dict[tuple[int, str], src.IndexRow] = {}
    for row in all_rows:
        if row.code or row.see or row.see_also:
            for variant in _lookup_keys(row.path):
                by_key.setdefault((row.source, variant), row)
    main_id = 0
    for rid, row in enumerate(all_rows, start=1):
        if row.level == 0:
            main_id = rid
        confirmed = confirm(row.code, codes) if row.code else None
        label = PATH_SEP.join(row.path) + (f" {row.nemod}" if row.nemod else "")
        rows.append(
            (rid, row.source, main_id, row.level, PATH_SEP.join(row.path), row.nemod, row.code, confirmed,
             row.see, row.see_also, "\t".join(row.cells), _key(", ".join(row.path)))
        )
        essential = _essential_tokens(row.path)
        text = " ".join(row.path)
        # A term is searchable by its essential words; its nonessential modifiers match too, but such a
        # match ranks as a longer term (so 'diabetes' prefers 'Diabetes' to 'Hyperosmolality (diabetes)').
        variants = [(text, len(set(essential)))]
        if row.nemod:
            variants.append((f"{text} {row.nemod}", len(set(essential) | set(fts.tokenize(row.nemod)))))
        if row.code:
            stats["index codes"] += 1
            if confirmed is None:
                stats["index codes not in FY2026"] += 1
                continue
            if confirmed != row.code.rstrip("-").rstrip("."):
                stats["index codes confirmed as a header above them"] += 1
            for doc_text, ntok in variants:
                docs.append(fts.Doc(doc_text, confirmed, row.source, label, ntok, rid))
        elif (row.see or row.see_also) and row.source in (src.INDEX, src.EINDEX):
            # "see" cross-references lead to the code of the term they name (following up to 3 hops), and so
            # does "see also" on a term with no code of its own ('Flu - see also Influenza').
            stats["see references"] += 1
            target = _follow(row, by_key, codes)
            if target:
                stats["see references resolved"] += 1
                named = row.see or row.see_also
                see_label = f"{label} \u2014 see {'also ' if not row.see else ''}{named}"
                # Found by its own words ('flu' is the whole of 'Flu - see also Influenza'), and by its own
                # words with those of the term it names ('flu influenza'), which then count towards its length.
                see_words = set(fts.tokenize(named))
                for doc_text, ntok in variants:
                    docs.append(fts.Doc(doc_text, target, row.source, see_label, ntok, rid))
                    docs.append(fts.Doc(f"{doc_text} {named}", target, row.source, see_label,
                                        len(set(fts.tokenize(doc_text)) | see_words) if ntok > len(set(essential))
                                        else len(set(essential) | see_words), rid))
        elif row.source == src.INDEX and (instruction := src.code_to(row.path[-1])) is not None:
            # 'Fochier's abscess - code by site under Abscess': found by the term's own words, leading to the
            # code of the term the instruction names (none for 'code to condition', which names no term).
            stats["code-to instructions"] += 1
            term, _how, named = instruction
            target = _follow(src.IndexRow(row.source, row.level, row.path, see=named), by_key, codes) if named else None
            if target:
                stats["code-to instructions resolved"] += 1
                words = set(fts.tokenize(" ".join((*row.path[:-1], term))))
                docs.append(fts.Doc(" ".join((*row.path[:-1], term)), target, row.source, label, len(words), rid))
        columns = src.DRUG_COLUMNS if row.source == src.DRUG else src.NEOPLASM_COLUMNS
        for col, cell in enumerate(row.cells):
            if cell.strip("-") == "":
                continue
            stats["table codes"] += 1
            confirmed_cell = confirm(cell, codes)
            if confirmed_cell is None:
                stats["table codes not in FY2026"] += 1
                continue
            heading = columns[col]
            for doc_text, ntok in variants:
                docs.append(
                    fts.Doc(f"{doc_text} {heading}", confirmed_cell, row.source, f"{label} \u2014 {heading}",
                            ntok + 1, rid * 8 + col)
                )
    conn.executemany("INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return docs, dict(stats)


def _follow(row: src.IndexRow, by_key: dict[tuple[int, str], src.IndexRow], codes: dict[str, _Code]) -> str | None:
    seen = 0
    while (row.see or row.see_also) and seen < 3:
        nxt = by_key.get((row.source, _key(row.see or row.see_also)))
        if nxt is None:
            return None
        if nxt.code:
            return confirm(nxt.code, codes)
        row, seen = nxt, seen + 1
    return None


def _lookup_keys(path: tuple[str, ...]) -> set[str]:
    """Ways a 'see' note may name this term: with or without the alternative forms after a comma.

    ('Infarct, infarction', 'myocardium, myocardial') is found as 'Infarct, myocardium' too.
    """
    firsts = [p.split(", ")[0] for p in path]
    return {
        _key(", ".join(path)),
        _key(", ".join((firsts[0], *path[1:]))),
        _key(", ".join(firsts)),
        _key(", ".join((path[0], *firsts[1:]))),
    }


def build(conn: sqlite3.Connection, release: Release = PRIMARY) -> None:
    """Fill an empty database for `release` (the cache calls this once per release)."""
    conn.executescript(_SCHEMA)
    tab = _tabular()
    changes: dict[str, int] = {}
    for name in release.addenda:
        changes = apply_addenda(tab, load_addenda(name))
    docs = _insert(conn, tab)
    index_docs, stats = _index(conn, tab.codes)
    fts.create(conn, "docs")
    fts.fill(conn, "docs", docs + index_docs, {c.code: c.title for c in tab.codes.values()})
    stats.update(changes)
    meta = {"release": release.name, "release_id": release.id, **{f"stat:{k}": str(v) for k, v in stats.items()}}
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
    conn.commit()
