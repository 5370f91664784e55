"""The benchmark suite of issue 7 (``make bench``); never part of ``make test``."""
