"""One exception hierarchy for the library, by meaning: bad input, missing data, or a rule violated.

Every message says what is wrong and what to do. Catch :class:`RevcycleError` to catch them all; it is a
``ValueError``, so code written before the hierarchy existed keeps working.
"""


class RevcycleError(ValueError):
    """Base class for every error revcycle raises on bad input, missing data or a violated rule."""


class InputError(RevcycleError):
    """A value given to the library cannot be read or is out of range (an amount, a date, a code, a file)."""


class CodeFormatError(InputError):
    """Text that cannot be a code of the code set it was given to."""


class UnknownCodeError(CodeFormatError):
    """Text shaped like a code that the code set does not contain (a CodeFormatError, so one except covers both)."""


class DataError(RevcycleError):
    """Data the library needs is missing or malformed: a shipped or supplied file, or a record it must find."""


class RuleError(RevcycleError):
    """The input is readable, but a rule forbids what was asked (claims with fatal findings, a service the fee
    schedule does not pay)."""


__all__ = ["CodeFormatError", "DataError", "InputError", "RevcycleError", "RuleError", "UnknownCodeError"]
