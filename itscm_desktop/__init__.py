"""ITSCM Desktop: an offline continuity handbook kept in one encrypted file."""

__version__ = "0.1.0"
