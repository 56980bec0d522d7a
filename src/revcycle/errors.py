"""The name readers of the book import: the same module object as its new home (see the import below)."""

import sys

from revcycle.core import errors as _module

sys.modules[__name__] = _module
