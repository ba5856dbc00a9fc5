"""Where the files that live at the top of the repository are found, installed or not.

``mappings/`` and ``manifest.yaml`` stay at the top of the repository (one vendor key names
its mapping file, adapter, fixture folder and manifest entry); a built wheel carries copies
under ``connector/_bundled/`` (see ``setup.py``), so an installed connector knows its vendors.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
BUNDLED = _PACKAGE / "_bundled"


def top_level(name: str) -> Path:
    """The copy inside an installed package if there is one, else the checkout's own."""
    bundled = BUNDLED / name
    if bundled.exists():
        return bundled
    return _PACKAGE.parent / name
