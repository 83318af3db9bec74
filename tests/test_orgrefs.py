"""Names without head words (ingest/orghints.py) and references across a document (ingest/orgrefs.py)."""

from __future__ import annotations

import pytest

from changemap.ingest.extract import extract
from changemap.ingest.nlp import PhraseIndex, pipeline
from changemap.ingest.orgrefs import link_references, short_form_map, tied_generics
from changemap.ingest.orgs import find_organisations
from changemap.ingest.read import read_document
from changemap.ingest.resolve import resolve
from changemap.model import OrgMention


def rules(text: str) -> list[tuple[str, str]]:
    return [(m.name, m.rule) for m in find_organisations(pipeline()(text)) if not m.generic]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Complaints from tenants of Marlow Vale Homes now reach us within a day.", "Marlow Vale Homes"),
        ("Pennine Coast Rail put our posters in every carriage.", "Pennine Coast Rail"),
        ("We asked Oriel Rights Kastora to read the letter first.", "Oriel Rights Kastora"),
        ("Volunteers from Tamsin Carer Aid answered the phones.", "Tamsin Carer Aid"),
        ("The match against Fenwick Rovers was the first with the new banners.", "Fenwick Rovers"),
    ],
)
def test_a_hint_word_and_a_proper_word_make_a_name_without_a_head(text, name):
    assert (name, "hinted") in rules(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We rang Lantern, a small charity for widowed women, the same afternoon.", "Lantern"),
        ("After that Kestrel Lane, the largest landlord in the borough, changed its letters.", "Kestrel Lane"),
        ("Training came from the charity Mosaic Kin in the end.", "Mosaic Kin"),
        ("Last year Brindle trained Okapo's support staff to spot abuse in complaints.", "Okapo"),
        ("The module was written with Tessary, whose staff drafted the scenarios.", "Tessary"),
        ("Harrow Nine, whose trust and safety team came for the whole day, listened.", "Harrow Nine"),
        ("The firm that cleans the depot, Brantwell Facilities, never wrote back.", "Brantwell Facilities"),
        ("Orvane's head office sent a standard reply.", "Orvane"),
    ],
)
def test_an_apposition_or_a_noun_before_it_says_a_run_is_a_body(text, name):
    assert (name, "described") in rules(text)


def test_a_football_club_abbreviation_is_a_head():
    assert ("Dunmore Athletic FC", "head") in rules("Dunmore Athletic FC lent us the pitch.")
    assert ("Carvell AFC", "head") in rules("We met Carvell AFC twice.")


@pytest.mark.parametrize("text", [
    "The report that came out in spring, Counted Again, was thin.",  # no organisation noun before the comma
    "A charity in Leeds, and then Brantwell, rang.",  # "and" breaks the apposition
    "Maria's office was closed.",
])
def test_a_run_without_a_description_is_not_described(text):
    assert not [n for n, rule in rules(text) if rule == "described"]


@pytest.mark.parametrize(
    "text",
    [
        "We met Ana Petrova, the chair of the group, at the station.",  # a person: the noun is not the head
        "Safe Voices, a pilot in three colleges, ends in June.",  # the apposition calls it a pilot
        "Only two colleges joined the Safe Voices pilot.",  # a thing named before an initiative noun
        "Victim Care was the theme of the afternoon.",  # no proper word
        "We met outside Harlow Rail Station on Friday.",  # a place
    ],
)
def test_people_places_and_named_things_are_not_bodies(text):
    assert [r for r in rules(text) if r[1] in {"hinted", "described"}] == []


def test_a_three_word_name_opening_a_sentence_still_counts():
    assert ("Signal Deaf Collective", "head") in rules("Signal Deaf Collective, for instance, never rang us.")
    assert rules("Mutual Trust matters.") == []


def test_a_body_in_the_gazetteer_defines_its_bracketed_acronym_here_too():
    gazetteer = PhraseIndex({"org:Tolland Safety Unit": ["Tolland Safety Unit"]})
    found = find_organisations(pipeline()("The Tolland Safety Unit (TSU) opened in 2019."), gazetteer)
    assert [(m.name, m.aliases, m.rule) for m in found] == [("Tolland Safety Unit", ("TSU",), "gazetteer")]


def test_short_references_chain_to_the_longest_name_they_shorten():
    found = [OrgMention("Kestrel Borough Hate Crime Strategic Board", 0, 10, rule="gazetteer"),
             OrgMention("Strategic Board", 20, 35, rule="short-ref"),
             OrgMention("Board", 40, 45, rule="short-ref"),
             OrgMention("Prosecutor's Office", 50, 69, rule="short-ref"),
             OrgMention("Office of the Regional Prosecutor", 70, 100, rule="leading-head")]
    assert [m.name for m in link_references(found, frozenset())] == [
        "Kestrel Borough Hate Crime Strategic Board", "Kestrel Borough Hate Crime Strategic Board",
        "Kestrel Borough Hate Crime Strategic Board", "Office of the Regional Prosecutor",
        "Office of the Regional Prosecutor"]


def test_short_forms_only_where_they_fit_one_name():
    forms = short_form_map({"Signal Deaf Collective": "cso", "Fenwick Athletic Football Club": "private",
                            "Fenwick City Council": "public-authority", "Marlow Vale Homes": "other",
                            "Marlow Tenants Forum": "cso"})
    assert forms["Signal"] == ("Signal Deaf Collective", True)
    assert forms["Fenwick Athletic"] == ("Fenwick Athletic Football Club", False)
    assert "Fenwick" not in forms and "Marlow" not in forms  # two names open with these


TRANSCRIPT = """---
pseudonym: Participant Q2
organisation: Tolland Safety Unit
---

Interviewer: Who do you work with?

Respondent: Quill Deaf Arts Collective trains our call handlers twice a year, and Quill's members check our letters.
We rang Lantern, a small charity for widowed women, about the leaflets. Later Lantern sent two volunteers.

Interviewer: Anyone else?

Respondent: We also ran a poster campaign with Fenwick Athletic Football Club. Fenwick Athletic paid for the printing.
"""


def test_a_document_repeats_its_names_by_short_forms_and_without_context(tmp_path):
    path = tmp_path / "q2.md"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    ex = resolve(extract([read_document(path, "corpus/q2.md")]))
    by_quote = {(m.name, m.evidence.quote) for m in ex.mentions}
    assert ("Quill Deaf Arts Collective", "Quill Deaf Arts Collective trains our call handlers twice a year, "
            "and Quill's members check our letters.") in by_quote
    assert ("Lantern", "Later Lantern sent two volunteers.") in by_quote
    assert ("Fenwick Athletic Football Club", "Fenwick Athletic paid for the printing.") in by_quote
    names = {s.name for s in ex.stakeholders}
    assert {"Quill", "Fenwick Athletic"} & names == set()


def test_a_name_described_in_one_document_is_found_in_another(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "notes.txt").write_text("Since 2023 Pellucid's caseworkers have read closed files with us.\n",
                                      encoding="utf-8")
    (folder / "q3.md").write_text(TRANSCRIPT.replace(
        "We also ran a poster campaign with Fenwick Athletic Football Club.",
        "We also share our monthly figures with Pellucid."), encoding="utf-8")
    docs = [read_document(p, f"corpus/{p.name}") for p in sorted(folder.iterdir())]
    ex = resolve(extract(docs))
    assert ("Pellucid", "We also share our monthly figures with Pellucid.") in {
        (m.name, m.evidence.quote) for m in ex.mentions}
    assert any(set(e.parties) == {"Tolland Safety Unit", "Pellucid"} and e.mode == "data-sharing"
               for e in ex.engagements)


def test_numbered_category_headings_still_sort_a_summary(tmp_path):
    path = tmp_path / "day.md"
    path.write_text("# Practitioner day\n\n## 1. What works\n\n### Reporting\n\n- The app is used.\n\n"
                    "## 2. Barriers\n\n### Trust\n\n- People fear the police.\n", encoding="utf-8")
    doc = read_document(path, "corpus/day.md")
    ex = extract([doc])
    assert doc.kind == "summary"
    assert [(f.finding_type, f.theme) for f in ex.findings] == [("good-practice", "Reporting"), ("challenge", "Trust")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The Norland Human Rights and Equality Commission met us.", ["Norland Human Rights and Equality Commission"]),
        ("Volunteers from Corran Pride and Seafarers' Voice read the files.", ["Corran Pride", "Seafarers' Voice"]),
        ("We asked to join the Ministry of Justice and Home Affairs' Data Working Group in May.",
         ["Ministry of Justice and Home Affairs", "Data Working Group"]),
        ("We wrote to the Children's Commissioner and St Brigid's Trust.",
         ["Children's Commissioner", "St Brigid's Trust"]),
    ],
)
def test_and_joins_topic_words_and_splits_two_headless_names(text, names):
    assert [n for n, _ in rules(text)] == names


def test_a_block_in_capitals_has_no_acronyms():
    assert rules("WHAT GETS IN THE WAY OF REPORTING") == []
    assert ("NHCU", "acronym") in rules("We rang the NHCU twice.")


@pytest.mark.parametrize(
    "text",
    [
        "Our members include LGBTIQ+ people from every province.",
        "The Senior Public Prosecutor rang us in May.",
        "We sent the PDFs on Monday.",
        "WHAT WORKS",
    ],
)
def test_group_labels_titles_plurals_and_headings_are_no_bodies(text):
    assert rules(text) == []


def test_a_word_the_corpus_calls_a_system_is_no_acronym_of_a_body(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("The police moved to the VESTA system in 2021.\n\nWe check our list against VESTA monthly.\n",
                    encoding="utf-8")
    ex = extract([read_document(path, "corpus/notes.txt")])
    assert not any(m.name == "VESTA" for m in ex.mentions)


def test_an_academy_is_a_body():
    found = rules("Trainers from the Judicial Academy of Norland came.")
    assert ("Judicial Academy of Norland", "leading-head") in found


def test_a_one_word_short_form_counts_mid_sentence_but_not_after_a_place_preposition():
    from changemap.ingest.orgrefs import short_form_map, short_forms

    forms = short_form_map({"Transvia Regional Buses": "private"})
    sdoc = pipeline()("Since then Transvia send us a copy. Most drivers in Transvia are local.")
    assert [(sdoc.text[m.start:m.end], m.name) for m in short_forms(sdoc, forms, [])] == [
        ("Transvia", "Transvia Regional Buses")]


def test_a_short_reference_finds_a_full_name_given_in_another_document(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("We met the Federal Prosecution Service in May.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Last year the Prosecution Service sent us the draft of its guidance.\n",
                                  encoding="utf-8")
    docs = [read_document(p, f"c/{p.name}") for p in sorted(folder.iterdir())]
    ex = resolve(extract(docs))
    assert {m.name for m in ex.mentions if m.evidence.document == "c/b.txt"} == {"Federal Prosecution Service"}


def test_a_front_matter_organisation_with_a_unit_after_a_comma_keeps_the_body_as_alias(tmp_path):
    path = tmp_path / "t.md"
    path.write_text(TRANSCRIPT.replace("organisation: Tolland Safety Unit",
                                       'organisation: "Tolland Safety Unit, North Office"'), encoding="utf-8")
    ex = resolve(extract([read_document(path, "corpus/t.md")]))
    unit = next(s for s in ex.stakeholders if s.name.startswith("Tolland Safety Unit"))
    assert unit.name == "Tolland Safety Unit, North Office" and "Tolland Safety Unit" in unit.aliases


def test_a_short_reference_finds_a_body_written_under_the_alias_of_a_front_matter_name(tmp_path):
    text = ('---\npseudonym: Officer K\norganisation: "Marrow State Audit Office, Eastern Branch"\n---\n\n'
            "Interviewer: What is your role?\n\n"
            "Respondent: I lead the hate crime desk of the Marrow State Audit Office (MSAO). "
            "The Office shares its findings with Beacon Aid every spring.\n")
    path = tmp_path / "t.md"
    path.write_text(text, encoding="utf-8")
    ex = resolve(extract([read_document(path, "corpus/t.md")]))
    assert {s.name for s in ex.stakeholders} >= {"Marrow State Audit Office, Eastern Branch", "Beacon Aid"}
    assert "Office" not in {s.name for s in ex.stakeholders}
    assert [(set(e.parties), e.mode) for e in ex.engagements] == [
        ({"Marrow State Audit Office, Eastern Branch", "Beacon Aid"}, "data-sharing")]


@pytest.mark.parametrize("short", ["the Regional Police", "the Municipal Council", "the District Council"])
def test_a_level_word_and_a_head_after_the_is_a_short_reference(tmp_path, short):
    full = {"the Regional Police": "Osterfeld Regional Police", "the Municipal Council": "Brenmark Municipal Council",
            "the District Council": "Hallow Vale District Council"}[short]
    path = tmp_path / "a.txt"
    path.write_text(f"We first met {full} in 2019. Since then {short} has sent two officers to every meeting.\n",
                    encoding="utf-8")
    ex = resolve(extract([read_document(path, "c/a.txt")]))
    assert {s.name for s in ex.stakeholders if not s.generic} == {full}


def test_a_name_owning_a_register_or_form_is_a_body_across_the_corpus(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Most people still use Lumenhall's form rather than ringing the police.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Every quarter we send our incident list to Lumenhall in Brackley.\n",
                                  encoding="utf-8")
    docs = [read_document(p, f"c/{p.name}") for p in sorted(folder.iterdir())]
    ex = resolve(extract(docs))
    found = {(m.name, m.evidence.document) for m in ex.mentions if not m.generic}
    assert {("Lumenhall", "c/a.txt"), ("Lumenhall", "c/b.txt")} <= found
    assert "Brackley" not in {s.name for s in ex.stakeholders}


def test_a_later_shorter_name_or_an_owner_s_office_stands_for_the_full_name():
    found = [OrgMention("Dravonian Statistical Institute", 0, 31, rule="head"),
             OrgMention("Office of the Chief Prosecutor", 40, 70, rule="leading-head"),
             OrgMention("Statistical Institute", 80, 101, rule="head"),
             OrgMention("Chief Prosecutor's Office", 110, 135, rule="head"),
             OrgMention("Continental Council for Equality and Tolerance", 140, 186, rule="leading-head"),
             OrgMention("Council", 190, 197, rule="short-ref")]
    assert [m.name for m in link_references(found, frozenset())][2:] == [
        "Dravonian Statistical Institute", "Office of the Chief Prosecutor",
        "Continental Council for Equality and Tolerance", "Continental Council for Equality and Tolerance"]
    # A shorter name told first is a body of its own, not a shortening.
    first = [OrgMention("Statistical Institute", 0, 21, rule="head"),
             OrgMention("Dravonian Statistical Institute", 30, 61, rule="head")]
    assert [m.name for m in link_references(first, frozenset())] == [
        "Statistical Institute", "Dravonian Statistical Institute"]


def test_a_lower_case_head_after_the_points_at_the_one_body_of_the_document_with_it():
    text = ("Officers of the Brannock Regional Police Command came. Every quarter we get a spreadsheet from the "
            "command's analysts. The foundation of everything was trust, and the council never rang.")
    found = link_references(find_organisations(pipeline()(text)), frozenset())
    assert [(m.name, m.rule) for m in found if not m.generic] == [
        ("Brannock Regional Police Command", "head"), ("Brannock Regional Police Command", "lower-ref-linked")]
    alone = link_references(find_organisations(pipeline()("We rang the observatory twice.")), frozenset())
    assert [m.rule for m in alone] == ["lower-ref"]  # nothing to point at: build drops it (textpass)


def _block(text: str) -> list[OrgMention]:
    return find_organisations(pipeline()(text))


def test_a_generic_actor_stands_for_the_one_named_body_of_its_sort_in_the_document():
    text = ("The Fenmoor Constabulary opened a desk. Later the police trained our volunteers, and police officers "
            "came to the drop-in. The council never rang. The Fenmoor Police Complaints Commissioner looked on.")
    tied = tied_generics({0: _block(text)}, {0: text})[0]
    assert [(m.name, m.rule, text[m.start:m.end]) for m in tied if m.rule == "generic-linked"] == [
        ("Fenmoor Constabulary", "generic-linked", "police"),
        ("Fenmoor Constabulary", "generic-linked", "police officers")]
    assert [m.name for m in tied if m.generic] == ["local authorities"]  # no council is named
    # The interviewee's own organisation counts as one of the document's bodies.
    own = "We met the council twice."
    assert [m.name for m in tied_generics({0: _block(own)}, {0: own}, own="Dunmere City Council")[0]] == [
        "Dunmere City Council"]
    # Two bodies of the sort: "the police" cannot be tied to either.
    two = "The Fenmoor Constabulary and the Ashby Police Service met. The police agreed."
    assert [m.generic for m in tied_generics({0: _block(two)}, {0: two})[0]] == [False, False, True]


def test_a_bare_head_stands_for_the_body_not_called_by_a_longer_short_form():
    found = [OrgMention("Corrow Regional Police Service", 0, 30, rule="head"),
             OrgMention("Corrow Public Prosecution Service", 40, 73, rule="head"),
             OrgMention("Prosecution Service", 80, 99, rule="short-ref"),
             OrgMention("Service", 110, 117, rule="short-ref")]
    assert [m.name for m in link_references(found, frozenset())][2:] == [
        "Corrow Public Prosecution Service", "Corrow Regional Police Service"]


def test_a_bare_head_before_any_candidate_is_named_takes_the_next_one_named():
    found = [OrgMention("Service", 0, 7, rule="short-ref"),
             OrgMention("Police Service of Tarrow", 20, 44, rule="leading-head"),
             OrgMention("Tarrow Courts Service", 60, 81, rule="head")]
    assert link_references(found, frozenset())[0].name == "Police Service of Tarrow"


def test_a_part_of_the_one_body_of_a_sort_stands_for_it():
    text = ("The Fenmoor Constabulary and Ashby District Council met. Our extract goes to the division's analysts, "
            "and the county's community safety team came. We live in the county; the division of labour is fair.")
    tied = tied_generics({0: _block(text)}, {0: text})[0]
    assert [(m.name, text[m.start:m.end]) for m in tied if m.rule == "generic-linked"] == [
        ("Fenmoor Constabulary", "division"), ("Ashby District Council", "county's")]
