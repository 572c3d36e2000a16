"""a11y-audit: accessibility audits of government websites and physical facilities."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("a11y-audit")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
