"""Run `llama_cpp.server` (the real OpenAI-compatible server) for the routing tests.

Identical to `python -m llama_cpp.server ARGS`, except that llama.cpp's extra buffer types
(weight repacking) are off unless ENCLAVE_LLAMA_EXTRA_BUFTS=1: a wheel built with
-march=native on a VM that advertises AMX without enabling it crashes in the AMX matmul
(ggml-org/llama.cpp#20824) — the repacking path is where that kernel is chosen.
"""

from __future__ import annotations

import os
import sys


def avoid_amx_crash() -> None:
    """Turn off llama.cpp's extra buffer types for every `Llama` made after this call."""
    import llama_cpp
    import llama_cpp.llama as llama_module

    default = llama_cpp.llama_model_default_params

    def params():  # type: ignore[no-untyped-def]
        p = default()
        p.use_extra_bufts = False
        return p

    llama_cpp.llama_model_default_params = params
    llama_module.llama_cpp.llama_model_default_params = params


if __name__ == "__main__":
    from llama_cpp.server.__main__ import main

    if os.environ.get("ENCLAVE_LLAMA_EXTRA_BUFTS") != "1":
        avoid_amx_crash()
    sys.argv[0] = "llama_cpp.server"
    sys.exit(main())
