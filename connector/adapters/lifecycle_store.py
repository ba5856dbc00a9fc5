"""Moved to ``connector.adapters.repositories.lifecycle``; this name stays for old callers."""

from __future__ import annotations

from connector.adapters.repositories.lifecycle import LifecycleRepository
from connector.domain.records import Reroute

LifecycleStore = LifecycleRepository

__all__ = ["LifecycleRepository", "LifecycleStore", "Reroute"]
