from __future__ import annotations

import socket
import threading

import pytest

from app.core import netguard
from app.core.errors import NetworkBlocked


def test_guard_is_installed_for_the_suite() -> None:
    assert netguard.is_installed()


def test_refuses_a_real_connect_to_a_public_address() -> None:
    netguard.reset_attempts()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    with pytest.raises(NetworkBlocked, match="1.1.1.1:443"):
        s.connect(("1.1.1.1", 443))
    s.close()
    assert [(a.kind, a.host, a.port) for a in netguard.attempts()] == [("connect", "1.1.1.1", 443)]


def test_refuses_dns_lookups_and_create_connection() -> None:
    netguard.reset_attempts()
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("publicsuffix.org", 443)
    with pytest.raises(OSError):  # NetworkBlocked is a ConnectionRefusedError too
        socket.create_connection(("example.com", 80), timeout=2)
    kinds = {(a.kind, a.host) for a in netguard.attempts()}
    assert ("resolve", "publicsuffix.org") in kinds and ("resolve", "example.com") in kinds


def test_private_ranges_are_refused_too() -> None:
    s = socket.socket()
    with pytest.raises(NetworkBlocked):
        s.connect(("192.168.1.10", 80))
    s.close()


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    t = threading.Thread(target=lambda: server.accept()[0].close(), daemon=True)
    t.start()
    c = socket.create_connection(("localhost", port), timeout=5)
    c.close()
    t.join(5)
    server.close()


def test_allow_opens_one_host_for_one_request_only() -> None:
    netguard.reset_attempts()
    with netguard.allow("203.0.113.7", 9):
        assert netguard._is_allowed("203.0.113.7", 9)
        assert not netguard._is_allowed("203.0.113.7", 10)
        assert not netguard._is_allowed("203.0.113.8", 9)
    assert not netguard._is_allowed("203.0.113.7", 9)
