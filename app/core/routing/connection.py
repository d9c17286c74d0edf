"""A tier's connection test: does anything answer at its address, and what does it serve?

The test is outbound like an escalation, so it keeps the same rules, minus the document:

- nothing of any document is sent: one GET of `/v1/models`, no body (the tier's API key, when
  one is stored, travels in its header as it would for a request);
- air-gapped mode refuses an external tier (`AirGapped`), and an external tier is contacted
  only when the user confirmed this test (`confirmed=True`, else `ConsentRequired`);
- the egress guard opens for this host and port, for this one request (`egress.open_guard`);
- every test is audited: destination, outcome, error class — never the key or an answer.

A dead endpoint is not an exception: the report says in one sentence what happened and what to
check, so a settings page can show it as it is.
"""

from __future__ import annotations

import errno
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core import actions
from app.core.errors import (
    ConsentRequired,
    NetworkBlocked,
    TierBadResponse,
    TierError,
    TierHTTPError,
)
from app.core.errors import TierTimeout as _Timeout
from app.core.llm.openai_compat import OpenAICompatLLM
from app.core.routing.egress import open_guard
from app.core.routing.tiers import Tier, TierRegistry

TEST_TIMEOUT = 10.0  # seconds: a settings page should not wait a tier's full request timeout
_BASE_URL_HINT = "an OpenAI-compatible base URL usually ends in /v1"


@dataclass(frozen=True)
class ConnectionReport:
    tier: str
    destination: str
    ok: bool
    message: str  # one sentence for the user
    served: tuple[str, ...] = field(default=())
    seconds: float = 0.0


def check_connection(registry: TierRegistry, tier: Tier, *, confirmed: bool = False,
                     client_factory: Callable[[Tier], OpenAICompatLLM] | None = None,
                     ) -> ConnectionReport:
    """Ask the tier for its models (blocking: run it off the GUI thread)."""
    if tier.external:
        try:
            registry.check_external_allowed(tier.name)
            if not confirmed:
                raise ConsentRequired(f"Testing {tier.name!r} connects to {tier.destination}, "
                                      "outside your organisation; confirm the test first. "
                                      "Nothing was sent.")
        except Exception as exc:
            _audit(registry, tier, "denied", error=type(exc).__name__)
            raise
    client = (client_factory or (lambda t: registry.client(t, TEST_TIMEOUT)))(tier)
    t0 = time.perf_counter()
    try:
        with open_guard(tier.host, tier.port):
            served = tuple(client.served_models())
    except (TierError, NetworkBlocked, OSError) as exc:
        report = ConnectionReport(tier.name, tier.destination, False, _why(tier, exc),
                                  seconds=time.perf_counter() - t0)
        _audit(registry, tier, "failure", error=type(exc).__name__,
               cause=type(_root(exc)).__name__)
        return report
    finally:
        client.close()
    seconds = time.perf_counter() - t0
    _audit(registry, tier, "success", models=len(served), seconds=round(seconds, 3))
    return ConnectionReport(tier.name, tier.destination, True, _connected(tier, served, seconds),
                            served, seconds)


def _connected(tier: Tier, served: tuple[str, ...], seconds: float) -> str:
    msg = f"Connected to {tier.destination} in {seconds:.2f} s"
    if not served:
        return msg + "; it lists no models."
    listed = ", ".join(served[:5]) + (" …" if len(served) > 5 else "")
    if tier.model in served or any(s.endswith("/" + tier.model) for s in served):
        return msg + f"; it serves {tier.model}."
    return (msg + f"; it serves {listed} but does not list {tier.model!r}. A server with one "
            "model may answer any name; otherwise correct the model's name.")


def _why(tier: Tier, exc: BaseException) -> str:
    """What went wrong, and what to check, in one sentence."""
    where = tier.destination
    if isinstance(exc, NetworkBlocked):
        return str(exc)
    if isinstance(exc, _Timeout):
        return (f"{where} did not answer within {TEST_TIMEOUT:g} s: the server may be busy or "
                "starting, or a firewall drops the connection.")
    if isinstance(exc, TierHTTPError):
        if exc.status in (401, 403):
            return (f"{where} answered HTTP {exc.status}: the API key is missing or was "
                    "refused.")
        if exc.status == 404:
            return (f"{where} answered HTTP 404: there is a web server, but no model API at "
                    f"this address ({_BASE_URL_HINT}).")
        return f"{where} answered HTTP {exc.status}: the server is up but failing."
    if isinstance(exc, TierBadResponse):
        return f"{where} answered, but not as an OpenAI-compatible server ({_BASE_URL_HINT})."
    cause = _root(exc)
    if isinstance(cause, socket.gaierror):
        return (f"The name {tier.host} could not be found: check the address, and that this "
                "computer can reach that network.")
    if isinstance(cause, ConnectionRefusedError):
        return (f"Nothing answers at {where} (connection refused): check that the server is "
                "running and that the address and port are right.")
    if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return (f"There is no route to {where} from this computer: check the address, and "
                "that this computer is on that network (a VPN, for instance).")
    if isinstance(cause, ssl.SSLError):
        return (f"The secure connection to {where} failed ({type(cause).__name__}): the "
                "server's certificate is not trusted, or it does not speak https.")
    return f"{where} could not be reached ({type(cause).__name__})."


def _root(exc: BaseException) -> BaseException:
    seen: BaseException = exc
    while True:
        nxt = seen.__cause__ or seen.__context__
        if nxt is None or nxt is seen:
            return seen
        seen = nxt


def _audit(registry: TierRegistry, tier: Tier, outcome: str, **details: object) -> None:
    registry.ws.audit.record(actions.TIER_TEST, "tier", tier.name, outcome,
                             destination=tier.destination, external=tier.external, **details)
