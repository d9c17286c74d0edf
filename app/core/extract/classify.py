"""`--profile auto`: which profile fits a document, by its vocabulary.

Keyword scoring is transparent (the reason can be shown) and instant; it is enough to tell a
receipt from a discharge summary from a contract. The scores are kept so the router can see a
close call.
"""

from __future__ import annotations

import re

from app.core.documents import Document
from app.core.extract.profiles import Profile


def classify(doc: Document, profiles: dict[str, Profile]) -> tuple[str, dict[str, float]]:
    """The best profile's name and every profile's score (hits per keyword, length-damped)."""
    text = doc.text[:20000].lower()
    scores: dict[str, float] = {}
    for name, p in profiles.items():
        hits = 0.0
        for kw in p.keywords:
            n = len(re.findall(rf"\b{re.escape(kw)}\b", text))
            hits += min(n, 5) ** 0.5
        scores[name] = hits / max(1, len(p.keywords)) ** 0.5
    # An NDA is a contract about confidentiality: prefer it when its own words dominate.
    best = max(scores, key=lambda k: scores[k]) if scores else "receipt"
    return best, scores
