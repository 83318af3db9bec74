"""Recording systems, data flows and differences between systems, found in running text.

Every sentence here is written for these tests, set in an invented county
(Brennock) with bodies that appear nowhere in the example corpus.
"""

from __future__ import annotations

import pytest

from changemap.ingest.nlp import PhraseIndex, pipeline
from changemap.ingest.orgs import find_organisations
from changemap.ingest.recording import add_recording
from changemap.ingest.recsystems import infer_system_type
from changemap.model import Block, Document, Extraction

CSO = "Lantern Advice Centre"
POLICE = "Marlow Police"


def record(text: str, speaker_org: str | None = CSO, kind: str = "transcript",
           headings: tuple[str, ...] = ()) -> Extraction:
    """Run the recording pass over ``text`` as one block, as the text pass does."""
    doc = Document(path=None, key="t.md", text=text, sha256="0" * 64, kind=kind)
    block = Block("turn" if kind == "transcript" else "bullet", text, 0, len(text), headings=headings)
    sdoc = pipeline()(text)
    orgs = find_organisations(sdoc, PhraseIndex({}))
    out = Extraction()
    add_recording(doc, block, sdoc, orgs, "Interviewee X" if speaker_org else None, speaker_org, out)
    return out


def systems(text: str, **kw) -> set[tuple]:
    return {(s.operator, s.system_type, s.name) for s in record(text, **kw).recording_systems}


def flows(text: str, **kw) -> set[tuple]:
    return {(f.from_operator, f.to_operator) for f in record(text, **kw).data_flows}


# --- who runs which system -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Our casework database now holds about nine hundred incidents.", (CSO, None, None)),
    ("Marlow Police record it on their crime system.", (POLICE, "police-recording", None)),
    ("The Brennock Prosecution Office flags the case when a hate element is charged.",
     ("Brennock Prosecution Office", None, None)),
    ("Reports made through our third-party reporting site are anonymous.", (CSO, "third-party-reporting", None)),
    ("We run a yearly victim survey across the county.", (CSO, "victim-survey", None)),
    ("The Tilbury Trust's incident register goes back to 2009.", ("Tilbury Trust", None, None)),
    ("Every call is logged by the Ashby Council on a spreadsheet.", ("Ashby Council", None, None)),
    ("Incident reports made on the buses stay with the Greyline Bus Company.", ("Greyline Bus Company", None, None)),
])
def test_operator_of_a_system(text, expected):
    assert expected in systems(text)


def test_named_system_takes_the_operator_that_moved_to_it():
    found = systems("In 2021 the force switched to a records system called Beacon.", speaker_org=POLICE)
    assert (POLICE, None, "Beacon") in found


def test_named_channel_of_a_charity_is_third_party_reporting():
    found = systems("People can now use the Tilbury Trust's SafeCall app at any hour.")
    assert ("Tilbury Trust", "third-party-reporting", "SafeCall") in found


def test_a_type_phrase_in_apposition_types_the_named_system():
    found = systems("Since 2018 we have coordinated the Waymark network, the third-party reporting scheme here.")
    assert (CSO, "third-party-reporting", "Waymark") in found


def test_comparison_names_a_second_recorder():
    found = systems("Marlow Police flag hate crimes at twice the rate of the Ashby Police.", speaker_org=None)
    assert {s[0] for s in found} == {POLICE, "Ashby Police"}


@pytest.mark.parametrize("text", [
    "A shared database for all the partners would be a good idea.",  # an idea, nobody runs it
    "We would like our own database one day.",  # a wish
    "We are planning to launch a reporting app next spring.",  # a plan
    "We do not keep any records of the incidents people mention.",  # denied
    "Do you keep a register of incidents?",  # a question
    "Our recording guidance was rewritten last year.",  # "recording" modifies "guidance"
    "I think the figures are too low.",  # figures, but nobody's
])
def test_no_system(text):
    assert record(text).recording_systems == []


# --- data flows ----------------------------------------------------------------------------------


def test_sending_figures_with_frequency_and_what():
    out = record("Every month we send our figures to Marlow Police.")
    [f] = out.data_flows
    assert (f.from_operator, f.to_operator, f.what, f.frequency) == (CSO, POLICE, "our figures", "monthly")


@pytest.mark.parametrize(("when", "frequency"), [("every quarter", "quarterly"), ("once a year", "annually"),
                                                 ("twice a year", "twice a year"), ("weekly", "weekly"),
                                                 ("after a year of talks", None)])
def test_frequency_as_stated(when, frequency):
    [f] = record(f"We send an anonymised summary to Marlow Police {when}.").data_flows
    assert f.frequency == frequency and f.what == "an anonymised summary"


def test_indirect_object_receives():
    assert flows("The Tilbury Trust sent us their register for the spring.") == {("Tilbury Trust", CSO)}


def test_their_data_comes_to_us_refers_to_the_body_named_before():
    out = record("Ashby Council runs a hate incident reporting line. Their data comes to us once a quarter.")
    assert {(f.from_operator, f.to_operator, f.frequency) for f in out.data_flows} == {("Ashby Council", CSO,
                                                                                         "quarterly")}


def test_taking_an_extract_from_someone_elses_log():
    out = record("The Brennock City Council takes a weekly extract from our monitoring log.")
    assert {(f.from_operator, f.to_operator, f.frequency) for f in out.data_flows} == {
        (CSO, "Brennock City Council", "weekly")}


def test_reports_from_a_named_app_go_into_the_police_system():
    out = record("Reports from the Tilbury Trust's SafeCall app go straight into the Marlow Police system.")
    [f] = out.data_flows
    assert (f.from_operator, f.from_name, f.from_type, f.to_operator) == (
        "Tilbury Trust", "SafeCall", "third-party-reporting", POLICE)


def test_whatever_reaches_us_through_a_charity_is_a_channel_flow():
    out = record("Whatever reaches us from the estates comes through the Tilbury Trust, never directly.",
                 speaker_org=POLICE)
    [f] = out.data_flows
    assert (f.from_operator, f.from_type, f.to_operator) == ("Tilbury Trust", "third-party-reporting", POLICE)


def test_a_pronoun_for_reports_carries_the_flow():
    assert flows("We take the reports, and with consent they go to Marlow Police.") == {(CSO, POLICE)}


def test_agentless_passive_is_the_speakers_routine():
    out = record("Once a case is charged, the flag is passed to the court.", speaker_org="Brennock Prosecution Office")
    assert {(f.from_operator, f.to_operator) for f in out.data_flows} == {("Brennock Prosecution Office", "courts")}


def test_reports_from_our_app_go_into_the_police_system():
    assert flows("Reports from our app go straight into the police system.") == {(CSO, "police")}


def test_generic_prosecution_service_flags():
    found = systems("The prosecution service flags the case when hostility is evident.")
    assert ("prosecutors", None, None) in found


def test_passive_flow_with_agent():
    assert flows("The case file is passed to the Brennock Crown Court by the Brennock Prosecution Office.",
                 speaker_org=None) == {("Brennock Prosecution Office", "Brennock Crown Court")}


@pytest.mark.parametrize("text", [
    "Those logs stay with Greyline Coaches and never go to Marlow Police.",  # negated
    "Nothing flows back to us from Marlow Police.",  # nothing
    "What we'd really like is for Marlow Police to share their figures with us.",  # a wish
    "A monthly extract could be sent to the Tilbury Trust.",  # a proposal
    "We would like Marlow Police to share their crime data with us.",
    "Marlow Police refused to share their crime data with us.",  # a refusal
    "Marlow Police have promised to send us their figures next year.",  # a promise
    "Did you ever send your figures to Marlow Police?",  # a question
    "We send volunteers to the Marlow Police station every week.",  # people, not data
    "Our caseworkers refer victims to the Tilbury Trust.",  # a referral, not data
    "The best thing is the Data Sharing Protocol we have with Marlow Police.",  # a name, not a verb
])
def test_no_flow(text):
    assert record(text).data_flows == []


def test_no_flow_in_a_section_of_proposals():
    text = "Marlow Police should send their figures to the Tilbury Trust every quarter."
    assert record(text, speaker_org=None, kind="summary", headings=("Opportunities",)).data_flows == []
    assert record("Marlow Police send their figures to the Tilbury Trust every quarter.", speaker_org=None,
                  kind="summary", headings=("Opportunities",)).recording_systems == []


# --- differences between systems ----------------------------------------------------------------------


def test_two_recorders_in_one_sentence_are_a_difference():
    out = record("Marlow Police count crimes, whereas we count every incident people bring to us.")
    [finding] = out.findings
    assert finding.finding_type == "challenge"
    assert {op for op, _ in finding.systems} == {POLICE, CSO}
    assert finding.evidence[0].quote.startswith("Marlow Police count crimes")


def test_they_only_record_it_if_refers_back_to_the_body_just_named():
    out = record("Marlow Police keep a crime register. They only record it if the victim gives a statement.")
    [finding] = out.findings
    assert {op for op, _ in finding.systems} == {POLICE}


def test_ours_works_differently_compares_with_the_system_before():
    out = record("The police count crimes with a hostility flag. Ours works differently.")
    [finding] = out.findings
    assert finding.text == "Ours works differently."
    assert {op for op, _ in finding.systems} == {CSO, "police"}


@pytest.mark.parametrize("text", [
    "We have different priorities from Marlow Police.",  # no system
    "The new system is different from the old one.",  # nobody's system
    "Marlow Police record crimes with a flag for each strand.",  # one system, nothing compared
])
def test_no_difference(text):
    assert record(text).findings == []


def test_no_difference_finding_is_made_in_a_summary():
    text = "Marlow Police count crimes, whereas the Tilbury Trust counts every incident."
    assert record(text, speaker_org=None, kind="summary").findings == []
    assert {s.operator for s in record(text, speaker_org=None, kind="summary").recording_systems} == {
        POLICE, "Tilbury Trust"}


# --- types inferred from the operator ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("Ashby Constabulary", "public-authority", "police-recording"),
    ("Brennock Public Prosecutor", "public-authority", "prosecution-flag"),
    ("Brennock Crown Court", "public-authority", "court-records"),
    ("Tilbury Trust", "cso", "cso-monitoring"),
    ("Greyline Coaches", "private", "third-party-reporting"),
    ("Department of Home Affairs", "public-authority", None),
])
def test_infer_system_type(name, kind, expected):
    assert infer_system_type(name, kind) == expected
