"""Pivotal moments found in running text: cue, label, date, direction, drivers, actors, outcomes, scale.

Every sentence here was written for these tests (fictional places and
organisations), in the register of interview answers.
"""

from __future__ import annotations

import pytest

from changemap.ingest.moments import find_moments
from changemap.ingest.nlp import pipeline
from changemap.model import OrgMention

BPS = "Brackley Police Service"
DFC = "Department for Communities"
TCC = "Tamsworth City Council"
ALT = "Amber Light Trans Collective"
ORGS = [BPS, DFC, TCC, ALT, "the police"]


def mentions(text: str) -> list[OrgMention]:
    out = []
    for name in ORGS:
        start = text.find(name)
        while start >= 0:
            out.append(OrgMention(name, start, start + len(name), generic=name.islower()))
            start = text.find(name, start + len(name))
    return out


def moments(text: str, context_year: int | None = None):
    doc = pipeline()(text)
    orgs = mentions(text)
    found = []
    for sent in doc.sents:
        inside = [o for o in orgs if sent.start_char <= o.start < sent.end_char]
        found += find_moments(sent, inside, context_year)
    return found


def one(text: str, context_year: int | None = None):
    found = moments(text, context_year)
    assert len(found) == 1, found
    return found[0]


def test_turning_point_with_an_incident() -> None:
    m = one("The killing of Amira Haddad in 2012 was the turning point for the whole force.")
    assert (m.label, m.direction, m.date, m.drivers) == ("Killing of Amira Haddad", "forward", "2012", ("incident",))
    assert m.cue == "turning point"


def test_after_an_inquiry_report_with_month_and_actor() -> None:
    m = one(f"After the Whitcombe Review was published in March 2016, {BPS} rewrote its recording policy.")
    assert m.label == "Whitcombe Review"
    assert m.date == "2016-03"
    assert m.direction == "forward"
    assert "inquiry" in m.drivers and "incident" not in m.drivers
    assert m.actors == (BPS,)
    assert m.scale == "macro"


def test_funding_cut_is_backward() -> None:
    m = one(f"When the {DFC} cut the hate crime fund in 2020, three of our projects closed.")
    assert m.direction == "backward"
    assert m.date == "2020"
    assert "funding" in m.drivers
    assert m.actors == (DFC,)


def test_event_as_cause_with_outcome() -> None:
    m = one("The 2019 thematic inspection led to every officer in the force being retrained on hate crime flags.")
    assert m.label == "2019 thematic inspection"
    assert m.outcomes == ("every officer in the force being retrained on hate crime flags",)
    assert m.drivers == ("inquiry",)
    assert m.scale == "macro"
    assert m.date == "2019"


def test_since_then_takes_the_context_year() -> None:
    m = one(f"Since then, {BPS} has treated disability hate crime as a priority.", context_year=2018)
    assert m.date == "2018"
    assert m.label.startswith("Since then")
    assert m.actors == (BPS,)


def test_slow_change_is_micro() -> None:
    m = one("Bit by bit, officers began to ask us for advice rather than waiting for a complaint.")
    assert m.drivers == ("micro-change",)
    assert m.scale == "micro"
    assert m.direction == "forward"


def test_not_until_a_law() -> None:
    m = one("It was not until the Equality and Hate Offences Act came into force that prosecutors started "
            "to flag these cases.")
    assert m.label == "Equality and Hate Offences Act"
    assert m.drivers == ("legislation",)
    assert m.scale == "macro"


def test_set_back_years() -> None:
    m = one("Losing the helpline funding in 2021 set us back at least five years.")
    assert m.direction == "backward"
    assert "funding" in m.drivers
    assert m.date == "2021"


def test_election_then_shelved_plan() -> None:
    m = one("Following the snap election, the new government shelved the national action plan on hate crime.")
    assert m.label == "Snap election"
    assert m.direction == "backward"
    assert m.drivers[0] == "politics"


def test_publication_meant_that() -> None:
    m = one("The publication of the first official figures in 2014 meant that nobody could ignore the gap any more.")
    assert "data-publication" in m.drivers
    assert m.outcomes == ("nobody could ignore the gap any more",)
    assert m.direction == "forward"


def test_new_leader_arrives() -> None:
    m = one("A new chief constable arrived in 2017 and suddenly hate crime was on every briefing agenda.")
    assert m.drivers == ("leadership",)
    assert m.date == "2017"


def test_wake_up_call_names_the_attack() -> None:
    m = one(f"The arson attack on the Northfield gurdwara was a real wake-up call for {TCC}.")
    assert m.label == "Arson attack on the Northfield gurdwara"
    assert m.drivers == ("incident",)
    assert m.actors == (TCC,)


def test_month_and_year_beat_a_bare_year() -> None:
    m = one("In June 2015 the referendum campaign changed the mood on the street almost overnight.")
    assert m.date == "2015-06"
    assert m.drivers == ("politics", "campaign")


def test_restructure_undermined_work() -> None:
    m = one("The 2020 restructure undermined years of work with community groups.")
    assert m.direction == "backward"
    assert m.label == "2020 restructure"


def test_international_visit_is_macro() -> None:
    m = one("After the Council of Europe monitoring visit in 2016, the ministry finally started publishing "
            "hate crime data.")
    assert "international-pressure" in m.drivers
    assert m.scale == "macro"
    assert m.date == "2016"


def test_generic_actors_are_left_out() -> None:
    m = one(f"After the riots in 2011, the police and {ALT} started meeting every month.")
    assert m.actors == (ALT,)
    assert m.drivers == ("incident",)


def test_offsets_are_the_sentence() -> None:
    text = "We had a quiet year. Then the 2018 inspection changed everything for us."
    m = one(text)
    assert text[m.start:m.end] == "Then the 2018 inspection changed everything for us."


def test_of_phrase_names_the_event() -> None:
    m = one("The introduction of the online reporting form in 2017 led to a fourfold increase in reports.")
    assert m.label == "Introduction of the online reporting form"
    assert m.outcomes == ("a fourfold increase in reports",)


def test_closure_set_us_back() -> None:
    m = one("The closure of the community centre set us back years.")
    assert (m.label, m.direction) == ("Closure of the community centre", "backward")


def test_harder_after_a_referendum_is_backward() -> None:
    m = one("Things got much harder for us after the referendum.")
    assert m.direction == "backward"
    assert m.drivers == ("politics",)


def test_huge_blow_is_a_backward_turning_point() -> None:
    m = one("The government's decision to scrap the hate crime unit in 2013 was a huge blow.")
    assert (m.direction, m.date) == ("backward", "2013")


def test_bare_event_word_takes_its_year() -> None:
    m = one("After the election in 2019, the ring-fenced fund was scrapped.")
    assert (m.label, m.direction) == ("2019 election", "backward")


@pytest.mark.parametrize("text", [
    "We run a helpline three evenings a week.",
    "When victims report an attack, we help them fill in the form and we started doing follow-up calls.",
    "After an incident, officers are supposed to complete a risk assessment, which changed in 2019.",
    "Was there a turning point for your organisation?",
    "Honestly, I wouldn't call it a turning point.",
    "Nothing really changed after the election.",
    "After the inquiry, we went back to our day jobs.",
    "The officers started to take notes during the calls.",
    "In March 2019 we opened a new office in the city centre.",
    "Victims report hate crime to us because they do not trust the police.",
    "The report was published in 2017.",
    "We have worked on hate crime since 2009 and we know most of the officers by name.",
    "When we go to the station, the desk officer usually takes the details.",
    "Our annual report comes out every June.",
])
def test_no_moment_without_a_cue(text: str) -> None:
    assert moments(text) == []


def test_at_most_one_moment_per_sentence() -> None:
    found = moments("After the inquiry the force changed its policy, and after the election the fund was cut, "
                    "which was a real setback.")
    assert len(found) == 1


def test_drivers_are_unique_and_ordered() -> None:
    m = one("After the murder and the inquiry that followed, and a second murder, the law changed in 2008.")
    assert m.drivers == ("incident", "inquiry", "legislation")


@pytest.mark.parametrize("text,direction", [
    ("After the Millbrook riot there was real political will to act.", "forward"),
    ("When the Dorran Review reported in May 2016 it found that most cases had been missed.", "forward"),
    ("In March 2021, the force moved to a new case system and lost every hate flag.", "backward"),
    ("The Public Order (Hostility) Act came into force in 2015.", "forward"),
])
def test_scene_setting_clauses_dated_changes_and_laws_in_force(text: str, direction: str) -> None:
    doc = pipeline()(text)
    [moment] = find_moments(next(doc.sents), [])
    assert moment.direction == direction
    assert (moment.start, moment.end) == (0, len(text))


@pytest.mark.parametrize("text", [
    "In 2019 we had a meeting about the newsletter.",  # a date but no change
    "The form, which changed in 2020, is still too long to fill in on a phone?",
])
def test_a_date_alone_or_a_question_is_no_moment(text: str) -> None:
    doc = pipeline()(text)
    assert find_moments(next(doc.sents), []) == []


@pytest.mark.parametrize(
    "text",
    [
        "In 2021 our coordinator started a fortnightly call with the Tolland Safety Unit.",
        "The text service we launched in 2020 is still running.",
        "Every year since 2019 we have added a page on disability to the annual return.",
    ],
)
def test_starting_routine_work_in_a_dated_sentence_is_not_a_moment(text) -> None:
    assert moments(text) == []


def test_a_dated_change_of_system_is_still_a_moment() -> None:
    m = one("In March 2020 the force switched to a new crime recording system.")
    assert m.date == "2020-03"


# Moments framed without stock phrases: what an event did, a speaker picking it out, a point in time told
# relative to another, images of slow change; and the sentences that only look like moments.

@pytest.mark.parametrize("text, direction", [
    ("The Hallam judgment in 2019 did more for our recording than any training course.", "forward"),
    ("Honestly, the 2020 amendment to the Penal Code mattered enormously.", "forward"),
    ("Three things pushed us forward in those years.", "forward"),
    ("In 2021 the Privacy Board issued a ruling on sharing data, and it cost us almost a year.", "backward"),
    ("I would single out the publication of the first regional figures in 2022.", "forward"),
    ("Early in 2024 the platform halved its moderation team for our languages.", "backward"),
    ("In the winter after the match, the appeal court acquitted three of the men.", "backward"),
    ("The spring after, a new director took over and she changed the whole tone.", "forward"),
    ("It's like water on stone, really, and over ten years it has added up to a real change.", "forward"),
    ("It happened one phone call at a time.", "forward"),
    ("When the statistics office published the first national hate crime figures, our district came bottom.",
     "forward"),
    ("Their review found that nobody had counted disability cases at all.", "forward"),
    ("Ten years ago a prosecutor would have asked me why motive matters. Now very few would.", "forward"),
    ("After the Dorran Street attack nothing was quite the same for us.", "forward"),
    ("The inspection report obliged the force to rewrite its recording instruction.", "forward"),
    ("The whole thing grew out of the arson attack on the Mill Lane temple.", "forward"),
])
def test_moments_told_in_the_speakers_own_words(text: str, direction: str) -> None:
    m = one(text)
    assert m.direction == direction, m


@pytest.mark.parametrize("text", [
    "Since 2015 we have run the Report Point network from our office.",  # a span of time, a name
    "Until 2020 the council's grant paid for two caseworkers.",
    "In 2022 we were asked to review the draft guidance.",  # "review" as a verb
    "Last year we had three hundred incidents on the log.",  # a count, not one incident
    "The council should be invited to explain its 2021 opinion.",  # a wish
    "The 2023 amendment mattered a lot less than people think.",  # played down
    "The Sefton case was the big push forward and the new records system was the big step back.",  # a recap
    "When we revised our guidance in 2022, they sent comments.",  # routine revision
    "The district forum was set up in 2019 by the council.",  # founding a body, dated alone
    "So you end up negotiating with one force at a time.",  # "one … at a time" about a way of working
    "We used to meet on Fridays in the old hall.",  # the past, with no now to set against it
])
def test_sentences_that_only_look_like_moments(text: str) -> None:
    assert moments(text) == [], text


def test_a_sentence_looking_back_cites_the_one_before() -> None:
    text = "In May 2022 the council withdrew our grant with six weeks' notice. That set us back years."
    found = moments(text)
    back = [m for m in found if not m.has_event]
    assert len(back) == 1 and back[0].start == 0 and back[0].direction == "backward"
    assert back[0].date == "2022-05"  # the date of the event told just before


def test_relative_dates_count_back_from_the_interview() -> None:
    def at_2024(text: str):
        return find_moments(next(iter(pipeline()(text).sents)), [], None, 2024)
    m = at_2024("Last year the council cut our core grant by a third.")
    assert len(m) == 1 and m[0].date == "2023" and m[0].direction == "backward"
    m = at_2024("Two summers ago the mayor closed the drop-in centre.")
    assert len(m) == 1 and m[0].date == "2022"


def test_a_pronoun_for_what_was_just_told_looks_back() -> None:
    found = moments("The Ferency judgment held that motive must be investigated. "
                    "I would regard that as the most important single development of the decade.")
    assert [m.start for m in found if not m.has_event] == [0]
