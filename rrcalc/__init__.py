"""rrcalc: what a Registration Rights Agreement obliges a company to do, and what it owes when late.

The library has the same verbs as the command line; see :mod:`rrcalc.api`.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``rrcalc.__version__``: the one version, ``project.version`` in pyproject.toml, read from the installed
    package's metadata when first asked for (importing importlib.metadata costs start-up time otherwise)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("rrcalc")
        except PackageNotFoundError:  # run from a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'rrcalc' has no attribute {name!r}")
