"""Cancelling while the analyzer's worker process reads a long document: the wait ends at once
(the worker is stopped, a fresh one starts), and the next request gets the same findings."""

from __future__ import annotations

import threading

import pytest

from app.core import cancel as cancellation
from app.core.cancel import CancelToken
from app.core.errors import Cancelled
from app.core.privacy.isolated import IsolatedAnalyzer

PAGE = ("Patient: Marguerite Okonkwo-Hale, DOB 04/17/1958, MRN 00482913, phone (503) 555-0192. "
        "Seen by Dr. Tobias Lindqvist at Riverbend General Hospital on 02/08/2026.\n")


def test_cancel_during_analysis_stops_the_worker_and_the_next_request_is_whole() -> None:
    analyzer = IsolatedAnalyzer()
    try:
        expected = analyzer.analyze_pages([PAGE])  # waits for spaCy: the worker is warm
        first = analyzer.pid
        token = CancelToken()
        threading.Timer(0.3, token.cancel).start()
        with cancellation.scope(token), pytest.raises(Cancelled):
            analyzer.analyze_pages([PAGE * 400] * 4)  # far longer than 0.3 s
        assert analyzer.pid is not None and analyzer.pid != first  # replaced, already loading
        assert analyzer.analyze_pages([PAGE]) == expected
    finally:
        analyzer.close()


def test_an_already_cancelled_request_leaves_the_worker_alone() -> None:
    analyzer = IsolatedAnalyzer()
    try:
        analyzer.warm()
        pid = analyzer.pid
        token = CancelToken()
        token.cancel()
        with cancellation.scope(token), pytest.raises(Cancelled):
            analyzer.analyze_pages([PAGE])
        assert analyzer.pid == pid
    finally:
        analyzer.close()
