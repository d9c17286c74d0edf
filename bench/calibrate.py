"""Fit the extraction confidence: one small logistic model per field kind, shipped as data.

    .venv/bin/python -m bench.calibrate [--sroie N] [--nda N] [--no-model] [--cache FILE]

Runs the pipeline (as `bench.extract` does) over the labeled dev sets, turns every value's stored
signals into features (`app.core.extract.confidence.features`), and fits P(value is right) per
field kind on one half of the documents (the even-numbered ones); the other half is held out and
its risk–coverage is printed beside the fitted half's, so an overfit shows. The weights go to
`resources/calibration/extract.json`. The cache (each value's signals and right/wrong, from the
public dev sets) lets the fit be re-run with other features without re-processing: it lives in
the temp directory, never in the repository.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from app.core import netguard

netguard.install()

import numpy as np  # noqa: E402

from app.core.extract import confidence as K  # noqa: E402
from app.core.extract.profiles import get_profile  # noqa: E402
from bench.datasets import DATA, held_out, risk_coverage, squash  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "enclave-calibration-records.json"
L2 = 1.0  # ridge on every weight but the bias: a few hundred values per kind, ~20 features
FEW_ERRORS = 12  # fewer right (or wrong) values: only the level is fitted (events per variable)
MIN_VALUES = 25  # fewer labeled values than this: the kind keeps the hand-set rule


SROIE_FIELDS = ("company", "date", "address", "total")  # the fields SROIE labels


def labeled(rec: dict[str, Any]) -> bool:
    """A value whose rightness the dev set can tell (SROIE has no tax or invoice-number labels)."""
    return rec["set"] != "sroie" or rec["kind"].split(":", 1)[1] in SROIE_FIELDS


def records_for(result: Any, profile: str, correct: Any) -> list[dict[str, Any]]:
    """One record per extracted value: its field kind, features and whether it is right.
    `correct(name, value, normalized)` applies the dev set's metric."""
    out = []
    prof = get_profile(profile)
    for name, f in result.fields.items():
        spec = prof.field(name)
        if f.value in (None, "", []) or not f.signals.get("grounded"):
            continue
        if not spec.multiple and "prior" not in f.signals:
            continue  # written by the model, not chosen among the rules' candidates
        kind = K.field_kind(spec.type, spec.name, spec.multiple)
        base = {"kind": kind, "signals": f.signals, "value": f.value}
        if spec.multiple:
            for i, (v, n) in enumerate(zip(f.value, f.normalized or f.value, strict=True)):
                out.append({**base, "i": i, "ok": bool(correct(name, v, n))})
        else:
            out.append({**base, "i": None, "ok": bool(correct(name, f.value, f.normalized))})
    return out


def with_features(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each record's features, computed now: a changed feature set needs no re-processing."""
    for r in recs:
        if r["i"] is None:
            r["x"] = K.features(r["signals"], r["value"])
        else:
            r["x"] = K.value_features(r["signals"], r["i"], r["value"])
    return recs


def collect(sroie: int, nda: int, use_model: bool) -> list[dict[str, Any]]:
    # A refit on the cached records (--reuse) loads neither the model nor Presidio and spaCy.
    from app.core.llm.local import shared_local_llm  # deferred: llama_cpp
    from app.core.pipeline import Pipeline, PipelineOptions  # deferred: Presidio, spaCy

    llm = shared_local_llm() if use_model else None
    if llm is not None:
        llm.load()
    pipeline = Pipeline(llm=llm)
    recs: list[dict[str, Any]] = []
    keys = sorted((DATA / "sroie-dev" / "key").glob("*.json"))[:sroie]
    for i, key in enumerate(keys):
        labels = json.loads(key.read_text())
        opts = PipelineOptions(profile="receipt", store=False, summarize=False, use_model=use_model)
        r = pipeline.process(DATA / "sroie-dev" / "text" / f"{key.stem}.txt", opts)
        for rec in records_for(
            r, "receipt", lambda k, v, n, labels=labels: squash(v) == squash(labels.get(k))
        ):
            recs.append({**rec, "set": "sroie", "doc": i})
        print(f"  sroie {key.stem}", file=sys.stderr, flush=True)
    rows = [
        json.loads(x) for x in (DATA / "kleister-nda-dev" / "labels.jsonl").read_text().splitlines()
    ][:nda]
    for i, row in enumerate(rows):
        gold = {(k, v.upper()) for k, vs in row["labels"].items() for v in vs}
        opts = PipelineOptions(profile="nda", store=False, summarize=False, use_model=use_model)
        r = pipeline.process(DATA / "kleister-nda-dev" / row["file"], opts)
        for rec in records_for(
            r, "nda", lambda k, v, n, gold=gold: (k, str(n or "").upper()) in gold
        ):
            recs.append({**rec, "set": "nda", "doc": i})
        print(f"  nda {i}", file=sys.stderr, flush=True)
    return recs


def fit_logistic(
    xs: list[dict[str, float]], ys: list[bool], only: set[str] | None = None
) -> dict[str, float]:
    """L2-regularized logistic regression by Newton's method."""
    names = sorted({k for x in xs for k in x if only is None or k in only})
    X = np.array([[x.get(n, 0.0) for n in names] for x in xs])
    y = np.array(ys, dtype=float)
    reg = np.full(len(names), L2)
    reg[names.index("bias")] = 1e-6
    w = np.zeros(len(names))
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))
        grad = X.T @ (p - y) + reg * w
        hess = (X.T * (p * (1 - p))) @ X + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return {n: round(float(v), 4) for n, v in zip(names, w, strict=True) if abs(v) >= 1e-4}


def fit_offset(offsets: list[float], ys: list[bool]) -> float:
    """The shift b for which the mean of sigmoid(offset + b) is the Laplace-smoothed rate of
    `ys` (calibration in the large: the rule's ranking kept, its level corrected)."""
    target = (sum(ys) + 1) / (len(ys) + 2)
    lo, hi = -15.0, 15.0
    for _ in range(60):
        b = (lo + hi) / 2
        mean = sum(1 / (1 + math.exp(-(o + b))) for o in offsets) / len(offsets)
        lo, hi = (b, hi) if mean < target else (lo, b)
    return round((lo + hi) / 2, 4)


def fit(recs: list[dict[str, Any]]) -> dict[str, Any]:
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in recs:
        if not held_out(r["doc"]):
            by_kind[r["kind"]].append(r)
    models = {}
    for kind, rs in sorted(by_kind.items()):
        ys = [r["ok"] for r in rs]
        if len(rs) < MIN_VALUES:
            continue
        if min(sum(ys), len(ys) - sum(ys)) < FEW_ERRORS:
            # A handful of errors cannot tell twenty features apart: the hand-set rule keeps
            # its say (a close runner-up, the model's dissent) and is shifted to this kind's
            # observed, smoothed rate of being right.
            weights = {
                "bias": fit_offset([r["x"]["logit_rule"] for r in rs], ys),
                "logit_rule": 1.0,
            }
        else:
            weights = fit_logistic([r["x"] for r in rs], ys)
        models[kind] = {"n": len(rs), "accuracy": round(sum(ys) / len(ys), 3), "weights": weights}
    return {
        "about": "P(value is right) per field kind: logistic weights over "
        "app.core.extract.confidence features; fitted by bench/calibrate.py on the even-numbered "
        "documents of the SROIE and Kleister NDA dev sets (odd ones held out).",
        "models": models,
    }


def kept_models(path: Path, fitted: set[str]) -> dict[str, Any]:
    """The models already in `path` for the field kinds this run did not fit."""
    try:
        models = json.loads(path.read_text()).get("models", {})
    except (OSError, ValueError):
        return {}
    return {k: m for k, m in sorted(models.items()) if k not in fitted}


def score(recs: list[dict[str, Any]], models: dict[str, Any]) -> list[tuple[float, bool]]:
    weights = {k: m["weights"] for k, m in models.items()}
    out = []
    for r in recs:
        p = K.calibrated(r["kind"], r["x"], weights)
        out.append((p if p is not None else r["x"].get("prior", 0.0), r["ok"]))
    return out


def report(recs: list[dict[str, Any]], models: dict[str, Any]) -> list[str]:
    lines = ["| set | half | n | 50% | 70% | 80% | 90% | 100% | Brier |", "|---" * 9 + "|"]
    for name in ("sroie", "nda"):
        for half, pick in (("fitted", False), ("held out", True)):
            rs = [r for r in recs if r["set"] == name and held_out(r["doc"]) == pick]
            scored = score(rs, models)
            if not scored:
                continue
            rc = risk_coverage(scored)
            brier = sum((p - ok) ** 2 for p, ok in scored) / len(scored)
            cells = " | ".join(f"{a:.3f}" for _, _, a in rc)
            lines.append(f"| {name} | {half} | {len(rs)} | {cells} | {brier:.3f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sroie", type=int, default=100)
    ap.add_argument("--nda", type=int, default=254)
    ap.add_argument("--no-model", action="store_true", help="rules only (faster, for iterating)")
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--reuse", action="store_true", help="fit on the cached records")
    ap.add_argument("--out", type=Path, default=K.CALIBRATION)
    args = ap.parse_args(argv)
    if args.reuse and args.cache.exists():
        recs = json.loads(args.cache.read_text())
    else:
        recs = collect(args.sroie, args.nda, not args.no_model)
        args.cache.write_text(json.dumps(recs))
    recs = with_features([r for r in recs if labeled(r)])
    data = fit(recs)
    # A run over one set (`--sroie 0`), or one too small to refit a kind, keeps the shipped
    # model of every kind it did not fit.
    for kind, model in kept_models(args.out, set(data["models"])).items():
        data["models"].setdefault(kind, model)
        print(f"{kind}: kept from {args.out.name} (not fitted in this run)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    K.load.cache_clear()
    for kind, m in data["models"].items():
        top = sorted(m["weights"].items(), key=lambda kv: -abs(kv[1]))[:6]
        print(
            f"{kind}: n={m['n']} acc={m['accuracy']} " + ", ".join(f"{k}={v:+.2f}" for k, v in top)
        )
    print("\n".join(report(recs, data["models"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
