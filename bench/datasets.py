"""Where the benchmarks find their data, and the helpers every benchmark scores with.

    from bench.datasets import DATA, ROOT, squash
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The shared, labelled dev sets (../shared/data/README.md), beside the repository.
DATA = ROOT.parent / "shared" / "data"


def squash(s: Any) -> str:
    """A value as compared with its label: no whitespace, upper case."""
    return re.sub(r"\s+", "", str(s or "")).upper()
