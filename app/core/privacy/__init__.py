"""Privacy engine: detect identifiers offline, pseudonymize reversibly, redact PDFs for real."""

from __future__ import annotations
