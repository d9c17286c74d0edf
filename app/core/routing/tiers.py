"""The ladder of tiers above the workstation model, kept in the workspace settings.

None is configured by default: Enclave is local only until someone adds a tier. A tier is
either inside the trust boundary (on-premises; data stays in the organisation) or external
(cloud; data leaves). Air-gapped mode makes external tiers impossible — adding or using one is
refused with a sentence that says why.

API keys sit in the encrypted store under their own setting keys (`settings.TIER_API_KEYS`) and
are never part of a `Tier` value, a listing, a log line or an audit entry.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from app.core import actions
from app.core.errors import AirGapped, UnknownTier
from app.core.llm.openai_compat import RESPONSE_FORMATS, OpenAICompatLLM, host_port
from app.core.routing.router import RoutePolicy
from app.core.settings import AIR_GAPPED, ONPREM_AUTOMATIC, THRESHOLD, TIER_API_KEYS, TIERS

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
        return [Tier.from_setting(d) for d in TIERS.get(self.ws)]

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
        TIERS.store(self.ws, rest + [tier.to_setting()])
        if api_key:
            TIER_API_KEYS.store(self.ws, tier.name, api_key)
        self.ws.audit.record(actions.SETTINGS_CHANGE, "tier", tier.name, setting="tier_add",
                             external=tier.external, destination=tier.destination,
                             api_key_stored=bool(api_key))
        return tier

    def remove(self, name: str) -> None:
        self.get(name)
        TIERS.store(self.ws, [t.to_setting() for t in self.all() if t.name != name])
        TIER_API_KEYS.store(self.ws, name, None)
        self.ws.audit.record(actions.SETTINGS_CHANGE, "tier", name, setting="tier_remove")

    def has_api_key(self, name: str) -> bool:
        return bool(TIER_API_KEYS.get(self.ws, name))

    def set_api_key(self, name: str, api_key: str | None) -> None:
        """Store (or, with None, forget) a tier's API key; audited without the key."""
        self.get(name)
        TIER_API_KEYS.store(self.ws, name, api_key or None)
        self.ws.audit.record(actions.SETTINGS_CHANGE, "tier", name, setting="tier_api_key",
                             api_key_stored=bool(api_key))

    def client(self, tier: Tier, timeout: float | None = None) -> OpenAICompatLLM:
        """The HTTP client for a tier. Only the choke point sends documents with it; the
        connection test (`routing.connection`) only asks it for the list of models."""
        if tier.external:
            self.check_external_allowed(tier.name)
        key = TIER_API_KEYS.get(self.ws, tier.name)
        return OpenAICompatLLM(tier.url, tier.model, api_key=key, timeout=timeout or tier.timeout,
                               source=tier.source, response_format=tier.response_format)

    # -- air-gapped mode ---------------------------------------------------------------------
    @property
    def air_gapped(self) -> bool:
        return AIR_GAPPED.get(self.ws)

    def set_air_gapped(self, on: bool) -> None:
        AIR_GAPPED.store(self.ws, bool(on))
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
            threshold=THRESHOLD.get(self.ws),
            onprem_available=bool(onprem),
            onprem_automatic=ONPREM_AUTOMATIC.get(self.ws),
        )

    def set_policy(self, threshold: float | None = None,
                   onprem_automatic: bool | None = None) -> None:
        if threshold is not None:
            if not 0.0 <= threshold <= 1.0:
                raise ValueError("The threshold is a confidence between 0 and 1.")
            THRESHOLD.store(self.ws, float(threshold))
        if onprem_automatic is not None:
            ONPREM_AUTOMATIC.store(self.ws, bool(onprem_automatic))
        self.ws.audit.record(actions.SETTINGS_CHANGE, "workspace", setting="routing_policy",
                             threshold=threshold, onprem_automatic=onprem_automatic)

    def first_onprem(self) -> Tier | None:
        return next((t for t in self.all() if not t.external), None)

