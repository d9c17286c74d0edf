"""The GGUF header reader: metadata without weights, and clear refusals."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from app.core.errors import ModelError
from app.core.llm.gguf_meta import format_params, read_gguf, render_chat_template
from tests.unit.deploy.gguf_factory import gguf_bytes, write_gguf


def test_reads_metadata_and_tensor_table(tmp_path: Path) -> None:
    info = read_gguf(write_gguf(tmp_path / "tiny.gguf"))
    assert info.version == 3
    assert info.architecture == "llama"
    assert info.context_length == 2048
    assert info.block_count == 2
    assert info.quantization == "Q4_0"
    assert info.parameters == 64 * 4 + 2 * 64 * 64
    assert info.tokenizer == "gpt2"
    assert info.vocab_size == 4
    assert "tokenizer.ggml.tokens" not in info.metadata  # counted, not kept
    assert info.chat_template and "messages" in info.chat_template
    assert info.expected_size <= info.file_size
    assert info.summary()["chat_template"] is True


def test_quantization_inferred_without_file_type(tmp_path: Path) -> None:
    meta = {"general.architecture": "qwen2", "qwen2.context_length": 512}
    info = read_gguf(write_gguf(tmp_path / "q.gguf", metadata=meta,
                                tensors=[("a", (32, 32), 8), ("b", (4,), 0)]))
    assert info.quantization == "Q8_0"
    assert info.context_length == 512
    assert info.chat_template is None


def test_refuses_a_file_that_is_not_gguf(tmp_path: Path) -> None:
    p = tmp_path / "notes.gguf"
    p.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelError, match="not a GGUF model file"):
        read_gguf(p)


def test_refuses_truncated_weights_with_the_missing_bytes(tmp_path: Path) -> None:
    data = gguf_bytes()
    p = tmp_path / "cut.gguf"
    p.write_bytes(data[:-3000])
    with pytest.raises(ModelError, match=r"cut\.gguf is truncated: its tensors need"):
        read_gguf(p)


@pytest.mark.parametrize("keep", [3, 20, 100, 300])
def test_refuses_truncated_header(tmp_path: Path, keep: int) -> None:
    p = tmp_path / "head.gguf"
    p.write_bytes(gguf_bytes()[:keep])
    with pytest.raises(ModelError, match="truncated|not a GGUF"):
        read_gguf(p)


def test_hostile_lengths_are_refused_not_allocated(tmp_path: Path) -> None:
    # One KV pair whose key claims 2**62 bytes.
    p = tmp_path / "evil.gguf"
    p.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 1 << 62) + b"x" * 8)
    with pytest.raises(ModelError):
        read_gguf(p)


def test_unknown_version_is_named(tmp_path: Path) -> None:
    p = tmp_path / "v9.gguf"
    p.write_bytes(b"GGUF" + struct.pack("<IQQ", 9, 0, 0))
    with pytest.raises(ModelError, match="version 9"):
        read_gguf(p)


def test_format_params() -> None:
    assert format_params(134_515_008) == "135M"
    assert format_params(1_543_714_304) == "1.5B"
    assert format_params(70_553_706_496) == "71B"


def test_chat_template_renders_in_the_sandbox() -> None:
    out = render_chat_template("{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}"
                               "{% endfor %}{{ eos_token }}",
                               [{"role": "user", "content": "hi"}], eos_token="</s>")
    assert out == "[user] hi</s>"


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",   # the classic escape
    "{{ messages.append({'role': 'x'}) }}",              # mutation of what we pass in
    "{{ raise_exception('refused by the template') }}",
])
def test_hostile_or_failing_templates_raise_model_error(template: str) -> None:
    with pytest.raises(ModelError):
        render_chat_template(template, [{"role": "user", "content": "hi"}])


def test_llama_cpp_formatter_is_sandboxed_too() -> None:
    """LocalLLM renders through llama-cpp-python's Jinja2ChatFormatter: check it sandboxes."""
    from jinja2.sandbox import SecurityError
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    fmt = Jinja2ChatFormatter(template="{{ ''.__class__.__mro__ }}", eos_token="", bos_token="")
    with pytest.raises(SecurityError):
        fmt(messages=[{"role": "user", "content": "hi"}])
