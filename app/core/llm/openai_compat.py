"""A tier behind an OpenAI-compatible `/v1/chat/completions` API (llama.cpp server, vLLM, cloud).

It speaks the same `LLM` protocol as the local model, so answers go through the same
grounding. It never opens the egress guard: for a non-loopback host a call made outside the
escalation choke point fails with `NetworkBlocked`, which is the point.

The request body is built separately (`request_body`) and sent as exact bytes (`send_body`):
the choke point checks, hashes and shows precisely the bytes that leave, then sends them.

A tier that gives no usable answer raises `TierError` (`TierTimeout`, `TierHTTPError`,
`TierBadResponse`; see the tree in `app.core.errors`); nothing is stored.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.core import cancel as cancellation
from app.core.errors import (
    NetworkBlocked,
    TierBadResponse,
    TierError,
    TierHTTPError,
    TierTimeout,
)
from app.core.llm.base import Completion, Message

# How a JSON schema is asked for: OpenAI/vLLM use `json_schema`; llama.cpp's Python server
# accepts `json_object` with a `schema`; `none` sends no response_format at all.
RESPONSE_FORMATS = ("json_schema", "json_object", "none")
_POLL_S = 0.05  # how often a cancellable call looks at its token


def host_port(base_url: str) -> tuple[str, int]:
    """('api.example.com', 443) of a base URL; the port the guard must open."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{base_url!r} is not an http(s) URL")
    return parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)


class OpenAICompatLLM:
    """A chat model reached over HTTP. Thread-safe: httpx clients may be shared."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 30.0,
        source: str = "onprem",
        response_format: str = "json_schema",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if source not in ("onprem", "cloud"):
            raise ValueError("source must be 'onprem' or 'cloud'")
        if response_format not in RESPONSE_FORMATS:
            raise ValueError(f"response_format must be one of {RESPONSE_FORMATS}")
        self.base_url = base_url.rstrip("/")
        self.host, self.port = host_port(self.base_url)
        self.model = model
        self.name = model
        self.source = source
        self.timeout = timeout
        self.response_format = response_format
        # The key lives in the header only: it is never part of the body that is shown/hashed.
        headers = {"Content-Type": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(
            headers=headers, timeout=httpx.Timeout(timeout), transport=transport,
            trust_env=False,  # a proxy from the environment would be a second, unchecked hop
            follow_redirects=False,  # a redirect would send the payload somewhere unconsented
        )

    @property
    def url(self) -> str:
        base = self.base_url if self.base_url.endswith("/v1") else self.base_url + "/v1"
        return base + "/chat/completions"

    def close(self) -> None:
        self._client.close()

    # -- the two halves of a call ------------------------------------------------------------
    def request_body(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        json_schema: dict[str, Any] | None = None,
    ) -> bytes:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if json_schema is not None and self.response_format == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": json_schema, "strict": True},
            }
        elif json_schema is not None and self.response_format == "json_object":
            body["response_format"] = {"type": "json_object", "schema": json_schema}
        return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")

    def send_body(self, body: bytes) -> Completion:
        t0 = time.perf_counter()
        resp = self._call("POST", self.url, body)
        return _completion(resp, self.name, time.perf_counter() - t0)

    def _call(self, method: str, url: str, body: bytes | None = None) -> httpx.Response:
        try:
            resp = self._request(method, url, body)
        except httpx.TimeoutException as exc:
            raise TierTimeout(
                f"The model at {self.host}:{self.port} did not answer within {self.timeout:g} s."
            ) from exc
        except httpx.HTTPError as exc:
            blocked = _blocked_cause(exc)
            if blocked is not None:
                raise blocked from exc
            raise TierError(f"The model at {self.host}:{self.port} could not be reached "
                            f"({type(exc).__name__}).") from exc
        if resp.status_code >= 400:
            # The response body is not echoed: a server may quote the request back.
            raise TierHTTPError(
                f"The model at {self.host}:{self.port} answered HTTP {resp.status_code}.",
                resp.status_code)
        return resp

    def _request(self, method: str, url: str, body: bytes | None) -> httpx.Response:
        """The request itself. Inside a cancel scope (app.core.cancel) it runs on a helper
        thread, so a cancelled caller stops waiting at once with `Cancelled`: a synchronous
        httpx request cannot be interrupted from another thread, so the abandoned one ends on
        its own (answer or timeout) and its answer is never read."""
        token = cancellation.current()
        if token is None:
            return self._client.request(method, url, content=body)
        token.check()
        call = _calls().submit(self._client.request, method, url, content=body)
        while not wait([call], timeout=_POLL_S).done:
            token.check()
        return call.result()

    def served_models(self) -> list[str]:
        """GET /v1/models: the ids the server serves. No body is sent — a connection test
        carries no document text. Raises like `send_body`."""
        resp = self._call("GET", self.url.removesuffix("/chat/completions") + "/models")
        try:
            return [str(m["id"]) for m in resp.json()["data"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise TierBadResponse(f"The server at {self.host}:{self.port} answered, but not with "
                                  "an OpenAI-compatible list of models.") from exc

    def chat(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion:
        body = self.request_body(messages, max_tokens=max_tokens, temperature=temperature,
                                 json_schema=json_schema)
        return self.send_body(body)


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _calls() -> ThreadPoolExecutor:
    """Threads for cancellable requests (a few: abandoned ones may still be finishing)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="tier-call")
        return _pool


def _completion(resp: httpx.Response, backend: str, seconds: float) -> Completion:
    where = f"{resp.request.url.host}:{resp.request.url.port}"
    try:
        data = resp.json()
        choice = data["choices"][0]
        text = choice["message"]["content"]
        if not isinstance(text, str):
            raise TypeError("content is not a string")
        usage = data.get("usage") or {}
        tokens_in = int(usage.get("prompt_tokens") or 0)
        tokens_out = int(usage.get("completion_tokens") or 0)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise TierBadResponse(
            f"The model at {where} returned something that is not an OpenAI-compatible chat "
            f"completion ({type(exc).__name__})."
        ) from exc
    return Completion(text=text.strip(), tokens_in=tokens_in, tokens_out=tokens_out,
                      mean_prob=None, seconds=seconds, backend=backend,
                      extra={"finish_reason": choice.get("finish_reason")})


def _blocked_cause(exc: BaseException) -> NetworkBlocked | None:
    """httpx wraps the guard's refusal in a ConnectError; surface the guard's own sentence."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, NetworkBlocked):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
