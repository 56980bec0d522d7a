"""revcycle: the domain library of the book (code sets, claims, X12, payments, fee schedules)."""

__version__ = "0.1.0"
