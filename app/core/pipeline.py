"""One document through the stages: ingest → detect PII → extract and summarize → route → store.

`Pipeline(llm=None, analyzer=None, workspace=None)` takes its collaborators in the constructor
and falls back to the shared defaults (Presidio style), so the CLI, the GUI and the tests drive
the same object. Progress is reported as plain events through a callback, never by touching a
view; the GUI forwards them to its thread. A `CancelToken` (app.core.cancel) stops a document at
any point before it is stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core import cancel as cancellation
from app.core.documents import Document, ProcessResult
from app.core.extract.classify import classify
from app.core.extract.fields import FieldExtractor
from app.core.extract.profiles import Profile, builtin_profiles, get_profile
from app.core.extract.summarize import Summarizer
from app.core.extract.user_profiles import load_user_profiles
from app.core.llm.selection import model_name
from app.core.privacy.lists import workspace_analyzer
from app.core.review import examples_for
from app.core.routing.router import RoutePolicy, decide

STAGES = ("ingest", "pii", "classify", "fields", "summary", "route", "store")


@dataclass
class Progress:
    """A progress event: `stage` in STAGES, `fraction` of the whole document in [0, 1]."""

    document: str
    stage: str
    fraction: float
    detail: str = ""


ProgressCallback = Callable[[Progress], None]


@dataclass
class PipelineOptions:
    profile: str = "auto"
    store: bool = True
    password: str | None = None
    summarize: bool = True
    use_model: bool = True
    # None: the workspace's policy (threshold, automatic on-premises escalation), else defaults.
    route_policy: RoutePolicy | None = None
    user_profiles: dict[str, Profile] = field(default_factory=dict)
    # The rule packs to read fields with instead of the profile's own (`extract.packs`); () is
    # the general engine alone (`bench.extract --packs none`). None: the profile's.
    packs: tuple[str, ...] | None = None


def _emitter(progress: ProgressCallback | None, name: str) -> Callable[..., None]:
    """`emit(stage, within=0.0, detail="")`: one document's progress over all stages."""

    def emit(stage: str, within: float = 0.0, detail: str = "") -> None:
        if stage != "store":  # every stage boundary until the store is a point to stop at
            cancellation.check()
        if progress:
            i = STAGES.index(stage)
            progress(Progress(name, stage, (i + within) / len(STAGES), detail))

    return emit


class Pipeline:
    def __init__(self, llm: Any = None, analyzer: Any = None, workspace: Any = None) -> None:
        self._llm = llm
        self._llm_given = llm is not None  # a caller's model is kept; else the workspace's
        self._analyzer = analyzer
        self.workspace = workspace

    # Collaborators are created on first use: the window opens before the model loads.
    @property
    def llm(self) -> Any:
        """The caller's model, else the workspace's chosen GGUF — read again for every
        document, so a model chosen in the settings is the one the next document gets. Call it
        where the model runs (its first use loads the weights)."""
        if self._llm_given:
            return self._llm
        from app.core.llm.local import shared_local_llm  # deferred: numpy, then llama.cpp

        llm = shared_local_llm(model_name(self.workspace) or None)
        if self._llm is not None and self._llm is not llm:
            self._llm.unload()  # the previous choice: one model's weights in memory at a time
        self._llm = llm
        return llm

    @property
    def analyzer(self) -> Any:
        if self._analyzer is None:
            from app.core.privacy.analyzer import get_analyzer  # deferred: spaCy and Presidio

            self._analyzer = get_analyzer()
        return self._analyzer

    def _policy(self) -> RoutePolicy:
        if self.workspace is None:
            return RoutePolicy()
        from app.core.routing.tiers import TierRegistry  # deferred: httpx, with a workspace only

        return TierRegistry(self.workspace).policy()

    def _escalate_onprem(self, result: ProcessResult, doc_id: str) -> None:
        """Policy allows automatic escalation inside the trust boundary (never to the cloud):
        accepted answers replace the local values in the returned result, as in the store."""
        from app.core.routing.egress import auto_escalate  # deferred: httpx and the tier stack

        outcome = auto_escalate(self.workspace, doc_id, result.route.decision, self.analyzer)
        if outcome is not None:
            result.fields.update(outcome.accepted)
            if outcome.summary is not None:
                result.summary = outcome.summary

    def _examples(self, profile: str) -> list[tuple[str, str]]:
        """The workspace's recent corrections for this profile: the extractor's few-shot
        examples (a value the user wrote before is preferred and shown to the model)."""
        if self.workspace is None:
            return []
        return examples_for(self.workspace, profile)

    def _user_profiles(self, opts: PipelineOptions) -> dict[str, Profile]:
        """The workspace's own profiles (settings dialog), then the caller's, over built-ins."""
        return load_user_profiles(self.workspace) | opts.user_profiles

    def read(self, path: Path, password: str | None = None) -> tuple[Document, bytes]:
        from app.core.ingest import read_document  # deferred: PyMuPDF and the parsers

        doc = read_document(Path(path), password=password)
        return doc, Path(path).read_bytes()

    def process(
        self,
        path: Path,
        options: PipelineOptions | None = None,
        progress: ProgressCallback | None = None,
        cancel: cancellation.CancelToken | None = None,
    ) -> ProcessResult:
        """`cancel`: once cancelled, the document stops within a fraction of a second with
        `Cancelled` (app.core.cancel), at any stage before it is stored; nothing is written."""
        opts = options or PipelineOptions()
        timings: dict[str, float] = {}
        token = cancel or cancellation.current()
        t = time.perf_counter()
        with cancellation.scope(token):
            _emitter(progress, Path(path).name)("ingest")
            doc, raw = self.read(Path(path), opts.password)
        timings["ingest"] = time.perf_counter() - t
        return self.process_document(doc, raw, opts, progress, timings, token)

    def process_document(
        self,
        doc: Document,
        raw: bytes,
        options: PipelineOptions | None = None,
        progress: ProgressCallback | None = None,
        timings: dict[str, float] | None = None,
        cancel: cancellation.CancelToken | None = None,
    ) -> ProcessResult:
        opts = options or PipelineOptions()
        timings = timings if timings is not None else {}
        emit = _emitter(progress, doc.name)
        with cancellation.scope(cancel or cancellation.current()):
            result = self._analyse(doc, opts, emit, timings)
            cancellation.check()  # the last point to stop: once stored, finishing is cheaper
        if opts.store and self.workspace is not None:
            emit("store")
            doc_id = self.workspace.save_result(result, raw)
            if result.route.decision == "escalate_onprem":
                self._escalate_onprem(result, doc_id)
        if progress:
            progress(Progress(doc.name, "done", 1.0))
        return result

    def _analyse(self, doc: Document, opts: PipelineOptions, emit: Callable[..., None],
                 timings: dict[str, float]) -> ProcessResult:
        """The stages before the store: identifiers, profile, fields, summary, route."""

        def sub(stage: str) -> Callable[[str, float], None]:
            return lambda detail, frac: emit(stage, frac, detail)

        t = time.perf_counter()
        emit("pii")
        analyzer = workspace_analyzer(self.workspace, self.analyzer)
        findings = analyzer.analyze_pages([p.text for p in doc.pages])
        timings["pii"] = time.perf_counter() - t

        emit("classify")
        profiles = builtin_profiles()
        user = self._user_profiles(opts)
        profiles.update(user)
        if opts.profile == "auto":
            name, _scores = classify(doc, profiles)
            profile = profiles[name]
        else:
            profile = get_profile(opts.profile, user)
        if opts.packs is not None:
            profile = replace(profile, packs=tuple(opts.packs))

        t = time.perf_counter()
        emit("fields")
        llm = self.llm if opts.use_model else None
        fields = FieldExtractor(
            llm, use_model=opts.use_model, examples=self._examples(profile.name)
        ).extract(doc, profile, findings, sub("fields"))
        timings["fields"] = time.perf_counter() - t

        t = time.perf_counter()
        emit("summary")
        summary = Summarizer(llm if opts.summarize else None).summarize(
            doc, profile, fields, sub("summary")
        )
        timings["summary"] = time.perf_counter() - t

        emit("route")
        route = decide(fields, summary, opts.route_policy or self._policy())
        return ProcessResult(doc, profile.name, fields, summary, findings, route, timings)
