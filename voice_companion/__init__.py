"""voice-companion: an offline voice companion for coping exercises."""

__version__ = "0.1.0"
