"""HIPAA X12 005010 files: write 837P claims, write and read 835 remittances, post them.

``to_837p(claims)`` writes an 837P (005010X222A1) after scrubbing the claims; ``to_835(claims)`` adjudicates
them with a synthetic payer and writes the 835 (005010X221A1) that comes back; ``read_835(text)`` reads any
835 into tidy pandas tables; ``post(remittance, claims)`` posts it to a ledger; ``validate(text)`` runs pyx12.
A/R aging and denial analytics are in :mod:`revcycle.x12.ar`.
"""

from revcycle.x12.common import ClaimsRejectedError, Party, X12Error, validate
from revcycle.x12.posting import Ledger, post
from revcycle.x12.reader835 import Remittance, read_835
from revcycle.x12.writer835 import to_835
from revcycle.x12.writer837 import to_837p

__all__ = ["ClaimsRejectedError", "Ledger", "Party", "Remittance", "X12Error", "post", "read_835", "to_835",
           "to_837p", "validate"]
