"""A check for the type checker only: every code-set module satisfies the protocols in revcycle.codes.

Nothing imports this module; mypy reads it and fails if a module's ``normalize``, ``is_valid``, ``describe``
or ``search`` stops matching :class:`~revcycle.codes.CodeSet` (tests/test_codeset_protocol.py checks the
same at run time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from revcycle.codes import CodeCheck, CodeSet, cpt, hcpcs, icd10cm, npi, pcs, pos, taxonomy

    CODE_SETS: tuple[CodeSet, ...] = (icd10cm, hcpcs, cpt, pcs, pos)
    CODE_CHECKS: tuple[CodeCheck, ...] = (*CODE_SETS, npi, taxonomy)
