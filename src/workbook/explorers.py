"""The name learners' notebooks import: the same module object as :mod:`workbook.ui.explorers`."""

import sys

from workbook.ui import explorers as _module

sys.modules[__name__] = _module
