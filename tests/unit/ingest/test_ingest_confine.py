"""The sandbox worker's confinement: memory cap, process group, and the Windows job layout."""

from __future__ import annotations

import ctypes
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.ingest import confine as confine_mod
from app.core.ingest.confine import ExtendedLimits, confine, job_limits, kill_tree

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="64-bit layout")
def test_windows_job_limits_have_the_winnt_layout() -> None:
    # sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) on 64-bit Windows; a wrong field type would
    # make SetInformationJobObject fail (or set the wrong limit) on users' machines.
    assert ctypes.sizeof(ExtendedLimits) == 144
    assert ExtendedLimits.ProcessMemoryLimit.offset == 112
    info = job_limits(512)
    assert info.ProcessMemoryLimit == 512 * 1024 * 1024
    flags = info.BasicLimitInformation.LimitFlags
    assert flags & confine_mod.JOB_OBJECT_LIMIT_PROCESS_MEMORY
    assert flags & confine_mod.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_confine_caps_memory_and_leads_a_process_group() -> None:
    code = (
        "import os, resource\n"
        "from app.core.ingest.confine import confine\n"
        "how = confine(300)\n"
        "print(how, resource.getrlimit(resource.RLIMIT_AS)[0], os.getpgid(0) == os.getpid())\n"
        "try:\n"
        "    b = bytearray(400 * 1024 * 1024)\n"
        "    print('allocated')\n"
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    lines = out.stdout.split()
    assert lines[:3] == ["RLIMIT_AS", str(300 * 1024 * 1024), "True"], out.stderr
    assert lines[3] == "refused"


def _worker_with_grandchild(conn) -> None:  # runs in a forked child
    confine(512)
    sleeper = subprocess.Popen(["sleep", "60"])
    conn.send(sleeper.pid)
    time.sleep(60)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in state  # a zombie waiting for init is dead


@pytest.mark.skipif(sys.platform != "linux", reason="process groups and /proc")
def test_kill_tree_ends_the_worker_and_what_it_started() -> None:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_worker_with_grandchild, args=(child,), daemon=True)
    proc.start()
    assert parent.poll(30)
    grandchild = parent.recv()
    assert not _gone(grandchild)
    kill_tree(proc)
    proc.join(timeout=10)
    assert not proc.is_alive()
    deadline = time.monotonic() + 10
    while not _gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(grandchild), "the worker's child outlived it"
    kill_tree(proc)  # already dead: a no-op, never an exception
