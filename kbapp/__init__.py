"""kbapp: an offline knowledge-base browser for information assurance."""

__version__ = "0.1.0"
