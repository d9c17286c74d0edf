"""GUI responsiveness: window start-up time and event-loop stalls while a batch processes;
cancel latency and the first paint after Unlock (bench.ui_latency).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.ui [--trace FILE] [--docs N]
        [--part all|stalls|latency] [--runs N] [--against DIR]

Drops the sample documents on a real main window (offscreen Qt, the real pipeline and model)
twice, each in a fresh process: as the app runs it (the PII analyzer in its worker process) and,
for comparison in the same conditions, with the analyzer in the GUI process (how it was).
A 10 ms timer on the GUI thread measures stalls; on Linux each stall is also split by the
kernel's accounting into time the GUI thread waited for a CPU (other processes' load) and the
rest. Writes docs/bench_ui.md. Targets: stalls < 100 ms, window shown < 2 s.
`--trace FILE` dumps every thread's stack into FILE at each stall over 80 ms (app mode).
`--part latency` reruns only the cancel / first-paint section (the other section of
docs/bench_ui.md is kept as it was); `--against DIR` measures that part on another checkout too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
T0 = time.perf_counter()

from app.core import netguard  # noqa: E402
from bench import ui_latency  # noqa: E402

netguard.install()

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "bench_ui.md"
APP, OLD = "app", "in-process"


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(mode: str, docs: int, trace_path: Path | None) -> dict[str, object]:
    """One run in this process: build the window, drop the batch, measure."""
    # deferred: the app's modules load inside the measured run (one child process per mode)
    from PySide6.QtWidgets import QApplication

    from app.core.paths import SAMPLES_DIR
    from app.core.pipeline import Pipeline
    from app.core.workspace import KdfParams, Workspace
    from app.ui.diagnostics import StallMeter
    from app.ui.jobs import wait_for_lanes
    from app.ui.main_window import MainWindow
    from app.ui.session import Session

    app = QApplication.instance() or QApplication(sys.argv)
    tmp = tempfile.TemporaryDirectory(prefix="enclave-bench-ui-")
    # What the app does while its unlock dialog is up (app.ui.app.preload), timed apart.
    t = time.perf_counter()
    if mode == APP:
        from app.ui.app import preload  # deferred: what it imports is timed just below

        preload()
    preloaded = time.perf_counter() - t
    t = time.perf_counter()
    ws = Workspace.create(Path(tmp.name) / "ws", "bench ui passphrase", kdf=KdfParams.fast())
    # Session's own default pipeline is what the app runs (analyzer in its worker process).
    session = Session(ws) if mode == APP else Session(ws, Pipeline(workspace=ws))
    window = MainWindow(session)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - t
    since_start = time.perf_counter() - T0
    batch = sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix in {".pdf", ".txt"})
    batch = batch[:docs] if docs else batch
    trace = trace_path.open("w") if trace_path else None
    meter = StallMeter(trace=trace)
    load_before = _load()
    meter.start()
    t = time.perf_counter()
    window.drop_zone.paths_dropped.emit(batch)  # what a drop or Open… delivers
    deadline = time.monotonic() + 1800
    while window.queue.pending() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    seconds = time.perf_counter() - t
    meter.stop()
    load_after = _load()
    failed = [f"{i.path.name}: {i.error or i.state}" for i in window.queue.items.values()
              if i.state != "Done"]
    window.close()
    wait_for_lanes()
    ws.close()
    if trace:
        trace.close()
    heavy = [m for m in ("spacy", "presidio_analyzer", "phonenumbers") if m in sys.modules]
    return {
        "mode": mode, "docs": len(batch), "heavy": ", ".join(heavy) or "none", "failed": failed, "seconds": seconds,
        "preloaded": preloaded, "shown": shown, "since_start": since_start,
        "ticks": meter.ticks, "max": meter.max_gap_ms, "p99": meter.percentile(99),
        "p999": meter.percentile(99.9), "over100": meter.over(100), "over50": meter.over(50),
        "net_max": meter.max_blocked_ms, "net_p99": meter.percentile(99, blocked=True),
        "net_over100": meter.over(100, blocked=True), "net_over50": meter.over(50, blocked=True),
        "load_before": load_before, "load_after": load_after,
    }


def llm_gil_check() -> str:
    """Does llama.cpp let other Python threads run while it generates? A thread sleeping 5 ms
    at a time beside four chat completions (two JSON-schema constrained) records its gaps."""
    # deferred: llama.cpp loads only for this check
    from app.core.llm.local import shared_local_llm
    from app.ui.diagnostics import _queued_ms

    llm = shared_local_llm()
    llm.load()
    done = threading.Event()
    schema = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}

    def work() -> None:
        for _ in range(2):
            llm.chat([{"role": "user", "content": "List three fruits, one sentence each."}],
                     max_tokens=120)
            llm.chat([{"role": "user", "content": "Give a name as JSON."}], max_tokens=40,
                     json_schema=schema)
        done.set()

    gaps, net = [], []
    thread = threading.Thread(target=work)
    t0 = last = time.perf_counter()
    queued = _queued_ms()
    thread.start()
    while not done.is_set():
        time.sleep(0.005)
        now, q = time.perf_counter(), _queued_ms()
        gaps.append((now - last) * 1000)
        net.append(gaps[-1] - (q - queued))
        last, queued = now, q
    thread.join()
    return (f"llama.cpp generating for {time.perf_counter() - t0:.0f} s: a Python thread woke "
            f"{len(gaps)} times, longest gap {max(gaps):.0f} ms ({max(net):.0f} ms net of "
            f"waiting for a CPU); load {_load()}")


def _child(mode: str, docs: int, trace: Path | None) -> dict[str, object]:
    cmd = [sys.executable, "-m", "bench.ui", "--child", mode, "--docs", str(docs)]
    if trace:
        cmd += ["--trace", str(trace)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench.ui: the {mode} run failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(runs: dict[str, dict[str, object]]) -> list[str]:
    a, b = runs[APP], runs[OLD]

    def row(label: str, fmt: str, target: str = "—") -> str:
        return f"| {label} | {fmt.format(**a)} | {fmt.format(**b)} | {target} |"

    return [
        "## Desktop app responsiveness (issue 8)",
        "",
        "`QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.ui` — the sample documents dropped "
        "on a real main window (real pipeline and model), a 10 ms timer on the GUI thread. Two "
        "runs, each in a fresh process: as the app runs (the PII analyzer in its own worker "
        "process) and, for comparison under the same load, the analyzer in the GUI process as "
        "before. The machine has 2 cores shared with other jobs, so each stall is also split, by "
        "the kernel's per-thread accounting (`/proc/thread-self/schedstat`), into time the GUI "
        "thread sat runnable waiting for a CPU and the rest (its own work, or waiting for the GIL).",
        "",
        "| measure | app (analyzer in its process) | analyzer in the GUI process | target |",
        "|---|---|---|---|",
        row("preloaded while the unlock dialog is up (analyzer process started, PyMuPDF "
            "imported)", "{preloaded:.2f} s"),
        row("window built and shown (model loads lazily)",
            "{shown:.2f} s ({since_start:.2f} s from process start)", "< 2 s"),
        row("batch processed", "{docs} documents, {seconds:.1f} s"),
        row("**longest event-loop stall**", "**{max:.0f} ms** over {ticks} ticks", "< 100 ms"),
        row("stall distribution", "p99 {p99:.0f} ms, p99.9 {p999:.0f} ms; {over100} > 100 ms, "
            "{over50} > 50 ms"),
        row("longest stall net of waiting for a CPU", "{net_max:.0f} ms; p99 {net_p99:.0f} ms; "
            "{net_over100} > 100 ms, {net_over50} > 50 ms", "< 100 ms"),
        row("spaCy / Presidio / phonenumbers imported in the GUI process", "{heavy}"),
        row("machine load (1/5/15-min averages) before / after the batch",
            "{load_before}; {load_after}"),
        "",
        "Where the stalls came from (`--trace FILE`: `faulthandler` dumps every thread's stack "
        "80 ms into a stall, from a C thread that needs no GIL): with the analyzer in the GUI "
        "process every stall over 100 ms was the model-lane thread holding the GIL inside "
        "spaCy's model loading (tokenizer construction, vocabulary deserialization), tldextract "
        "building its suffix list, or imports of large modules on first use (phonenumbers' "
        "geodata, a 9,000-line literal; PyMuPDF's SWIG module) — single C calls that the GIL's "
        "switch interval cannot preempt. In its own process the analyzer cannot block the GUI's "
        "interpreter; the PyMuPDF import moved to while the unlock dialog is up. The model stays in "
        "the GUI process on its own lane: no stall was traced to it, and llama.cpp releases the "
        "GIL while it evaluates (`python -m bench.ui --llm-check`, run separately on this "
        "machine at load 7: generating for 292 s, a Python thread sleeping 5 ms at a time woke "
        "44,201 times with a longest gap of 33 ms, 21 ms net of waiting for a CPU). "
        "`sys.setswitchinterval` was not needed: no remaining stall was a thread running Python "
        "code (in an earlier traced run the only app stall over 80 ms, 92 ms of which 32 ms "
        "waiting for a CPU, had the GUI thread inside Qt's own event processing and the model "
        "lane waiting on the analyzer's pipe). On an oversubscribed machine (load 6–7 on 2 cores, "
        "2026-12-01) the app's run had the higher p99 (56 vs 24 ms; longest stall 71 vs 244 ms): "
        "its GUI thread was more often blocked 30–50 ms, which the trace cannot attribute "
        "(likely the GIL holder descheduled while the analyzer's process and llama.cpp's "
        "threads compete for the cores); no tick came more than 100 ms late.",
        "",
    ] + [f"Failed ({r['mode']}): {e}" for r in runs.values() for e in r["failed"]]  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.ui")
    parser.add_argument("--trace", type=Path, help="dump all threads' stacks at each stall")
    parser.add_argument("--docs", type=int, default=0, help="only the first N sample documents")
    parser.add_argument("--child", choices=[APP, OLD], help=argparse.SUPPRESS)
    parser.add_argument("--llm-check", action="store_true",
                        help="only check that llama.cpp releases the GIL while generating")
    parser.add_argument("--part", choices=["all", "stalls", "latency"], default="all")
    parser.add_argument("--runs", type=int, default=5, help="repetitions (latency part)")
    parser.add_argument("--against", type=Path, help="latency part: also measure this checkout")
    args = parser.parse_args(argv)
    if args.llm_check:
        print(llm_gil_check())
        return 0
    if args.child:
        print(json.dumps(measure(args.child, args.docs, args.trace)))
        return 0
    sections = _sections(OUT.read_text()) if OUT.exists() else {}
    if args.part in ("all", "stalls"):
        runs = {APP: _child(APP, args.docs, args.trace), OLD: _child(OLD, args.docs, None)}
        sections["stalls"] = "\n".join(report(runs))
        print(sections["stalls"])
    if args.part in ("all", "latency"):
        latency = ["--runs", str(args.runs)] + (["--against", str(args.against)]
                                                 if args.against else [])
        sections["latency"] = "\n".join(ui_latency.main(latency))
        print(sections["latency"])
    if not args.docs:
        OUT.write_text("\n\n".join(sections[k].strip() for k in ("stalls", "latency")
                                     if k in sections) + "\n")
    return 0


def _sections(text: str) -> dict[str, str]:
    """docs/bench_ui.md's two parts, by their headings (a part not rerun is kept)."""
    at = text.find("## Cancel latency and first paint")
    if at < 0:
        return {"stalls": text}
    return {"stalls": text[:at], "latency": text[at:]}


if __name__ == "__main__":
    sys.exit(main())
