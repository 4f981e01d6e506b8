"""briefing: turn news articles from several outlets into a cited brief."""

__version__ = "0.1.0"
