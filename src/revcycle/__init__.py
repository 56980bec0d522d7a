"""revcycle: the domain library of the book (code sets, claims, X12, payments, fee schedules)."""

from revcycle.core.extras import DISTRIBUTION, OPTIONAL_IMPORTS, install

# The one version of the distribution (medcode-workbook): pyproject.toml reads it from here, and workbook
# re-exports it.
__version__ = "0.1.0"

install()  # a missing optional package names the extra that provides it (see revcycle.core.extras)

__all__ = ["DISTRIBUTION", "OPTIONAL_IMPORTS", "__version__"]
