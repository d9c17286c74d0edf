"""What a GGUF file holds, read from its header without loading a single weight.

A GGUF file is: the magic `GGUF`, a version, the tensor and key/value counts, typed key/value
pairs (architecture, context length, tokenizer, chat template…), one info record per tensor
(name, shape, type, offset), padding to `general.alignment`, then the tensor data. Parsing the
header costs milliseconds even for a 70B model, and it lets us refuse a truncated or foreign
file with a reason before llama.cpp gets it (llama.cpp's own error is one generic ValueError).

Every length read from the file is checked against the bytes that remain, so a hostile header
cannot make us allocate gigabytes. We parse by hand rather than depend on the `gguf` package:
the format is small, stable (v2 and v3 differ from v1 only in the width of counts), and the
parser is ~200 lines we can fuzz.

Chat templates are Jinja code shipped inside the model. `render_chat_template` renders one only
through `ImmutableSandboxedEnvironment`, as llama-cpp-python's `Jinja2ChatFormatter` (which
`LocalLLM` uses) does: no attribute access to internals, no mutation of passed objects.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from app.core.errors import ModelError

MAGIC = b"GGUF"
_DEFAULT_ALIGNMENT = 32
_MAX_STRING = 64 << 20  # a chat template or token is never this big; a longer length is hostile

# GGUF value types -> struct format (None: variable length).
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9

# ggml tensor types: (name, elements per block, bytes per block) — from gguf-py's constants.
GGML_TYPES: dict[int, tuple[str, int, int]] = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 36),
    10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176), 14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74), 18: ("IQ3_XXS", 256, 98),
    19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
    26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66), 39: ("MXFP4", 32, 17),
}

# llama.cpp's `general.file_type` (enum llama_ftype): the quantization a model was made with.
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S",
    29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0",
    38: "MXFP4_MOE",
}


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int  # from the start of the data section

    @property
    def elements(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def nbytes(self) -> int | None:
        t = GGML_TYPES.get(self.ggml_type)
        if t is None:
            return None
        _, block, size = t
        return -(-self.elements // block) * size


@dataclass(frozen=True)
class GGUFInfo:
    """The header of one GGUF file. `metadata` keeps every key except the vocabulary arrays
    (their lengths are in `vocab_size`), so it stays small."""

    path: Path
    version: int
    file_size: int
    metadata: dict[str, Any]
    tensors: tuple[TensorInfo, ...]
    data_offset: int
    vocab_size: int | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str | None:
        return self.metadata.get("general.name")

    def _arch_key(self, suffix: str) -> Any:
        return self.metadata.get(f"{self.architecture}.{suffix}")

    @property
    def context_length(self) -> int | None:
        v = self._arch_key("context_length")
        return int(v) if v is not None else None

    @property
    def block_count(self) -> int | None:
        v = self._arch_key("block_count")
        return int(v) if v is not None else None

    @property
    def parameters(self) -> int:
        """The parameter count: the sum of every tensor's elements (exact, unlike size labels)."""
        return sum(t.elements for t in self.tensors)

    @property
    def quantization(self) -> str:
        ft = self.metadata.get("general.file_type")
        if ft is not None and int(ft) in FILE_TYPES:
            return FILE_TYPES[int(ft)]
        # No file_type key (older converters): the type holding the most weights.
        weight: dict[str, int] = {}
        for t in self.tensors:
            name = GGML_TYPES.get(t.ggml_type, (f"type{t.ggml_type}", 1, 1))[0]
            weight[name] = weight.get(name, 0) + t.elements
        return max(weight, key=weight.__getitem__) if weight else "unknown"

    @property
    def chat_template(self) -> str | None:
        return self.metadata.get("tokenizer.chat_template")

    @property
    def tokenizer(self) -> str | None:
        return self.metadata.get("tokenizer.ggml.model")

    @property
    def expected_size(self) -> int | None:
        """Where the last tensor ends: the smallest size a complete file can have."""
        end = self.data_offset
        for t in self.tensors:
            n = t.nbytes
            if n is None:
                return None
            end = max(end, self.data_offset + t.offset + n)
        return end

    def summary(self) -> dict[str, Any]:
        return {
            "architecture": self.architecture,
            "name": self.name,
            "parameters": self.parameters,
            "quantization": self.quantization,
            "context_length": self.context_length,
            "block_count": self.block_count,
            "tokenizer": self.tokenizer,
            "vocab_size": self.vocab_size,
            "chat_template": self.chat_template is not None,
            "gguf_version": self.version,
            "tensors": len(self.tensors),
        }


class _Reader:
    """Bounds-checked little-endian reads from a file of known size."""

    def __init__(self, f: BinaryIO, size: int, path: Path) -> None:
        self.f, self.size, self.path = f, size, path
        self.wide = True  # v2+: 64-bit counts and string lengths; v1: 32-bit

    def _truncated(self, what: str) -> ModelError:
        return ModelError(
            f"{self.path.name} is truncated or damaged: its GGUF header ends inside {what} "
            f"(the file is {self.size:,} bytes)."
        )

    def read(self, n: int, what: str) -> bytes:
        if n < 0 or self.f.tell() + n > self.size:
            raise self._truncated(what)
        data = self.f.read(n)
        if len(data) != n:
            raise self._truncated(what)
        return data

    def scalar(self, fmt: str, what: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt), what))[0]

    def count(self, what: str) -> int:
        return self.scalar("<Q" if self.wide else "<I", what)

    def string(self, what: str) -> str:
        n = self.count(what)
        if n > _MAX_STRING:
            raise ModelError(f"{self.path.name} is not a valid GGUF file: {what} claims "
                             f"{n:,} bytes.")
        return self.read(n, what).decode("utf-8", "replace")

    def value(self, vtype: int, what: str, keep: bool = True) -> Any:
        if vtype in _SCALARS:
            return self.scalar(_SCALARS[vtype], what)
        if vtype == _STRING:
            return self.string(what)
        if vtype == _ARRAY:
            itype = self.scalar("<I", what)
            n = self.count(what)
            # Every element takes at least one byte: a larger count is a lie or a truncation.
            if n > self.size - self.f.tell():
                raise self._truncated(what)
            if itype in _SCALARS and not keep:
                self.read(n * struct.calcsize(_SCALARS[itype]), what)
                return n
            items = [self.value(itype, what, keep) for _ in range(n)]
            return items if keep else n
        raise ModelError(f"{self.path.name} is not a valid GGUF file: {what} has unknown "
                         f"type {vtype}.")


# Arrays as long as the vocabulary: counted, not kept (they would be megabytes of strings).
_VOCAB_ARRAYS = {"tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type",
                 "tokenizer.ggml.merges"}


def read_gguf(path: Path | str) -> GGUFInfo:
    """Parse a GGUF file's header and tensor table. Raises ModelError (with the reason) for a
    file that is not GGUF, is damaged, or is shorter than its own tensor table says."""
    path = Path(path)
    try:
        size = os.path.getsize(path)
        f = path.open("rb")
    except OSError as exc:
        reason = exc.strerror or exc
        raise ModelError(f"The model {path.name} could not be opened: {reason}.") from exc
    with f:
        r = _Reader(f, size, path)
        if size < 4 or f.read(4) != MAGIC:
            raise ModelError(f"{path.name} is not a GGUF model file (it does not start with "
                             "'GGUF'). Convert it with llama.cpp's convert_hf_to_gguf.py.")
        version = r.scalar("<I", "the version")
        if version not in (1, 2, 3):
            raise ModelError(f"{path.name} is GGUF version {version}, which this Enclave does not "
                             "read (it reads versions 1 to 3).")
        r.wide = version >= 2
        n_tensors = r.count("the tensor count")
        n_kv = r.count("the metadata count")
        if n_tensors > size or n_kv > size:
            raise r._truncated("the header counts")
        meta: dict[str, Any] = {}
        vocab_size = None
        for i in range(n_kv):
            key = r.string(f"metadata key #{i}")
            vtype = r.scalar("<I", f"the type of {key}")
            keep = key not in _VOCAB_ARRAYS
            val = r.value(vtype, key, keep=keep)
            if key == "tokenizer.ggml.tokens":
                vocab_size = val if isinstance(val, int) else len(val)
            if keep:
                meta[key] = val
        tensors = []
        for i in range(n_tensors):
            name = r.string(f"tensor #{i}'s name")
            n_dims = r.scalar("<I", f"tensor {name}")
            if n_dims > 8:
                raise ModelError(f"{path.name} is not a valid GGUF file: tensor {name} has "
                                 f"{n_dims} dimensions.")
            shape = tuple(r.count(f"tensor {name}'s shape") for _ in range(n_dims))
            ggml_type = r.scalar("<I", f"tensor {name}'s type")
            offset = r.scalar("<Q", f"tensor {name}'s offset")
            tensors.append(TensorInfo(name, shape, ggml_type, offset))
        align = int(meta.get("general.alignment", _DEFAULT_ALIGNMENT) or _DEFAULT_ALIGNMENT)
        pos = f.tell()
        data_offset = pos + (-pos % align)
    warnings = tuple(sorted({f"unknown tensor type {t.ggml_type}" for t in tensors
                             if t.ggml_type not in GGML_TYPES}))
    info = GGUFInfo(path, version, size, meta, tuple(tensors), data_offset, vocab_size, warnings)
    expected = info.expected_size
    if expected is not None and size < expected:
        raise ModelError(
            f"{path.name} is truncated: its tensors need {expected:,} bytes but the file has "
            f"{size:,} ({expected - size:,} missing). Copy it again, or reinstall it."
        )
    return info


def format_params(n: int) -> str:
    """135M, 1.5B, 70B: the way model cards say it."""
    for unit, div in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= div:
            v = n / div
            return f"{v:.1f}{unit}" if v < 10 else f"{v:.0f}{unit}"
    return str(n)


def render_chat_template(
    template: str,
    messages: list[dict[str, str]],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
) -> str:
    """Render a model's chat template in Jinja's immutable sandbox (templates are code).

    The same environment llama-cpp-python's `Jinja2ChatFormatter` uses; raises ModelError when
    the template does not compile or tries something the sandbox forbids."""
    # deferred: Jinja2 only when a model's chat template is checked (enclave models add)
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    def raise_exception(message: str) -> None:
        raise jinja2.TemplateError(message)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        loader=jinja2.BaseLoader())
    try:
        return env.from_string(template).render(
            messages=messages, bos_token=bos_token, eos_token=eos_token,
            add_generation_prompt=add_generation_prompt, raise_exception=raise_exception,
        )
    except SecurityError as exc:
        raise ModelError(f"The model's chat template tried an unsafe operation: {exc}") from exc
    except jinja2.TemplateError as exc:
        raise ModelError(f"The model's chat template does not render: {exc}") from exc
