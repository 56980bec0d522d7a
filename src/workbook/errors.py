"""Errors a learner or instructor can cause; each message says what is wrong and what to do."""


class WorkbookError(ValueError):
    """Base class for every error workbook raises on bad input."""


class BankError(WorkbookError):
    """An exercise bank or its answer key is malformed; the message names the file and exercise."""


class AnswerError(WorkbookError):
    """A learner's response cannot be read as an answer (empty, wrong type, not a code, not a number)."""
