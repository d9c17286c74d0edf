"""The OpenAI-compatible backend: request shape, usage, and one clear error per failure."""

from __future__ import annotations

import json

import httpx
import pytest

from app.core import netguard
from app.core.errors import NetworkBlocked, TierBadResponse, TierHTTPError, TierTimeout
from app.core.llm.openai_compat import OpenAICompatLLM, host_port
from tests.unit.routing.support import openai_reply

SCHEMA = {"type": "object", "properties": {"total": {"type": "string"}}, "required": ["total"]}
MSGS = [{"role": "user", "content": "hi"}]


def client(handler, **kw) -> OpenAICompatLLM:
    return OpenAICompatLLM("http://127.0.0.1:9/v1", "big-model", transport=httpx.MockTransport(handler), **kw)


def test_request_and_usage() -> None:
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200, content=openai_reply('{"total": "9.00"}', 321, 7))

    c = client(handler, api_key="sk-test", source="cloud")
    comp = c.chat(MSGS, max_tokens=50, json_schema=SCHEMA)
    assert comp.text == '{"total": "9.00"}' and (comp.tokens_in, comp.tokens_out) == (321, 7)
    req = seen[0]
    assert req.url.path == "/v1/chat/completions"
    assert req.headers["authorization"] == "Bearer sk-test"
    body = json.loads(req.content)
    assert body["model"] == "big-model" and body["max_tokens"] == 50
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert b"sk-test" not in req.content  # the key travels in the header only
    assert c.source == "cloud"


def test_response_format_variants() -> None:
    c = client(lambda r: httpx.Response(200), response_format="json_object")
    assert json.loads(c.request_body(MSGS, json_schema=SCHEMA))["response_format"] == {
        "type": "json_object", "schema": SCHEMA}
    c = client(lambda r: httpx.Response(200), response_format="none")
    assert "response_format" not in json.loads(c.request_body(MSGS, json_schema=SCHEMA))
    assert "response_format" not in json.loads(c.request_body(MSGS))


def test_base_url_without_v1() -> None:
    c = OpenAICompatLLM("https://api.example.com", "m")
    assert c.url == "https://api.example.com/v1/chat/completions"
    assert host_port("https://api.example.com") == ("api.example.com", 443)
    assert host_port("http://10.0.0.5:8000/v1") == ("10.0.0.5", 8000)
    with pytest.raises(ValueError):
        OpenAICompatLLM("ftp://x", "m")


def test_http_500_is_a_clear_error_without_echoing_the_body() -> None:
    c = client(lambda r: httpx.Response(500, content=b"upstream said: SECRET-ECHO"))
    with pytest.raises(TierHTTPError) as err:
        c.chat(MSGS)
    assert err.value.status == 500 and "HTTP 500" in str(err.value)
    assert "SECRET-ECHO" not in str(err.value)


def test_timeout_is_a_clear_error() -> None:
    def handler(req: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=req)

    with pytest.raises(TierTimeout, match="did not answer within 2 s"):
        client(handler, timeout=2).chat(MSGS)


@pytest.mark.parametrize("content", [b"not json", b'{"choices": []}', b'{"choices": [{"message": {}}]}',
                                     b'{"choices": [{"message": {"content": 5}}]}'])
def test_malformed_responses(content: bytes) -> None:
    with pytest.raises(TierBadResponse):
        client(lambda r: httpx.Response(200, content=content)).chat(MSGS)


def test_never_opens_the_guard_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    def no(*a, **k):
        raise AssertionError("the backend must not open the guard")

    monkeypatch.setattr(netguard, "allow", no)
    c = client(lambda r: httpx.Response(200, content=openai_reply("ok")))
    assert c.chat(MSGS).text == "ok"


def test_outside_the_choke_point_a_remote_host_is_blocked() -> None:
    assert netguard.is_installed()
    c = OpenAICompatLLM("http://203.0.113.7:8080", "m", timeout=2)
    with pytest.raises(NetworkBlocked):
        c.chat(MSGS)
