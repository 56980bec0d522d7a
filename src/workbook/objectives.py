"""The name learners' notebooks import: the same module object as :mod:`workbook.course.objectives`."""

import sys

from workbook.course import objectives as _module

sys.modules[__name__] = _module
