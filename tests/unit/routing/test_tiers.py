"""Tiers in the workspace settings; air-gapped mode; the routing policy; API keys kept secret."""

from __future__ import annotations

from typing import Any

import pytest

from app.cli.routing import format_tiers
from app.core.documents import FieldValue, Summary
from app.core.errors import AirGapped, UnknownTier
from app.core.routing.router import RoutePolicy, decide
from app.core.routing.tiers import Tier, TierRegistry
from app.core.settings import TIERS

ONPREM = Tier("onprem", "http://10.1.2.3:8000/v1", "llama-70b", price_in=0.0, price_out=0.0)
CLOUD = Tier("cloud", "https://api.example.com", "gpt-x", external=True, price_in=0.5,
             price_out=1.5, timeout=20)


def test_none_but_local_by_default(workspace: Any) -> None:
    reg = TierRegistry(workspace)
    assert reg.all() == [] and not reg.air_gapped
    assert "everything stays on this workstation" in format_tiers(reg)
    with pytest.raises(UnknownTier):
        reg.get("cloud")


def test_add_list_remove_and_key_never_shown(workspace: Any) -> None:
    reg = TierRegistry(workspace)
    reg.add(ONPREM)
    reg.add(CLOUD, api_key="sk-live-VERY-SECRET")
    assert [t.name for t in reg.all()] == ["onprem", "cloud"]
    assert reg.get("cloud") == CLOUD and reg.get("cloud").source == "cloud"
    assert reg.get("onprem").source == "onprem"
    assert reg.has_api_key("cloud") and not reg.has_api_key("onprem")
    listing = format_tiers(reg)
    assert "EXTERNAL" in listing and "key stored" in listing
    assert "VERY-SECRET" not in listing
    assert "VERY-SECRET" not in repr(reg.all()) and "VERY-SECRET" not in str(workspace.settings.get(TIERS.key))
    assert all("VERY-SECRET" not in e.details for e in workspace.audit.entries())
    # The Art. 30 record reads recipients from the same setting.
    rec = {d["name"]: d for d in workspace.settings.get(TIERS.key)}
    assert rec["cloud"]["kind"] == "cloud" and rec["cloud"]["location"] == "api.example.com:443"
    reg.remove("cloud")
    assert [t.name for t in reg.all()] == ["onprem"] and not reg.has_api_key("cloud")


def test_bad_names_and_urls(workspace: Any) -> None:
    reg = TierRegistry(workspace)
    with pytest.raises(ValueError):
        reg.add(Tier("Has Space", "http://x", "m"))
    with pytest.raises(ValueError):
        reg.add(Tier("ok", "not-a-url", "m"))


def test_air_gapped_mode_makes_cloud_impossible(workspace: Any) -> None:
    reg = TierRegistry(workspace)
    reg.add(CLOUD)
    reg.set_air_gapped(True)
    with pytest.raises(AirGapped, match="air-gapped"):
        reg.add(Tier("cloud2", "https://api.example.com", "m", external=True))
    with pytest.raises(AirGapped):
        reg.client(reg.get("cloud"))
    assert "BLOCKED: air-gapped" in format_tiers(reg) and "Air-gapped mode: ON" in format_tiers(reg)
    reg.add(ONPREM)  # inside the boundary is still allowed
    reg.client(reg.get("onprem")).close()
    reg.set_air_gapped(False)
    reg.client(reg.get("cloud")).close()


def test_policy_from_settings(workspace: Any) -> None:
    reg = TierRegistry(workspace)
    assert reg.policy() == RoutePolicy()
    reg.add(ONPREM)
    reg.set_policy(threshold=0.8, onprem_automatic=True)
    p = reg.policy()
    assert p.threshold == 0.8 and p.onprem_available and p.onprem_automatic
    with pytest.raises(ValueError):
        reg.set_policy(threshold=1.5)
    low = {"total": FieldValue("total", "9.00", 0.7, [], signals={})}
    assert decide(low, Summary(""), p).decision == "escalate_onprem"
    # Cloud-only ladders are only ever offered, never automatic.
    reg.remove("onprem")
    reg.add(CLOUD)
    assert decide(low, Summary(""), reg.policy()).decision == "offer_escalation"
