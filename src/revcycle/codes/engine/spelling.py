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
        for word in counts:
            if len(word) >= 3 and word.isalpha():
                self._by_first.setdefault((word[0], len(word)), []).append(word)
                self._by_length.setdefault(len(word), []).append(word)

    def nearest(self, word: str) -> str | None:
        """The commonest known word at the smallest distance (1 for words up to 5 letters, else up to 2)."""
        if len(word) < 4 or not word.isalpha():
            return None
        most = 1 if len(word) <= 5 else 2
        sizes = range(len(word) - most, len(word) + most + 1)
        for pool in ([w for n in sizes for w in self._by_first.get((word[0], n), ())],
                     [w for n in sizes for w in self._by_length.get(n, ())]):
            found = extract(word, pool, scorer=OSA.distance, score_cutoff=most, limit=None)
            if found:
                return min(found, key=lambda f: (f[1], -self.counts[f[0]], f[0]))[0]
        return None
