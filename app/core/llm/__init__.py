"""Language models behind one protocol (`base.LLM`: chat, choose, count_tokens).

    base.py           the protocol and `Completion`: what extraction and routing depend on
    local.py          the backend: `LocalLLM` (llama.cpp's `Llama` on one lane: load, generate,
                      abort via `abort.py`) and `shared_local_llm(name)`, one warm model per file
    models.py         the catalogue: models/ and its manifest, `resolve_model`, list/add/verify;
                      `gguf_meta.py` reads a GGUF's header without loading it
    gpu.py            GPU planning: offload support, free VRAM, `pick_gpu_layers`
    selection.py      the workspace's chosen model (a setting) resolved through the catalogue
    openai_compat.py  an on-premises / cloud tier over HTTP, the same protocol

Layers point one way: local → models and gpu, both → gguf_meta; nothing here imports local.
"""
