"""PII detection benchmark: recall/precision per type on the shared dev sets, and speed.

    .venv/bin/python -m bench.pii [--limit N] [--out docs/bench_pii.md] [--packs none|NAME,...]

Sets: the two shared dev sets, and the team's own labeled notes (`tests/data/pii_labeled/`).
Metric (shared/data/README.md): a labeled span is caught when every non-space character of
it is covered by a detected span; recall = caught / labeled. Precision = detected spans
overlapping a labeled span / detected spans. Recall is per labeled type, precision per
detected type. Speed: characters/second of `PiiAnalyzer.analyze_batch` (each text its own
document, batched through spaCy) vs a default `AnalyzerEngine().analyze()` call per text (same
spaCy model, full pipeline), on the same texts in the same run; sets under 200k characters are
timed in `--rounds` interleaved rounds and the medians compared.

ORG/LOC precision (`--only orgloc` runs just this part): of every span typed ORGANIZATION or
LOCATION, the share that is an identifier. On physionet-deid-dev that is a span overlapping a
labeled PHI span (the metric above), by part. mtsamples-dev has no PHI labels (MTSamples is
de-identified), so each distinct span text is judged once by hand in `MTS_JUDGED`: "phi" for
a person, place, organisation, date or identifier (also a placeholder such as "ABC Hospital"),
"no" for anything else (a diagnosis, a section heading, a drug, a department); precision =
"phi" / judged, and the spans not judged yet are counted and, with `--list-unjudged`, listed.
A text judged "phi" in one note and "no" in another (a Bishop forceps; the town of Bishop)
carries the note's id in its own line.
Packs (`--packs`): the figures above are the analyzer's default, with its genre packs
(`app.core.privacy.packs.DEFAULT_PACKS`). `--packs none` also runs the general engine alone
(`PiiAnalyzer(packs=())`), `--packs clinical_notes,clinical` the packs named, and adds one
compact table beside the default figures: per set, overall recall and precision with the
default packs and with those named, and the same on the held-out rows (the last part of
`PARTS`), and mtsamples' judged ORG/LOC precision (all texts, held out), so a change can say
what the mechanism does and what a pack adds. The default report is unchanged by it.
mtsamples partition (fixed before any tuning, never moved): each distinct transcription
(whitespace collapsed; the set repeats 787 notes) is one text, named by its first id; it is
tuning when the first byte of the SHA-256 of that text is even, held out when odd, so a
repeated note never sits on both sides.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from app.core import netguard
from bench.datasets import DATA

SETS = {
    "physionet-deid-dev": ("physionet-deid-dev/notes.jsonl", "phi"),
    "presidio-synth-dev": ("presidio-synth-dev/sentences.jsonl", "spans"),
    # The team's own fictional clinical/legal/financial notes (absolute path: in the repo).
    "enclave-labeled-notes": (str(Path(__file__).resolve().parents[1] / "tests" / "data"
                                  / "pii_labeled" / "notes.jsonl"), "spans"),
}
MTS = DATA / "mtsamples-dev" / "notes.jsonl"
MTS_JUDGED = Path(__file__).resolve().parent / "data" / "mtsamples_org_loc_judged.jsonl"
ORG_LOC = ("ORGANIZATION", "LOCATION")
# Row ranges reported separately (docs/PRIVACY.md, tuning discipline): rules were tuned on
# the first parts (opened in rounds 1, 2 and 4); the last was never looked at, only
# measured. The physionet cuts fall where a new patient's notes begin (except 800).
PARTS = {
    "physionet-deid-dev": [("tuned r1", 0, 800), ("tuned r2", 800, 1192),
                           ("tuned r4", 1192, 1412), ("held out", 1412, None)],
    "presidio-synth-dev": [("tuned r1", 0, 500), ("tuned r2", 500, 750),
                           ("held out", 750, None)],
}


# physionet rows as tuning / held out for the ORG/LOC precision (PARTS' tuned parts together).
PHYSIONET_SPLIT = PARTS["physionet-deid-dev"][-1][1]


def load(name: str, limit: int | None) -> list[dict]:
    path, key = SETS[name]
    rows = []
    with open(DATA / path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            rows.append({"text": row["text"], "labels": row[key]})
            if limit and len(rows) >= limit:
                break
    return rows


def score(rows: list[dict], detected: list[list[tuple[int, int, str]]]) -> dict[str, Counter]:
    """Counters: labeled/caught per labeled type; detected/true per detected type."""
    c = {k: Counter() for k in ("labeled", "caught", "detected", "true")}
    for row, dets in zip(rows, detected, strict=True):
        text = row["text"]
        covered = set()
        for s, e, _t in dets:
            covered.update(range(s, e))
        for lab in row["labels"]:
            need = [i for i in range(lab["start"], lab["end"]) if not text[i].isspace()]
            c["labeled"][lab["type"]] += 1
            c["caught"][lab["type"]] += all(i in covered for i in need)
        for s, e, t in dets:
            c["detected"][t] += 1
            c["true"][t] += any(s < lab["end"] and lab["start"] < e for lab in row["labels"])
    return c


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "–"


def table(name: str, c: dict[str, Counter]) -> list[str]:
    lines = [f"### {name}", "", "| type | labeled | recall | detected | precision |",
             "|---|---:|---:|---:|---:|"]
    for t in sorted(set(c["labeled"]) | set(c["detected"])):
        lines.append(f"| {t} | {c['labeled'][t]} | {_ratio(c['caught'][t], c['labeled'][t])} "
                     f"| {c['detected'][t]} | {_ratio(c['true'][t], c['detected'][t])} |")
    lab, cau = sum(c["labeled"].values()), sum(c["caught"].values())
    det, tru = sum(c["detected"].values()), sum(c["true"].values())
    lines.append(f"| **overall** | {lab} | **{_ratio(cau, lab)}** | {det} "
                 f"| **{_ratio(tru, det)}** |")
    return lines + [""]


def parts(name: str, rows: list[dict], dets: list[list[tuple[int, int, str]]]) -> list[str]:
    """Overall recall and precision of each part of a set (see PARTS)."""
    if name not in PARTS:
        return []
    return [f"{name} by part: " + "; ".join(
        f"{label} rows {lo}–{min(hi or len(rows), len(rows)) - 1}: recall "
        f"{_ratio(sum(c['caught'].values()), sum(c['labeled'].values()))}, precision "
        f"{_ratio(sum(c['true'].values()), sum(c['detected'].values()))}"
        for label, lo, hi in PARTS[name] if lo < len(rows)
        for c in [score(rows[lo:hi], dets[lo:hi])]), ""]


def split_table(name: str, rows: list[dict], dets: list[list[tuple[int, int, str]]]) -> list[str]:
    """Recall and precision per type on the tuned rows together and on the held-out rows."""
    if name not in PARTS:
        return []
    cut = PARTS[name][-1][1]
    tun, held = score(rows[:cut], dets[:cut]), score(rows[cut:], dets[cut:])
    lines = [f"{name}, tuning rows 0–{cut - 1} / held out rows {cut}–{len(rows) - 1}:", "",
             "| type | tuning recall | tuning precision | held-out recall | held-out precision |",
             "|---|---:|---:|---:|---:|"]
    types = sorted(set(tun["labeled"]) | set(tun["detected"]) | set(held["labeled"])
                   | set(held["detected"]))
    for t in types:
        lines.append(f"| {t} | {_ratio(tun['caught'][t], tun['labeled'][t])} "
                     f"| {_ratio(tun['true'][t], tun['detected'][t])} "
                     f"| {_ratio(held['caught'][t], held['labeled'][t])} "
                     f"| {_ratio(held['true'][t], held['detected'][t])} |")
    tot = [_ratio(sum(c[a].values()), sum(c[b].values()))
           for c in (tun, held) for a, b in (("caught", "labeled"), ("true", "detected"))]
    lines.append(f"| **overall** | **{tot[0]}** | **{tot[1]}** | **{tot[2]}** | **{tot[3]}** |")
    return lines + [""]


def run_ours(texts: list[str], packs: tuple[str, ...] | None = None,
             ) -> tuple[list[list[tuple[int, int, str]]], float]:
    """Our findings per text and the seconds they took; `packs`: the analyzer with those
    genre packs instead of the default ones (None)."""
    # deferred: the analyzer loads spaCy; `--help` and the ORG/LOC tables' helpers need not
    from app.core.privacy import register
    from app.core.privacy.analyzer import PiiAnalyzer, get_analyzer
    from app.core.privacy.packs.clinical_notes import reports
    from app.core.privacy.recognizers import gazetteer

    analyzer = get_analyzer()
    if packs is not None:
        analyzer = PiiAnalyzer(nlp_engine=analyzer.nlp_engine, packs=packs)
    analyzer.analyze("Warm-up: word lists load on first use.")
    # Every round starts with the per-word and per-text memos empty, as the first did: a
    # later round must not be faster for having seen these very texts.
    for memo in (gazetteer.is_common, gazetteer.is_misspelt_word, register.mostly_upper,
                 register.mixed_case, register.clinical_context, register.clinical_markers,
                 reports.applies):
        memo.cache_clear()
    t0 = time.perf_counter()
    # Each note/sentence is its own document: nothing propagates from one to another.
    pages = [[(f.start, f.end, f.type) for f in doc] for doc in analyzer.analyze_batch(texts)]
    return pages, time.perf_counter() - t0


def run_default(texts: Iterable[str]) -> tuple[list[list[tuple[int, int, str]]], float]:
    # deferred: Presidio's engine loads spaCy; only the baseline run needs it
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    from app.core.privacy.nlp import pick_model

    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": pick_model()}])
    engine = AnalyzerEngine(nlp_engine=nlp)
    engine.analyze("Warm-up.", language="en")
    t0 = time.perf_counter()
    out = [[(r.start, r.end, r.entity_type) for r in engine.analyze(t, language="en")]
           for t in texts]
    return out, time.perf_counter() - t0


# -- ORG/LOC precision ------------------------------------------------------------------------


def _collapse(text: str) -> str:
    return " ".join(text.split())


def mts_held_out(text: str) -> bool:
    """The fixed mtsamples partition (module docstring): odd first hash byte = held out."""
    return hashlib.sha256(_collapse(text).encode("utf-8")).digest()[0] % 2 == 1


def load_mts(limit: int | None = None) -> list[dict]:
    """Distinct mtsamples transcriptions in file order, each once: {"id", "text"}."""
    seen: set[str] = set()
    rows = []
    with open(MTS, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            key = _collapse(row["transcription"])
            if key and key not in seen:
                seen.add(key)
                rows.append({"id": row["id"], "text": row["transcription"]})
            if limit and len(rows) >= limit:
                break
    return rows


def span_key(span: str) -> str:
    """How a judged span text is looked up: whitespace collapsed, case folded."""
    return _collapse(span).casefold()


def load_judged(path: Path = MTS_JUDGED) -> dict[tuple[str, str], str]:
    """Verdicts by (span key, "") and, where one note reads a span otherwise (the town of
    Bishop, not a Bishop forceps), by (span key, note id)."""
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[(span_key(row["span"]), row.get("id", ""))] = row["verdict"]
    return out


def verdict(judged: dict[tuple[str, str], str], span: str, note: str) -> str | None:
    key = span_key(span)
    return judged.get((key, note)) or judged.get((key, ""))


def _share(good: int, n: int) -> str:
    return f"{_ratio(good, n)} ({good}/{n})"


def orgloc(limit: int | None, list_unjudged: bool = False,
           physionet: tuple[list[dict], list[list[tuple[int, int, str]]]] | None = None,
           ) -> list[str]:
    """ORG/LOC precision on physionet (labels) and mtsamples (judged), tuning and held out."""
    lines = ["### ORGANIZATION and LOCATION precision", "",
             "Of the spans typed ORGANIZATION or LOCATION, the share that is an identifier "
             "(physionet: overlaps a labeled PHI span; mtsamples: judged by hand, "
             f"`{MTS_JUDGED.relative_to(MTS_JUDGED.parents[2])}`). Tuning / held out: physionet "
             f"rows 0–{PHYSIONET_SPLIT - 1} / {PHYSIONET_SPLIT}–; mtsamples by the parity of "
             "the first SHA-256 byte of each distinct transcription.", "",
             "| set | part | ORGANIZATION | LOCATION | both | not judged |",
             "|---|---|---:|---:|---:|---:|"]
    if physionet is None:
        rows = load("physionet-deid-dev", limit)
        physionet = rows, run_ours([r["text"] for r in rows])[0]
    rows, dets = physionet
    for label, lo, hi in (("tuning", 0, PHYSIONET_SPLIT), ("held out", PHYSIONET_SPLIT, None)):
        c = score(rows[lo:hi], dets[lo:hi])
        cells = [_share(c["true"][t], c["detected"][t]) for t in ORG_LOC]
        both = _share(sum(c["true"][t] for t in ORG_LOC), sum(c["detected"][t] for t in ORG_LOC))
        lines.append(f"| physionet-deid-dev | {label} | {' | '.join(cells)} | {both} | – |")
    mts = load_mts(limit)
    mdets, _ = run_ours([r["text"] for r in mts])
    judged = load_judged()
    unjudged: Counter = Counter()
    for held in (False, True):
        good: Counter = Counter()
        n: Counter = Counter()
        missing = 0
        for row, found in zip(mts, mdets, strict=True):
            if mts_held_out(row["text"]) != held:
                continue
            for s, e, t in found:
                if t not in ORG_LOC:
                    continue
                v = verdict(judged, row["text"][s:e], row["id"])
                if v is None:
                    missing += 1
                    unjudged[(span_key(row["text"][s:e]), t, held)] += 1
                    continue
                n[t] += 1
                good[t] += v == "phi"
        cells = [_share(good[t], n[t]) for t in ORG_LOC]
        both = _share(sum(good.values()), sum(n.values()))
        label = "held out" if held else "tuning"
        texts = sum(mts_held_out(r["text"]) == held for r in mts)
        lines.append(f"| mtsamples-dev ({texts} texts) | {label} | {' | '.join(cells)} "
                     f"| {both} | {missing} |")
    if list_unjudged:
        for (key, t, held), k in sorted(unjudged.items(), key=lambda kv: -kv[1]):
            print(json.dumps({"span": key, "type": t, "held_out": held, "count": k}))
    return lines + [""]


def pack_names(value: str | None) -> tuple[str, ...] | None:
    """`--packs`: None (not given), () for "none", else the comma-separated names."""
    if value is None:
        return None
    if value.strip().lower() == "none":
        return ()
    return tuple(n.strip() for n in value.split(",") if n.strip())


def _overall(c: dict[str, Counter]) -> str:
    return (f"{_ratio(sum(c['caught'].values()), sum(c['labeled'].values()))} / "
            f"{_ratio(sum(c['true'].values()), sum(c['detected'].values()))}")


def packs_table(packs: tuple[str, ...],
                runs: list[tuple[str, list[dict], list[list[tuple[int, int, str]]]]],
                limit: int | None = None) -> list[str]:
    """Default packs beside `packs` (module docstring): recall / precision per set, overall
    and on the held-out rows; mtsamples' judged ORG/LOC precision."""
    label = ", ".join(packs) if packs else "none"
    lines = [f"### General engine and packs: default vs `--packs {label}`", "",
             "Recall / precision, overall and on the held-out rows (the last part of PARTS).",
             "", f"| set | default | packs {label} | default held out | packs {label} held out |",
             "|---|---:|---:|---:|---:|"]
    for name, rows, dets in runs:
        other, _ = run_ours([r["text"] for r in rows], packs)
        cut = PARTS[name][-1][1] if name in PARTS else None
        held = [_overall(score(rows[cut:], d[cut:])) if cut is not None else "–"
                for d in (dets, other)]
        lines.append(f"| {name} | {_overall(score(rows, dets))} | {_overall(score(rows, other))} "
                     f"| {held[0]} | {held[1]} |")
    # mtsamples has no PHI labels: the judged ORG/LOC precision (see orgloc), both parts.
    mts = load_mts(limit)
    judged = load_judged()
    cells = [[_mts_orgloc(mts, run_ours([r["text"] for r in mts], p)[0], judged, part)
              for part in (None, True)] for p in (None, packs)]
    lines.append(f"| mtsamples-dev, ORG/LOC precision | {cells[0][0]} | {cells[1][0]} "
                 f"| {cells[0][1]} | {cells[1][1]} |")
    return lines + [""]


def _mts_orgloc(mts: list[dict], dets: list[list[tuple[int, int, str]]],
                judged: dict[tuple[str, str], str], held: bool | None) -> str:
    """The judged share of ORG/LOC spans that are identifiers, on the held-out texts (True),
    the tuning ones (False) or all (None); unjudged spans are left out as in `orgloc`."""
    good = n = 0
    for row, found in zip(mts, dets, strict=True):
        if held is not None and mts_held_out(row["text"]) != held:
            continue
        for s, e, t in found:
            v = verdict(judged, row["text"][s:e], row["id"]) if t in ORG_LOC else None
            if v is not None:
                n += 1
                good += v == "phi"
    return _share(good, n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N rows of each set")
    ap.add_argument("--out", default="docs/bench_pii.md")
    ap.add_argument("--no-baseline", action="store_true", help="skip the default-engine run")
    ap.add_argument("--rounds", type=int, default=3,
                    help="interleaved timing rounds of both engines on sets under 200k chars")
    ap.add_argument("--only", choices=["orgloc"], default=None,
                    help="run only the ORG/LOC precision part")
    ap.add_argument("--list-unjudged", action="store_true",
                    help="print the mtsamples ORG/LOC spans not judged yet (JSON lines)")
    ap.add_argument("--packs", default=None,
                    help="also measure with these privacy packs: 'none' (the general engine "
                         "alone) or NAME,NAME (see the module docstring)")
    args = ap.parse_args(argv)
    packs = pack_names(args.packs)
    netguard.install()  # the benchmark doubles as an offline check
    if args.only == "orgloc":
        print("\n".join(orgloc(args.limit, args.list_unjudged)))
        return 0
    lines = ["# PII detection benchmark", "",
             f"`python -m bench.pii{' --limit ' + str(args.limit) if args.limit else ''}`", ""]
    speed = ["| set | chars | ours chars/s | default chars/s | speed-up | ours recall "
             "| default recall | rounds |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    rounds_note: list[str] = []
    kept = None
    runs = []
    for name in SETS:
        rows = load(name, args.limit)
        texts = [r["text"] for r in rows]
        chars = sum(map(len, texts))
        dets, secs = run_ours(texts)
        c = score(rows, dets)
        if name == "physionet-deid-dev":
            kept = rows, dets
        runs.append((name, rows, dets))
        lines += table(f"{name} ({len(rows)} texts) — Enclave", c) + parts(name, rows, dets)
        lines += split_table(name, rows, dets)
        recall = _ratio(sum(c["caught"].values()), sum(c["labeled"].values()))
        if not args.no_baseline:
            # This machine's speed drifts by tens of percent within a minute: a small set is
            # timed in interleaved rounds (ours, default, ours, ...) and the medians compared.
            rounds = args.rounds if chars < 200_000 else 1
            base, bsecs = run_default(texts)
            ours_s, base_s = [secs], [bsecs]
            for _ in range(rounds - 1):
                ours_s.append(run_ours(texts)[1])
                base_s.append(run_default(texts)[1])
            secs, bsecs = statistics.median(ours_s), statistics.median(base_s)
            bc = score(rows, base)
            brecall = _ratio(sum(bc["caught"].values()), sum(bc["labeled"].values()))
            speed.append(f"| {name} | {chars} | {chars / secs:,.0f} | {chars / bsecs:,.0f} | "
                         f"{bsecs / secs:.2f}× | {recall} | {brecall} | {len(ours_s)} |")
            if len(ours_s) > 1:
                rounds_note.append(f"{name}: speed-up per round " + ", ".join(
                    f"{b / o:.2f}×" for o, b in zip(ours_s, base_s, strict=True)))
    if packs is not None:
        lines += packs_table(packs, runs, args.limit)
    lines += orgloc(args.limit, physionet=kept)
    lines += ["### Throughput", ""] + speed + [""] + [f"{n}  " for n in rounds_note] + [
        "", f"Egress attempts: {len(netguard.attempts())}"]
    report = "\n".join(lines) + "\n"
    print(report)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
