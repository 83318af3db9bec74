"""The shortcuts taken for speed give what the slower, plainer way gives.

Each fast path is held to its reference on many inputs: random strings for
the text helpers, every block and sentence of the bundled examples for the
rules that pass over sentences before their work starts.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process
from spacy.util import filter_spans

from changemap.ingest.cues import sentence_words
from changemap.ingest.dataflows import find_flows, may_state_flows
from changemap.ingest.extract import extract
from changemap.ingest.nlp import PhraseIndex, char_tokens, pipeline
from changemap.ingest.orgrefs import previous_word
from changemap.ingest.orgs import find_organisations
from changemap.ingest.read import discover, read_documents
from changemap.ingest.recparties import Scope
from changemap.ingest.recsystems import find_systems, may_state_systems
from changemap.ingest.resolve import FUZZY_THRESHOLD, Resolver
from changemap.ingest.textpass import parsed_blocks

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def blocks():
    found, _ = discover([EXAMPLES])
    docs = [d for path, key in found for d in read_documents(path, key)
            if d.kind in {"transcript", "summary", "text"}]
    assert docs
    return [sdoc for d in docs for _, sdoc in parsed_blocks(d)]


def test_previous_word_captures_what_the_pattern_did():
    pattern = re.compile(r"([\w'’-]+)[^\w]*\Z")
    rng = random.Random(7)
    alphabet = list("ab Z9_'’-.,;:\n\t()é…—\"²")
    for _ in range(20_000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 24)))
        lo = rng.randint(0, len(text))
        end = rng.randint(lo, len(text))
        m = pattern.search(text, lo, end)
        assert previous_word(text, lo, end) == ((m.start(1), m.end(1)) if m else None), (text, lo, end)


def test_char_tokens_cover_what_char_span_expands_to(blocks):
    rng = random.Random(11)
    checked = 0
    for sdoc in blocks:
        size = len(sdoc.text)
        for _ in range(10 if size > 1 else 0):
            start = rng.randrange(0, size - 1)
            end = rng.randrange(start + 1, size + 1)
            span = sdoc.char_span(start, end, alignment_mode="expand")
            got = char_tokens(sdoc, start, end)
            if span is not None and len(span):
                assert got == (span.start, span.end), (sdoc.text[start:end], start, end)
            else:
                assert got[1] <= got[0]
            checked += 1
    assert checked > 1000


def test_phrase_index_keeps_what_filter_spans_keeps(blocks):
    labels = {"a:trust": ["trust", "the trust"], "b:police": ["police", "police service", "the police"],
              "c:data": ["data", "shared data", "data sharing"], "d:acr": ["CPS", "NHS"]}
    index = PhraseIndex(labels)
    for sdoc in blocks:
        spans = []
        for matcher in (index._lower, index._exact):
            for match_id, s, e in matcher(sdoc):
                span = sdoc[s:e]
                span.label_ = sdoc.vocab.strings[match_id]
                spans.append(span)
        assert index.find(sdoc) == [(s.label_, s.start_char, s.end_char) for s in sorted(filter_spans(spans))]


def test_sentences_passed_over_hold_no_system_and_no_flow(blocks):
    skipped = 0
    for sdoc in blocks:
        for sent in sdoc.sents:
            words = sentence_words(sent)
            scope = Scope(sent, [], "Harbour Trust")
            systems = find_systems(scope)
            if not may_state_systems(sent, words):
                assert systems == [], sent.text
                skipped += 1
            if not may_state_flows(words, systems):
                assert find_flows(scope, systems) == [], sent.text
    assert skipped > 50


def test_fuzzy_matching_agrees_with_token_sort_ratio():
    rng = random.Random(3)
    words = ["police", "trust", "council", "north", "hate", "crime", "unit", "network", "voice", "pride",
             "forum", "harbour", "open", "door", "roma", "women"]
    resolver, known = Resolver(), []
    for _ in range(600):
        name = " ".join(rng.choices(words, k=rng.randint(2, 4)))
        if rng.random() < 0.4:
            name = name[:-1] + rng.choice("aeiouxy")
        key = name.casefold()
        ranked = sorted(k for k in known if len(k) >= 8)
        best = process.extractOne(key, ranked, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD) \
            if len(key) >= 8 else None
        assert resolver._fuzzy(key) == (resolver.canonical[best[0]] if best else None), name
        resolver.add(name)
        known = list(resolver.canonical)


def test_runs_inside_gazetteer_names_are_skipped_without_changing_what_is_found(blocks, monkeypatch):
    from changemap.ingest import orgs

    names = ["Harbour Trust", "Open Door Network", "Northbridge Hate Crime Unit", "Kelvary City Council"]
    found, _ = discover([EXAMPLES])
    names += [m.name for m in extract([d for path, key in found for d in read_documents(path, key)]).mentions
              if not m.generic]  # every name of the examples, as a register would list them
    gazetteer = PhraseIndex({f"org:{n}": [n] for n in names})
    texts = [sdoc.text for sdoc in blocks] + [
        "We met the Harbour Trust (HT) in May.", "We met HT (Harbour Trust) in May.",
        "The Harbour Trust and Open Door Network met the Northbridge Hate Crime Unit (NHCU).",
        "NHCU (Northbridge Hate Crime Unit) and Kelvary City Council's staff came."]
    within, skipped = orgs._Scan._within, []

    def counted(self, first, last, known):
        skipped.append(within(self, first, last, known))
        return skipped[-1]

    monkeypatch.setattr(orgs._Scan, "_within", counted)
    fast = [find_organisations(pipeline()(t), gazetteer) for t in texts]
    monkeypatch.setattr(orgs._Scan, "_within", lambda self, first, last, known: False)
    slow = [find_organisations(pipeline()(t), gazetteer) for t in texts]
    assert fast == slow
    assert sum(skipped) > 20  # the shortcut was taken, and often
