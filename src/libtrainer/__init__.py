"""libtrainer: offline-first records and reports for digital-skills training in public libraries."""

__version__ = "0.1.0"
