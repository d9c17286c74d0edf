"""Where the benchmarks find their data, and the helpers every benchmark scores with.

    from bench.datasets import DATA, ROOT, held_out, risk_coverage, squash

`bench.extract` and `bench.calibrate` both score with these: kept here, neither imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The shared, labelled dev sets (../shared/data/README.md), beside the repository.
DATA = ROOT.parent / "shared" / "data"


def squash(s: Any) -> str:
    """A value as compared with its label: no whitespace, upper case; a list's values joined
    with "; " (a multi-valued field against a label written that way)."""
    v = "; ".join(s) if isinstance(s, list) else str(s or "")
    return re.sub(r"\s+", "", v).upper()


def held_out(index: int) -> bool:
    """The documents the shipped calibration never saw (odd positions in each dev set's order)."""
    return index % 2 == 1


def risk_coverage(calib: Sequence[tuple[Any, ...]]) -> list[tuple[int, float, float]]:
    """(coverage %, threshold, accuracy of the accepted) for 50/70/80/90/100 % coverage, from
    (confidence, right, ...) tuples."""
    ranked = sorted(calib, key=lambda x: -x[0])
    if not ranked:
        return [(cov, 0.0, 0.0) for cov in (50, 70, 80, 90, 100)]
    out = []
    for cov in (50, 70, 80, 90, 100):
        k = max(1, round(len(ranked) * cov / 100))
        accepted = ranked[:k]
        out.append((cov, accepted[-1][0], sum(x[1] for x in accepted) / k))
    return out
