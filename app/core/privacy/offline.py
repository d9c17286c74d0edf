"""Keep Presidio's helpers offline.

Presidio's e-mail recognizer validates domains with `tldextract.extract`, whose default
extractor downloads the Public Suffix List on first use (and caches it under the home
directory). In an offline product that is an egress attempt on the first e-mail a user's
document contains. We replace the module-level extractor with one that only reads the
snapshot bundled in the wheel and has no cache directory, before any recognizer runs.
"""

from __future__ import annotations

import threading

import tldextract
import tldextract.tldextract as _tld_module

_lock = threading.Lock()
_done = False


def offline_extractor() -> tldextract.TLDExtract:
    """A TLDExtract that never fetches: no URLs to try, no cache, the bundled snapshot only."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def make_tldextract_offline() -> None:
    """Idempotently point `tldextract.extract` (used by Presidio) at the offline extractor."""
    global _done
    with _lock:
        if _done:
            return
        # `tldextract.extract` looks the global up at call time, so rebinding it is enough.
        _tld_module.TLD_EXTRACTOR = offline_extractor()
        _done = True
