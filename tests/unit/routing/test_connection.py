"""A tier's connection test: one GET of /v1/models with no body (the key in its header only),
the guard open for that request only, an external tier only when confirmed, audited without
the key; a failing server is a sentence, not an exception."""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx
import pytest

from app.core import actions
from app.core.errors import ConsentRequired, NetworkBlocked
from app.core.llm.openai_compat import OpenAICompatLLM
from app.core.routing.connection import check_connection
from app.core.routing.tiers import Tier, TierRegistry

KEY = "sk-live-VERY-SECRET"
CLOUD = Tier("cloud", "http://10.1.2.3:8000/v1", "big", external=True)


def served_by(handler: Any) -> Any:
    return lambda t: OpenAICompatLLM(t.url, t.model, api_key=KEY, source=t.source,
                                     transport=httpx.MockTransport(handler))


def audited(ws: Any) -> list[tuple[str, dict[str, Any]]]:
    return [(e.outcome, json.loads(e.details)) for e in ws.audit.entries()
            if e.action == actions.TIER_TEST]


def test_the_test_sends_no_body_and_closes_the_guard_after(workspace: Any) -> None:
    reg = TierRegistry(workspace)
    reg.add(CLOUD, api_key=KEY)
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200, json={"object": "list", "data": [{"id": "big"}]})

    report = check_connection(reg, CLOUD, confirmed=True, client_factory=served_by(handler))
    assert report.ok and report.served == ("big",)
    assert report.message.startswith("Connected to 10.1.2.3:8000 in ")
    assert report.message.endswith("; it serves big.")
    (req,) = seen
    assert req.method == "GET" and str(req.url) == "http://10.1.2.3:8000/v1/models"
    assert req.content == b"" and req.headers["authorization"] == f"Bearer {KEY}"
    with pytest.raises(NetworkBlocked), socket.socket() as s:  # open for that request only
        s.connect(("10.1.2.3", 8000))
    (outcome, details), = audited(workspace)
    assert outcome == "success" and details["destination"] == "10.1.2.3:8000"
    assert KEY not in json.dumps(details)


def test_an_external_tier_needs_the_users_yes(workspace: Any) -> None:
    reg = TierRegistry(workspace)
    reg.add(CLOUD)
    seen: list[httpx.Request] = []
    with pytest.raises(ConsentRequired, match="confirm the test first. Nothing was sent"):
        check_connection(reg, CLOUD, client_factory=served_by(seen.append))
    assert seen == [] and audited(workspace)[0][0] == "denied"


@pytest.mark.parametrize(("status", "says"), [
    (401, "the API key is missing or was refused"),
    (404, "there is a web server, but no model API at this address (an OpenAI-compatible base URL usually ends in /v1)"),
    (500, "the server is up but failing"),
])
def test_a_failing_server_is_one_sentence(workspace: Any, status: int, says: str) -> None:
    reg = TierRegistry(workspace)
    onprem = Tier("onprem", "http://10.1.2.3:8000/v1", "big")
    reg.add(onprem)
    report = check_connection(reg, onprem,
                              client_factory=served_by(lambda _r: httpx.Response(status)))
    assert not report.ok
    assert report.message == f"10.1.2.3:8000 answered HTTP {status}: {says}."
    assert audited(workspace)[-1][0] == "failure"


def test_a_web_page_is_not_a_model_server(workspace: Any) -> None:
    reg = TierRegistry(workspace)
    onprem = Tier("onprem", "http://10.1.2.3:8000", "big")
    reg.add(onprem)
    report = check_connection(reg, onprem, client_factory=served_by(
        lambda _r: httpx.Response(200, text="<html>intranet</html>")))
    assert not report.ok and "answered, but not as an OpenAI-compatible server" in report.message
