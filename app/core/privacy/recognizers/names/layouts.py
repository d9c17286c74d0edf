"""Names found from how a text is laid out rather than from a cue word: a line holding only a
name, chat speakers, names listed with a found name, surname particles.

Each pass reads the words and the scores found so far and adds to the scores.
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from app.core.privacy.recognizers.gazetteer import CLINICAL, is_common, places
from app.core.privacy.recognizers.names.scan import Scan
from app.core.privacy.recognizers.names.vocabulary import PARTICLES
from app.core.privacy.recognizers.names.words import gap, given_name

# A line that is only a name, as in a letterhead, signature or address block:
# "Esat Jeknić", ">Ella H. Snider", "Maha Cazares".
_NAME_LINE = regex.compile(
    r"(?m)^[ \t>]*(\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?)(?:[ \t]+\p{Lu}\.?)?"
    r"[ \t]+(\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?)[ \t]*$")
_SPEAKER = regex.compile(r"(?m)^[ \t>]*(\p{L}[\p{L}'’-]*)[ \t]*:")


def name_lines(s: Scan) -> None:
    """Mark a line of two capitalised words (a middle initial allowed) that are neither
    English words nor known places: a name standing alone in a block of lines."""
    text, words, scores = s.text, s.words, s.scores
    starts = {st: k for k, (st, _e, _w) in enumerate(words)}
    gazetteer = places()
    for m in _NAME_LINE.finditer(text):
        first, last = starts.get(m.start(1)), starts.get(m.start(2))
        if first is None or last is None:
            continue
        ws = [words[k][2] for k in range(first, last + 1)]
        if any(len(w) > 1 and (is_common(w) or w in gazetteer or w in CLINICAL) for w in ws):
            continue
        for k in range(first, last + 1):
            scores[k] = max(scores.get(k, 0), 0.6)


def speakers(s: Scan) -> None:
    """A chat transcript: "Anna: Are you there?", "Zsombor: Yes." When two or more lines
    open with a single word and a colon and one of those words is a found name, the others
    that look like names are speakers too."""
    text, words, scores = s.text, s.words, s.scores
    nameish = s.nameish
    starts = {st: k for k, (st, _e, _w) in enumerate(words)}
    lines = [starts[m.start(1)] for m in _SPEAKER.finditer(text) if m.start(1) in starts]
    if len(lines) < 2 or not any(k in scores for k in lines):
        return
    for k in lines:
        if k not in scores and nameish(k) and len(words[k][2]) >= 2:
            scores[k] = 0.6


def coordinated(s: Scan) -> None:
    """Names listed with a found name are names: "Imelda and Bart", "Quimby, Mary and
    Oyelaran". A candidate must be name-like, or a given name that is also a word ("Suzette
    and Hank"), and written like its neighbour (a capital in mixed case), and joined by "and",
    "or", "&", a slash ("TEAM (KOWALCZYK/PELLEGRINO)") or a comma."""
    text, words, scores = s.text, s.words, s.scores
    nameish, capital = s.nameish, s.capital
    firsts = s.firsts
    todo = sorted(scores)
    seen = set(todo)
    while todo:
        i = todo.pop()
        for j, via in ((i + 2, i + 1), (i - 2, i - 1), (i + 1, None), (i - 1, None)):
            if not 0 <= j < len(words) or j in seen:
                continue
            if via is not None:
                if not 0 <= via < len(words) or words[via][2] not in ("and", "or"):
                    continue
                lo = min(i, j)
                if gap(text, words, lo).strip() or gap(text, words, lo + 1).strip():
                    continue
            else:
                lo = min(i, j)
                if gap(text, words, lo).strip() not in (",", "&", "/"):
                    continue
            if not ((nameish(j) or given_name(words[j][2], firsts))
                    and len(words[j][2]) >= 3 and capital(j)
                    and text[words[j][0]].isupper() == text[words[i][0]].isupper()):
                continue
            scores[j] = 0.6
            seen.add(j)
            todo.append(j)


def particles(s: Scan) -> None:
    """A surname particle between a found name and a capitalised word joins them: "Beatrice
    Van Houten", "Willem ten Pas", "Maria de Souza" (mixed-case text only)."""
    text, words, scores = s.text, s.words, s.scores
    for i in range(1, len(words) - 1):
        if words[i][2] not in PARTICLES or i - 1 not in scores or i in scores:
            continue
        nxt = text[words[i + 1][0]:words[i + 1][1]]
        if gap(text, words, i - 1) == " " and gap(text, words, i) == " " \
                and nxt[:1].isupper() and not nxt.isupper() and len(nxt) >= 3 \
                and words[i + 1][2] not in STOP_WORDS:
            scores[i] = 0.6
            scores[i + 1] = max(scores.get(i + 1, 0), 0.6)
