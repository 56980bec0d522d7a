"""The name learners' notebooks import: the same module object as :mod:`workbook.course.progress`."""

import sys

from workbook.course import progress as _module

sys.modules[__name__] = _module
