"""A tier's request inside a cancel scope: a cancelled caller stops waiting for a slow server
at once (`Cancelled`); outside a scope the call is made as before, on the caller's thread."""

from __future__ import annotations

import json
import threading

import httpx
import pytest

from app.core import cancel as cancellation
from app.core.cancel import CancelToken
from app.core.errors import Cancelled
from app.core.llm.openai_compat import OpenAICompatLLM

ANSWER = json.dumps({"choices": [{"message": {"role": "assistant", "content": "ok"}}]}).encode()


def test_cancel_while_the_server_thinks() -> None:
    arrived, release, threads = threading.Event(), threading.Event(), []

    def slow(_req: httpx.Request) -> httpx.Response:
        threads.append(threading.current_thread().name)
        arrived.set()
        release.wait(10)  # a server still generating
        return httpx.Response(200, content=ANSWER)

    llm = OpenAICompatLLM("http://127.0.0.1:9/v1", "m", transport=httpx.MockTransport(slow))
    token = CancelToken()
    threading.Thread(target=lambda: arrived.wait(10) and token.cancel(), daemon=True).start()
    try:
        with cancellation.scope(token), pytest.raises(Cancelled):
            llm.chat([{"role": "user", "content": "hi"}])
    finally:
        release.set()
    assert threads[0].startswith("tier-call")


def test_outside_a_scope_the_request_runs_on_the_callers_thread() -> None:
    threads: list[str] = []

    def quick(_req: httpx.Request) -> httpx.Response:
        threads.append(threading.current_thread().name)
        return httpx.Response(200, content=ANSWER)

    llm = OpenAICompatLLM("http://127.0.0.1:9/v1", "m", transport=httpx.MockTransport(quick))
    assert llm.chat([{"role": "user", "content": "hi"}]).text == "ok"
    with cancellation.scope(CancelToken()):
        assert llm.chat([{"role": "user", "content": "hi"}]).text == "ok"
    assert threads[0] == threading.current_thread().name and threads[1].startswith("tier-call")
