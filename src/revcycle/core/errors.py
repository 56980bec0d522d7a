"""Errors a learner or instructor can cause; each message says what is wrong and what to do."""


class RevcycleError(ValueError):
    """Base class for every error revcycle raises on bad input."""


class CodeFormatError(RevcycleError):
    """Text that cannot be a code of the code set it was given to."""


class UnknownCodeError(CodeFormatError):
    """Text shaped like a code that the code set does not contain (a CodeFormatError, so one except covers both)."""


class DataError(RevcycleError):
    """A data file (shipped or supplied) is missing or malformed."""
