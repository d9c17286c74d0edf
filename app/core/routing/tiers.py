"""The ladder of tiers above the workstation model, kept in the workspace settings.

None is configured by default: Enclave is local only until someone adds a tier. A tier is
either inside the trust boundary (on-premises; data stays in the organisation) or external
(cloud; data leaves). Air-gapped mode makes external tiers impossible — adding or using one is
refused with a sentence that says why.

API keys sit in the encrypted store under their own setting keys and are never part of a
`Tier` value, a listing, a log line or an audit entry.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from app.core import actions
from app.core.errors import AirGapped, UnknownTier
from app.core.llm.openai_compat import RESPONSE_FORMATS, OpenAICompatLLM, host_port
from app.core.routing.router import RoutePolicy

TIERS_KEY = "escalation.tiers"  # also read by the GDPR Art. 30 record (recipients)
AIR_GAPPED_KEY = "escalation.air_gapped"
THRESHOLD_KEY = "routing.threshold"
ONPREM_AUTO_KEY = "routing.onprem_automatic"
_SECRET_PREFIX = "secret.tier_api_key."
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")  # safe as an audit object id


@dataclass(frozen=True)
class Tier:
    name: str
    url: str
    model: str
    external: bool = False  # outside the trust boundary: consent for every request
    price_in: float = 0.0  # per 1,000 input tokens, in the organisation's currency
    price_out: float = 0.0  # per 1,000 output tokens
    timeout: float = 30.0
    response_format: str = "json_schema"

    @property
    def source(self) -> str:
        return "cloud" if self.external else "onprem"

    @property
    def host(self) -> str:
        return host_port(self.url)[0]

    @property
    def port(self) -> int:
        return host_port(self.url)[1]

    @property
    def destination(self) -> str:
        return f"{self.host}:{self.port}"

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        return tokens_in / 1000 * self.price_in + tokens_out / 1000 * self.price_out

    def to_setting(self) -> dict[str, Any]:
        # `kind` and `location` are what the Art. 30 record lists for each recipient.
        return {**asdict(self), "kind": self.source, "location": self.destination}

    @classmethod
    def from_setting(cls, d: dict[str, Any]) -> Tier:
        fields = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**fields)


class TierRegistry:
    """Tiers, air-gapped mode and the routing policy of one workspace."""

    def __init__(self, workspace: Any) -> None:
        self.ws = workspace

    # -- tiers -------------------------------------------------------------------------------
    def all(self) -> list[Tier]:
        return [Tier.from_setting(d) for d in self.ws.settings.get(TIERS_KEY, [])]

    def get(self, name: str) -> Tier:
        for t in self.all():
            if t.name == name:
                return t
        known = ", ".join(t.name for t in self.all()) or "none configured"
        raise UnknownTier(f"There is no tier named {name!r} (tiers: {known}); add one with "
                          "`enclave tiers add`.")

    def add(self, tier: Tier, api_key: str | None = None) -> Tier:
        if not _NAME.match(tier.name):
            raise ValueError("A tier name is 1-40 characters of a-z, 0-9, '.', '_' or '-'.")
        host_port(tier.url)  # raises on a malformed URL
        if tier.response_format not in RESPONSE_FORMATS:
            raise ValueError(f"response format must be one of {', '.join(RESPONSE_FORMATS)}")
        if tier.external:
            self.check_external_allowed(tier.name)
        rest = [t.to_setting() for t in self.all() if t.name != tier.name]
        self.ws.settings.set(TIERS_KEY, rest + [tier.to_setting()])
        if api_key:
            self.ws.settings.set(_SECRET_PREFIX + tier.name, api_key)
        self.ws.audit.record(actions.SETTINGS_CHANGE, "tier", tier.name, setting="tier_add",
                             external=tier.external, destination=tier.destination,
                             api_key_stored=bool(api_key))
        return tier

    def remove(self, name: str) -> None:
        self.get(name)
        self.ws.settings.set(TIERS_KEY, [t.to_setting() for t in self.all() if t.name != name])
        self.ws.settings.delete(_SECRET_PREFIX + name)
        self.ws.audit.record(actions.SETTINGS_CHANGE, "tier", name, setting="tier_remove")

    def has_api_key(self, name: str) -> bool:
        return bool(self.ws.settings.get(_SECRET_PREFIX + name))

    def set_api_key(self, name: str, api_key: str | None) -> None:
        """Store (or, with None, forget) a tier's API key; audited without the key."""
        self.get(name)
        if api_key:
            self.ws.settings.set(_SECRET_PREFIX + name, api_key)
        else:
            self.ws.settings.delete(_SECRET_PREFIX + name)
        self.ws.audit.record(actions.SETTINGS_CHANGE, "tier", name, setting="tier_api_key",
                             api_key_stored=bool(api_key))

    def client(self, tier: Tier, timeout: float | None = None) -> OpenAICompatLLM:
        """The HTTP client for a tier. Only the choke point sends documents with it; the
        connection test (`routing.connection`) only asks it for the list of models."""
        if tier.external:
            self.check_external_allowed(tier.name)
        key = self.ws.settings.get(_SECRET_PREFIX + tier.name)
        return OpenAICompatLLM(tier.url, tier.model, api_key=key, timeout=timeout or tier.timeout,
                               source=tier.source, response_format=tier.response_format)

    # -- air-gapped mode ---------------------------------------------------------------------
    @property
    def air_gapped(self) -> bool:
        return bool(self.ws.settings.get(AIR_GAPPED_KEY, False))

    def set_air_gapped(self, on: bool) -> None:
        self.ws.settings.set(AIR_GAPPED_KEY, bool(on))
        self.ws.audit.record(actions.SETTINGS_CHANGE, "workspace", setting="air_gapped",
                             enabled=bool(on))

    def check_external_allowed(self, name: str) -> None:
        if self.air_gapped:
            raise AirGapped(f"This workspace is in air-gapped mode: the external tier {name!r} "
                            "cannot be added or used. Nothing was sent.")

    # -- routing policy ----------------------------------------------------------------------
    def policy(self) -> RoutePolicy:
        onprem = [t for t in self.all() if not t.external]
        return RoutePolicy(
            threshold=float(self.ws.settings.get(THRESHOLD_KEY, RoutePolicy.threshold)),
            onprem_available=bool(onprem),
            onprem_automatic=bool(self.ws.settings.get(ONPREM_AUTO_KEY, False)),
        )

    def set_policy(self, threshold: float | None = None,
                   onprem_automatic: bool | None = None) -> None:
        if threshold is not None:
            if not 0.0 <= threshold <= 1.0:
                raise ValueError("The threshold is a confidence between 0 and 1.")
            self.ws.settings.set(THRESHOLD_KEY, float(threshold))
        if onprem_automatic is not None:
            self.ws.settings.set(ONPREM_AUTO_KEY, bool(onprem_automatic))
        self.ws.audit.record(actions.SETTINGS_CHANGE, "workspace", setting="routing_policy",
                             threshold=threshold, onprem_automatic=onprem_automatic)

    def first_onprem(self) -> Tier | None:
        return next((t for t in self.all() if not t.external), None)

