"""Spelling correction against an index's own words (optimal string alignment distance, via rapidfuzz)."""

from __future__ import annotations

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract


class Corrector:
    """Nearest known word for an unknown one, from the index's own words and how many terms use each."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._by_first: dict[tuple[str, int], list[str]] = {}
        self._by_length: dict[int, list[str]] = {}
        self._pools: dict[tuple[str, int, int], list[str]] = {}
        for word in counts:
            if len(word) >= 3 and word.isalpha():
                self._by_first.setdefault((word[0], len(word)), []).append(word)
                self._by_length.setdefault(len(word), []).append(word)

    def _pool(self, first: str, size: int, most: int) -> list[str]:
        """Known words of length ``size`` +/- ``most`` (starting with ``first``, when given), built once."""
        key = (first, size, most)
        pool = self._pools.get(key)
        if pool is None:
            sizes = range(size - most, size + most + 1)
            pool = [w for n in sizes for w in (self._by_first.get((first, n), ()) if first
                                                 else self._by_length.get(n, ()))]
            self._pools[key] = pool
        return pool

    def nearest(self, word: str) -> str | None:
        """The commonest known word at the smallest distance (1 for words up to 5 letters, else up to 2)."""
        if len(word) < 4 or not word.isalpha():
            return None
        most = 1 if len(word) <= 5 else 2
        for pool in (self._pool(word[0], len(word), most), self._pool("", len(word), most)):
            found = extract(word, pool, scorer=OSA.distance, score_cutoff=most, limit=None)
            if found:
                return min(found, key=lambda f: (f[1], -self.counts[f[0]], f[0]))[0]
        return None
