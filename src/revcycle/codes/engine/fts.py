"""Full-text search over code-set terms with SQLite FTS5, shared by ICD-10-CM and HCPCS.

Each searchable term is one row ("doc"). Rows are inserted sorted by how few distinct words they have,
so a query that requires every word (`ORDER BY rowid LIMIT n`) stops after the n shortest complete
matches: the shortest term holding every typed word is the closest match, and finding it costs well
under a millisecond. FTS5 intersects only the three rarest words; the others are checked in a stored
word list. When no term holds every word, partial matches follow (typos dropped, then one word left out,
then the shortest terms holding a rare word), each step with bounded work.

User text never reaches FTS5 as syntax: it is cut into word tokens and each token is quoted, so `OR`,
`NEAR(`, `*` and quotes are searched as plain words (or ignored as punctuation).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from revcycle.codes.engine.spelling import Corrector

MAX_QUERY_CHARS = 300
MAX_TOKENS = 24
MAX_TOKEN_CHARS = 40
FTS_WORDS = 3  # FTS5 intersects this many of the rarest words; SQLite checks the rest
FTS_COMMON = 0.02  # ... leaving to SQLite any word in more than this share of the terms
MAX_RELAXED = 8  # leave-one-word-out is tried for queries of at most this many known words
PAIR_RATIO = 30  # FTS5 merges a list this much longer in about the time SQLite checks one candidate row
PARTIAL = 0.49  # partial matches score below this
MAX_KNOWN = 100_000  # the most word counts a searcher keeps (a bound against endless distinct typos)
MAX_SCANNED = 20000  # the most candidate rows one all-words match reads
# Words a query may hold that say nothing about the condition; a term need not hold them to match.
FILLER = frozenset({"a", "an", "the", "my", "me", "i", "im", "is", "am", "are", "was", "been", "be", "it", "its",
                    "this", "that", "got", "get", "gets", "getting", "have", "has", "had", "having", "so", "very",
                    "really", "some", "kind", "sort", "like", "feel", "feels", "feeling", "keep", "keeps"})
# Joining words: titles hold them ('pain in', 'fracture of'), so a query's are looked for at first, but once
# no term holds every typed word they are dropped with the filler before partial matching.
FUNCTION = frozenset({"in", "of", "on", "at", "for", "from", "by", "and", "or", "when", "after"})
VOCABULARY_SOURCE = -1  # the source of a row the project's search vocabulary names outright
PREFIX_CHARS = 8  # FTS5 keeps prefix indexes for prefixes of 2 to this many characters
WORDFORM_WEIGHT = 0.97  # a term that holds a typed word only in another form ranks below one that holds it
PREFIX_WEIGHT = 0.9  # a term matched only by completing a whole typed word ranks below the word itself
COMMON_SHARE = 0.01  # a last word in more than this share of rows is taken as typed, not as a prefix

_WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")

TOKENIZER = "unicode61 remove_diacritics 2"

#: A value SQLite hands back for a column.
SqlValue = int | float | str | bytes | None


def words(text: str) -> list[str]:
    """Lower-case words without diacritics, as FTS5's unicode61 tokenizer cuts them (not stemmed)."""
    if text.isascii():  # nearly every term: nothing to fold
        return _WORD.findall(text.lower())
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()
    return _WORD.findall(folded)


_DOUBLE = re.compile(r"([b-df-hj-np-tv-z])\1$")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A word's stem, so that word forms meet: fractures, fractured and fracture all give "fractur".

    A small, conservative suffix stripper (plural -s/-es/-ies, -ed, -ing, then a final -e) for words of five
    letters or more, plural -s for four-letter words, and the adjectives of -itis and -osis nouns (arthritic,
    psychotic); the index and the query pass through the same function, so its only risk is joining two
    words that differ only by such a suffix. Latin plurals and -itis/-osis words are left alone.
    """
    if len(word) == 4 and word.isalpha() and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]  # short plurals: legs, ribs, cats, toes
    if len(word) < 5 or not word.isalpha():
        return word
    if len(word) >= 8 and word.endswith(("itic", "otic")):  # arthritic -> arthritis, psychotic -> psychosis
        return word[:-3] + ("tis" if word.endswith("itic") else "sis")
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ing") and len(word) >= 7:
        word = _DOUBLE.sub(r"\1", word[:-3])
    elif word.endswith("ed") and len(word) >= 6:
        word = _DOUBLE.sub(r"\1", word[:-2])
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """The stems of the words in ``text``: what the index stores and a query looks for."""
    return [stem(w) for w in words(text)]


@lru_cache(maxsize=1 << 15)
def _label_words(label: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """A matched term's words and stems, worked out once per term (ranking compares them with the query's)."""
    return frozenset(words(label)), tuple(tokenize(label))


def quote(token: str) -> str:
    """An FTS5 string literal for one token (so `OR`, `NEAR(`, `*` and quotes are plain words)."""
    return '"' + token.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Doc:
    """One searchable term: its text, the code it leads to, and how it sorts among equally short terms."""

    text: str
    code: str
    source: int
    label: str
    ntok: int  # how many distinct words count towards the term's length
    order: int = 0


class Row(NamedTuple):
    """One matching term, with a score in (0, 1]: the share of the term's words that the query typed.

    A named tuple, not a dataclass: a search makes a few hundred of them, and a tuple is made in a fifth of the time."""

    code: str
    source: int
    label: str
    score: float
    title: str
    extra: tuple[SqlValue, ...]  # the values of the code table's `extra` columns, in the order asked for

    def scaled(self, weight: float) -> Row:
        """The same row with its score times ``weight``."""
        return Row(self.code, self.source, self.label, round(self.score * weight, 4), self.title, self.extra)


def create(conn: sqlite3.Connection, table: str) -> None:
    """Create the contentless FTS5 table `table`, its row data `<table>_meta` and vocabulary `<table>_vocab`."""
    conn.execute(
        f"CREATE VIRTUAL TABLE {table} USING fts5(text, content='', tokenize='{TOKENIZER}', "
        f"prefix='{' '.join(str(n) for n in range(2, PREFIX_CHARS + 1))}', detail=none)"
    )
    conn.execute(
        f"CREATE TABLE {table}_meta (id INTEGER PRIMARY KEY, code TEXT NOT NULL, source INTEGER NOT NULL, "
        f"label TEXT, ntok INTEGER NOT NULL, toks TEXT NOT NULL)"
    )


def fill(conn: sqlite3.Connection, table: str, docs: Iterable[Doc], titles: dict[str, str]) -> int:
    """Insert the docs shortest first (this order is the ranking), then build the vocabulary table.

    A doc whose label is its code's title (in `titles`) stores no label: the title is looked up instead.
    `toks` keeps the doc's words (' fracture of femur ') so that common words are checked without FTS5.
    """
    ordered = sorted(docs, key=lambda d: (d.ntok, d.source, d.order, d.code, d.label))
    written = [words(d.text) for d in ordered]  # each text cut once: the index, the word lists and the surfaces
    stems = [[stem(w) for w in ws] for ws in written]
    conn.executemany(f"INSERT INTO {table}(rowid, text) VALUES (?, ?)",
                     ((i, " ".join(st)) for i, st in enumerate(stems, 1)))
    conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    conn.execute(f"CREATE VIRTUAL TABLE temp.{table}_v USING fts5vocab(main, {table}, 'row')")
    conn.execute(f"CREATE TABLE {table}_vocab (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute(f"INSERT INTO {table}_vocab SELECT term, doc FROM temp.{table}_v")
    conn.execute(f"DROP TABLE temp.{table}_v")
    conn.executemany(
        f"INSERT INTO {table}_meta VALUES (?, ?, ?, ?, ?, ?)",
        (
            (i, d.code, d.source, None if titles.get(d.code) == d.label else d.label, d.ntok,
             " " + " ".join(dict.fromkeys(st)) + " ")
            for i, (d, st) in enumerate(zip(ordered, stems, strict=True), 1)
        ),
    )
    conn.execute(f"CREATE TABLE {table}_surface (stem TEXT PRIMARY KEY, word TEXT NOT NULL) WITHOUT ROWID")
    conn.executemany(f"INSERT INTO {table}_surface VALUES (?, ?)", _surfaces(written).items())
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"{table}_rows", str(len(ordered))))
    return len(ordered)


def _surfaces(written: Iterable[list[str]]) -> dict[str, str]:
    """Each stem's commonest written form ("fractur" -> "fracture"), to show a corrected word as a word, from
    each term's words as written."""
    seen: Counter[tuple[str, str]] = Counter((stem(w), w) for ws in written for w in set(ws))
    best: dict[str, tuple[int, str]] = {}
    for (s, w), n in seen.items():
        if s not in best or (n, w) > best[s]:
            best[s] = (n, w)
    return {s: w for s, (_, w) in best.items() if w != s}


class Searcher:
    """Runs queries against one docs table; cheap to create, holds no state but the connection."""

    def __init__(self, conn: sqlite3.Connection, table: str, codes: str, extra: tuple[str, ...] = ()) -> None:
        """`codes` names a table with `code` and `title` columns; `extra` lists more of its columns to return."""
        self.conn = conn
        self.table = table
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (f"{table}_rows",)).fetchone()
        self.total = int(row[0]) if row else 0
        # The code table is read apart from the word match, and once per code: a match skips many rows of codes
        # already found, and a code's title and columns do not change under the searcher.
        self._from = (
            f"SELECT m.code, m.source, m.label, m.ntok, m.toks FROM {table} JOIN {table}_meta AS m "
            f"ON m.id = {table}.rowid WHERE {table} MATCH ?"
        )
        self._codes_sql = f"SELECT code, title{''.join(', ' + e for e in extra)} FROM {codes} WHERE code IN "
        self._code_info: dict[str, tuple[str, tuple[SqlValue, ...]]] = {}  # code -> (title, extra), as read
        self._vocab_sql = f"SELECT term, docs FROM {table}_vocab WHERE term IN "
        self._prefix_sql = f"SELECT 1 FROM {table}_vocab WHERE term >= ? AND term < ? LIMIT 1"
        self._corrector: Corrector | None = None
        self._known: dict[str, int] = {}  # word -> how many rows hold it, as read so far

    def code_row(self, code: str, label: str, score: float = 1.0) -> Row | None:
        """A row for a code named outright (not found by words), or None when the code set lacks it."""
        info = self._infos([code]).get(code)
        if info is None:
            return None
        return Row(code, VOCABULARY_SOURCE, label, score, info[0], info[1])

    def _read_missing(self, known: dict[str, Any], keys: Iterable[str], sql: str) -> list[tuple[Any, ...]]:
        """The rows ``sql ... IN (...)`` gives for the keys not in ``known`` yet (emptied first when it holds
        more than MAX_KNOWN, so every key asked for is read again rather than lost)."""
        if len(known) > MAX_KNOWN:
            known.clear()
        missing = [k for k in dict.fromkeys(keys) if k not in known]
        if not missing:
            return []
        return self.conn.execute(sql + "(" + ",".join("?" * len(missing)) + ")", missing).fetchall()

    def _infos(self, codes: Iterable[str]) -> dict[str, tuple[str, tuple[SqlValue, ...]]]:
        """Each code's (title, extra columns), read from the code table in one statement for those not read yet."""
        known = self._code_info
        for code, title, *extra in self._read_missing(known, codes, self._codes_sql):
            known[code] = (title, tuple(extra))
        return known

    def _counts(self, tokens: list[str]) -> list[int]:
        """How many rows hold each token (0 for words the code set does not use); each word is read from the
        index once per searcher (the index does not change under it)."""
        known = self._known
        found = dict(self._read_missing(known, tokens, self._vocab_sql))
        for t in tokens:
            if t not in known:
                known[t] = found.get(t, 0)
        return [known[t] for t in tokens]

    def counts(self, stems: list[str]) -> dict[str, int]:
        """How many rows hold each stem."""
        return dict(zip(stems, self._counts(stems), strict=True)) if stems else {}

    def has_prefix(self, prefix: str) -> bool:
        """True when some indexed stem starts with ``prefix``."""
        return self.conn.execute(self._prefix_sql, (prefix, prefix + "\U0010ffff")).fetchone() is not None

    _has_prefix = has_prefix

    def corrector(self) -> Corrector:
        """The spelling corrector over this index's words (built on first use, about 50 ms)."""
        if self._corrector is None:
            self._corrector = Corrector(dict(self.conn.execute(f"SELECT term, docs FROM {self.table}_vocab")))
        return self._corrector

    def surface(self, stem_: str) -> str:
        """The commonest written form of an indexed stem."""
        row = self.conn.execute(f"SELECT word FROM {self.table}_surface WHERE stem = ?", (stem_,)).fetchone()
        return str(row[0]) if row else stem_

    def search(self, query: str, limit: int, skip: set[str] | None = None, partial: bool = True) -> list[Row]:
        """Up to `limit` rows, one per code, best first; codes in `skip` are left out.

        Terms holding every word come first and alone when there are any. Otherwise, unless `partial` is
        False, partial matches (scored below 0.5): every known word (typos dropped), then every known word
        but one, then the shortest terms holding one of the rarest words.
        """
        seen: set[str] = set(skip or ())
        text = query[:MAX_QUERY_CHARS]
        tokens = list(dict.fromkeys(t for t in tokenize(text) if len(t) <= MAX_TOKEN_CHARS))[:MAX_TOKENS]
        if not tokens or limit <= 0:
            return []
        counts = dict(zip(tokens, self._counts(tokens), strict=True))
        empty: set[tuple[tuple[str, ...], str | None]] = set()

        def all_words(words_: list[str], pfx_: str | None, limit_: int, seen_: set[str], nq: int,
                      scale: float) -> list[Row]:
            """_all_words, minus a repeat of a word set already found in no term (the steps below can repeat)."""
            key = (tuple(words_), pfx_)
            if key in empty:
                return []
            found = self._all_words(text, words_, counts, pfx_, limit_, seen_, nq, scale)
            if not found:
                empty.add(key)
            return found

        # The last word may still be being typed ('diab', or 'ambul' on its way to 'ambulance'): match it as
        # a prefix, unless a space follows it or it is a common whole word ('fracture' as typed is enough,
        # and a common or long prefix costs FTS5 far more than a word).
        last = tokens[-1]
        typing = not text[-1:].isspace() and len(last) >= 2
        short_or_rare = len(last) <= PREFIX_CHARS and counts[last] <= self.total * COMMON_SHARE
        pfx = last if typing and (not counts[last] or short_or_rare) and self._has_prefix(last) else None
        known = [t for t in tokens if counts[t] or t == pfx]
        if pfx is not None and counts[last] and known == tokens:
            # A whole word typed ('flu') finds its own terms before the words it begins ('flushing').
            rows = all_words(tokens, None, limit, seen, len(tokens), 1.0)
            if len(rows) < limit:
                rows += [r.scaled(PREFIX_WEIGHT) for r in
                         all_words(tokens, pfx, limit - len(rows), seen, len(tokens), 1.0)]
            if rows:
                return rows
        if known == tokens:
            rows = all_words(tokens, pfx, limit, seen, len(tokens), 1.0)
            if rows:
                return rows
        # Words people add that titles rarely hold ('fractures of THE wrist', 'MY back IS ...'): terms holding
        # every other word come next, scored by the share of the typed words they hold.
        # Then without the joining words too ('swelling IN legs' finds 'swelling of leg' and 'leg swelling').
        content = [t for t in known if t not in FILLER or t == pfx]
        core = [t for t in content if t not in FUNCTION or t == pfx]
        for fewer, more in ((content, known), (core, content)):
            if fewer and len(fewer) < len(more):
                rows = all_words(fewer, pfx if pfx in fewer else None, limit, seen, len(tokens), 1.0)
                if rows:
                    return rows
        if not partial:
            return []
        if known and known != tokens:
            rows = all_words(known, pfx, limit, seen, len(tokens), PARTIAL)
            if rows:
                return rows
        rows = []
        if 2 <= len(core) <= MAX_RELAXED:
            # Leave out one content word at a time, the commonest first; keep the best-scored rows. (A subset of
            # joining words and one content word, 'in leg', filters little and costs the most.)
            # Every subset scores its rows out of the same top score: once `limit` rows reach it, no later subset
            # (the rarest word left out last, the costliest) can displace one, as ties keep the earlier row.
            top = round(PARTIAL * (len(core) - 1) / len(tokens), 4)
            for drop in sorted(core, key=lambda t: -counts[t]):
                subset = [t for t in core if t != drop]
                rows += all_words(subset, pfx if pfx in subset else None, limit, set(seen), len(tokens), PARTIAL)
                if len({r.code for r in rows if r.score >= top}) >= limit:
                    break
            best: dict[str, Row] = {}
            for r in rows:
                if r.code not in best or r.score > best[r.code].score:
                    best[r.code] = r
            rows = sorted(best.values(), key=lambda r: -r.score)[:limit]
        if not rows:
            rows = self._any_word(tokens, counts, pfx, limit, seen)
        return rows

    def _all_words(
        self, query: str, tokens: list[str], counts: dict[str, int], pfx: str | None, limit: int,
        seen: set[str], nq: int, scale: float,
    ) -> list[Row]:
        """Rows holding every one of `tokens` (the prefix `pfx` as a prefix), shortest first.

        FTS5 intersects the few rarest words only (intersecting 'of' or 'encounter' costs more than it
        filters); SQLite then checks the other words in each candidate's word list. The score is the share
        of the term's words that were typed, times `scale` times the share of the `nq` typed words used.
        """
        whole = [t for t in tokens if t != pfx]
        rarest = sorted(whole, key=lambda t: counts[t])[:FTS_WORDS]
        # A word in a large share of terms ('of', 'fracture') filters little and costs FTS5 a long merge: it is
        # checked in each candidate's word list instead, as long as rarer words (or the prefix) drive the match.
        # The second rarest joins the rarest when checking it in each of the rarest word's rows would cost more than
        # FTS5's merge of the two lists ('harm subsequent': 9,481 rows to check, or two lists merged in a tenth of
        # the time).
        pair = len(rarest) > 1 and counts[rarest[1]] <= PAIR_RATIO * counts[rarest[0]]
        in_fts = {t for i, t in enumerate(rarest)
                  if (i == 0 or i == 1 and pair) and not pfx or counts[t] <= self.total * FTS_COMMON}
        expr = " ".join([quote(t) for t in tokens if t in in_fts] + ([quote(pfx) + "*"] if pfx else []))
        check = [f" {t} " for t in whole if t not in in_fts]
        sql = self._from + " AND instr(m.toks, ?)" * len(check) + f" ORDER BY {self.table}.rowid LIMIT ?"
        used = len(tokens)
        factor = scale * used / nq
        rows: list[Row] = []
        # One statement stepped as far as needed (SQLite evaluates it lazily), in growing batches: rows of a
        # code already found are skipped, so a few codes with many terms may take more than `limit` rows.
        cursor = self.conn.execute(sql, (expr, *check, MAX_SCANNED))
        fetch = limit + 4
        while len(rows) < limit:
            batch = cursor.fetchmany(fetch)
            infos = self._infos(r[0] for r in batch if r[0] not in seen)
            for code, source, label, ntok, _toks in batch:
                if code in seen or code not in infos:
                    continue
                seen.add(code)
                score = round(factor * min(1.0, used / max(ntok, 1)), 4)
                title, extra = infos[code]
                rows.append(Row(code, source, title if label is None else label, score, title, extra))
                if len(rows) == limit:
                    break
            if len(batch) < fetch:
                break
            fetch *= 4
        cursor.close()
        if not rows:
            return rows
        # A term holding the typed words only as other forms ('crutch' for 'crutches') ranks a little lower;
        # among equally scored rows, one whose words are exactly the query's comes first.
        typed_words = words(query)
        literal = set(typed_words)
        if pfx and typed_words:
            literal.discard(typed_words[-1])
        rows = [r if literal <= _label_words(r.label)[0] else r.scaled(WORDFORM_WEIGHT) for r in rows]
        typed = tuple(stem(w) for w in typed_words)
        rows.sort(key=lambda r: (-r.score, _label_words(r.label)[1] != typed))
        return rows

    def _any_word(
        self, tokens: list[str], counts: dict[str, int], pfx: str | None, limit: int, seen: set[str]
    ) -> list[Row]:
        """The shortest rows holding one of the rarest words, ranked by how many typed words they hold.

        Bounded work (a few `ORDER BY rowid LIMIT` queries) whatever the query; scores stay below 0.5.
        """
        usable = sorted((t for t in tokens if counts[t]), key=lambda t: counts[t])[:FTS_WORDS]
        exprs = [quote(t) for t in usable] + ([quote(pfx) + "*"] if pfx else [])
        sql = self._from + f" ORDER BY {self.table}.rowid LIMIT ?"
        typed = set(tokens)
        best: dict[str, tuple[tuple[float, int], tuple[Any, ...]]] = {}  # code -> (rank, the row as read)
        for order, expr in enumerate(exprs):
            found_rows = self.conn.execute(sql, (expr, limit * 2 + 4)).fetchall()
            infos = self._infos(r[0] for r in found_rows if r[0] not in seen)
            for n, row in enumerate(found_rows):
                code, ntok, toks = row[0], row[3], row[4]
                if code in seen or code not in infos:
                    continue
                words = set(toks.split())
                found = len(typed & words)
                if pfx and pfx not in words and any(w.startswith(pfx) for w in words):
                    found += 1
                score = round(max(0.01, PARTIAL * found / len(tokens) * min(1.0, found / max(ntok, 1))), 4)
                key = (score, -(order * 10000 + n))
                if code not in best or key > best[code][0]:
                    best[code] = (key, row)
        ranked = sorted(best.values(), key=lambda v: (-v[0][0], -v[0][1]))[:limit]
        infos = self._infos(r[0] for _, r in ranked)
        rows = [Row(r[0], r[1], infos[r[0]][0] if r[2] is None else r[2], key[0], *infos[r[0]]) for key, r in ranked]
        seen.update(r.code for r in rows)
        return rows
