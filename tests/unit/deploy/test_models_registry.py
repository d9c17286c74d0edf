"""The model registry (`enclave models list|add|verify`) and the GPU layer choice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import ModelError
from app.core.llm import gpu, models
from tests.unit.deploy.gguf_factory import write_gguf


@pytest.fixture
def mdir(tmp_path: Path) -> Path:
    d = tmp_path / "models"
    d.mkdir()
    return d


def test_add_copies_and_records_hash(tmp_path: Path, mdir: Path) -> None:
    src = write_gguf(tmp_path / "tiny.gguf")
    report = models.add_model(src, mdir)
    assert (mdir / "tiny.gguf").read_bytes() == src.read_bytes()
    manifest = json.loads((mdir / "manifest.json").read_text())
    entry = manifest["models"]["tiny.gguf"]
    assert entry["sha256"] == models.sha256_of(src) == report.sha256
    assert entry["size"] == src.stat().st_size
    assert entry["architecture"] == "llama" and entry["quantization"] == "Q4_0"
    assert manifest["default"] == "tiny.gguf"  # the first model becomes the default
    [r] = models.verify_models(mdir)
    assert r.status == models.VERIFIED and r.ok


def test_add_refuses_non_gguf_and_truncated(tmp_path: Path, mdir: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"hello")
    with pytest.raises(ModelError, match="not a GGUF"):
        models.add_model(bad, mdir)
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(write_gguf(tmp_path / "whole.gguf").read_bytes()[:-5000])
    with pytest.raises(ModelError, match="truncated"):
        models.add_model(cut, mdir)
    assert not list(mdir.glob("*.gguf"))


def test_add_refuses_to_overwrite_without_force(tmp_path: Path, mdir: Path) -> None:
    src = write_gguf(tmp_path / "tiny.gguf")
    models.add_model(src, mdir)
    with pytest.raises(ModelError, match="already installed"):
        models.add_model(src, mdir)
    models.add_model(src, mdir, force=True)
    models.add_model(src, mdir, name="copy")
    assert sorted(p.name for p in mdir.glob("*.gguf")) == ["copy.gguf", "tiny.gguf"]


def test_verify_names_a_changed_or_truncated_model(tmp_path: Path, mdir: Path) -> None:
    models.add_model(write_gguf(tmp_path / "tiny.gguf"), mdir)
    target = mdir / "tiny.gguf"
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF  # same size, different content
    target.write_bytes(bytes(data))
    [r] = models.verify_models(mdir)
    assert r.status == models.MISMATCH and "SHA-256" in r.problem
    target.write_bytes(bytes(data[:-4000]))
    [r] = models.model_reports(mdir)
    assert r.status == models.MISMATCH and "tiny.gguf" in r.problem and not r.ok


def test_list_reports_unknown_and_invalid_files(tmp_path: Path, mdir: Path) -> None:
    write_gguf(mdir / "stray.gguf")
    (mdir / "junk.gguf").write_bytes(b"not a model")
    reports = {r.name: r for r in models.model_reports(mdir)}
    assert reports["stray.gguf"].status == models.UNKNOWN and reports["stray.gguf"].ok
    assert reports["junk.gguf"].status == models.INVALID and not reports["junk.gguf"].ok


def test_missing_default_is_reported(mdir: Path) -> None:
    (mdir / "manifest.json").write_text(json.dumps(
        {"default": "gone.gguf", "models": {"gone.gguf": {"sha256": "0" * 64, "size": 10}}}))
    [r] = models.model_reports(mdir)
    assert r.status == models.MISSING and not r.ok


def test_gpu_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENCLAVE_GPU_LAYERS", raising=False)
    p = write_gguf(tmp_path / "tiny.gguf")
    assert gpu.gpu_plan(p, offload=False).layers == 0
    assert gpu.gpu_plan(p, offload=True, free_vram=None).layers == -1
    assert gpu.gpu_plan(p, offload=True, free_vram=8 << 30).layers == -1
    assert gpu.gpu_plan(p, offload=True, free_vram=1 << 20).layers == 0
    monkeypatch.setenv("ENCLAVE_GPU_LAYERS", "5")
    assert gpu.gpu_plan(p, offload=False).layers == 5


def test_gpu_plan_partial_offload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENCLAVE_GPU_LAYERS", raising=False)
    big = tmp_path / "big.gguf"
    write_gguf(big, metadata={"general.architecture": "llama", "llama.block_count": 40,
                              "llama.embedding_length": 8},
               tensors=[("w", (1024, 1024, 16), 0)])  # 64 MiB of F32
    plan = gpu.gpu_plan(big, offload=True, free_vram=600 << 20, n_ctx=16)
    assert plan.layers == -1
    plan = gpu.gpu_plan(big, offload=True, free_vram=(512 + 30) << 20, n_ctx=16)
    assert 0 < plan.layers < 40 and "layers offloaded" in plan.reason


def test_pick_gpu_layers_on_this_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENCLAVE_GPU_LAYERS", raising=False)
    import llama_cpp

    layers = gpu.pick_gpu_layers(None)
    assert layers == (-1 if llama_cpp.llama_supports_gpu_offload() else 0)
