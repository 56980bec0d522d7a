"""Spelling correction against an index's own words (optimal string alignment distance, via rapidfuzz)."""

from __future__ import annotations

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

# First letters people write for one another's sound ('kronic', 'fleb', 'sirosis', 'jiardia', 'ezema').
SOUNDS_ALIKE = {"c": "ksq", "k": "cq", "q": "ck", "s": "cz", "z": "sx", "x": "zs", "f": "p", "p": "f",
                "g": "j", "j": "g", "i": "ey", "e": "ia", "y": "i", "a": "e", "o": "a", "u": "o"}


class Corrector:
    """Nearest known word for an unknown one, from the index's own words and how many terms use each."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._by_first: dict[tuple[str, int], list[str]] = {}
        self._by_second: dict[tuple[str, int], list[str]] = {}
        self._pools: dict[tuple[str, int, int], list[str]] = {}
        for word in counts:
            if len(word) >= 3 and word.isalpha():
                self._by_first.setdefault((word[0], len(word)), []).append(word)
                self._by_second.setdefault((word[1], len(word)), []).append(word)

    def _pool(self, first: str, size: int, most: int, second: bool = False) -> list[str]:
        """Known words of length ``size`` +/- ``most`` whose first (or second) letter is ``first``, built once."""
        key = (("2" if second else "1") + first, size, most)
        pool = self._pools.get(key)
        if pool is None:
            by = self._by_second if second else self._by_first
            pool = [w for n in range(size - most, size + most + 1) for w in by.get((first, n), ())]
            self._pools[key] = pool
        return pool

    def _elsewhere(self, word: str, most: int) -> list[str]:
        """The words a wrong first letter hides: one lost ('neumonia'), one extra ('ppneumonia'), one swapped
        ('sirrhosis', 'kronic'), or a second letter that should be first ('hrominc'): one list per first two letters,
        length and distance, built once (searched in one call, each word once)."""
        key = ("e" + word[:2], len(word), most)
        merged = self._pools.get(key)
        if merged is None:
            pools = [self._pool(word[0], len(word), most, second=True), self._pool(word[1], len(word), most),
                     self._pool(word[1], len(word), most, second=True)]
            pools += [self._pool(alt, len(word), most) for alt in SOUNDS_ALIKE.get(word[0], "")]
            merged = list(dict.fromkeys(w for pool in pools for w in pool))
            self._pools[key] = merged
        return merged

    def nearest(self, word: str, most: int | None = None, exclude: str = "") -> str | None:
        """The commonest known word at the smallest distance (1 for words up to 5 letters, else up to 2, or
        `most`), other than `exclude`.

        Words sharing the first letter are tried first; then words a wrong first letter would hide (not the
        whole vocabulary, which costs ten times as much for little gain)."""
        if len(word) < 4 or not word.isalpha():
            return None
        if most is None:
            most = 1 if len(word) <= 5 else 2
        for pool in (self._pool(word[0], len(word), most), self._elsewhere(word, most)):
            found = [f for f in extract(word, pool, scorer=OSA.distance, score_cutoff=most, limit=None)
                     if f[0] != exclude]
            if found:
                return min(found, key=lambda f: (f[1], -self.counts[f[0]], f[0]))[0]
        return None
