"""gmp-timeline: explore a sourced timeline in the terminal."""

__version__ = "0.1.0"
