"""Person names from cues, layout and a gazetteer: see `recognizer` for the rules."""

from __future__ import annotations

from app.core.privacy.recognizers.names.recognizer import NameRecognizer

__all__ = ["NameRecognizer"]
