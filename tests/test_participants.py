"""Paired interviews and focus groups: each speaker's 'we' is their own body (ingest/participants.py)."""

from __future__ import annotations

from changemap.ingest.extract import extract
from changemap.ingest.read import read_document
from changemap.ingest.resolve import resolve

PAIRED = """---
pseudonym: Mira Olsen
organisation: Juniper Deaf Access
participants: "Mira Olsen (Juniper Deaf Access); Tomas Brandt (Pell Street Youth Club)"
---

Interviewer: Could you each say who you work with?

Mira Olsen: We train the call handlers of the Halden Police Service every spring.

Tomas Brandt: We get a grant from the Arnholt Foundation for our evening sessions.

Interviewer: And recording?

Mira Olsen: We share our incident figures with the Halden Police Service each quarter.

Tomas Brandt: Our volunteers sit on the board of Rook Lane Housing.
"""

LABELLED = """Interviewer: Who funds you?

P1 (Quarry Hill Women's Aid): We are funded by the Tolland Borough Council.

P2 (Greywater Tenants Union): We are funded by the Lysander Trust.

Interviewer: Anything else?

P1 (Quarry Hill Women's Aid): We refer women to the Tolland Borough Council housing team.

P2 (Greywater Tenants Union): Nothing more from us.
"""


def _pairs(ex) -> set[tuple[frozenset, str]]:
    return {(frozenset(e.parties), e.mode) for e in ex.engagements}


def test_front_matter_participants_speak_for_their_own_bodies(tmp_path):
    path = tmp_path / "paired.md"
    path.write_text(PAIRED, encoding="utf-8")
    ex = resolve(extract([read_document(path, "c/paired.md")]))
    pairs = _pairs(ex)
    assert (frozenset({"Juniper Deaf Access", "Halden Police Service"}), "training") in pairs
    assert (frozenset({"Pell Street Youth Club", "Arnholt Foundation"}), "funding") in pairs
    assert not any("Juniper Deaf Access" in p and "Arnholt Foundation" in p for p, _ in pairs)
    assert "Pell Street Youth Club" in {s.name for s in ex.stakeholders}
    speakers = {ev.speaker for e in ex.engagements for ev in e.evidence}
    assert speakers == {"Mira Olsen", "Tomas Brandt"}
    assert {p.pseudonym: p.organisation for p in ex.people}["Tomas Brandt"] == "Pell Street Youth Club"


def test_a_bracket_in_the_speaker_label_names_the_body(tmp_path):
    path = tmp_path / "group.md"
    path.write_text(LABELLED, encoding="utf-8")
    doc = read_document(path, "c/group.md")
    assert doc.kind == "transcript"
    ex = resolve(extract([doc]))
    pairs = _pairs(ex)
    assert (frozenset({"Quarry Hill Women's Aid", "Tolland Borough Council"}), "funding") in pairs
    assert (frozenset({"Greywater Tenants Union", "Lysander Trust"}), "funding") in pairs
    label = next(m for m in ex.mentions if m.name == "Greywater Tenants Union" and
                 m.evidence.extracted_by == "speaker-label")
    assert label.evidence.quote == "P2 (Greywater Tenants Union):"
