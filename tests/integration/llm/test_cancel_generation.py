"""Cancelling the real model: mid-generation (stopping criteria) and inside prompt evaluation
(llama.cpp's abort callback), and the model's state afterwards is as if nothing happened."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from app.core import cancel as cancellation
from app.core.cancel import CancelToken
from app.core.errors import Cancelled

pytestmark = pytest.mark.model

LONG = "Summarize this record: " + "The quick brown fox jumps over the lazy dog. " * 150
QUESTION = [{"role": "user", "content": "Is the sky blue on a clear day? A) yes B) no"}]


def _cancel_when(token: CancelToken, ready: threading.Event) -> None:
    threading.Thread(target=lambda: ready.wait(60) and token.cancel(), daemon=True).start()


def test_cancel_mid_generation_stops_between_tokens(llm: Any) -> None:
    token, generating, produced = CancelToken(), threading.Event(), []
    original = llm._llama.generate

    def counting(*args: Any, **kwargs: Any) -> Any:
        for tok in original(*args, **kwargs):
            produced.append(tok)
            if len(produced) == 3:
                generating.set()
            yield tok

    llm._llama.generate = counting
    try:
        _cancel_when(token, generating)
        with cancellation.scope(token), pytest.raises(Cancelled):
            llm.chat([{"role": "user", "content": "Tell a very long story about a dragon."}],
                     max_tokens=400)
    finally:
        del llm._llama.generate  # back to the class's method
    assert 3 <= len(produced) < 400  # stopped within a token or two of the cancel, not at 400


def test_cancel_inside_prompt_evaluation_and_the_model_is_consistent_after(llm: Any) -> None:
    before = llm.choose(QUESTION, ["yes", "no"])
    token, started = CancelToken(), threading.Event()
    # Cancelled as soon as the lane starts on the chat: the prompt (~1,500 tokens) is still
    # being evaluated in llama_decode, which only the abort callback can interrupt.
    original = llm._llama.generate

    def announcing(*args: Any, **kwargs: Any) -> Any:
        started.set()
        yield from original(*args, **kwargs)

    llm._llama.generate = announcing
    try:
        _cancel_when(token, started)
        with cancellation.scope(token), pytest.raises(Cancelled):
            llm.chat([{"role": "user", "content": LONG}], max_tokens=50)
    finally:
        del llm._llama.generate
    assert llm._llama.n_tokens < len(llm._llama.tokenize(LONG.encode()))  # evaluation cut short
    assert llm.choose(QUESTION, ["yes", "no"]) == pytest.approx(before, abs=1e-4)
    again = llm.chat([{"role": "user", "content": "Name three fruits."}], max_tokens=20)
    assert again.text and again.tokens_out > 0


def test_a_cancelled_caller_never_reaches_the_lane(llm: Any) -> None:
    token = CancelToken()
    token.cancel()
    with cancellation.scope(token), pytest.raises(Cancelled):
        llm.chat(QUESTION, max_tokens=5)
