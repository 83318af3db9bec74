"""Interview metadata in a separate table (ingest/interviews.py)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from changemap.cli import cli
from changemap.ingest.extract import extract
from changemap.ingest.read import discover, read_documents
from changemap.ingest.resolve import resolve

TABLE = """File,Participant,Affiliation,Org type,Role,Country,Date,Consent
t7-harbour.txt,Interviewee T7,Saltbridge Carers Trust,cso,Coordinator,Norland,2025-03-02,approved
T8-council,Interviewee T8,Mereford Borough Council,public authority,Officer,Norland,2025-03-09,no
missing-file.txt,Interviewee T9,Nowhere Trust,cso,,,,
"""

T7 = """Interviewer: Tell me about your partners.

Respondent: We share our monthly figures with Mereford Borough Council, and it has helped.

Interviewer: Anything else?

Respondent: Not really, we are small.
"""

T8 = """---
pseudonym: Interviewee T8
organisation: Mereford Council
---

Interviewer: Who do you fund?

Respondent: We fund Saltbridge Carers Trust for the evening line.

Interviewer: Since when?

Respondent: Since 2021.
"""


def corpus(tmp_path):
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "interviews.csv").write_text(TABLE, encoding="utf-8")
    (folder / "t7-harbour.txt").write_text(T7, encoding="utf-8")
    (folder / "T8-council.md").write_text(T8, encoding="utf-8")
    return folder


def extracted(folder):
    found, problems = discover([folder])
    docs = [d for path, key in found for d in read_documents(path, key)]
    return docs, resolve(extract(docs))


def test_a_table_row_makes_a_transcript_of_a_file_without_front_matter(tmp_path):
    docs, ex = extracted(corpus(tmp_path))
    t7 = next(d for d in docs if d.key.endswith("t7-harbour.txt"))
    assert t7.kind == "transcript" and t7.approved
    person = next(p for p in ex.people if p.pseudonym == "Interviewee T7")
    assert person.organisation == "Saltbridge Carers Trust" and person.role == "Coordinator"
    table = next(d for d in docs if d.kind == "interview-metadata")
    ev = person.evidence[0]
    assert ev.document == table.key and table.text[ev.start:ev.end] == "Interviewee T7"
    trust = next(s for s in ex.stakeholders if s.name == "Saltbridge Carers Trust")
    assert trust.kind == "cso" and "interview metadata" in trust.kind_reason
    # "we" in T7 is the organisation the table gives it
    assert any(set(e.parties) == {"Saltbridge Carers Trust", "Mereford Borough Council"}
               and e.mode == "data-sharing" for e in ex.engagements)
    quote = next(e for e in ex.engagements if e.mode == "data-sharing").evidence[0]
    assert quote.speaker == "Interviewee T7" and quote.approved


def test_front_matter_wins_and_unmatched_rows_are_reported(tmp_path):
    docs, ex = extracted(corpus(tmp_path))
    t8 = next(d for d in docs if d.key.endswith("T8-council.md"))
    assert t8.metadata["organisation"] == "Mereford Council"  # front matter kept
    assert t8.metadata["role"] == "Officer"  # a gap filled from the table
    messages = [p.message for p in ex.problems]
    assert any("interviews.csv:3" in m and "organisation 'Mereford Borough Council' differs" in m for m in messages)
    assert any("interviews.csv:4" in m and "missing-file.txt" in m and "names no document" in m for m in messages)


def test_a_build_with_a_metadata_table_conforms_to_the_shapes(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(corpus(tmp_path)), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build.json").read_text())
    assert report["validation"]["conforms"] is True


KEY_VALUE = """Interview with a prosecutor
Pseudonym: Officer K2
Organisation: Dunmere Prosecution Service
Consent: yes

INT: Could you describe your role?

KL: I coordinate hate crime cases. We share flagged case lists with Dunmere Police every month.

INT: And community groups?

KL: We consulted Open Lantern Trust on our victim letters in 2023.
"""


def test_key_value_lines_at_the_top_of_a_text_file_are_its_metadata(tmp_path):
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "k2.txt").write_text(KEY_VALUE, encoding="utf-8")
    docs, ex = extracted(folder)
    doc = docs[0]
    assert doc.kind == "transcript" and doc.approved and doc.title == "Interview with a prosecutor"
    assert doc.metadata["organisation"] == "Dunmere Prosecution Service"
    person = ex.people[0]
    assert (person.pseudonym, person.organisation) == ("Officer K2", "Dunmere Prosecution Service")
    assert doc.text[person.evidence[0].start:person.evidence[0].end] == "Officer K2"
    assert {(frozenset(e.parties), e.mode) for e in ex.engagements} == {
        (frozenset({"Dunmere Prosecution Service", "Dunmere Police"}), "data-sharing"),
        (frozenset({"Dunmere Prosecution Service", "Open Lantern Trust"}), "consultation")}
    assert not any("Officer K2" in s.name for s in ex.stakeholders)
