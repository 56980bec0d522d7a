"""Code sets: ICD-10-CM, HCPCS Level II, CPT (numbers and the book's own summaries), ICD-10-PCS, place of
service, NCCI edits, NPIs and remittance codes.

Each code-set module answers the same four questions with the same names (the :class:`CodeSet` protocol):

``normalize(text)``
    The code in its standard form ('e119 ' -> 'E11.9'); raises CodeFormatError saying what is wrong.
``is_valid(code)``
    True or False, never an exception: the code exists (ICD-10-CM, HCPCS, place of service) or, for the sets
    this package does not ship whole (CPT, ICD-10-PCS), has the shape of one as far as the package can tell.
``describe(code)``
    The set's record for one code; raises CodeFormatError, or UnknownCodeError for a code the set lacks.
``search(text)``
    Codes for a code prefix or for words, best first; any text is safe.

The modules are :mod:`~revcycle.codes.icd10cm`, :mod:`~revcycle.codes.hcpcs`, :mod:`~revcycle.codes.cpt`,
:mod:`~revcycle.codes.pcs` and :mod:`~revcycle.codes.pos`. :mod:`~revcycle.codes.npi` answers the first two
only (:class:`CodeCheck`): there is no list of NPIs to describe or search here. :mod:`~revcycle.codes.remit`
holds several small lists (group, reason, remark and status codes), not one code set. Import the module you
need; nothing here loads a code set until it is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["CodeCheck", "CodeSet"]


class CodeCheck(Protocol):
    """A module that puts a code in standard form and says whether it is valid (npi, taxonomy, and every CodeSet)."""

    def normalize(self, text: str, /) -> str:
        """The code in its standard form; raises CodeFormatError (a RevcycleError) naming what is wrong."""
        ...

    def is_valid(self, code: str, /) -> bool:
        """True for a valid code; False for anything else, never an exception."""
        ...


class CodeSet(CodeCheck, Protocol):
    """A code-set module: normalize, is_valid, describe and search (icd10cm, hcpcs, cpt, pcs, pos)."""

    def describe(self, code: str, /) -> object:
        """The set's record for one code; raises CodeFormatError, or UnknownCodeError for an unknown code."""
        ...

    def search(self, text: str, /) -> Sequence[object]:
        """Records for a code prefix or for words, best first; any text is safe."""
        ...
