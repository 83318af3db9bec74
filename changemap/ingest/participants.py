"""Transcripts with more than one interviewee: which body each speaker talks for.

A paired interview or focus group names its participants in the front
matter (``participants: "Dana Reyes (Harbour Trust); P2 (Millbrook Council)"``,
or a YAML list of such strings or of ``{name: …, organisation: …}``
mappings) or in the speaker labels themselves (``P2 (Millbrook Council):``).
In that speaker's turns "we" is their body, not the one the front matter's
``organisation`` names.
"""

from __future__ import annotations

import re

from ..model import Document

KEYS = ("participants", "respondents", "interviewees", "speakers")
_ENTRY = re.compile(r"^\s*(?P<name>[^()]+?)\s*\((?P<org>[^()]+)\)\s*$")
_SPLIT = re.compile(r"\s*[;\n]\s*")


def _entries(raw) -> list[tuple[str, str]]:
    """(speaker, organisation) pairs from one front-matter value."""
    if isinstance(raw, dict):
        name = raw.get("name") or raw.get("pseudonym")
        org = raw.get("organisation") or raw.get("organization")
        if name and org:
            return [(str(name).strip(), str(org).strip())]
        return [(str(k).strip(), str(v).strip()) for k, v in raw.items() if isinstance(v, str) and v.strip()]
    if isinstance(raw, list):
        return [pair for item in raw for pair in _entries(item)]
    out = []
    for part in _SPLIT.split(str(raw or "")):
        m = _ENTRY.match(part)
        if m:
            out.append((m.group("name"), m.group("org").strip()))
    return out


def participants(metadata: dict) -> dict[str, str]:
    """Speaker name → organisation, from the front matter.

    >>> participants({"participants": "A. Reyes (Harbour Trust); P2 (Millbrook Council)"})
    {'A. Reyes': 'Harbour Trust', 'P2': 'Millbrook Council'}
    >>> participants({"participants": [{"name": "Lee", "organisation": "Quay Aid"}]})
    {'Lee': 'Quay Aid'}
    """
    raw = next((metadata[k] for k in KEYS if metadata.get(k)), None)
    return dict(_entries(raw))


def speaker_organisations(doc: Document) -> dict[str, str]:
    """Speaker label → the organisation that speaker talks for, where the document says so.

    Labels match the front matter's names exactly or by their first word
    ("Dana" for "Dana Reyes"), folded for case; a label's own bracket
    ("P2 (Millbrook Council):") wins.
    """
    named = {name.casefold(): org for name, org in participants(doc.metadata).items()}
    firsts: dict[str, set[str]] = {}
    for name, org in named.items():
        firsts.setdefault(name.split()[0], set()).add(org)
    out: dict[str, str] = {}
    for b in doc.blocks:
        if b.kind != "turn" or not b.speaker:
            continue
        label = b.speaker.casefold()
        if b.speaker_for:
            out[b.speaker] = b.speaker_for
        elif b.speaker not in out and label in named:
            out[b.speaker] = named[label]
        elif b.speaker not in out and len(firsts.get(label, ())) == 1:
            out[b.speaker] = next(iter(firsts[label]))
    return out
