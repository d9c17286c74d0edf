"""Extraction benchmark: SROIE receipts, Kleister NDAs, calibration, local-backend throughput.

    .venv/bin/python -m bench.extract [--sroie N] [--sroie-ocr N] [--nda N] [--no-summary]
        [--rules] [--packs LIST] [--compare-packs LIST]

Runs the same pipeline `enclave process` runs (ingest sandbox, Presidio, the default GGUF
model) over the dev sets in ../shared/data and writes docs/bench_extract.md.

Rule packs (`app.core.extract.packs`): `--packs none` reads every profile with no pack, so the
figures are the general engine's alone; `--packs receipt,agreement` reads every profile with
both. `--compare-packs none` keeps each profile's own packs for the main figures and runs every
set again with the packs given, printing those figures in a column beside them ("packs none"),
as `--rules` adds a "rules only" column. The main figures of a run without `--packs` are the
shipped configuration's, whatever is compared beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from typing import Any

from app.core import netguard

netguard.install()

from app.core.errors import ProfileError  # noqa: E402
from app.core.extract.packs import parse_packs  # noqa: E402
from app.core.llm.local import shared_local_llm  # noqa: E402
from app.core.pipeline import Pipeline, PipelineOptions  # noqa: E402
from app.core.routing.router import RoutePolicy  # noqa: E402
from bench.datasets import DATA, ROOT, held_out, risk_coverage, squash  # noqa: E402

OUT = ROOT / "docs" / "bench_extract.md"
Packs = tuple[str, ...] | None  # None: each profile's own packs


def run_sroie(
    pipeline: Pipeline,
    limit: int,
    summarize: bool,
    source: str = "text",
    use_model: bool = True,
    packs: Packs = None,
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
            profile="receipt", store=False, summarize=summarize, use_model=use_model, packs=packs
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
    pipeline: Pipeline, limit: int, summarize: bool, use_model: bool = True, packs: Packs = None
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
        opts = PipelineOptions(
            profile="nda", store=False, summarize=summarize, use_model=use_model, packs=packs
        )
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


def throughput(llm: Any, rounds: int = 5) -> dict[str, float]:
    """Tokens/s of Enclave's local backend vs a bare llama_cpp.Llama: same prompt, model,
    threads; the two interleaved over several rounds and the medians compared, since a shared
    machine's load moves between any two single runs."""
    import llama_cpp  # deferred: heavy, and only this measurement uses it bare

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


Beside = list[tuple[str, dict[str, Any]]]  # (column heading, the same set's figures)


def _accuracy_table(title: str, s: dict[str, Any], beside: Beside) -> list[str]:
    head = "| field | accuracy |" + "".join(f" {name} |" for name, _ in beside)
    rows = [
        f"| {k} | {v:.3f} |" + "".join(f" {b['acc'].get(k, 0.0):.3f} |" for _, b in beside)
        for k, v in s["acc"].items()
    ]
    mean = f"| **mean** | **{s['mean']:.3f}** |" + "".join(f" {b['mean']:.3f} |" for _, b in beside)
    return [
        f"**{title}** ({s['n']} receipts): mean accuracy **{s['mean']:.3f}**, median "
        f"{s['median_s']:.2f} s per receipt (whole pipeline); the model was asked on "
        f"{s['asked']} of them.",
        "",
        head,
        "|---|---|" + "---|" * len(beside),
        *rows,
        mean,
        "",
    ]


def _f1_table(n: dict[str, Any], beside: Beside) -> list[str]:
    rows = [
        f"| {k} | {v:.3f} |" + "".join(f" {b['per_key'].get(k, 0.0):.3f} |" for _, b in beside)
        for k, v in sorted(n["per_key"].items())
    ]
    overall = f"| **all** | **{n['f1']:.3f}** |" + "".join(f" {b['f1']:.3f} |" for _, b in beside)
    return [
        f"**Kleister NDA** ({n['n']} agreements): F1 **{n['f1']:.3f}** on normalized values, "
        f"median {n['median_s']:.2f} s per agreement (whole pipeline); the model was asked on "
        f"{n['asked']} of them.",
        "",
        "| key | F1 |" + "".join(f" {name} |" for name, _ in beside),
        "|---|---|" + "---|" * len(beside),
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


def _packs_arg(text: str) -> tuple[str, ...]:
    try:
        return parse_packs(text)
    except ProfileError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sroie", type=int, default=100)
    ap.add_argument("--sroie-ocr", type=int, default=30)
    ap.add_argument("--nda", type=int, default=254)
    ap.add_argument("--no-summary", action="store_true")
    ap.add_argument(
        "--rules", action="store_true", help="also run without the model, for comparison"
    )
    ap.add_argument(
        "--packs",
        type=_packs_arg,
        default=None,
        help="read every profile with these rule packs (comma-separated; none: the general "
        "engine alone) instead of its own",
    )
    ap.add_argument(
        "--compare-packs",
        type=_packs_arg,
        default=None,
        metavar="PACKS",
        help="also run every set with these packs, in a column beside the main figures",
    )
    ap.add_argument("--no-throughput", action="store_true", help="skip the backend comparison")
    return ap.parse_args(argv)


def _packs_name(packs: tuple[str, ...]) -> str:
    return ",".join(packs) or "none"


def _sets(
    args: argparse.Namespace, pipeline: Pipeline, summarize: bool
) -> tuple[list[str], list[tuple[str, list[tuple[float, bool, bool]]]]]:
    """Each dev set's table (main figures, then the columns beside them), and the values the
    calibration table is drawn from."""
    lines: list[str] = []
    per_set: list[tuple[str, list[tuple[float, bool, bool]]]] = []
    packs, other = args.packs, args.compare_packs
    compared = f"packs {_packs_name(other)}" if other is not None else ""
    if args.sroie:
        s = run_sroie(pipeline, args.sroie, summarize, packs=packs)
        beside: Beside = []
        if args.rules:
            beside.append(("rules only", run_sroie(pipeline, args.sroie, False, use_model=False)))
        if other is not None:
            beside.append((compared, run_sroie(pipeline, args.sroie, False, packs=other)))
        per_set.append(("SROIE text", s["calib"]))
        lines += _accuracy_table("SROIE receipts, text transcripts", s, beside)
    if args.sroie_ocr:
        s = run_sroie(pipeline, args.sroie_ocr, summarize, source="img", packs=packs)
        beside = []
        if other is not None:
            o = run_sroie(pipeline, args.sroie_ocr, False, source="img", packs=other)
            beside.append((compared, o))
        title = f"SROIE receipts through OCR (img 000–{s['n'] - 1:03d})"
        lines += _accuracy_table(title, s, beside)
    if args.nda:
        n = run_nda(pipeline, args.nda, summarize, packs=packs)
        beside = []
        if args.rules:
            beside.append(("rules only", run_nda(pipeline, args.nda, False, use_model=False)))
        if other is not None:
            beside.append((compared, run_nda(pipeline, args.nda, False, packs=other)))
        per_set.append(("Kleister NDA", n["calib"]))
        lines += _f1_table(n, beside)
    return lines, per_set


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    llm = shared_local_llm()
    llm.load()
    pipeline = Pipeline(llm=llm)
    summarize = not args.no_summary
    command = " ".join(["bench.extract", *(argv if argv is not None else sys.argv[1:])])
    packs = "" if args.packs is None else f", rule packs {_packs_name(args.packs)}"
    lines = [
        "## Extraction (issue 3)",
        "",
        f"`{command}`: {platform.processor() or platform.machine()}, {llm.n_threads} threads, "
        f"model {llm.name}, summaries {'on' if summarize else 'off'}{packs}; load average at "
        f"start {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (a shared machine: times "
        "scale with its load).",
        "",
    ]
    tables, per_set = _sets(args, pipeline, summarize)
    lines += tables
    print("\n".join(tables), flush=True)
    if per_set:
        lines += _calibration_table(per_set)
    if not args.no_throughput:
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
