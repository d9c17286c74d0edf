"""Small synthetic GGUF files: a real header and tensor table, zero-filled weights."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

# (value type, struct format) for the Python types we write.
_U32, _I32, _F32, _BOOL, _STR, _ARR, _U64 = 4, 5, 6, 7, 8, 9, 10


def _s(text: str) -> bytes:
    b = text.encode()
    return struct.pack("<Q", len(b)) + b


def _value(v: Any) -> tuple[int, bytes]:
    if isinstance(v, bool):
        return _BOOL, struct.pack("<?", v)
    if isinstance(v, int):
        return _U32, struct.pack("<I", v)
    if isinstance(v, float):
        return _F32, struct.pack("<f", v)
    if isinstance(v, str):
        return _STR, _s(v)
    if isinstance(v, list):
        itype, _ = _value(v[0])
        body = b"".join(_value(x)[1] for x in v)
        return _ARR, struct.pack("<IQ", itype, len(v)) + body
    raise TypeError(v)


def gguf_bytes(
    *,
    metadata: dict[str, Any] | None = None,
    tensors: list[tuple[str, tuple[int, ...], int]] | None = None,  # name, shape, ggml type
    version: int = 3,
) -> bytes:
    meta = {
        "general.architecture": "llama",
        "general.name": "Tiny Test",
        "general.file_type": 2,  # Q4_0
        "llama.context_length": 2048,
        "llama.block_count": 2,
        "llama.embedding_length": 64,
        "tokenizer.ggml.model": "gpt2",
        "tokenizer.ggml.tokens": ["a", "b", "c", "d"],
        "tokenizer.chat_template": (
            "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}{% endfor %}"
            "{% if add_generation_prompt %}<assistant>{% endif %}"),
    } if metadata is None else metadata
    tensors = tensors if tensors is not None else [
        ("token_embd.weight", (64, 4), 0),       # F32: 1 KiB
        ("blk.0.attn_q.weight", (64, 64), 2),    # Q4_0: 128 blocks of 18 bytes
        ("blk.1.attn_q.weight", (64, 64), 2),
    ]
    blocks = {0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 8: (32, 34)}
    out = bytearray(b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(meta)))
    for k, v in meta.items():
        vtype, body = _value(v)
        out += _s(k) + struct.pack("<I", vtype) + body
    offset, sizes = 0, []
    for name, shape, gtype in tensors:
        n = 1
        for d in shape:
            n *= d
        block, size = blocks[gtype]
        nbytes = -(-n // block) * size
        out += _s(name) + struct.pack("<I", len(shape))
        out += b"".join(struct.pack("<Q", d) for d in shape)
        out += struct.pack("<IQ", gtype, offset)
        sizes.append(nbytes)
        offset += nbytes + (-nbytes % 32)
    out += b"\0" * (-len(out) % 32)
    for nbytes in sizes:
        out += b"\0" * (nbytes + (-nbytes % 32))
    return bytes(out)


def write_gguf(path: Path, **kw: Any) -> Path:
    path.write_bytes(gguf_bytes(**kw))
    return path
