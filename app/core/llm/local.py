"""The backend: the workstation model, a GGUF file through llama-cpp-python, on one worker lane.

`Llama` is not thread-safe (llama-cpp-python #471, #1995), so every call runs on a single
dedicated thread; callers on any thread submit work and wait. The model is loaded lazily on
first use (the window opens before it) and then kept warm. Parsing and I/O run beside it.
A caller's cancel token (app.core.cancel) stops a call between two tokens or inside the
prompt's evaluation (app.core.llm.abort), and a cancelled caller queues nothing.

    llm = shared_local_llm()          # the default model (ENCLAVE_MODEL, the manifest's default)
    llm.chat(messages, json_schema=schema)

Which file is loaded is the catalogue's (`models.resolve_model`); how many layers go to the GPU
is `gpu.pick_gpu_layers`'s.
"""

from __future__ import annotations

import contextvars
import json
import math
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from app.core import cancel as cancellation
from app.core.errors import ModelError
from app.core.llm.abort import AbortFlag, abortable
from app.core.llm.base import Completion, Message
from app.core.llm.gpu import pick_gpu_layers
from app.core.llm.models import resolve_model

T = TypeVar("T")

_CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}"
    "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def default_threads() -> int:
    """Physical-ish cores: llama.cpp gets slower, not faster, on hyperthreads."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        n = os.cpu_count() or 2
    return max(1, n if n <= 4 else n // 2 + 1)


class LocalLLM:
    """A local GGUF chat model. Thread-safe by construction: one lane, one `Llama`."""

    source = "local"

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        n_gpu_layers: int | None = None,
        seed: int = 7,
    ) -> None:
        self.model_path = Path(model_path)
        self.name = self.model_path.name
        self.n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        self.n_gpu_layers = n_gpu_layers
        self.seed = seed
        self._lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-lane")
        self._llama: Any = None
        self._formatter: Any = None
        self._load_lock = threading.Lock()
        self._abort = AbortFlag()  # stops a decode in flight when the caller's token is cancelled
        self.offloaded_layers = 0

    # -- the lane ---------------------------------------------------------------------------
    def _run(self, fn: Callable[[], T]) -> T:
        if threading.current_thread().name.startswith("llm-lane"):
            return fn()  # already on the lane (nested call)
        cancellation.check()  # a cancelled caller does not queue work
        # The caller's context travels to the lane: its cancel token (app.core.cancel).
        fut: Future[T] = self._lane.submit(contextvars.copy_context().run, fn)
        return fut.result()

    def load(self) -> None:
        """Load the weights now (otherwise the first call does)."""
        self._run(self._ensure_loaded)

    def _ensure_loaded(self) -> Any:
        if self._llama is not None:
            return self._llama
        if not self.model_path.is_file():
            raise ModelError(
                f"The model file {self.model_path} is missing: run `make run` (or `enclave models "
                "list`) to install the default model, or drop a GGUF into models/."
            )
        # deferred: the compiled llama.cpp library loads with the first model, not at import
        import llama_cpp
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        layers = self.n_gpu_layers
        if layers is None:  # free VRAM decides; CPU fallback
            layers = pick_gpu_layers(self.model_path, n_ctx=self.n_ctx)
        try:
            llama = llama_cpp.Llama(
                model_path=str(self.model_path),
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                n_threads_batch=self.n_threads,
                n_gpu_layers=layers,
                seed=self.seed,
                verbose=False,
            )
        except Exception as exc:  # llama.cpp says little: a ValueError for any load failure
            raise ModelError(
                f"The model {self.model_path.name} could not be loaded (corrupt, truncated or "
                f"not a GGUF file): {exc}"
            ) from exc
        self.offloaded_layers = (
            layers if layers >= 0 else int(llama.metadata.get("llama.block_count", 0) or 0)
        )
        meta = llama.metadata
        template = meta.get("tokenizer.chat_template") or _CHATML

        def token_text(key: str) -> str:
            tid = meta.get(key)
            if tid is None:
                return ""
            return llama.detokenize([int(tid)], special=True).decode("utf-8", "ignore")

        # Chat templates are code: Jinja2ChatFormatter renders them in a sandboxed environment.
        self._formatter = Jinja2ChatFormatter(
            template=template,
            eos_token=token_text("tokenizer.ggml.eos_token_id"),
            bos_token=token_text("tokenizer.ggml.bos_token_id"),
        )
        self._abort.install(llama)
        self._llama = llama
        return llama

    def close(self) -> None:
        self._lane.shutdown(wait=True)
        self._llama = None

    def unload(self) -> None:
        """Free the weights (after any call in flight, on the lane); the next call reloads.
        Switching models frees the old one so two large models never share the RAM."""
        def drop() -> None:
            self._llama = self._formatter = None

        self._run(drop)

    # -- prompts ----------------------------------------------------------------------------
    def render(self, messages: list[Message]) -> tuple[str, list[str]]:
        def go() -> tuple[str, list[str]]:
            self._ensure_loaded()
            r = self._formatter(messages=messages)
            stop = r.stop if isinstance(r.stop, list) else [r.stop] if r.stop else []
            return r.prompt, stop

        return self._run(go)

    def count_tokens(self, text: str) -> int:
        return self._run(lambda: len(self._ensure_loaded().tokenize(text.encode(), add_bos=False)))

    # -- generation -------------------------------------------------------------------------
    def chat(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion:
        def go() -> Completion:
            llama = self._ensure_loaded()
            prompt, stop = self.render(messages)
            grammar = None
            if json_schema is not None:
                from llama_cpp.llama_grammar import LlamaGrammar  # deferred: llama_cpp

                grammar = LlamaGrammar.from_json_schema(json.dumps(json_schema), verbose=False)
            probs: list[float] = []

            def watch(input_ids: Any, scores: Any) -> Any:
                # Without logits_all, a logits processor is the cheap way to see each step's
                # distribution; the chosen token's probability is read on the next step.
                watch.last = scores  # type: ignore[attr-defined]
                return scores

            t0 = time.perf_counter()
            tokens = llama.tokenize(prompt.encode(), add_bos=False, special=True)
            if len(tokens) + max_tokens > self.n_ctx:
                raise ModelError(
                    f"The prompt ({len(tokens)} tokens) does not fit the model's context "
                    f"({self.n_ctx}); it must be split into chunks."
                )
            out_tokens: list[int] = []
            from llama_cpp import LogitsProcessorList  # deferred: llama_cpp

            ends = _stop_ids(llama, stop) | {llama.token_eos()}  # once, not per token

            with abortable(self._abort) as token:
                for tok in llama.generate(
                    tokens,
                    temp=temperature,
                    top_k=1 if temperature == 0 else 40,
                    grammar=grammar,
                    logits_processor=LogitsProcessorList([watch]),
                    stopping_criteria=_stopping(token),
                    reset=True,
                ):
                    last = getattr(watch, "last", None)
                    if last is not None:
                        probs.append(_prob_of(last, tok))
                    if tok in ends:
                        break
                    out_tokens.append(tok)
                    if len(out_tokens) >= max_tokens:
                        break
            text = llama.detokenize(out_tokens).decode("utf-8", "ignore")
            for s in stop:
                if s and s in text:
                    text = text[: text.index(s)]
            mean = (
                math.exp(sum(math.log(max(p, 1e-9)) for p in probs) / len(probs)) if probs else None
            )
            return Completion(
                text=text.strip(),
                tokens_in=len(tokens),
                tokens_out=len(out_tokens),
                mean_prob=mean,
                seconds=time.perf_counter() - t0,
                backend=self.name,
            )

        return self._run(go)

    def choose(self, messages: list[Message], options: list[str]) -> list[float]:
        """One forward pass: the next-token distribution over the answer letters A, B, C…

        Reuses the KV cache for the shared prefix (the document excerpt comes first in every
        question about it), so asking about several fields costs little more than one.
        """
        letters = [chr(ord("A") + i) for i in range(len(options))]

        def go() -> list[float]:
            llama = self._ensure_loaded()
            prompt, _ = self.render(messages)
            tokens = llama.tokenize(prompt.encode(), add_bos=False, special=True)
            with abortable(self._abort):
                logits = self._next_logits(llama, tokens)
            ids = [llama.tokenize(x.encode(), add_bos=False)[0] for x in letters]
            sel = np.array([logits[i] for i in ids], dtype=np.float64)
            sel = np.exp(sel - sel.max())
            return (sel / sel.sum()).tolist()

        return self._run(go)

    def _next_logits(self, llama: Any, tokens: list[int]) -> np.ndarray:
        prefix = 0
        for a, b in zip(llama._input_ids, tokens, strict=False):
            if a != b:
                break
            prefix += 1
        prefix = min(prefix, len(tokens) - 1)  # always decode at least one token for fresh logits
        if prefix > 0 and llama._ctx.kv_cache_seq_rm(-1, prefix, -1):
            llama.n_tokens = prefix
        else:
            llama.reset()
            prefix = 0
        llama.eval(tokens[prefix:])
        n_vocab = llama.n_vocab()
        # `eval` keeps only sampler state without logits_all; the context still holds the last
        # position's logits, which is all a single-token choice needs.
        return np.ctypeslib.as_array(llama._ctx.get_logits_ith(-1), shape=(n_vocab,)).copy()


def _stopping(token: cancellation.CancelToken | None) -> Any:
    """llama-cpp-python's stopping criteria: generation ends before the next token once the
    token is cancelled (`abortable` then raises `Cancelled`)."""
    if token is None:
        return None
    from llama_cpp import StoppingCriteriaList  # deferred: llama_cpp

    return StoppingCriteriaList([lambda _ids, _logits: token.cancelled])


def _prob_of(scores: Any, token: int) -> float:
    s = np.asarray(scores, dtype=np.float64)
    m = s.max()
    return float(np.exp(s[token] - m) / np.exp(s - m).sum())


def _stop_ids(llama: Any, stop: list[str]) -> set[int]:
    ids = set()
    for s in stop:
        toks = llama.tokenize(s.encode(), add_bos=False, special=True)
        if len(toks) == 1:
            ids.add(toks[0])
    return ids


_shared: dict[Path, LocalLLM] = {}
_shared_lock = threading.Lock()


def shared_local_llm(name: str | None = None) -> LocalLLM:
    """One warm `LocalLLM` per model file for the whole process (CLI, GUI and tests share it)."""
    path = resolve_model(name).resolve()
    with _shared_lock:
        llm = _shared.get(path)
        if llm is None:
            llm = _shared[path] = LocalLLM(path)
        return llm
