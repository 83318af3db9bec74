"""Resolution: many surface names → one canonical stakeholder; engagements merged."""

from __future__ import annotations

import pytest

from changemap.ingest.extract import extract
from changemap.ingest.kinds import infer_kind
from changemap.ingest.read import read_document
from changemap.ingest.resolve import FUZZY_THRESHOLD, Resolver, name_key, resolve
from changemap.model import Engagement, Evidence, Extraction, Person, PivotalMoment, StakeholderMention


def ev(quote: str, start: int = 0, document: str = "corpus/notes.md") -> Evidence:
    return Evidence(document=document, start=start, end=start + len(quote), quote=quote)


_offsets = iter(range(0, 10**6, 100))


def mention(name: str, authority: str = "text", **kw) -> StakeholderMention:
    """A mention with its own evidence span, so evidence counts are easy to check."""
    return StakeholderMention(name=name, evidence=ev(name, next(_offsets)), authority=authority, **kw)


def by_name(ex: Extraction) -> dict:
    return {s.name: s for s in ex.stakeholders}


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The Harbourline Tenants Forum", "harbourline tenants forum"),
        ("Harbourline Tenants Forum's", "harbourline tenants forum"),
        ("Harbourline Tenants Forum’s", "harbourline tenants forum"),
        ("  HARBOURLINE   tenants-forum ", "harbourline tenants forum"),
        ("Fenwick & District Aid", "fenwick and district aid"),
        ("Theatre Access Group", "theatre access group"),
    ],
)
def test_name_key_folds_case_punctuation_article_and_possessive(name, key):
    assert name_key(name) == key


def test_aliases_acronyms_article_and_possessive_fold_to_one_stakeholder():
    ex = Extraction(mentions=[
        mention("HTF"),
        mention("the Harbourline Tenants Forum"),
        mention("Harbourline Tenants Forum's"),
        mention("Tenants Forum"),
        mention("Harbourline Tenants Forum", "register", kind="cso", kind_reason="stated in register r.csv",
                aliases=("HTF", "Tenants Forum")),
    ])
    resolve(ex)
    (forum,) = ex.stakeholders
    assert forum.name == "Harbourline Tenants Forum"
    assert forum.aliases == {"HTF", "Tenants Forum", "the Harbourline Tenants Forum",
                             "Harbourline Tenants Forum's"}
    assert len(forum.evidence) == 5
    merged = {(a, b) for a, b, _ in ex.merges}
    assert ("HTF", "Harbourline Tenants Forum") in merged
    assert ("Tenants Forum", "Harbourline Tenants Forum") in merged


def test_the_register_name_is_canonical_even_if_text_mentions_come_first():
    ex = Extraction(mentions=[
        mention("Brackwater Police"),
        mention("Brackwater Constabulary", "register", kind="public-authority",
                aliases=("Brackwater Police",)),
    ])
    resolve(ex)
    assert list(by_name(ex)) == ["Brackwater Constabulary"]


def test_mention_sharing_an_alias_joins_the_registered_stakeholder():
    ex = Extraction(mentions=[
        mention("Quayside Youth Trust", "register", kind="cso", aliases=("QYT",)),
        mention("Quayside Youth", "table", aliases=("QYT",)),
    ])
    resolve(ex)
    assert list(by_name(ex)) == ["Quayside Youth Trust"]
    assert ("Quayside Youth", "Quayside Youth Trust", "shares an alias") in ex.merges


def test_end_to_end_register_and_transcript_give_one_stakeholder(tmp_path):
    (tmp_path / "register.csv").write_text(
        "Organisation,Type,Also known as\nKestrel Food Bank,cso,KFB;the Pantry\n", encoding="utf-8")
    (tmp_path / "k1.md").write_text(
        "---\npseudonym: Participant F1\norganisation: The Kestrel Food Bank\n---\n\n"
        "Interviewer: Where do you work?\n\nRespondent: At KFB, for six years.\n\n"
        "Interviewer: And before?\n\nRespondent: I helped at the Pantry's old site.\n", encoding="utf-8")
    docs = [read_document(tmp_path / n, n) for n in ("register.csv", "k1.md")]
    ex = resolve(extract(docs))
    (bank,) = ex.stakeholders
    assert bank.name == "Kestrel Food Bank"
    assert bank.kind == "cso"
    assert {"KFB", "the Pantry", "The Kestrel Food Bank"} <= bank.aliases
    assert {e.document for e in bank.evidence} == {"register.csv", "k1.md"}
    assert ex.people[0].organisation == "Kestrel Food Bank"


# --- kinds -----------------------------------------------------------------------------------


def test_register_kind_wins_over_front_matter():
    ex = Extraction(mentions=[
        mention("Saltmarsh Advice Centre", "front-matter", kind="public-authority",
                kind_reason="stated in front matter of corpus/s1.md"),
        mention("Saltmarsh Advice Centre", "register", kind="cso",
                kind_reason="stated in register corpus/r.csv"),
    ])
    resolve(ex)
    (centre,) = ex.stakeholders
    assert (centre.kind, centre.kind_reason) == ("cso", "stated in register corpus/r.csv")


def test_front_matter_kind_is_used_when_no_register_states_one():
    ex = Extraction(mentions=[
        mention("Saltmarsh Advice Centre", "register"),
        mention("Saltmarsh Advice Centre", "front-matter", kind="public-authority",
                kind_reason="stated in front matter of corpus/s1.md"),
    ])
    resolve(ex)
    (centre,) = ex.stakeholders
    assert (centre.kind, centre.kind_reason) == ("public-authority", "stated in front matter of corpus/s1.md")


@pytest.mark.parametrize(
    ("name", "kind", "word"),
    [
        ("Dunmore Police Service", "public-authority", "Police"),
        ("Ministry of Harbours", "public-authority", "Ministry"),
        ("Kestrel Food Bank Network", "cso", "Network"),
        ("European Lantern Agency", "international-body", "European"),
        ("Northway Ferries Ltd", "private", "Ltd"),
    ],
)
def test_kind_is_inferred_from_the_name_with_a_reason(name, kind, word):
    assert infer_kind(name) == (kind, f"name contains '{word}'")
    ex = Extraction(mentions=[mention(name, "table")])
    resolve(ex)
    (stakeholder,) = ex.stakeholders
    assert (stakeholder.kind, stakeholder.kind_reason) == (kind, f"name contains '{word}'")


def test_kind_without_any_clue_is_other_and_says_why():
    ex = Extraction(mentions=[mention("Zephyr Lantern Makers", "table")])
    resolve(ex)
    (stakeholder,) = ex.stakeholders
    assert stakeholder.kind == "other"
    assert "no kind stated" in stakeholder.kind_reason


def test_name_words_match_whole_words_only():
    # "Policeman" is not "Police", "Unionville" is not "Union".
    assert infer_kind("Policeman Cottage Unionville")[0] == "other"


# --- fuzzy matching --------------------------------------------------------------------------


def test_fuzzy_match_merges_a_near_identical_long_name_and_records_why():
    ex = Extraction(mentions=[
        mention("Marlowe County Constabulary", "register", kind="public-authority"),
        mention("Marlow County Constabulary"),
    ])
    resolve(ex)
    (police,) = ex.stakeholders
    assert police.name == "Marlowe County Constabulary"
    assert "Marlow County Constabulary" in police.aliases
    assert ex.merges == [("Marlow County Constabulary", "Marlowe County Constabulary",
                          f"fuzzy match (score >= {FUZZY_THRESHOLD})")]


@pytest.mark.parametrize(
    ("first", "second"),
    [("HTF", "HTFA"), ("KPS", "KPD"), ("Oakley", "Oakly"), ("Ark Aid", "Ark Aids")],
)
def test_short_names_and_acronyms_never_fuzzy_merge(first, second):
    ex = Extraction(mentions=[mention(first, "register"), mention(second)])
    resolve(ex)
    assert sorted(by_name(ex)) == sorted([first, second])
    assert ex.merges == []


def test_different_long_names_stay_apart():
    ex = Extraction(mentions=[mention("East Quay Youth Trust", "register"), mention("West Quay Youth Trust")])
    resolve(ex)
    assert sorted(by_name(ex)) == ["East Quay Youth Trust", "West Quay Youth Trust"]


def test_resolver_resolve_uses_fuzzy_and_leaves_unknown_names_alone():
    r = Resolver()
    r.add("Marlowe County Constabulary", ("MCC",))
    assert r.resolve("mcc") == "Marlowe County Constabulary"
    assert r.resolve("The Marlow County Constabulary") == "Marlowe County Constabulary"
    assert r.resolve("Zephyr Lantern Makers") == "Zephyr Lantern Makers"


# --- engagements, people, moments -----------------------------------------------------------


def test_engagements_for_the_same_pair_and_mode_merge():
    shared = ev("Officers learned basic signing.", 500, "corpus/links.csv")
    ex = Extraction(
        mentions=[
            mention("Wrenfield Deaf Advocacy Trust", "register", kind="cso", aliases=("WDAT",)),
            mention("Brackwater Constabulary", "register", kind="public-authority", aliases=("BC",)),
        ],
        engagements=[
            Engagement(("WDAT", "Brackwater Constabulary"), "training", [shared], years={2019},
                       sentiments=["positive"]),
            Engagement(("the Brackwater Constabulary", "Wrenfield Deaf Advocacy Trust"), "training",
                       [ev("Course repeated.", 600, "corpus/links.csv"), shared], years={2021, 2019},
                       sentiments=["mixed"]),
            Engagement(("BC", "WDAT"), "referral", [ev("Referrals began.", 700, "corpus/links.csv")]),
        ],
    )
    resolve(ex)
    assert [e.mode for e in ex.engagements] == ["referral", "training"]  # sorted by parties, then mode
    referral, training = ex.engagements
    assert training.parties == ("Brackwater Constabulary", "Wrenfield Deaf Advocacy Trust")
    assert training.initiator == "Wrenfield Deaf Advocacy Trust"
    assert training.years == {2019, 2021}
    assert [e.quote for e in training.evidence] == ["Officers learned basic signing.", "Course repeated."]
    assert sorted(training.sentiments) == ["mixed", "positive"]
    assert referral.parties == ("Brackwater Constabulary", "Wrenfield Deaf Advocacy Trust")
    assert referral.initiator == "Brackwater Constabulary"


def test_engagement_of_an_organisation_with_itself_is_dropped_with_a_problem():
    ex = Extraction(
        mentions=[mention("Kestrel Food Bank", "register", aliases=("KFB",)), mention("Dunmore Council")],
        engagements=[
            Engagement(("KFB", "the Kestrel Food Bank"), "partnership", [ev("KFB,the Kestrel Food Bank", 40,
                                                                             "corpus/links.csv")]),
            Engagement(("KFB", "Dunmore Council"), "funding", [ev("grant", 90, "corpus/links.csv")]),
        ],
    )
    resolve(ex)
    assert [(e.parties, e.mode) for e in ex.engagements] == [
        (("Dunmore Council", "Kestrel Food Bank"), "funding")]
    (problem,) = ex.problems
    assert problem.severity == "warning"
    assert problem.path == "corpus/links.csv"
    assert "engagement of 'Kestrel Food Bank' with itself dropped" in problem.message
    assert "check the source and target names" in problem.message


def test_people_and_moment_actors_point_to_canonical_names():
    ex = Extraction(
        mentions=[mention("Kestrel Food Bank", "register", aliases=("KFB",)),
                  mention("Dunmore Council", "register")],
        people=[Person("Participant F1", "the KFB", None)],
        moments=[PivotalMoment("Grant cut", "backward",
                               actors=["KFB", "Dunmore Council", "Kestrel Food Bank"])],
    )
    resolve(ex)
    assert ex.people[0].organisation == "Kestrel Food Bank"
    assert ex.moments[0].actors == ["Dunmore Council", "Kestrel Food Bank"]


def test_resolution_does_not_depend_on_mention_order():
    names = [("Quayside Youth Trust", "register", ("QYT",)), ("QYT", "text", ()),
             ("the Quayside Youth Trust", "front-matter", ()), ("Dunmore Council", "table", ())]

    def run(order):
        ex = Extraction(mentions=[StakeholderMention(n, ev(n, i * 100), a, aliases=al)
                                  for i, (n, a, al) in order])
        resolve(ex)
        return [(s.name, s.kind, sorted(s.aliases), len(s.evidence)) for s in ex.stakeholders], ex.merges

    indexed = list(enumerate(names))
    assert run(indexed) == run(list(reversed(indexed)))
