"""The spaCy pipeline and phrase matching, with no model downloads.

``spacy.blank("en")`` gives the tokenizer; a sentencizer splits sentences;
:class:`PhraseIndex` matches labels case-insensitively (acronyms exactly) and
keeps the longest match where matches overlap.

>>> index = PhraseIndex({"tg:disability": ["disabled people"], "org:X": ["RPS"]})
>>> [(k, s, e) for k, s, e in index.find(pipeline()("Disabled people asked the RPS."))]
[('tg:disability', 0, 15), ('org:X', 26, 29)]
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.attrs import LOWER, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans


@lru_cache(maxsize=1)
def pipeline() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` (spaCy joins every token anew on each ``Doc.text`` read)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def lowers(doc: Doc) -> list[str]:
    """The lower-case text of every token of ``doc``, computed once and kept in its ``user_data``."""
    found = doc.user_data.get("lowers")
    if found is None:
        strings = doc.vocab.strings  # through the attribute array: no Token object per token
        found = doc.user_data["lowers"] = [strings[h] for h in doc.to_array(LOWER).tolist()]
    return found


def token_texts(doc: Doc) -> list[str]:
    """The text of every token of ``doc``, computed once and kept in its ``user_data``."""
    found = doc.user_data.get("texts")
    if found is None:
        strings = doc.vocab.strings
        found = doc.user_data["texts"] = [strings[h] for h in doc.to_array(ORTH).tolist()]
    return found


def span_text(span: Span) -> str:
    """``span.text`` cut from the cached Doc text (``Span.text`` joins its tokens anew on each read)."""
    if span.end <= span.start:
        return ""
    return doc_text(span.doc)[span.start_char:span.end_char]


def is_acronym(text: str) -> bool:
    """Short all-capital forms are matched exactly, so 'RPS' never matches 'rps'."""
    letters = [c for c in text if c.isalpha()]
    return 1 < len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in text.strip()


def add_labels(exact: PhraseMatcher, lower: PhraseMatcher, key: str, labels: Iterable[str]) -> None:
    """Add ``labels`` under ``key``: acronyms to the exact matcher, the rest case-insensitively."""
    nlp = pipeline()
    labels = sorted(labels)
    if acronyms := [nlp.make_doc(lab) for lab in labels if is_acronym(lab)]:
        exact.add(key, acronyms)
    if others := [nlp.make_doc(lab) for lab in labels if not is_acronym(lab)]:
        lower.add(key, others)


class PhraseIndex:
    """Find any of many labels in text; each label belongs to one key."""

    def __init__(self, entries: dict[str, Iterable[str]]):
        nlp = pipeline()
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: list[str] = []
        for key in sorted(entries):
            add_labels(self._exact, self._lower, key, {lab.strip() for lab in entries[key] if lab and lab.strip()})
            self.keys.append(key)

    def find(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(key, start char, end char) of the longest non-overlapping matches."""
        spans = []
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                span.label_ = doc.vocab.strings[match_id]
                spans.append(span)
        return [(s.label_, s.start_char, s.end_char) for s in sorted(filter_spans(spans))]
