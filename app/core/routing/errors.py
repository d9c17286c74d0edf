"""Why an escalation did not happen. Every one leaves the local result as it was.

    EscalationRefused (app.core.errors)   refused before anything was sent
     ├── UnknownTier                      no tier of that name is configured
     ├── AirGapped                        air-gapped mode: external tiers are impossible
     ├── ConsentRequired                  an external tier and no matching consent record
     └── ResidualIdentifiers              the payload still looks like it holds an identifier
    TierError (app.core.llm.openai_compat)   sent, but no usable answer came back
     ├── TierTimeout / TierHTTPError / TierBadResponse
     └── AnswerRejected                   the answer did not ground in the document
"""

from __future__ import annotations

from app.core.errors import EscalationRefused
from app.core.llm.openai_compat import TierError


class UnknownTier(EscalationRefused):
    pass


class AirGapped(EscalationRefused):
    pass


class ConsentRequired(EscalationRefused):
    pass


class ResidualIdentifiers(EscalationRefused):
    def __init__(self, message: str, counts: dict[str, int]) -> None:
        super().__init__(message)
        self.counts = counts  # by entity type; never the values


class AnswerRejected(TierError):
    pass
