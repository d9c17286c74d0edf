"""Confining the sandbox worker: a memory cap it cannot lift, and a kill that takes its children.

The worker parses hostile files, so it caps its own memory before reading the first one, and
the parent must be able to end it together with any Tesseract it started. How depends on the
operating system:

- Linux and the BSDs: `RLIMIT_AS` (an allocation past the cap fails inside MuPDF, which we
  report as "too much memory"), and the worker leads its own process group so `killpg` ends
  Tesseract too.
- macOS: the kernel accepts but does not enforce `RLIMIT_AS`; `RLIMIT_DATA` is tried as well.
  The wall-clock timeout still bounds a runaway parse there.
- Windows: no rlimits or process groups; the worker puts itself in a Job Object with a
  per-process memory limit and kill-on-close, so Tesseract dies with the worker's last handle.

`confine(memory_mb)` returns the mechanism it applied, for `enclave doctor` and the tests.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from multiprocessing.process import BaseProcess

# Windows Job Object constants and structures (winnt.h). Fixed-width types rather than
# ctypes.wintypes so the layout can be checked on any 64-bit platform in the tests.
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9


class _BasicLimits(ctypes.Structure):
    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_int64),
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", ctypes.c_uint32),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", ctypes.c_uint32),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", ctypes.c_uint32),
        ("SchedulingClass", ctypes.c_uint32),
    ]


class _IoCounters(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_uint64)
        for name in (
            "ReadOperationCount",
            "WriteOperationCount",
            "OtherOperationCount",
            "ReadTransferCount",
            "WriteTransferCount",
            "OtherTransferCount",
        )
    ]


class ExtendedLimits(ctypes.Structure):
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION (144 bytes on 64-bit Windows)."""

    _fields_ = [
        ("BasicLimitInformation", _BasicLimits),
        ("IoInfo", _IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


def job_limits(memory_mb: int) -> ExtendedLimits:
    """The limits the Windows worker applies to its own job."""
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = (
        JOB_OBJECT_LIMIT_PROCESS_MEMORY | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    )
    info.ProcessMemoryLimit = memory_mb * 1024 * 1024
    return info


def confine(memory_mb: int) -> str:
    """Cap this process's memory and make it killable with its children; returns how."""
    if sys.platform == "win32":
        try:
            return _confine_windows(memory_mb)
        except OSError:
            # An old Windows or a job we may not nest in: the wall-clock timeout still bounds
            # a runaway parse, and a worker that cannot start would lose the whole batch.
            return "timeout-only"
    return _confine_posix(memory_mb)


def kill_tree(proc: BaseProcess) -> None:
    """End a confined worker and whatever it started (Tesseract), without raising."""
    if not proc.is_alive() or proc.pid is None:
        return
    try:
        if hasattr(os, "killpg") and os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            # Windows: TerminateProcess; the job's kill-on-close then ends Tesseract.
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass


def _confine_posix(memory_mb: int) -> str:
    import resource  # deferred: POSIX only (Windows has no `resource` module)

    os.setpgid(0, 0)  # own process group: the parent's killpg also ends a Tesseract we start
    cap = memory_mb * 1024 * 1024
    for name in ("RLIMIT_AS", "RLIMIT_DATA"):
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        try:
            resource.setrlimit(limit, (cap, cap))
        except (ValueError, OSError):
            continue  # macOS refuses some RLIMIT_AS values; try the next one
        if sys.platform != "darwin" or name == "RLIMIT_DATA":
            return name
    return "timeout-only"


def _confine_windows(memory_mb: int) -> str:  # pragma: no cover - exercised on Windows only
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.CreateJobObjectW.restype = ctypes.c_void_p
    kernel32.GetCurrentProcess.restype = ctypes.c_void_p
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        raise OSError(ctypes.get_last_error(), "CreateJobObjectW failed")
    info = job_limits(memory_mb)
    ok = kernel32.SetInformationJobObject(
        ctypes.c_void_p(job),
        JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
        ctypes.byref(info),
        ctypes.sizeof(info),
    )
    if not ok:
        raise OSError(ctypes.get_last_error(), "SetInformationJobObject failed")
    if not kernel32.AssignProcessToJobObject(
        ctypes.c_void_p(job), ctypes.c_void_p(kernel32.GetCurrentProcess())
    ):
        raise OSError(ctypes.get_last_error(), "AssignProcessToJobObject failed")
    # The handle is deliberately never closed: closing it would kill this worker.
    return "job-object"
