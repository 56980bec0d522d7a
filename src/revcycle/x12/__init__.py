"""HIPAA X12 005010 files, syntax only: write 837P claims, write and read 835 remittances, validate with pyx12.

``to_837p(claims)`` writes an 837P (005010X222A1) after scrubbing the claims, every value through the
element rules of :mod:`revcycle.x12.elements` (X12FieldError when one cannot fit, a Change for each value it
had to alter); ``to_837i(claims)`` writes institutional (UB-04) claims as an 837I (005010X223A2) the same
way; ``to_835(claims)`` adjudicates
them with a synthetic payer and writes the 835 (005010X221A1) that comes back; ``read_835(text)`` reads any
835 into tidy pandas tables (``read_835_file(path)`` and ``iter_835(path)`` stream a large file one
transaction at a time, up to ``FILE_MAX_BYTES`` unless told otherwise); ``read_999`` and ``read_277ca``
read the acknowledgments that come back after an 837 is sent (``ack_999_for`` and ``ack_277ca_for`` write
them, for teaching); ``validate(text)`` runs pyx12. Posting a remittance to a ledger and A/R aging are
accounts-receivable work: :mod:`revcycle.ar` (``from revcycle.ar import post``).
"""

from revcycle.x12.acks import (
    Acknowledgment999,
    ClaimAcknowledgment,
    Problem,
    ack_277ca_for,
    ack_999_for,
    read_277ca,
    read_999,
)
from revcycle.x12.common import ClaimsRejectedError, Party, X12Error, validate
from revcycle.x12.elements import Change, X12ChangeWarning, X12FieldError
from revcycle.x12.reader835 import FILE_MAX_BYTES, Remittance, iter_835, read_835, read_835_file
from revcycle.x12.writer835 import to_835
from revcycle.x12.writer837 import to_837p
from revcycle.x12.writer837i import to_837i

__all__ = ["FILE_MAX_BYTES", "Acknowledgment999", "Change", "ClaimAcknowledgment", "ClaimsRejectedError",
           "Party", "Problem", "Remittance", "X12ChangeWarning", "X12Error", "X12FieldError", "ack_277ca_for",
           "ack_999_for", "iter_835", "read_277ca", "read_835", "read_835_file", "read_999", "to_835", "to_837i",
           "to_837p", "validate"]

_MOVED = {"post": "from revcycle.ar import post", "Ledger": "from revcycle.ar import Ledger",
          "ar": "from revcycle.ar import aging", "posting": "from revcycle.ar import posting"}


def __getattr__(name: str) -> object:
    """Names that moved to :mod:`revcycle.ar` in the second edition say where they went."""
    if name in _MOVED:
        raise AttributeError(f"revcycle.x12.{name} moved to the accounts-receivable package: {_MOVED[name]}")
    raise AttributeError(f"module 'revcycle.x12' has no attribute {name!r}")
