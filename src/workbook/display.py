"""The name learners' notebooks import: the same module object as :mod:`workbook.ui.display`."""

import sys

from workbook.ui import display as _module

sys.modules[__name__] = _module
