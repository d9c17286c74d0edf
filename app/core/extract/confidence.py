"""One confidence per value, meaning "the probability this value is right": what the router
thresholds on.

The rules and the model leave signals beside each value (stored with it, so a reviewer and the
router's reasons can see why):
- `prior`: the rules' belief; `margin`: how far ahead of the runner-up; `rivals`: how many other
  values the rules found nearly as plausible (many competing candidates is doubt);
- `agreement` / `methods`: which independent methods found it (a date "defined" as the Effective
  Date is not a date merely "mentioned");
- `valid`: it normalizes (a date parses); `model_prob` / `model_choice`: the model's vote, when
  it was asked;
- the value's shape (length, lines, digits): an address that runs over five lines has more
  places to be wrong than a date.

How much each signal is worth differs per field (SROIE's addresses and Kleister's terms are
where the rules err, whatever their prior says), so they are combined by a small logistic model
per field kind, fitted on the labeled development sets by `bench/calibrate.py` and shipped as
data (`resources/calibration/extract.json`). A field kind with no fitted model (a user's own
profile, the clinical one) falls back to `combine`, a hand-set rule with the same direction for
each signal.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

CALIBRATION = Path(__file__).resolve().parents[3] / "resources" / "calibration" / "extract.json"
MAX_CONF = 0.99  # a machine's value is never certain: only a person's correction is 1.0


def combine(
    prior: float,
    margin: float,
    agreement: int = 1,
    valid: bool = True,
    model_prob: float | None = None,
    model_agrees: bool | None = None,
) -> float:
    """The uncalibrated fallback: each signal moves the rules' prior the way its evidence points."""
    conf = prior * (0.7 + 0.3 * min(1.0, max(0.0, margin) / 0.25))
    conf += 0.04 * min(2, max(0, agreement - 1)) * (1 - conf)
    if not valid:
        conf *= 0.6
    if model_prob is not None:
        if model_agrees:
            conf += 0.1 * model_prob * (1 - conf)
        else:
            conf *= 1 - 0.3 * model_prob  # the model preferred another option
    return round(min(MAX_CONF, max(0.0, conf)), 3)


def multi_value(prior: float, methods: int) -> float:
    """The uncalibrated fallback for one value of a multi-valued field (one party among several):
    its own prior, a little more when several methods found it."""
    conf = prior + 0.04 * min(2, max(0, methods - 1)) * (1 - prior)
    return round(min(MAX_CONF, conf), 3)


def field_kind(type_: str, name: str, multiple: bool) -> str:
    """The calibration key: the same field of another profile (a contract's `term`, an invoice's
    `date`) is found by the same rules, so it shares the model."""
    return f"{type_}{'[]' if multiple else ''}:{name}"


def _logit(p: float) -> float:
    p = min(0.995, max(0.005, p))
    return math.log(p / (1 - p))


def _shape(value: Any) -> dict[str, float]:
    text = str(value or "")
    words = text.split()
    return {
        "log_chars": math.log1p(len(text)),
        "words": min(12.0, float(len(words))),
        "lines": min(6.0, float(text.count("\n") + 1)),
        "digits": float(bool(re.search(r"\d", text))),
        "upper": float(text.isupper()),
        # "TAMAN SERDANG RAYA." inside an address block: OCR's reading of a comma, or a line
        # that did not belong; either way the value is seldom exactly what was printed.
        "eol_period": float(any(ln.rstrip().endswith(".") for ln in text.split("\n")[:-1])),
    }


def features(signals: Mapping[str, Any], value: Any) -> dict[str, float]:
    """The numbers a single-valued field's calibration model reads, from its stored signals."""
    prior = float(signals.get("prior", 0.0))
    rule = combine(
        prior,
        float(signals.get("margin", 0.0)),
        int(signals.get("agreement", 1)),
        signals.get("valid") is not False,
        signals.get("model_prob"),
        signals.get("model_choice"),
    )
    feats = {
        "bias": 1.0,
        "logit_rule": _logit(rule),  # the hand-set rule's confidence, as one more signal
        "prior": prior,
        "logit_prior": _logit(prior),
        "margin": min(1.0, max(0.0, float(signals.get("margin", 0.0)))),
        "close": float(float(signals.get("margin", 0.0)) < 0.1),
        "agreement": float(min(3, int(signals.get("agreement", 1))) - 1),
        "invalid": float(signals.get("valid") is False),
        "log_cands": math.log1p(int(signals.get("candidates", 0))),
        "rivals": float(min(4, int(signals.get("rivals", 0)))),
        "asked": float("model_prob" in signals),
        "model_prob": float(signals.get("model_prob") or 0.0),
        "model_dissent": float(signals.get("model_choice") is False),
        **_shape(value),
    }
    for m in signals.get("methods", ()):
        feats[f"m_{m}"] = 1.0
    return feats


def value_features(signals: Mapping[str, Any], i: int, values: Sequence[Any]) -> dict[str, float]:
    """The numbers for value `i` of a multi-valued field (one party among several): its own
    signals, how many values were listed beside it, and whether another listed value repeats its
    words ("Clovis Oncology" beside "Clovis Oncology Inc.": one of the two is wrong)."""
    priors = signals.get("priors") or [0.0]
    prior = float(priors[i])
    n = len(priors)
    value = str(values[i] or "")
    words = set(re.findall(r"[a-z0-9]{3,}", value.lower())) - _COMMON
    others = [
        set(re.findall(r"[a-z0-9]{3,}", str(v).lower())) - _COMMON
        for j, v in enumerate(values)
        if j != i
    ]
    methods = (signals.get("methods") or [[]] * n)[i]
    feats = {
        "bias": 1.0,
        "logit_rule": _logit(multi_value(prior, len(methods))),
        "prior": prior,
        "logit_prior": _logit(prior),
        "n_values": float(min(6, n)),
        "extra": float(max(0, n - 2)),  # two parties is the usual agreement
        "position": float(min(4, i)),
        "log_cands": math.log1p(int(signals.get("candidates", 0))),
        "n_methods": float(len(methods)),
        "suffix": float(bool(_ORG_SUFFIX.search(value))),
        "joined": float(
            bool(re.search(r"\s(?:and|AND|&)\s.*\b(?:inc|corp|llc|ltd)\b", value, re.I))
        ),
        "overlap": float(any(words & o for o in others)),
        "person": float(bool(_PERSON_NAME.match(value.strip()))),
        **_shape(value),
    }
    for m in methods:
        feats[f"m_{m}"] = 1.0
    return feats


# "James C. Lee", "Eric Dean Sprunk": an individual party (named less variably than a company).
_PERSON_NAME = re.compile(r"^[A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+)){1,3}$")

# Words many company names share: not a sign that two listed names are one party.
_COMMON = {
    "inc",
    "corp",
    "corporation",
    "llc",
    "ltd",
    "limited",
    "company",
    "the",
    "and",
    "group",
    "holdings",
    "international",
    "partners",
    "services",
    "management",
    "capital",
    "bank",
}
_ORG_SUFFIX = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|llc|l\.l\.c|ltd|limited|lp|llp|plc|n\.v|b\.v|s\.a|ag|"
    r"gmbh|co|company|bank|trust|holdings|group)\b\.?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def load(path: Path = CALIBRATION) -> dict[str, dict[str, float]]:
    """{field kind: {feature: weight}}; empty when no calibration is shipped."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return {k: dict(v["weights"]) for k, v in data.get("models", {}).items()}


def calibrated(
    kind: str, feats: Mapping[str, float], models: Mapping[str, Any] | None = None
) -> float | None:
    """P(value is right) from the fitted model for this field kind; None when there is none."""
    weights = (load() if models is None else models).get(kind)
    if not weights:
        return None
    z = sum(w * feats.get(name, 0.0) for name, w in weights.items())
    p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
    return round(min(MAX_CONF, p), 3)
