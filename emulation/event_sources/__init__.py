"""Event-source mappings with AWS semantics: `semantics` (pure rules) and `pollers` (threads)."""

from emulation.event_sources.pollers import EventSourceManager
from emulation.event_sources.semantics import EventSourceMapping

__all__ = ["EventSourceManager", "EventSourceMapping"]
