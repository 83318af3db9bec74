"""Named initiatives in running text, and the findings and initiatives queries."""

from __future__ import annotations

import pytest

from changemap.ingest.initiatives import find_initiatives
from changemap.ingest.nlp import pipeline
from changemap.model import OrgMention
from changemap.pipeline import build_corpus
from changemap.queries import run


def names(text, **kwargs):
    return [(i.name, i.initiative_type) for i in find_initiatives(pipeline()(text), **kwargs)]


@pytest.mark.parametrize("text,expected", [
    ("Last year we launched the Clear Path app for reporting.", [("Clear Path", "reporting-app")]),
    ("The Open Streets Charter was signed by nine bus firms.", [("Open Streets Charter", "charter")]),
    ('The "Stand Beside" campaign ran in every school.', [("Stand Beside", "campaign")]),
    ("Officers now attend Lantern Light training every spring.", [("Lantern Light", "training")]),
    ("The Data Quality Working Group meets monthly.", [("Data Quality Working Group", "strategic-group")]),
    ("Hate Crime Awareness Week brings the partners together.", [("Hate Crime Awareness Week", "event")]),
])
def test_named_initiatives(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "A working group was set up after the review.",
    "Training helped, but the app was hard to find.",
    "The cut closed nine of fourteen centres.",
    "Of course the programme changed over time.",
])
def test_no_name_no_initiative(text):
    assert names(text) == []


def test_short_reference_to_a_known_body_is_not_an_initiative():
    text = "The Strategic Board asked for better figures."
    assert names(text) == [("Strategic Board", "strategic-group")]
    assert names(text, org_names=frozenset({"riverton hate crime strategic board"})) == []


def test_owners_and_partners_come_from_the_sentence():
    doc = pipeline()("We designed the Clear Path app with Westmoor Police and Harbour Trust.")
    orgs = [OrgMention("Westmoor Police", doc.text.find("Westmoor"), doc.text.find(" and Harbour")),
            OrgMention("Harbour Trust", doc.text.find("Harbour Trust"), doc.text.find("."))]
    [found] = find_initiatives(doc, orgs, speaker_org="Open Lane Network")
    assert found.run_by == {"Open Lane Network"}
    assert found.partners == {"Westmoor Police", "Harbour Trust"}


def test_findings_and_initiatives_queries(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "register.csv").write_text("name,kind\nWestmoor Police,public-authority\nHarbour Trust,cso\n")
    (corpus / "summary.txt").write_text(
        "Regional Round Table 2025\n\nGood Practice\n\nSafer Travel for Disabled People\n\n"
        "- The Clear Path app, run by Harbour Trust with Westmoor Police, made reporting easier.\n\n"
        "Challenges\n\nStaffing\n\n- Trans people still report too little.\n")
    result = build_corpus([corpus], tmp_path / "out", outputs=False)
    assert result.validation.conforms, result.validation.violations[:3]
    findings = run("findings", result.store).to_dict(orient="records")
    good = next(f for f in findings if f["type"] == "good-practice")
    assert good["theme"] == "Safer Travel for Disabled People"
    assert good["strands"] == "Disability"  # from the theme heading
    assert good["about"] == "Clear Path"
    assert good["document"] == "c/summary.txt"
    challenge = next(f for f in findings if f["type"] == "challenge")
    assert challenge["strands"] == "Transgender"
    [initiative] = run("initiatives", result.store).to_dict(orient="records")
    assert initiative["name"] == "Clear Path" and initiative["type"] == "reporting-app"
    assert initiative["owners"] == "Harbour Trust" and initiative["partners"] == "Westmoor Police"
    assert initiative["findings"] == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Last year we started a project called Open Letters with the council.", ("Open Letters", "pilot")),
        ("The officer course, which is called See It Say It, runs twice a year.", ("See It Say It", "training")),
        ("Then there is Harbourline, the online reporting site we run.", ("Harbourline", "reporting-app")),
        ("It fed into the Regional Roundtable on Disability Hate Crime last spring.",
         ("Regional Roundtable on Disability Hate Crime", "forum")),
    ],
)
def test_initiatives_named_by_called_apposition_or_a_leading_type(text, expected):
    found = [(i.name, i.initiative_type) for i in find_initiatives(pipeline()(text))]
    assert expected in found


def test_a_person_in_apposition_is_no_initiative():
    assert find_initiatives(pipeline()("We met Ana Petrova, the chair of the steering group, in May.")) == []


def test_a_partnership_board_is_a_group_and_the_board_stands_for_it(tmp_path):
    from changemap.ingest.extract import extract
    from changemap.ingest.read import read_document
    from changemap.ingest.resolve import resolve

    path = tmp_path / "a.txt"
    path.write_text("We sit on the Fenmoor Hate Crime Partnership Board, which the Fenmoor City Council convenes. "
                    "The Partnership Board meets every quarter, and the Board has asked us for our figures.\n",
                    encoding="utf-8")
    ex = resolve(extract([read_document(path, "c/a.txt")]))
    assert "Fenmoor Hate Crime Partnership Board" not in {s.name for s in ex.stakeholders}
    board = [i for i in ex.initiatives if "Board" in i.name]
    assert [i.name for i in board] == ["Fenmoor Hate Crime Partnership Board"]
    assert len({ev.start for ev in board[0].evidence}) == 2  # named once, referred to once


def test_a_group_named_only_by_its_type_is_dropped_without_a_fuller_name(tmp_path):
    from changemap.ingest.extract import extract
    from changemap.ingest.read import read_document
    from changemap.ingest.resolve import resolve

    path = tmp_path / "a.txt"
    path.write_text("Our director chairs the Steering Group with Dunmore Police Service.\n", encoding="utf-8")
    ex = resolve(extract([read_document(path, "c/a.txt")]))
    assert not [i.name for i in ex.initiatives if i.name.endswith("Group")]


def test_a_body_sitting_on_a_named_group_is_not_one_name_with_it():
    from changemap.ingest.orgs import find_organisations

    doc = pipeline()("Since May the Authority on the National Hate Crime Working Group has sent a deputy.")
    names = {m.name for m in find_organisations(doc) if not m.generic}
    assert not any(n.startswith("Authority on") for n in names)


def test_a_working_group_named_with_its_topic_after_it_is_no_body(tmp_path):
    from changemap.ingest.extract import extract
    from changemap.ingest.read import read_document
    from changemap.ingest.resolve import resolve

    path = tmp_path / "a.txt"
    path.write_text("The Ministry of Justice chairs the Interministerial Working Group on Hate Crime, and "
                    "Dunmore Police Service sits on it.\n", encoding="utf-8")
    ex = resolve(extract([read_document(path, "c/a.txt")]))
    assert "Interministerial Working Group on Hate Crime" not in {s.name for s in ex.stakeholders}
    assert {"Ministry of Justice", "Dunmore Police Service"} <= {s.name for s in ex.stakeholders}
