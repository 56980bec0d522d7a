"""The name learners' notebooks import: the same module object as :mod:`workbook.exercises.practice`."""

import sys

from workbook.exercises import practice as _module

sys.modules[__name__] = _module
