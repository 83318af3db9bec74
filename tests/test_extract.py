"""Extraction: tables, summaries and transcripts → mentions and records with evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from changemap.ingest.extract import extract, normalise_date, respondent_labels, split_list
from changemap.ingest.read import read_document
from changemap.model import Evidence, Extraction


@pytest.fixture
def read(tmp_path):
    """Write a file into a fresh corpus folder and read it, keyed like a build input."""

    def _read(name: str, text: str):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        return read_document(path, f"corpus/{name}")

    return _read


def all_evidence(ex: Extraction) -> list[Evidence]:
    out = [m.evidence for m in ex.mentions]
    for group in (ex.engagements, ex.moments, ex.findings, ex.events, ex.people):
        for record in group:
            out.extend(record.evidence)
    return out


def assert_evidence_quotes_documents(ex: Extraction) -> None:
    texts = {d.key: d.text for d in ex.documents}
    evidence = all_evidence(ex)
    assert evidence
    for ev in evidence:
        assert ev.quote == texts[ev.document][ev.start:ev.end], ev
        assert ev.quote and ev.quote == ev.quote.strip()


REGISTER = """\
Organisation,Type,Also known as,Target groups,Website
Wrenfield Deaf Advocacy Trust,CSO,WDAT;Wrenfield Deaf Trust,Disabled people;Race,wdat.example
Brackwater Constabulary,police,BC,LGBT;trans
Tollgate Mutual Aid,wizardry,,
Pellow Street Clinic,charity,,martians;older people
"""


# --- register --------------------------------------------------------------------------------


def test_register_rows_become_stakeholder_mentions_with_kind_aliases_and_groups(read):
    doc = read("register.csv", REGISTER)
    ex = extract([doc])
    by_name = {m.name: m for m in ex.mentions}
    wdat = by_name["Wrenfield Deaf Advocacy Trust"]
    assert wdat.authority == "register"
    assert wdat.kind == "cso"
    assert wdat.kind_reason == "stated in register corpus/register.csv"
    assert wdat.aliases == ("WDAT", "Wrenfield Deaf Trust")
    assert wdat.target_groups == ("disability", "race-ethnicity")
    assert wdat.properties == {"Website": "wdat.example"}
    assert wdat.evidence.quote == doc.blocks[0].text
    assert wdat.evidence.extracted_by == "register-row"
    police = by_name["Brackwater Constabulary"]
    assert police.kind == "public-authority"
    assert police.aliases == ("BC",)
    assert police.target_groups == ("lgbtq", "transgender")
    assert_evidence_quotes_documents(ex)


def test_unknown_kind_is_a_warning_naming_file_and_line_and_the_row_is_kept(read):
    ex = extract([read("register.csv", REGISTER)])
    tollgate = next(m for m in ex.mentions if m.name == "Tollgate Mutual Aid")
    assert tollgate.kind is None and tollgate.kind_reason == ""
    assert len(ex.problems) == 2  # the unknown kind here, an unknown target group on line 5
    problems = [p for p in ex.problems if "wizardry" in p.message]
    assert len(problems) == 1
    assert problems[0].severity == "warning"
    assert problems[0].path == "corpus/register.csv"
    assert problems[0].message.startswith("corpus/register.csv:4: 'wizardry' is not a known kind")
    assert "public-authority" in problems[0].message  # says what would be accepted


def test_unknown_target_group_is_a_warning_and_known_groups_are_kept(read):
    ex = extract([read("register.csv", REGISTER)])
    clinic = next(m for m in ex.mentions if m.name == "Pellow Street Clinic")
    assert clinic.kind == "cso"
    assert clinic.target_groups == ("older-people",)
    (problem,) = [p for p in ex.problems if "martians" in p.message]
    assert problem.message.startswith("corpus/register.csv:5: 'martians' is not a known target group")
    assert problem.severity == "warning"


def test_register_row_without_a_name_is_reported(read):
    ex = extract([read("register.csv", "name,kind\n,cso\nKestrel Food Bank,cso\n")])
    assert [m.name for m in ex.mentions] == ["Kestrel Food Bank"]
    assert any(p.message.startswith("corpus/register.csv:2: register row has no name") for p in ex.problems)


def test_split_list_accepts_semicolons_and_bars():
    assert split_list("a; b |c;;") == ["a", "b", "c"]
    assert split_list("") == [] and split_list(None) == []


# --- engagement list -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "mode"),
    [
        ("Data sharing", "data-sharing"),
        ("data-sharing & monitoring", "data-sharing"),
        ("Training", "training"),
        ("steering group", "strategic-group"),
        ("Strategic Group Membership", "strategic-group"),
        ("referral", "referral"),
        ("Guideline input", "guideline-input"),
    ],
)
def test_engagement_mode_labels_become_mode_keys(read, label, mode):
    ex = extract([read("links.csv", f"From,To,Engagement type\nWDAT,Brackwater Constabulary,{label}\n")])
    (engagement,) = ex.engagements
    assert engagement.mode == mode
    assert engagement.parties == ("WDAT", "Brackwater Constabulary")
    assert engagement.initiator == "WDAT"
    assert ex.problems == []


@pytest.mark.parametrize(
    ("cell", "years"),
    [("2019", {2019}), ("2018; 2021", {2018, 2021}), ("since 2016", {2016}), ("", set()), ("ongoing", set())],
)
def test_engagement_years_are_parsed(read, cell, years):
    ex = extract([read("links.csv", f"source,target,mode,year\nWDAT,BC,training,{cell}\n")])
    assert ex.engagements[0].years == years


def test_engagement_rows_cite_their_evidence_cell_or_row(read):
    doc = read("engagements.csv",
               "source,target,mode,year,sentiment,evidence,Contact\n"
               "WDAT,Brackwater Constabulary,training,2021,positive,Officers learned basic signing.,Ada\n"
               "WDAT,Brackwater Constabulary,referral,2022,,,\n")
    ex = extract([doc])
    first, second = ex.engagements
    assert first.evidence[0].quote == "Officers learned basic signing."
    assert first.sentiments == ["positive"]
    assert first.properties == {"Contact": "Ada"}
    assert second.evidence[0].quote == "WDAT,Brackwater Constabulary,referral,2022,,,"
    assert second.sentiments == []
    parties = sorted((m.name, m.authority) for m in ex.mentions)
    assert parties == [("Brackwater Constabulary", "table")] * 2 + [("WDAT", "table")] * 2
    assert_evidence_quotes_documents(ex)


def test_unknown_mode_is_reported_and_the_row_skipped(read):
    doc = read("links.csv",
               "From,To,Engagement type\n"
               "WDAT,Brackwater Constabulary,telepathy\n"
               "WDAT,Brackwater Constabulary,Training\n")
    ex = extract([doc])
    assert [e.mode for e in ex.engagements] == ["training"]
    (problem,) = ex.problems
    assert problem.message.startswith("corpus/links.csv:2: 'telepathy' is not a known mode")
    assert "data-sharing" in problem.message
    assert problem.severity == "warning"


def test_engagement_without_a_target_is_reported(read):
    ex = extract([read("links.csv", "From,To,Mode\nWDAT,,training\n")])
    assert ex.engagements == []
    message = ex.problems[0].message
    assert message.startswith("corpus/links.csv:2: engagement needs both a source and a target")


# --- timeline --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019", "2019"),
        ("2019-03", "2019-03"),
        ("2019-3", "2019-03"),
        ("2019-03-07", "2019-03-07"),
        ("2019/3/7", "2019-03-07"),
        (" 2020-02-29 ", "2020-02-29"),
        ("2019-13", None),
        ("2019-02-30", None),
        ("2019-04-31", None),
        ("March 2019", None),
        ("", None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_timeline_rows_become_moments_with_normalised_dates(read):
    doc = read("timeline.csv",
               "When,What happened,Direction,Drivers,Actors,Scale,Outcomes\n"
               "2019,Helpline opens,Forwards,funding,WDAT;Brackwater Constabulary,micro,More reports\n"
               "2019-3,Signing course starts,forward,leadership,,,\n"
               "2019-03-07,Grant withdrawn,backwards,funding|politics,,,\n")
    ex = extract([doc])
    assert [(m.label, m.date, m.direction) for m in ex.moments] == [
        ("Helpline opens", "2019", "forward"),
        ("Signing course starts", "2019-03", "forward"),
        ("Grant withdrawn", "2019-03-07", "backward"),
    ]
    first = ex.moments[0]
    assert first.drivers == ["funding"]
    assert first.actors == ["WDAT", "Brackwater Constabulary"]
    assert first.outcomes == ["More reports"]
    assert first.scale == "micro"
    assert ex.moments[2].drivers == ["funding", "politics"]
    assert sorted(m.name for m in ex.mentions) == ["Brackwater Constabulary", "WDAT"]
    assert all(m.authority == "table" for m in ex.mentions)
    assert ex.problems == []
    assert_evidence_quotes_documents(ex)


def test_invalid_date_is_reported_and_the_moment_kept_without_a_date(read):
    doc = read("timeline.csv",
               "date,label,direction\n2019-02-30,Office move,forward\nlate 2020,Board formed,forward\n")
    ex = extract([doc])
    assert [(m.label, m.date) for m in ex.moments] == [("Office move", None), ("Board formed", None)]
    messages = [p.message for p in ex.problems]
    assert messages[0].startswith(
        "corpus/timeline.csv:2: date '2019-02-30' is not YYYY, YYYY-MM or YYYY-MM-DD")
    assert messages[1].startswith("corpus/timeline.csv:3: date 'late 2020'")
    assert all("kept without a date" in m for m in messages)


def test_timeline_row_with_unknown_direction_is_skipped(read):
    doc = read("timeline.csv", "date,label,direction\n2021,Sideways step,sideways\n2022,Step,forward\n")
    ex = extract([doc])
    assert [m.label for m in ex.moments] == ["Step"]
    assert ex.problems[0].message.startswith("corpus/timeline.csv:2: 'sideways' is not a known direction")


# --- summaries -------------------------------------------------------------------------------

SUMMARY = """\
Fernbrook Listening Day 2023

Notes from the afternoon tables at the Fernbrook library.

What Works

Tables were asked what they would keep.

Shared Reporting

- The Wrenfield Deaf Advocacy Trust passes reports from Deaf people to the police each week.
* Weekly calls between partners kept everyone informed.

A paragraph without a marker says refugees now report through the library desk.

Barriers

Staffing

• Too few caseworkers for LGBT victims and for older people.

Next Steps

Joint Forms

1. Agree one reporting form across the partners.
"""


def test_summary_findings_take_type_from_category_and_theme_from_subheading(read):
    doc = read("listening-day.txt", SUMMARY)
    assert doc.kind == "summary"
    ex = extract([doc])
    found = [(f.finding_type, f.theme, f.text) for f in ex.findings]
    assert found == [
        ("good-practice", "Shared Reporting",
         "The Wrenfield Deaf Advocacy Trust passes reports from Deaf people to the police each week."),
        ("good-practice", "Shared Reporting", "Weekly calls between partners kept everyone informed."),
        ("good-practice", "Shared Reporting",
         "A paragraph without a marker says refugees now report through the library desk."),
        ("challenge", "Staffing", "Too few caseworkers for LGBT victims and for older people."),
        ("opportunity", "Joint Forms", "Agree one reporting form across the partners."),
    ]
    # The introduction directly under "What Works" is not a finding.
    assert all("would keep" not in f.text for f in ex.findings)
    assert {f.event for f in ex.findings} == {"Fernbrook Listening Day 2023"}
    assert [f.evidence[0].extracted_by for f in ex.findings] == [
        "summary-bullet", "summary-bullet", "summary-paragraph", "summary-bullet", "summary-bullet"]
    assert_evidence_quotes_documents(ex)


def test_summary_finding_strands_come_from_target_group_phrases(read):
    ex = extract([read("listening-day.txt", SUMMARY)])
    strands = [f.strands for f in ex.findings]
    assert strands[0] == ["disability"]  # "Deaf people"
    assert strands[1] == []
    assert strands[2] == ["refugees-migrants"]
    assert sorted(strands[3]) == ["lgbtq", "older-people"]


def test_summary_event_is_named_by_title_and_dated_by_year(read):
    ex = extract([read("listening-day.txt", SUMMARY)])
    (event,) = ex.events
    assert event.name == "Fernbrook Listening Day 2023"
    assert event.date == "2023"
    assert event.evidence[0].quote == "Fernbrook Listening Day 2023"


def test_markdown_summary_section_outside_the_categories_is_not_a_finding(read):
    doc = read("day.md", """\
# Riverside Forum 2022

## Good practice

Tables praised these.

### Youth outreach

- Sessions for young people in schools worked.

## Attendees

- Twelve people from the Kestrel Food Bank and the council.
""")
    ex = extract([doc])
    assert [(f.finding_type, f.theme, f.text) for f in ex.findings] == [
        ("good-practice", "Youth outreach", "Sessions for young people in schools worked."),
    ]
    assert ex.findings[0].strands == ["children-young-people"]


def test_bullet_directly_under_a_category_has_no_theme(read):
    ex = extract([read("s.txt", "Day Notes\n\nChallenges\n\n- Deadlines are too short.\n")])
    assert [(f.finding_type, f.theme) for f in ex.findings] == [("challenge", None)]


# --- transcripts -----------------------------------------------------------------------------

TRANSCRIPT = """\
---
title: Interview with a food bank volunteer
pseudonym: Participant K4
organisation: Riverside Pantry Society
organisation_kind: cso
role: Volunteer lead
consent: approved
---

Interviewer: Have you worked with the RPS and the police? I know the RPS has tried.

Respondent: Yes. We started a data exchange with the Glimmerdale Police in 2019. It went well.

Interviewer: And what about the rps files?

Respondent: Our rps files are private. Later the RPS trained new officers.
"""

GAZETTEER = ("name,kind,aliases\n"
             "Riverside Pantry Society,cso,RPS\n"
             "Glimmerdale Police Service,police,GPS;Glimmerdale Police\n")


def text_mentions(ex: Extraction) -> list[tuple[str, str, str | None]]:
    return [(m.name, m.evidence.quote, m.evidence.speaker) for m in ex.mentions if m.authority == "text"]


def test_respondent_sentence_naming_an_acronym_is_cited_with_the_pseudonym(read):
    ex = extract([read("register.csv", GAZETTEER), read("k4.md", TRANSCRIPT)])
    mentions = text_mentions(ex)
    assert ("Riverside Pantry Society", "Later the RPS trained new officers.", "Participant K4") in mentions
    assert ("Glimmerdale Police Service", "We started a data exchange with the Glimmerdale Police in 2019.",
            "Participant K4") in mentions
    assert_evidence_quotes_documents(ex)


def test_interviewer_sentences_are_not_attributed_to_the_respondent(read):
    ex = extract([read("register.csv", GAZETTEER), read("k4.md", TRANSCRIPT)])
    asked = [m for m in text_mentions(ex) if m[1].startswith(("Have you", "I know"))]
    assert asked == [
        ("Riverside Pantry Society", "Have you worked with the RPS and the police?", None),
        ("Riverside Pantry Society", "I know the RPS has tried.", None),
    ]


def test_acronyms_match_case_sensitively(read):
    ex = extract([read("register.csv", GAZETTEER), read("k4.md", TRANSCRIPT)])
    quotes = [q for _, q, _ in text_mentions(ex)]
    assert not any("rps files" in q for q in quotes)
    assert len([n for n, _, _ in text_mentions(ex) if n == "Riverside Pantry Society"]) == 3


def test_transcript_front_matter_gives_person_and_organisation(read):
    doc = read("k4.md", TRANSCRIPT)
    ex = extract([doc])
    (person,) = ex.people
    assert (person.pseudonym, person.organisation, person.role) == (
        "Participant K4", "Riverside Pantry Society", "Volunteer lead")
    assert person.evidence[0].quote == "Participant K4"
    (org,) = [m for m in ex.mentions if m.authority == "front-matter"]
    assert org.name == "Riverside Pantry Society"
    assert org.kind == "cso" and org.kind_reason == "stated in front matter of corpus/k4.md"
    assert org.evidence.quote == "Riverside Pantry Society"
    assert org.evidence.approved and org.evidence.speaker is None
    assert_evidence_quotes_documents(ex)


def test_capitalised_quoted_front_matter_keys_still_give_person_and_organisation(read):
    doc = read("k5.md", '---\nPseudonym: "Participant K5"\nOrganisation: "Kestrel Food Bank"\n---\n'
                        "Q: When did you start?\nA: In 2015.\nQ: Why?\nA: Need.\n")
    ex = extract([doc])
    assert [p.pseudonym for p in ex.people] == ["Participant K5"]
    assert [(m.name, m.evidence.quote) for m in ex.mentions] == [("Kestrel Food Bank", "Kestrel Food Bank")]
    assert_evidence_quotes_documents(ex)


def test_transcript_without_pseudonym_is_reported(read):
    ex = extract([read("t.txt", "Q: First?\nA: Yes.\nQ: Second?\nA: No.\n")])
    assert ex.people == []
    assert any("transcript has no 'pseudonym'" in p.message and p.message.startswith("corpus/t.txt:1:")
               for p in ex.problems)


def test_transcript_whose_turns_cannot_be_read_is_reported(read):
    ex = extract([read("t.md", "---\npseudonym: P1\norganisation: Wren Aid\n---\n\n"
                               "Asked about funding, she said it came late.\n\nShe went on about the police.\n")])
    (problem,) = [p for p in ex.problems if "no speaker turns" in p.message]
    assert problem.message.startswith("corpus/t.md:6:") and "'Interviewer:'" in problem.message
    fine = extract([read("u.md", "---\npseudonym: P1\n---\n\nQ: First?\n\nA: Yes.\n\nQ: Then?\n\nA: No.\n")])
    assert not [p for p in fine.problems if "no speaker turns" in p.message]


def test_quotes_from_unconsented_interviews_are_not_approved(read):
    text = TRANSCRIPT.replace("consent: approved", "consent: pending")
    ex = extract([read("register.csv", GAZETTEER), read("k4.md", text)])
    transcript_evidence = [ev for ev in all_evidence(ex) if ev.document == "corpus/k4.md"]
    assert transcript_evidence and not any(ev.approved for ev in transcript_evidence)


def test_initials_transcript_uses_interviewer_from_front_matter(read):
    doc = read("ab.md", "---\npseudonym: Participant J2\ninterviewer: LM\n---\n"
                        "LM: Tell me about the trust.\n\n"
                        "JT: The Riverside Pantry Society? We started it in 2012.\n\n"
                        "LM: And the police?\n\n"
                        "JT: Glimmerdale Police came later.\n")
    assert respondent_labels(doc) == {"JT"}
    ex = extract([read("register.csv", GAZETTEER), doc])
    speakers = {q: s for _, q, s in text_mentions(ex)}
    assert speakers == {
        "The Riverside Pantry Society?": "Participant J2",
        "Glimmerdale Police came later.": "Participant J2",
    }


def test_without_interviewer_label_the_one_asking_questions_is_the_interviewer(read):
    doc = read("xy.txt", "XY: Who funds you?\nZW: The council, mostly.\nXY: Since when?\nZW: Since 2010.\n")
    assert respondent_labels(doc) == {"ZW"}


def test_gazetteer_also_finds_names_in_summaries_without_a_speaker(read):
    summary = read("s.txt", "Day Notes\n\nBarriers\n\n- GPS was absent.\n")
    ex = extract([read("register.csv", GAZETTEER), summary])
    assert text_mentions(ex) == [("Glimmerdale Police Service", "GPS was absent.", None)]


def test_extract_on_no_documents_is_empty():
    ex = extract([])
    assert (ex.mentions, ex.findings, ex.problems) == ([], [], [])


def test_extraction_keys_documents_by_their_build_key(read, tmp_path):
    doc = read("register.csv", "name\nKestrel Food Bank\n")
    ex = extract([doc])
    assert ex.documents == [doc]
    assert ex.mentions[0].evidence.document == "corpus/register.csv"
    assert Path(doc.path).parent == tmp_path


def test_moments_in_an_answer_join_what_looks_back_and_skip_the_question(read):
    doc = read("t.md", (
        "---\npseudonym: R7\norganisation: Tallow Street Collective\ndate: 2024-05-02\n---\n\n"
        "Interviewer: What is your role?\n\nRespondent: I coordinate the drop-in.\n\n"
        "Interviewer: Which dealings with the authorities mattered most to you.\n\n"
        "Respondent: In May 2022 the Harwick City Council withdrew our grant with six weeks' notice. "
        "The drop-in closed that summer. That set us back years. "
        "The spring after, a new director took over at the council and she changed the whole tone. "
        "Last year the council cut our core grant again.\n"))
    ex = extract([doc])
    quotes = sorted(" ".join(ev.quote.split()) for m in ex.moments for ev in m.evidence)
    assert quotes == [
        "In May 2022 the Harwick City Council withdrew our grant with six weeks' notice.",
        "Last year the council cut our core grant again.",
        "The drop-in closed that summer. That set us back years.",  # what the closure did joins it
        "The spring after, a new director took over at the council and she changed the whole tone.",
    ]  # a sentence with a time of its own ("that summer", "the spring after") is an event of its own
    last = next(m for m in ex.moments if m.evidence[0].quote.startswith("Last year"))
    assert (last.date, last.direction) == ("2023", "backward")  # resolved with the interview date
    assert_evidence_quotes_documents(ex)


def test_a_rule_that_fails_on_one_sentence_loses_that_sentence_only(read, monkeypatch):
    import changemap.ingest.textpass as textpass

    real = textpass.find_engagements

    def failing(sent, *args, **kwargs):
        if "Quillon" in sent.text:
            raise StopIteration
        return real(sent, *args, **kwargs)

    monkeypatch.setattr(textpass, "find_engagements", failing)
    doc = read("s.txt", "We share data with Harwick Police Service every month.\n\n"
                        "Quillon Trust trained Harwick Police Service officers in 2021.\n\n"
                        "Harwick Police Service funded Marlow Refugee Network in 2022.\n")
    ex = extract([doc])
    assert {e.mode for e in ex.engagements} == {"funding"}  # the sentences either side are still read
    assert [p.severity for p in ex.problems] == ["warning"]
    assert "corpus/s.txt:3:" in ex.problems[0].message and "StopIteration" in ex.problems[0].message
