"""What became of an event, as enums (metrics and control flow branch on these, never on prose).

Helper `pipeline` owns this module (issue #20 item 1); the vendors work (item 4) needs only the
two members for webhook event types the connector does not handle.
"""

from __future__ import annotations

import enum


class Outcome(enum.StrEnum):
    #: The mapping lists the event type under ``ignored:``: acknowledged, counted, not stored.
    IGNORED_EVENT = "ignored_event"
    #: The mapping neither handles nor ignores the type: acknowledged, counted and logged once
    #: per (helpdesk, type) so that an operator can add it to the mapping.
    UNKNOWN_EVENT = "unknown_event"
