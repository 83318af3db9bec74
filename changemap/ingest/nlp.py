"""The spaCy pipeline and phrase matching, with no model downloads.

``spacy.blank("en")`` gives the tokenizer; a sentencizer splits sentences;
:class:`PhraseIndex` matches labels case-insensitively (acronyms exactly) and
keeps the longest match where matches overlap.

>>> index = PhraseIndex({"tg:disability": ["disabled people"], "org:X": ["RPS"]})
>>> [(k, s, e) for k, s, e in index.find(pipeline()("Disabled people asked the RPS."))]
[('tg:disability', 0, 15), ('org:X', 26, 29)]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.attrs import IDX, LOWER, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span


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


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token of ``doc``, computed once and kept in its ``user_data``."""
    found = doc.user_data.get("starts")
    if found is None:
        found = doc.user_data["starts"] = doc.to_array(IDX).tolist()
    return found


def char_tokens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The token span ``doc.char_span(start, end, alignment_mode="expand")`` covers, without making the Span.

    ``0 <= start < end <= len(doc.text)``; a start on the space after a
    token moves to the next token.

    >>> doc = pipeline()("the Harbour Trust said")
    >>> char_tokens(doc, 4, 17), char_tokens(doc, 3, 11)
    ((1, 3), (1, 2))
    """
    starts = token_starts(doc)
    first = bisect_right(starts, start) - 1
    if start == starts[first] + len(token_texts(doc)[first]):
        first += 1
    return first, bisect_right(starts, end - 1)


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
        """(key, start char, end char) of the longest non-overlapping matches.

        Longest first, then leftmost, as spaCy's ``filter_spans`` keeps them: a
        match is dropped when its first or last token is already taken.
        """
        matches = [m for matcher in (self._lower, self._exact) for m in matcher(doc)]
        if not matches:
            return []
        matches.sort(key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        taken: set[int] = set()
        kept = []
        for match_id, start, end in matches:
            if start not in taken and end - 1 not in taken:
                kept.append((start, end, match_id))
                taken.update(range(start, end))
        kept.sort()
        strings = doc.vocab.strings
        return [(strings[m], doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e, m in kept]
