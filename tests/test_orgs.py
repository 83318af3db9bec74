"""Rule-based organisation recognition in running text (ingest/orgs.py) and kinds by name."""

from __future__ import annotations

import pytest

from changemap.ingest.kinds import acronym_kind, infer_kind
from changemap.ingest.nlp import PhraseIndex, pipeline
from changemap.ingest.orgs import find_organisations
from changemap.model import OrgMention


def mentions(text: str, gazetteer: PhraseIndex | None = None) -> list[OrgMention]:
    doc = pipeline()(text)
    found = find_organisations(doc, gazetteer)
    for m in found:  # every offset indexes the block's text, and nothing is cut mid-word
        surface = doc.text[m.start:m.end]
        assert surface and surface == surface.strip(), m
        assert m.start == 0 or not text[m.start - 1].isalnum(), m
        assert m.end == len(text) or not text[m.end].isalnum(), m
    assert [(m.start, m.end) for m in found] == sorted((m.start, m.end) for m in found)
    return found


def named(text: str, gazetteer: PhraseIndex | None = None) -> list[str]:
    """Names of the non-generic mentions."""
    return [m.name for m in mentions(text, gazetteer) if not m.generic]


def surfaces(text: str) -> list[tuple[str, str, str]]:
    """(name, surface, rule) of every mention."""
    return [(m.name, text[m.start:m.end], m.rule) for m in mentions(text)]


def one(text: str, name: str) -> OrgMention:
    found = [m for m in mentions(text) if m.name == name]
    assert len(found) == 1, (name, mentions(text))
    return found[0]


# --- head-final names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Our caseworkers refer people to Tarnbridge Constabulary every week.", ["Tarnbridge Constabulary"]),
        ("Volunteers from Fellside Deaf Advocacy Trust sat in on the review.", ["Fellside Deaf Advocacy Trust"]),
        ("The incident was logged by Corriemoor Roma Network and passed on.", ["Corriemoor Roma Network"]),
        ("We sent the figures to Lowther Bay Borough Council in the spring.", ["Lowther Bay Borough Council"]),
        ("A grant from the Pennant Hill Foundation paid for the interpreters.", ["Pennant Hill Foundation"]),
        ("Staff at Greyfriars Victim Care Service took the first calls.", ["Greyfriars Victim Care Service"]),
        ("Nobody at Quillan Street Tenants Association had heard of it.", ["Quillan Street Tenants Association"]),
        ("It was Ashgrove Interfaith Forum that kept the vigil going.", ["Ashgrove Interfaith Forum"]),
        ("The Brindle Community Watch rota covers the estate at night.", ["Brindle Community Watch"]),
        ("Kestrel Moor Disability Collective wrote the easy-read version.", ["Kestrel Moor Disability Collective"]),
        ("The St Aidan's Refugee Trust hosted the drop-in.", ["St Aidan's Refugee Trust"]),
        ("Later the Anti-Racism Coalition of Fellside joined them.", ["Anti-Racism Coalition of Fellside"]),
        ("She used to work at Harwell University before joining us.", ["Harwell University"]),
        ("Officers from the Brannock Regional Police Command came.", ["Brannock Regional Police Command"]),
        ("We pass such cases to the Selby University Law Clinic.", ["Selby University Law Clinic"]),
        ("Figures go each year to the Northern Council for Tolerance and Dignity.",
         ["Northern Council for Tolerance and Dignity"]),
        ("Cases go to the Tarnbridge Crown Court for sentencing.", ["Tarnbridge Crown Court"]),
    ],
)
def test_head_final_names(text, names):
    assert named(text) == names


def test_name_offsets_and_surface_match_the_text():
    text = "On Tuesday the Fellside Deaf Advocacy Trust met Tarnbridge Constabulary."
    assert surfaces(text) == [
        ("Fellside Deaf Advocacy Trust", "Fellside Deaf Advocacy Trust", "head"),
        ("Tarnbridge Constabulary", "Tarnbridge Constabulary", "head"),
    ]
    trust = one(text, "Fellside Deaf Advocacy Trust")
    assert (trust.start, trust.end) == (15, 43)
    assert trust.generic is False and trust.aliases == ()


def test_a_name_wrapped_over_a_line_break_is_one_name_with_single_spaces():
    text = "We met Corriemoor Roma\nNetwork last year."
    (m,) = mentions(text)
    assert m.name == "Corriemoor Roma Network"
    assert text[m.start:m.end] == "Corriemoor Roma\nNetwork"


def test_mentions_in_a_later_sentence_have_offsets_into_the_whole_block():
    text = "It was slow. Then Tarnbridge Constabulary changed its mind. Brindle Youth Trust cheered."
    assert surfaces(text) == [
        ("Tarnbridge Constabulary", "Tarnbridge Constabulary", "head"),
        ("Brindle Youth Trust", "Brindle Youth Trust", "head"),
    ]


# --- words capitalised only by position ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Yesterday Tarnbridge Constabulary said it would review the case.", ["Tarnbridge Constabulary"]),
        ("When the Pennant Hill Foundation withdrew, the project stalled.", ["Pennant Hill Foundation"]),
        ("Eventually Corriemoor Roma Network agreed to host it.", ["Corriemoor Roma Network"]),
        ("Unfortunately Greyfriars Victim Care Service had no interpreter.", ["Greyfriars Victim Care Service"]),
        ("- Invite Ashgrove Interfaith Forum to the next review.", ["Ashgrove Interfaith Forum"]),
        ("1. Fund Kestrel Moor Disability Collective for another year.", ["Kestrel Moor Disability Collective"]),
        ("In March Tarnbridge Constabulary changed its forms.", ["Tarnbridge Constabulary"]),
        ("Respondent: Honestly, Brindle Youth Trust did most of it.", ["Brindle Youth Trust"]),
        ('She said: "Ashgrove Interfaith Forum never asked us."', ["Ashgrove Interfaith Forum"]),
        ("Inspector Rowe of Tarnbridge Constabulary chaired it.", ["Tarnbridge Constabulary"]),
        ("Dr Amira Okafor from Harwell University spoke first.", ["Harwell University"]),
        ("Marta Voss of Fellside Deaf Advocacy Trust took notes.", ["Fellside Deaf Advocacy Trust"]),
    ],
)
def test_sentence_starters_titles_and_dates_are_not_glued_on(text, names):
    assert named(text) == names


def test_a_proper_first_word_at_the_start_of_a_sentence_is_kept():
    assert named("Corriemoor Roma Network wrote to us.") == ["Corriemoor Roma Network"]
    assert named("Pennant Hill Foundation pulled its funding.") == ["Pennant Hill Foundation"]


def test_a_trailing_possessive_is_not_part_of_the_name():
    text = "Tarnbridge Constabulary's new form and the Pennant Hill Foundation’s grant."
    assert surfaces(text) == [
        ("Tarnbridge Constabulary", "Tarnbridge Constabulary", "head"),
        ("Pennant Hill Foundation", "Pennant Hill Foundation", "head"),
    ]


# --- head-initial names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The Ministry of Home Affairs published the figures.", ["Ministry of Home Affairs"]),
        ("Guidance came from the Office for Equal Treatment last year.", ["Office for Equal Treatment"]),
        ("A delegation from the Council of Europe visited in May.", ["Council of Europe"]),
        ("We wrote to the Commissioner for Human Rights about it.", ["Commissioner for Human Rights"]),
        ("The Department of Justice and Integration never replied.", ["Department of Justice and Integration"]),
        ("The Commission against Racism and Intolerance came in 2022.", ["Commission against Racism and Intolerance"]),
        ("She sits on the Panel on Hate Crime Data for the region.", ["Panel on Hate Crime Data"]),
        ("Staff from the Office of the Victims' Commissioner attended.", ["Office of the Victims' Commissioner"]),
        ("The Tarnbridge Trust for Refugees runs the hostel.", ["Tarnbridge Trust for Refugees"]),
        ("Lowther Council of Churches signed the pledge.", ["Lowther Council of Churches"]),
    ],
)
def test_head_initial_names(text, names):
    found = [m for m in mentions(text) if not m.generic]
    assert [m.name for m in found] == names
    assert found[0].rule == "leading-head"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Pennant Hill Foundation on Monday said no.", ["Pennant Hill Foundation"]),
        ("We met Tarnbridge Constabulary in Lowther Bay.", ["Tarnbridge Constabulary"]),
        ("Brindle Youth Trust for Lowther Bay is new.", ["Brindle Youth Trust"]),
        ("The Ministry of Home Affairs Hate Crime Strategy was delayed.", ["Ministry of Home Affairs"]),
        ("The Council of Europe Convention was cited.", ["Council of Europe"]),
    ],
)
def test_a_tail_that_is_not_part_of_the_name_is_left_off(text, names):
    assert named(text) == names


# --- "and" inside a run ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Tarnbridge Constabulary and Lowther Bay Borough Council signed it.",
         ["Tarnbridge Constabulary", "Lowther Bay Borough Council"]),
        ("The Tarnbridge Police and Crime Commissioner funded the post.", ["Tarnbridge Police and Crime Commissioner"]),
        ("We briefed the Office of the Police and Justice Commissioner.",
         ["Office of the Police and Justice Commissioner"]),
        ("The Ministry of Justice and Integration and Brindle Youth Trust met.",
         ["Ministry of Justice and Integration", "Brindle Youth Trust"]),
        ("Victim Care and Tarnbridge Constabulary disagreed.", ["Tarnbridge Constabulary"]),
        ("Pennant Hill Foundation and Open Hands shared the costs.", ["Pennant Hill Foundation"]),
        ("Tarnbridge Constabulary and FDAT ran it together.", ["Tarnbridge Constabulary", "FDAT"]),
        ("Tarnbridge Fire and Rescue Service trained the wardens.", ["Tarnbridge Fire and Rescue Service"]),
        ("The Gypsy and Traveller Liaison Group met the Council of Europe and OSCE.",
         ["Gypsy and Traveller Liaison Group", "Council of Europe", "OSCE"]),
        ("Tarnbridge Constabulary and Greyfriars Victim Care Service met on Friday.",
         ["Tarnbridge Constabulary", "Greyfriars Victim Care Service"]),
        ("We launched it with Quayside Ferries and Lowther Bay Borough Council in June 2021.",
         ["Quayside Ferries", "Lowther Bay Borough Council"]),  # "Ferries" marks a body without a head
        ("We launched it with Quayside Moorings and Lowther Bay Borough Council in June 2021.",
         ["Lowther Bay Borough Council"]),
    ],
)
def test_and_splits_two_names_but_joins_one(text, names):
    assert named(text) == names


# --- possessives -------------------------------------------------------------------------------


def test_an_inner_possessive_after_a_name_splits_it():
    text = "Tarnbridge Constabulary's Hate Crime Unit took over."
    assert surfaces(text) == [
        ("Tarnbridge Constabulary", "Tarnbridge Constabulary", "head"),
        ("Hate Crime Unit", "Hate Crime Unit", "head"),
    ]


def test_an_inner_possessive_inside_a_name_stays():
    assert named("We met the Children's Commissioner and St Brigid's Trust.") == [
        "Children's Commissioner", "St Brigid's Trust"]
    assert named("A town's Brindle Youth Trust.") == ["Brindle Youth Trust"]


def test_commissioners_office_is_one_short_reference():
    (m,) = mentions("They phoned the Commissioner's Office twice.")
    assert (m.name, m.rule, m.generic, m.kind) == ("Commissioner's Office", "short-ref", False, "public-authority")


# --- short references --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("After that the Constabulary changed its forms.", "Constabulary", "public-authority"),
        ("The Trust paid for the translation.", "Trust", "cso"),
        ("We wrote to the Ministry twice.", "Ministry", "public-authority"),
        ("The Council never replied.", "Council", "public-authority"),
        ("The Prosecution Service now flags the cases.", "Prosecution Service", "public-authority"),
        ("A seat on the Strategic Board changed everything.", "Strategic Board", "public-authority"),
        ("Our Network has two paid staff.", "Network", "cso"),
        ("The Constabulary's team came to us.", "Constabulary", "public-authority"),
    ],
)
def test_a_definite_bare_head_is_a_short_reference(text, name, kind):
    (m,) = [m for m in mentions(text) if not m.generic]
    assert (m.name, m.rule, m.generic, m.kind) == (name, "short-ref", False, kind)
    assert text[m.start:m.end] == name


def test_short_reference_and_full_name_in_one_block():
    text = "Tarnbridge Constabulary signed up in 2019; since then the Constabulary has shared data monthly."
    assert surfaces(text) == [
        ("Tarnbridge Constabulary", "Tarnbridge Constabulary", "head"),
        ("Constabulary", "Constabulary", "short-ref"),
    ]


def test_a_bare_head_without_the_is_not_a_mention():
    assert named("Trust takes years to build.") == []
    assert named("Council tax went up again.") == []


def test_the_police_capitalised_is_generic_not_a_short_reference():
    (m,) = mentions("We reported it to the Police in the end.")
    assert (m.name, m.generic, m.rule, m.kind) == ("police", True, "generic", "public-authority")
    assert "We reported it to the Police in the end."[m.start:m.end] == "Police"


# --- descriptive names -------------------------------------------------------------------------


def test_descriptive_names_mid_sentence_or_with_the_are_names():
    assert named("We worked closely with Community Security Trust on it.") == ["Community Security Trust"]
    m = one("Officers from the National Crime Agency attended.", "National Crime Agency")
    assert (m.rule, m.kind) == ("head", "public-authority")


def test_descriptive_names_after_a_or_each_are_not_names():
    assert named("Every area should have a Hate Crime Unit.") == []
    assert named("Each Community Safety Partnership sets its own priorities.") == []


def test_descriptive_names_at_a_sentence_start_need_more_evidence():
    assert named("Disability Network members asked for step-free rooms.") == []
    assert named("Hate Crime Strategic Board (HCSB) met twice.") == ["Hate Crime Strategic Board"]


# --- acronyms ----------------------------------------------------------------------------------


def test_full_name_then_acronym_is_one_mention_with_the_alias():
    text = "We met the Fellside Deaf Advocacy Trust (FDAT) and later the FDAT board."
    found = mentions(text)
    first = found[0]
    assert (first.name, first.aliases, first.rule, first.kind) == (
        "Fellside Deaf Advocacy Trust", ("FDAT",), "acronym-expansion", "cso")
    assert text[first.start:first.end] == "Fellside Deaf Advocacy Trust (FDAT)"
    assert [(m.name, m.rule, m.kind) for m in found[1:]] == [("FDAT", "acronym", None)]


def test_acronym_then_full_name_is_one_mention_with_the_alias():
    text = "TCRN (Tarnbridge Community Roma Network) runs the helpline."
    (m,) = mentions(text)
    assert (m.name, m.aliases, m.rule) == ("Tarnbridge Community Roma Network", ("TCRN",), "acronym-expansion")
    assert text[m.start:m.end] == "TCRN (Tarnbridge Community Roma Network)"


def test_an_acronym_defines_a_descriptive_name():
    (m,) = mentions("Hate Crime Scrutiny Panel (HCSP) members read the files.")
    assert (m.name, m.aliases, m.kind) == ("Hate Crime Scrutiny Panel", ("HCSP",), "other")


def test_mixed_case_acronyms_in_brackets_are_aliases():
    (m,) = mentions("Funding came from the Ministry of Home Affairs (MoHA) in 2020.")
    assert (m.name, m.aliases) == ("Ministry of Home Affairs", ("MoHA",))


@pytest.mark.parametrize(
    ("text", "acronyms"),
    [
        ("Then the TCRN and the LBBC came to the table.", ["TCRN", "LBBC"]),
        ("It went to KVPS for a charging decision.", ["KVPS"]),
        ("The MoHA never answered our letters.", ["MoHA"]),
    ],
)
def test_standalone_acronyms_have_no_kind(text, acronyms):
    found = mentions(text)
    assert [(m.name, m.rule, m.kind, m.kind_reason) for m in found] == [(a, "acronym", None, "") for a in acronyms]


def test_acronyms_of_international_bodies_are_typed():
    found = mentions("Reports went to the OSCE, the EU and ODIHR.")
    assert [(m.name, m.kind) for m in found] == [
        ("OSCE", "international-body"), ("EU", "international-body"), ("ODIHR", "international-body")]
    assert found[0].kind_reason == "'OSCE' is the acronym of an international body"


@pytest.mark.parametrize(
    "text",
    [
        "Most LGBT and LGBTQ+ people never report to anyone.",
        "The UK figures for ASB are not comparable.",
        "We signed an MoU and sent the PDF to the CEO.",
        "Small NGOs and CSOs cannot afford the IT.",
        "During COVID the TV coverage dropped, OK?",
        "MK: Did you sign it?",
        "GOOD PRACTICE AND NEXT STEPS",
        "They said it was NOT acceptable.",
        "SB said the form was too long.",
    ],
)
def test_acronym_stop_list_speaker_labels_and_shouting(text):
    assert [m for m in mentions(text) if not m.generic] == []


def test_a_shouted_name_is_still_a_name():
    (m,) = mentions("TARNBRIDGE CONSTABULARY")
    assert (m.name, m.kind) == ("TARNBRIDGE CONSTABULARY", "public-authority")


# --- generic actors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("We went to the police and then to victim services.", [("police", "police"), ("victim services",
                                                                                         "victim services")]),
        ("Police officers and housing officers were both there.",
         [("police", "Police officers"), ("housing providers", "housing officers")]),
        ("Schools and social workers see it first.", [("schools", "Schools"), ("social services", "social workers")]),
        ("The council blamed the government.", [("local authorities", "council"), ("government", "government")]),
        ("Prosecutors rarely talk to the courts.", [("prosecutors", "Prosecutors"), ("courts", "courts")]),
        ("Local authorities fund community groups and charities.",
         [("local authorities", "Local authorities"), ("community groups", "community groups"),
          ("charities", "charities")]),
        ("The media and social media companies amplified it.",
         [("media", "media"), ("social media companies", "social media companies")]),
        ("Housing associations and landlords ignored the letters.",
         [("housing providers", "Housing associations"), ("housing providers", "landlords")]),
        ("Bus companies and employers signed the charter.",
         [("transport operators", "Bus companies"), ("businesses", "employers")]),
    ],
)
def test_generic_actors_get_normalised_labels(text, labels):
    found = mentions(text)
    assert all(m.generic and m.rule == "generic" for m in found)
    assert [(m.name, text[m.start:m.end]) for m in found] == labels


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the police", "public-authority"),
        ("victim services", "cso"),
        ("schools", "public-authority"),
        ("the media", "other"),
        ("tech companies", "private"),
        ("international organisations", "international-body"),
        ("housing teams", "other"),
    ],
)
def test_generic_actors_are_typed_with_a_reason(text, kind):
    (m,) = mentions(f"It was raised with {text} again.")
    assert m.kind == kind
    assert m.kind_reason.startswith("generic actor: ")


def test_a_named_body_wins_over_a_generic_inside_it():
    text = "Tarnbridge Police and the Lowther Bay Borough Council met victim services."
    assert [(m.name, m.generic) for m in mentions(text)] == [
        ("Tarnbridge Police", False), ("Lowther Bay Borough Council", False), ("victim services", True)]


def test_generic_guards_social_media_and_council_tax():
    assert mentions("It spread on social media and pushed council tax up.") == []


def test_generic_words_in_a_heading_name_a_theme_not_an_actor():
    assert mentions("Working With Schools And Housing Providers") == []


# --- things that are not organisations ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hate Crime Awareness Week ran for the third time.",
        "People downloaded the Safer Journeys app in their thousands.",
        "The Equal Treatment Act changed the recording rules.",
        "The Quarry Lane Inquiry report was damning.",
        "The Police Reform Act took effect in 2018.",
        "Victim Support and Empowerment",
        "Co-Produced Training For Officers",
        "Third-Party Reporting Centres",
        "Lowther Bay is a small port town.",
        "Amira Okafor and Tomas Reyes wrote the report.",
        "In January and February nothing happened.",
        "We met in Lowther Bay City Centre on Saturday.",
        "The Memorial Service was packed.",
        "A Focus Group of residents met twice.",
        "Civil Society has no seat at that table.",
        "Training for Police",
        "The Tarnbridge Hate Crime Partnership Day was well attended.",
        "The Safe Travel Charter covers every route.",
        "Seen and Heard Training Programme",
        "She chaired the Reporting Standards Review in 2020.",
        "Building Trust Through Positive Experiences",
        "Lack of Trust",
        "Mutual Trust",
        "Effective Partnership Working",
        "Strategic Partnership",
        "Restoring Trust took years.",
    ],
)
def test_events_laws_reports_places_people_and_headings_are_not_organisations(text):
    assert named(text) == []


def test_a_name_before_a_document_word_is_found_when_it_has_a_proper_modifier():
    assert named("The Tarnbridge Constabulary Hate Crime Strategy came out in May.") == ["Tarnbridge Constabulary"]
    assert named("The Lowther Bay Borough Council Housing Strategy ignored it.") == ["Lowther Bay Borough Council"]


def test_role_of_the_board_heading_gives_the_board_only():
    (m,) = mentions("The Role of the Strategic Board")
    assert (m.name, m.rule) == ("Strategic Board", "short-ref")


def test_head_of_and_chair_of_are_roles_not_names():
    text = "She is Head of Policy at Brindle Youth Trust and Chair of the Ashgrove Interfaith Forum."
    assert named(text) == ["Brindle Youth Trust", "Ashgrove Interfaith Forum"]


# --- gazetteer ---------------------------------------------------------------------------------


@pytest.fixture
def gazetteer() -> PhraseIndex:
    return PhraseIndex({
        "org:Fellside Deaf Advocacy Trust": ["Fellside Deaf Advocacy Trust", "FDAT", "Deaf Advocacy Trust"],
        "org:Open Hands": ["Open Hands", "Open Hands Collective"],
        "tg:disability": ["deaf people"],
    })


def test_gazetteer_matches_give_the_canonical_name(gazetteer):
    text = "Open Hands and FDAT briefed Tarnbridge Constabulary."
    found = mentions(text, gazetteer)
    assert [(m.name, text[m.start:m.end], m.rule) for m in found] == [
        ("Open Hands", "Open Hands", "gazetteer"),
        ("Fellside Deaf Advocacy Trust", "FDAT", "gazetteer"),
        ("Tarnbridge Constabulary", "Tarnbridge Constabulary", "head"),
    ]


def test_gazetteer_wins_where_it_overlaps_a_rule_match(gazetteer):
    text = "The Deaf Advocacy Trust trained deaf people as Open Hands Collective watched."
    found = mentions(text, gazetteer)
    assert [(m.name, m.rule) for m in found] == [
        ("Fellside Deaf Advocacy Trust", "gazetteer"), ("Open Hands", "gazetteer")]


def test_gazetteer_ignores_lower_case_text_and_other_keys(gazetteer):
    assert mentions("We keep open hands and open doors for deaf people.", gazetteer) == []


# --- kinds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "reason"),
    [
        ("Tarnbridge Prosecution Service", "public-authority", "name contains 'Prosecution'"),
        ("Fellside Probation Service", "public-authority", "name contains 'Probation'"),
        ("Greyfriars Victim Support Service", "cso", "name contains 'Support'"),
        ("Quayside Advice Service", "cso", "name contains 'Advice'"),
        ("Lowther Bay Borough Council", "public-authority", "name contains 'Borough Council'"),
        ("Lowther Bay Council", "public-authority", "name contains 'Council'"),
        ("Ashgrove Refugee Council", "cso",
         "'Council' follows the topic word 'Refugee': a community body, not local government"),
        ("Council for Racial Equality", "cso",
         "'Council for Racial' names an umbrella or advocacy body, not local government"),
        ("Council of Europe", "international-body", "name contains 'Council of Europe'"),
        ("Tarnbridge Hate Crime Strategic Board", "public-authority", "name contains 'Board'"),
        ("Hate Crime Unit", "public-authority", "name contains 'Unit'"),
        ("Harwell University", "other", "name contains 'University'"),
        ("Tarnbridge Trade Union", "other", "name contains 'Trade Union'"),
        ("EU Agency for Fundamental Rights", "international-body", "name contains 'EU'"),
        ("Equal Treatment Commission", "public-authority", "name contains 'Commission'"),
    ],
)
def test_kind_from_the_name_with_the_reason(name, kind, reason):
    assert infer_kind(name) == (kind, reason)


def test_kind_of_a_mention_comes_with_its_reason():
    m = one("Referrals go to Quayside Advice Service now.", "Quayside Advice Service")
    assert (m.kind, m.kind_reason) == ("cso", "name contains 'Advice'")


def test_acronym_kind_only_for_international_bodies():
    assert acronym_kind("ODIHR")[0] == "international-body"
    assert acronym_kind("TCRN") is None


# --- a realistic paragraph ---------------------------------------------------------------------


def test_a_turn_from_an_interview():
    text = ("Respondent: Back in 2018 the Pennant Hill Foundation paid for our first caseworker, and we started "
            "sending monthly figures to Tarnbridge Constabulary. Eventually the Constabulary's Hate Crime Unit "
            "asked the Ministry of Home Affairs and Integration for a shared form, but the council and housing "
            "officers never came to the table, and the Quarry Lane Inquiry report said nothing about it.")
    assert [(m.name, m.rule, m.generic) for m in mentions(text)] == [
        ("Pennant Hill Foundation", "head", False),
        ("Tarnbridge Constabulary", "head", False),
        ("Constabulary", "short-ref", False),
        ("Hate Crime Unit", "head", False),
        ("Ministry of Home Affairs and Integration", "leading-head", False),
        ("local authorities", "generic", True),
        ("housing providers", "generic", True),
    ]


# --- more edge cases ---------------------------------------------------------------------------


def test_two_word_name_without_a_head_before_and_is_not_glued_to_the_next_name():
    assert named("Open Hands and Disability Network staff met us.") == ["Disability Network"]


def test_company_names_end_in_a_legal_form_and_are_private():
    m = one("Drivers at Quayside Ferries Ltd log every incident.", "Quayside Ferries Ltd")
    assert (m.kind, m.kind_reason) == ("private", "name contains 'Ltd'")


def test_acronyms_with_symbols_are_not_organisations():
    assert mentions("The Q&A ran long and the R&D budget was cut.") == []


def test_two_acronyms_side_by_side_are_not_a_shouted_heading():
    assert [(m.name, m.kind) for m in mentions("Then UN CERD reviewed the country.")] == [
        ("UN", "international-body"), ("CERD", None)]


def test_a_community_council_of_a_faith_is_civil_society():
    assert infer_kind("Ashgrove Jewish Community Council")[0] == "cso"
    assert infer_kind("Fellside Victim Care Service") == ("cso", "name contains 'Victim'")
    assert one("We rang the Mayor's Office.", "Mayor's Office").kind == "public-authority"


def test_a_named_body_among_many_in_a_bullet():
    text = "• Tarnbridge Constabulary, Brindle Youth Trust, the Trust's volunteers and schools all took part."
    assert [(m.name, m.rule) for m in mentions(text)] == [
        ("Tarnbridge Constabulary", "head"), ("Brindle Youth Trust", "head"), ("Trust", "short-ref"),
        ("schools", "generic")]


def test_an_empty_or_lower_case_block_has_no_mentions():
    assert mentions("") == []
    assert mentions("nothing here but lower case words about trust, a union of sorts and the office.") == []


def test_a_proper_name_as_a_heading_is_still_a_name():
    assert named("Brindle Youth Trust") == ["Brindle Youth Trust"]
    assert named("Friends of Fellside Trust") == ["Fellside Trust"]


def test_of_tails_attach_after_a_proper_modifier_but_for_tails_need_topic_words():
    assert named("The Federal Ministry of the Interior funds it.") == ["Federal Ministry of the Interior"]
    assert named("We met Pennant Trust for Marram and the Glenholm Trust of Saltmarsh.") == [
        "Pennant Trust", "Glenholm Trust of Saltmarsh"]
    found = mentions("The Ostmark Association of Local Authorities (OALA) promised a template.")
    assert [(m.name, m.aliases) for m in found] == [("Ostmark Association of Local Authorities", ("OALA",))]


def test_a_head_initial_name_with_a_possessive_splits_from_what_it_owns():
    text = "The Ministry of Home Affairs's Hate Crime Working Group met quarterly."
    assert surfaces(text) == [
        ("Ministry of Home Affairs", "Ministry of Home Affairs", "leading-head"),
        ("Hate Crime Working Group", "Hate Crime Working Group", "head"),
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Islamic Council of Ostmark", "cso"),
        ("European Network Against Racism", "cso"),
        ("International Roma Women's Network", "cso"),
        ("European Court of Human Rights", "international-body"),
        ("European Commission against Racism and Intolerance", "international-body"),
    ],
)
def test_european_and_international_networks_of_csos_are_csos(name, kind):
    assert infer_kind(name)[0] == kind
