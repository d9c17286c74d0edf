"""GPU planning: whether this llama.cpp build can offload, how much GPU memory is free, and
how many of a model's layers to put there (`n_gpu_layers`). Reads the model's header
(`gguf_meta`), never loads it; the backend (`local.py`) asks `pick_gpu_layers` before a load.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import ModelError
from app.core.llm.gguf_meta import read_gguf

log = logging.getLogger(__name__)


def gpu_offload_supported() -> bool:
    import llama_cpp  # deferred: the compiled llama.cpp library, only when asked

    return bool(llama_cpp.llama_supports_gpu_offload())


@dataclass(frozen=True)
class GpuPlan:
    layers: int  # for Llama(n_gpu_layers=…): -1 all, 0 CPU only
    reason: str


def free_vram_bytes() -> int | None:
    """Free memory over all NVIDIA GPUs (llama.cpp splits layers across them), or None when
    it cannot be known (no nvidia-smi: Metal's unified memory, Vulkan, ROCm)."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=10, check=True).stdout
        values = [int(x) for x in out.split() if x.strip().isdigit()]
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return sum(values) << 20 if values else None


def gpu_plan(model_path: Path | None = None, *, offload: bool | None = None,
             free_vram: int | None = -1, n_ctx: int = 4096) -> GpuPlan:
    """How many layers to put on the GPU, and why. `ENCLAVE_GPU_LAYERS` overrides."""
    env = os.environ.get("ENCLAVE_GPU_LAYERS")
    if env not in (None, ""):
        return GpuPlan(int(env), f"ENCLAVE_GPU_LAYERS={env}")
    if offload is None:
        offload = gpu_offload_supported()
    if not offload:
        return GpuPlan(0, "this llama.cpp build has no GPU offload; running on the CPU "
                          "(docs/DEPLOYMENT.md shows the CUDA, Metal and Vulkan builds)")
    if free_vram == -1:
        free_vram = free_vram_bytes()
    if free_vram is None:
        return GpuPlan(-1, "GPU offload available, free memory unknown: offloading every layer")
    if model_path is None:
        return GpuPlan(-1, "GPU offload available: offloading every layer")
    size = Path(model_path).stat().st_size
    try:
        info = read_gguf(model_path)
        blocks = info.block_count or 32
        embd = int(info.metadata.get(f"{info.architecture}.embedding_length", 4096))
    except ModelError:
        blocks, embd = 32, 4096
    # Keep room for the KV cache (f16 K and V per layer over the context, an upper bound
    # without GQA) and the compute buffers, then fit as many layers as the rest allows.
    kv = 2 * 2 * n_ctx * embd * blocks
    reserve = max(512 << 20, free_vram // 10) + kv
    budget = free_vram - reserve
    if budget >= size:
        return GpuPlan(-1, f"{free_vram >> 20} MiB free on the GPU: all {blocks} layers offloaded")
    per_layer = size / (blocks + 1)  # +1: embeddings and the output head
    layers = max(0, min(blocks, int(budget // per_layer)))
    if layers == 0:
        return GpuPlan(0, f"only {free_vram >> 20} MiB free on the GPU, too little for one layer "
                          f"of {Path(model_path).name}: running on the CPU")
    return GpuPlan(layers, f"{free_vram >> 20} MiB free on the GPU: {layers} of {blocks} layers "
                           "offloaded, the rest on the CPU")


def pick_gpu_layers(model_path: Path | None = None, *, n_ctx: int = 4096) -> int:
    """`n_gpu_layers` for this machine: all layers when they fit in free VRAM, as many as fit
    otherwise, 0 (CPU, with a notice) when there is no GPU build or no room."""
    plan = gpu_plan(model_path, n_ctx=n_ctx)
    if plan.layers == 0 and "no GPU offload" not in plan.reason:
        log.warning("Enclave: %s.", plan.reason)  # a GPU build that cannot use its GPU: say so
    else:
        log.info("Enclave: %s.", plan.reason)
    return plan.layers
