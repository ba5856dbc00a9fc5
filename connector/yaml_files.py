"""Reading the YAML files that ship with Stand-in (mappings, built-in notices, the manifest).

PyYAML's pure-Python parser took most of the 0.1 s that reading the five vendor mappings cost
at every start; libyaml's parser (``CSafeLoader``, in PyYAML's wheels) reads the same safe
subset. Without libyaml the pure-Python ``SafeLoader`` is used, with the same result.
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` of ``text``, with libyaml's parser when PyYAML has it."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
