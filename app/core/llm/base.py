"""The one protocol every language-model backend speaks: local llama.cpp or an HTTP tier."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass
class Completion:
    text: str
    tokens_in: int = 0
    tokens_out: int = 0
    mean_prob: float | None = None  # mean probability of the generated tokens, when known
    seconds: float = 0.0
    backend: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": ...}


@runtime_checkable
class LLM(Protocol):
    """A chat model. `chat` must be safe to call from any thread (backends serialize inside)."""

    name: str
    source: str  # what a field produced by this model records: "local", "onprem", "cloud"

    def chat(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion: ...


@runtime_checkable
class Chooser(Protocol):
    """A model that can score a closed set of answers in one forward pass (local models)."""

    def choose(self, messages: list[Message], options: list[str]) -> list[float]:
        """Probabilities over `options` (answer letters A, B, C… are shown to the model)."""
        ...
