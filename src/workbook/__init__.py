"""workbook: the teaching machinery (exercise specs, widgets, static renderer, progress, assign, grade)."""

__version__ = "0.1.0"
