"""Resource limits for reading one document, and the shared helpers that enforce them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one document may cost before Enclave gives up on it.

    The defaults are sized for a laptop: a 2,000-page scanned bundle fits, a PDF bomb does not.
    `timeout_s` is wall-clock time for one document inside the sandbox (OCR included);
    `memory_mb` caps the worker's address space (RLIMIT_AS), so it must leave room for the
    interpreter and PyMuPDF themselves (~100 MB of address space).
    """

    max_bytes: int = 256 * 1024 * 1024
    max_pages: int = 2000
    timeout_s: float = 300.0
    memory_mb: int = 2048
    max_chars: int = 50_000_000  # extracted text; guards decompression bombs that stay in RAM
    max_pixels: int = 40_000_000  # per rendered/decoded page image (a 40 MP page ~ A3 at 600 dpi)
    max_attachment_depth: int = 3  # e-mails inside e-mails inside e-mails


DEFAULT_LIMITS = Limits()


def mb(n: int) -> str:
    """Human size for messages: '12.3 MB'."""
    return f"{n / (1024 * 1024):.1f} MB"
