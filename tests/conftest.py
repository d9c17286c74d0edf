"""Suite-wide fixtures. The egress guard is installed before any test module imports a library,
so the whole suite runs offline by construction: any test that reaches out fails."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from app.core import netguard  # noqa: E402

netguard.install()

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SERVED_MODEL = ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(scope="session")
def llm():  # -> LocalLLM
    """The real default GGUF model through llama-cpp-python, loaded once for the session."""
    from app.core.llm.local import shared_local_llm

    model = shared_local_llm()
    model.load()
    return model


@pytest.fixture(scope="session")
def pii_analyzer():  # -> PiiAnalyzer
    from app.core.privacy.analyzer import get_analyzer

    return get_analyzer()


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[object]:
    """A fresh encrypted workspace with a fast KDF (the real one takes ~0.5 s by design)."""
    from app.core.workspace import KdfParams, Workspace

    ws = Workspace.create(tmp_path / "ws", "correct horse battery staple", kdf=KdfParams.fast())
    yield ws
    ws.close()


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def unused_port() -> int:
    """A loopback port with nothing behind it: a dead endpoint."""
    return free_port()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real llama_cpp.server on 127.0.0.1 serving the default GGUF: the tier of
    the routing and settings tests. Stopped after the session."""
    import httpx

    if not SERVED_MODEL.is_file():
        pytest.skip(f"{SERVED_MODEL.name} is not installed (make bootstrap)")
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(SERVED_MODEL),
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited ({proc.returncode}): "
                                   f"{log.read_text()[-2000:]}")
            try:
                if httpx.get(url + "/v1/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("llama_cpp.server did not come up within 120 s")
            time.sleep(0.5)
        yield url + "/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
