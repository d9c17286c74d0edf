"""The process-wide egress guard: Enclave is offline by construction.

`install()` replaces the socket layer's connection and name-resolution entry points with
versions that refuse every destination that is not loopback, unless the destination was
opened for the current request by `allow()` (the consent-gated escalation choke point is the
only caller that sends document data; a tier's connection test, which sends none, is the
other). Every refused attempt is recorded so tests can prove zero egress and the app can show
what tried to leave.

Why patch `socket` rather than trust each library: Presidio, tldextract, spaCy and httpx are all
capable of reaching out on their own (tldextract downloads the Public Suffix List by default).
A guard below all of them fails closed no matter which library tries.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.errors import NetworkBlocked


@dataclass(frozen=True)
class Attempt:
    """A refused network attempt: what was asked for, and when."""

    kind: str  # "connect" | "resolve" | "sendto"
    host: str
    port: int | None
    when: str


_lock = threading.RLock()
_attempts: list[Attempt] = []
_allowed: dict[tuple[str, int], int] = {}  # (host, port) -> open count
_installed = False
_orig: dict[str, Any] = {}

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _is_allowed(host: str, port: int | None) -> bool:
    if _is_loopback(host):
        return True
    with _lock:
        return any(h == host.lower() and (p == port or port is None) for (h, p) in _allowed)


def _refuse(kind: str, host: str, port: int | None) -> NetworkBlocked:
    attempt = Attempt(kind, host, port, datetime.now(UTC).isoformat())
    with _lock:
        _attempts.append(attempt)
    where = f"{host}:{port}" if port is not None else host
    return NetworkBlocked(
        f"Network access to {where} was blocked: Enclave works offline and only a consented "
        "escalation may open a connection."
    )


def _split_address(address: Any) -> tuple[str, int | None]:
    if isinstance(address, tuple) and address:
        return str(address[0]), int(address[1]) if len(address) > 1 else None
    # AF_UNIX paths and the like are local by nature.
    return "localhost", None


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host, port = _split_address(address)
        if not _is_allowed(host, port):
            raise _refuse("connect", host, port)
    return _orig["connect"](self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host, port = _split_address(address)
        if not _is_allowed(host, port):
            raise _refuse("connect", host, port)
    return _orig["connect_ex"](self, address)


def _guarded_sendto(self: socket.socket, data: Any, *args: Any) -> Any:
    address = args[-1] if args else None
    if self.family in (socket.AF_INET, socket.AF_INET6) and address is not None:
        host, port = _split_address(address)
        if not _is_allowed(host, port):
            raise _refuse("sendto", host, port)
    return _orig["sendto"](self, data, *args)


def _guarded_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else str(host) if host is not None else ""
    if name and not _is_allowed(name, None):
        raise _refuse("resolve", name, port if isinstance(port, int) else None)
    return _orig["getaddrinfo"](host, port, *args, **kwargs)


def _guarded_gethostbyname(host: str) -> str:
    if not _is_allowed(host, None):
        raise _refuse("resolve", host, None)
    return _orig["gethostbyname"](host)


def _guarded_gethostbyname_ex(host: str) -> Any:
    if not _is_allowed(host, None):
        raise _refuse("resolve", host, None)
    return _orig["gethostbyname_ex"](host)


def install() -> None:
    """Install the guard for the whole process. Idempotent; call it before anything else."""
    global _installed
    with _lock:
        if _installed:
            return
        _orig.update(
            connect=socket.socket.connect,
            connect_ex=socket.socket.connect_ex,
            sendto=socket.socket.sendto,
            getaddrinfo=socket.getaddrinfo,
            gethostbyname=socket.gethostbyname,
            gethostbyname_ex=socket.gethostbyname_ex,
        )
        socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
        socket.socket.sendto = _guarded_sendto  # type: ignore[method-assign]
        socket.getaddrinfo = _guarded_getaddrinfo
        socket.gethostbyname = _guarded_gethostbyname
        socket.gethostbyname_ex = _guarded_gethostbyname_ex
        _installed = True


def is_installed() -> bool:
    return _installed


def attempts() -> list[Attempt]:
    """Every refused attempt since start (or since `reset_attempts`)."""
    with _lock:
        return list(_attempts)


def reset_attempts() -> None:
    with _lock:
        _attempts.clear()


@contextmanager
def allow(host: str, port: int) -> Iterator[None]:
    """Open the guard for one host and port for the duration of one request.

    Only the escalation choke point calls this (after consent and the payload check), and a
    tier's connection test (`routing.connection`: no document data, confirmed for an external
    tier), both through `egress.open_guard`.
    """
    key = (host.lower(), port)
    with _lock:
        _allowed[key] = _allowed.get(key, 0) + 1
    try:
        yield
    finally:
        with _lock:
            _allowed[key] -= 1
            if _allowed[key] <= 0:
                del _allowed[key]
