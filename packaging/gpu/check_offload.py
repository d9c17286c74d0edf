"""Device check (issue 9): llama.cpp GPU offload through Enclave's LocalLLM, tokens/s CPU vs GPU."""

import json
import os
import sys
import time

sys.path.insert(0, os.getcwd())
import llama_cpp

from app.core.llm.gpu import gpu_offload_supported
from app.core.llm.local import LocalLLM

MODEL = "/root/gpu/SmolLM2-135M-Instruct.Q4_1.gguf"
out = {"gpu_offload_supported": gpu_offload_supported()}
prompt_msgs = [
    {
        "role": "user",
        "content": "Write a detailed paragraph about the history of double-entry bookkeeping. "
        * 20,
    }
]


def measure(layers):
    llm = LocalLLM(MODEL, n_gpu_layers=layers, n_ctx=4096)
    t = time.perf_counter()
    llm.load()
    load = time.perf_counter() - t
    llm.chat(prompt_msgs, max_tokens=8)
    runs = []
    for _ in range(3):
        c = llm.chat(
            [{"role": "user", "content": prompt_msgs[0]["content"] + f" ({_})"}], max_tokens=256
        )
        runs.append((c.tokens_in, c.tokens_out, c.seconds))
    sum(r[0] for r in runs)
    tout = sum(r[1] for r in runs)
    secs = sum(r[2] for r in runs)
    # generation-only rate from a bare Llama on the same settings
    bare = llama_cpp.Llama(
        MODEL, n_ctx=4096, n_gpu_layers=layers, verbose=False, n_threads=llm.n_threads
    )
    p = "Once upon a time"
    bare.create_completion(p, max_tokens=8, temperature=0)
    t = time.perf_counter()
    o = bare.create_completion(p, max_tokens=256, temperature=0, top_k=1)
    g = time.perf_counter() - t
    # prompt processing rate
    long = "word " * 1500
    bare.reset()
    t = time.perf_counter()
    bare.eval(bare.tokenize(long.encode()))
    pp = time.perf_counter() - t
    return {
        "layers_requested": layers,
        "offloaded_layers": llm.offloaded_layers,
        "load_s": round(load, 2),
        "enclave_chat_tokens_per_s": round(tout / secs, 1),
        "enclave_chat_calls_s": [round(r[2], 3) for r in runs],
        "bare_gen_tokens_per_s": round(o["usage"]["completion_tokens"] / g, 1),
        "bare_prompt_tokens_per_s": round(1500 / pp, 1),
        "threads": llm.n_threads,
    }


out["cpu"] = measure(0)
out["gpu_auto"] = measure(None)  # Enclave's default: offload everything when a GPU build is present
print(json.dumps(out, indent=2))
open(os.path.join(os.environ.get("OUT", "."), "gpu_check.json"), "w").write(
    json.dumps(out, indent=2)
)
