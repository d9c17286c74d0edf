"""Extraction benchmark: SROIE receipts, Kleister NDAs, calibration, local-backend throughput.

    .venv/bin/python -m bench.extract [--sroie N] [--sroie-ocr N] [--nda N] [--no-summary] [--rules]

Runs the same pipeline `enclave process` runs (ingest sandbox, Presidio, the default GGUF
model) over the dev sets in ../shared/data and writes docs/bench_extract.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.core import netguard

netguard.install()

from app.core.llm.models import shared_local_llm  # noqa: E402
from app.core.pipeline import Pipeline, PipelineOptions  # noqa: E402
from app.core.routing.router import RoutePolicy  # noqa: E402
from bench.calibrate import held_out  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "docs" / "bench_extract.md"


def squash(s: Any) -> str:
    return re.sub(r"\s+", "", str(s or "")).upper()


def run_sroie(
    pipeline: Pipeline, limit: int, summarize: bool, source: str = "text", use_model: bool = True
) -> dict[str, Any]:
    keys = sorted((DATA / "sroie-dev" / "key").glob("*.json"))[:limit]
    per_field: dict[str, list[bool]] = {k: [] for k in ("company", "date", "address", "total")}
    times, calib = [], []
    asked = 0
    for i, key in enumerate(keys):
        path = (
            DATA
            / "sroie-dev"
            / ("text" if source == "text" else "img")
            / (key.stem + (".txt" if source == "text" else ".jpg"))
        )
        if not path.exists():
            continue
        labels = json.loads(key.read_text())
        t = time.perf_counter()
        opts = PipelineOptions(
            profile="receipt", store=False, summarize=summarize, use_model=use_model
        )
        r = pipeline.process(path, opts)
        times.append(time.perf_counter() - t)
        asked += any("model_prob" in f.signals for f in r.fields.values())
        for k in per_field:
            f = r.fields.get(k)
            ok = f is not None and squash(f.value) == squash(labels.get(k))
            per_field[k].append(ok)
            if f is not None and f.value not in (None, "", []):
                calib.append((f.confidence, ok, held_out(i)))  # an empty field is not accepted
        print(f"  sroie {source} {key.stem}: {times[-1]:.2f} s", file=sys.stderr, flush=True)
    acc = {k: sum(v) / len(v) for k, v in per_field.items() if v}
    return {
        "n": len(times),
        "acc": acc,
        "mean": statistics.mean(acc.values()) if acc else 0.0,
        "median_s": statistics.median(times) if times else 0.0,
        "calib": calib,
        "asked": asked,
    }


def run_nda(
    pipeline: Pipeline, limit: int, summarize: bool, use_model: bool = True
) -> dict[str, Any]:
    rows = [
        json.loads(x) for x in (DATA / "kleister-nda-dev" / "labels.jsonl").read_text().splitlines()
    ][:limit]
    tp = fp = fn = 0
    per_key: dict[str, list[int]] = {}
    times, calib = [], []
    asked = 0
    for i, row in enumerate(rows):
        t = time.perf_counter()
        opts = PipelineOptions(profile="nda", store=False, summarize=summarize, use_model=use_model)
        r = pipeline.process(DATA / "kleister-nda-dev" / row["file"], opts)
        times.append(time.perf_counter() - t)
        asked += any("model_prob" in f.signals for f in r.fields.values())
        gold = {(k, v.upper()) for k, vs in row["labels"].items() for v in vs}
        pred = set()
        for name, f in r.fields.items():
            norms = f.normalized if isinstance(f.normalized, list) else [f.normalized]
            # A multi-valued field has a confidence per value (signals["confidences"]).
            confs = f.signals.get("confidences") or [f.confidence] * len(norms)
            for n, c in zip(norms, confs, strict=True):
                if n:
                    pred.add((name, str(n).upper()))
                    calib.append((c, (name, str(n).upper()) in gold, held_out(i)))
        print(f"  nda {row['file'][4:12]}: {times[-1]:.2f} s", file=sys.stderr, flush=True)
        for k in {k for k, _ in gold | pred}:
            g = {x for x in gold if x[0] == k}
            p = {x for x in pred if x[0] == k}
            s = per_key.setdefault(k, [0, 0, 0])
            s[0] += len(g & p)
            s[1] += len(p - g)
            s[2] += len(g - p)
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    keyf1 = {k: 2 * a / max(1, 2 * a + b + c) for k, (a, b, c) in per_key.items()}
    return {
        "n": len(times),
        "f1": f1,
        "per_key": keyf1,
        "median_s": statistics.median(times) if times else 0.0,
        "calib": calib,
        "asked": asked,
    }


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


def throughput(llm: Any, rounds: int = 5) -> dict[str, float]:
    """Tokens/s of Enclave's local backend vs a bare llama_cpp.Llama: same prompt, model,
    threads; the two interleaved over several rounds and the medians compared, since a shared
    machine's load moves between any two single runs."""
    import llama_cpp

    msgs = [{"role": "user", "content": "Write a short paragraph about the history of accounting."}]
    prompt, _ = llm.render(msgs)
    bare = llama_cpp.Llama(
        str(llm.model_path),
        n_ctx=llm.n_ctx,
        n_threads=llm.n_threads,
        n_threads_batch=llm.n_threads,
        verbose=False,
    )
    llm.chat(msgs, max_tokens=8)  # warm both
    bare.create_completion(prompt, max_tokens=8, temperature=0)
    ours, raw = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        c = llm.chat(msgs, max_tokens=96)
        ours.append(c.tokens_out / (time.perf_counter() - t))
        t = time.perf_counter()
        out = bare.create_completion(prompt, max_tokens=96, temperature=0, top_k=1)
        raw.append(out["usage"]["completion_tokens"] / (time.perf_counter() - t))
    o, r = statistics.median(ours), statistics.median(raw)
    return {"enclave_tps": o, "bare_tps": r, "ratio": o / r}


def _accuracy_table(title: str, s: dict[str, Any], rules: dict[str, Any] | None) -> list[str]:
    head = "| field | accuracy |" + (" rules only |" if rules else "")
    rows = [
        f"| {k} | {v:.3f} |" + (f" {rules['acc'].get(k, 0.0):.3f} |" if rules else "")
        for k, v in s["acc"].items()
    ]
    mean = f"| **mean** | **{s['mean']:.3f}** |" + (f" {rules['mean']:.3f} |" if rules else "")
    return [
        f"**{title}** ({s['n']} receipts): mean accuracy **{s['mean']:.3f}**, median "
        f"{s['median_s']:.2f} s per receipt (whole pipeline); the model was asked on "
        f"{s['asked']} of them.",
        "",
        head,
        "|---|---|" + ("---|" if rules else ""),
        *rows,
        mean,
        "",
    ]


def _f1_table(n: dict[str, Any], rules: dict[str, Any] | None) -> list[str]:
    rows = [
        f"| {k} | {v:.3f} |" + (f" {rules['per_key'].get(k, 0.0):.3f} |" if rules else "")
        for k, v in sorted(n["per_key"].items())
    ]
    overall = f"| **all** | **{n['f1']:.3f}** |" + (f" {rules['f1']:.3f} |" if rules else "")
    return [
        f"**Kleister NDA** ({n['n']} agreements): F1 **{n['f1']:.3f}** on normalized values, "
        f"median {n['median_s']:.2f} s per agreement (whole pipeline); the model was asked on "
        f"{n['asked']} of them.",
        "",
        "| key | F1 |" + (" rules only |" if rules else ""),
        "|---|---|" + ("---|" if rules else ""),
        *rows,
        overall,
        "",
    ]


def _calibration_table(per_set: list[tuple[str, list[tuple[float, bool, bool]]]]) -> list[str]:
    """Risk–coverage on every value and on the held-out half alone (the documents the shipped
    calibration was not fitted on), per set and pooled."""
    sets = per_set + ([("both", [x for _, c in per_set for x in c])] if len(per_set) > 1 else [])
    cols = [(f"{name}, all", c) for name, c in sets]
    cols += [(f"{name}, held out", [x for x in c if x[2]]) for name, c in sets]
    cols.sort(key=lambda nc: [n for n, _ in sets].index(nc[0].rsplit(",", 1)[0]))
    tables = [risk_coverage(c) for _, c in cols]
    lines = [
        "**Calibration** (risk–coverage: the values accepted locally, highest confidence first; a "
        "SROIE field or a predicted NDA (key, value) pair is one value; cells are accepted "
        "accuracy and, in brackets, the confidence threshold. The confidence is "
        "`resources/calibration/extract.json`, fitted by `bench.calibrate` on the even-numbered "
        'documents of each set: "held out" is the odd-numbered half it never saw)',
        "",
        "| coverage | " + " | ".join(f"{name} (n={len(c)})" for name, c in cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for i, cov in enumerate((50, 70, 80, 90, 100)):
        cells = [f"{t[i][2]:.3f} (≥{t[i][1]:.2f})" for t in tables]
        lines.append(f"| {cov}% | " + " | ".join(cells) + " |")
    briers = [sum((x[0] - x[1]) ** 2 for x in c) / max(1, len(c)) for _, c in cols]
    lines.append("| Brier | " + " | ".join(f"{b:.3f}" for b in briers) + " |")
    # Where the router's default threshold falls: what it keeps local, and how right that is.
    t = RoutePolicy().threshold
    cells = []
    for _, c in cols:
        kept = [x for x in c if x[0] >= t]
        acc = sum(x[1] for x in kept) / max(1, len(kept))
        cells.append(f"{acc:.3f} ({len(kept) / max(1, len(c)):.0%})")
    lines.append(f"| router ≥{t:.2f} | " + " | ".join(cells) + " |")
    at80 = "; ".join(f"{name} {tb[2][2]:.3f}" for (name, _), tb in zip(cols, tables, strict=True))
    lines += [
        "",
        f"Target: accepted accuracy ≥ 0.97 at 80% coverage. At 80%: {at80}. The last row is the "
        "router's default threshold: the accuracy of what it keeps local and the share it keeps.",
    ]
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sroie", type=int, default=100)
    ap.add_argument("--sroie-ocr", type=int, default=30)
    ap.add_argument("--nda", type=int, default=254)
    ap.add_argument("--no-summary", action="store_true")
    ap.add_argument(
        "--rules", action="store_true", help="also run without the model, for comparison"
    )
    args = ap.parse_args(argv)
    llm = shared_local_llm()
    llm.load()
    pipeline = Pipeline(llm=llm)
    summarize = not args.no_summary
    command = " ".join(["bench.extract", *(argv if argv is not None else sys.argv[1:])])
    lines = [
        "## Extraction (issue 3)",
        "",
        f"`{command}`: {platform.processor() or platform.machine()}, {llm.n_threads} threads, "
        f"model {llm.name}, summaries {'on' if summarize else 'off'}; load average at start "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (a shared machine: times scale "
        "with its load).",
        "",
    ]
    per_set: list[tuple[str, list[tuple[float, bool, bool]]]] = []
    if args.sroie:
        s = run_sroie(pipeline, args.sroie, summarize)
        r = run_sroie(pipeline, args.sroie, False, use_model=False) if args.rules else None
        per_set.append(("SROIE text", s["calib"]))
        section = _accuracy_table("SROIE receipts, text transcripts", s, r)
        lines += section
        print("\n".join(section), flush=True)
    if args.sroie_ocr:
        s = run_sroie(pipeline, args.sroie_ocr, summarize, source="img")
        section = _accuracy_table(f"SROIE receipts through OCR (img 000–{s['n'] - 1:03d})", s, None)
        lines += section
        print("\n".join(section), flush=True)
    if args.nda:
        n = run_nda(pipeline, args.nda, summarize)
        r = run_nda(pipeline, args.nda, False, use_model=False) if args.rules else None
        per_set.append(("Kleister NDA", n["calib"]))
        section = _f1_table(n, r)
        lines += section
        print("\n".join(section), flush=True)
    if per_set:
        lines += _calibration_table(per_set)
    tp = throughput(llm)
    lines += [
        f"**Local backend throughput**: Enclave {tp['enclave_tps']:.1f} tok/s vs bare "
        f"`llama_cpp.Llama` {tp['bare_tps']:.1f} tok/s — ratio **{tp['ratio']:.2f}** "
        "(same prompt, model, threads; 5 interleaved rounds, medians).",
        "",
    ]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
