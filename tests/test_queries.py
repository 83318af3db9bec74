"""Named queries on small graphs whose answers are known by construction."""

from __future__ import annotations

import pytest

from changemap.errors import QueryError
from changemap.output import render
from changemap.pipeline import build_corpus
from changemap.queries import REGISTRY, run

REGISTER = """name,kind,aliases,target_groups
Alder Trust,cso,AT;Alder,disability;older-people
Birch Police,public-authority,BP,
Cedar Council,public-authority,,disability
Dune Network,cso,,lgbtq
"""
ENGAGEMENTS = """source,target,mode,year,sentiment,evidence
Alder Trust,Birch Police,training,2019,positive,Trained call handlers together.
AT,Birch Police,training,2021,negative,The second round went badly.
Alder,Cedar Council,funding,2020,positive,The council funded the helpline.
BP,Cedar Council,data sharing,2018,neutral,Monthly figures exchanged.
"""


@pytest.fixture(scope="module")
def small(build_files):
    return build_files("small", {"register.csv": REGISTER, "engagements.csv": ENGAGEMENTS})


def by_name(frame):
    return {r["name"]: r for r in frame.to_dict(orient="records")}


def test_stakeholders_known_answers(small):
    rows = by_name(run("stakeholders", small.store))
    assert set(rows) == {"Alder Trust", "Birch Police", "Cedar Council", "Dune Network"}
    assert rows["Alder Trust"]["kind"] == "cso"
    assert rows["Birch Police"]["kind"] == "public-authority"
    assert rows["Alder Trust"]["aliases"] == "AT; Alder"
    assert rows["Alder Trust"]["target_groups"] == "Disability; Older people"
    # Alder ↔ Birch (training), Alder ↔ Cedar (funding); Birch ↔ Cedar (data sharing).
    assert rows["Alder Trust"]["degree"] == 2
    assert rows["Birch Police"]["degree"] == 2
    assert rows["Cedar Council"]["degree"] == 2
    assert rows["Dune Network"]["degree"] == 0
    assert rows["Alder Trust"]["documents"] == 2  # register + engagement list
    assert rows["Dune Network"]["documents"] == 1


def test_stakeholders_from_a_build_folder_equals_from_the_store(small):
    assert run("stakeholders", small.out_dir).equals(run("stakeholders", small.store))


def test_engagements_merge_rows_by_pair_and_mode(small):
    frame = run("engagements", small.store)
    assert len(frame) == 3
    rows = {(r["source"], r["target"], r["mode"]): r for r in frame.to_dict(orient="records")}
    training = rows[("Alder Trust", "Birch Police", "training")]
    assert training["evidence_count"] == 2
    assert (training["first_year"], training["last_year"]) == (2019, 2021)
    assert training["sentiment"] == "mixed"  # one positive and one negative row
    assert training["source_kind"] == "cso" and training["target_kind"] == "public-authority"
    sharing = rows[("Birch Police", "Cedar Council", "data-sharing")]
    assert sharing["sentiment"] == "neutral" and sharing["evidence_count"] == 1


def test_empty_graph_gives_empty_frames_with_columns(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "register.csv").write_text("name,kind\nSolo Trust,cso\n")
    result = build_corpus([corpus], tmp_path / "out", outputs=False)
    frame = run("engagements", result.store)
    assert frame.empty
    assert {"source", "target", "mode", "evidence_count"} <= set(frame.columns)


def test_every_registered_query_has_a_sparql_file_and_description():
    for q in REGISTRY.values():
        assert q.sparql_file().is_file(), q.name
        assert q.description.endswith(".")


def test_unknown_query_lists_the_names(small):
    with pytest.raises(QueryError, match="stakeholders"):
        run("nope", small.store)


def test_csv_output_guards_formulas_and_json_is_plain(small):
    frame = run("stakeholders", small.store)
    frame.loc[0, "name"] = "=HYPERLINK(\"http://x\")"
    csv_text = render(frame, "csv")
    assert "'=HYPERLINK" in csv_text
    import json

    rows = json.loads(render(run("stakeholders", small.store), "json"))
    assert isinstance(rows[0]["degree"], int)


# --- pivotal moments: a timeline table whose answers are known by construction ---------------

TIMELINE = """date,label,direction,drivers,actors,evidence
2019-03,Grant cut for the Alder Trust,backward,funding,Alder Trust,The grant ended in March.
2017,Birch inquiry report,forward,inquiry;leadership,Birch Police;Cedar Council,The inquiry changed practice.
,Slow thaw between police and charities,forward,micro-change,Birch Police;Alder Trust,Bit by bit it got better.
2021,New council leadership,forward,leadership;politics,Cedar Council,A new leader took over.
2020-06-01,Council budget withdrawn,backward,funding;politics,Cedar Council;Alder Trust,The budget was pulled.
"""


@pytest.fixture(scope="module")
def moments(build_files):
    return build_files("moments", {"register.csv": REGISTER, "timeline.csv": TIMELINE})


def test_timeline_in_date_order_with_undated_last(moments):
    rows = run("timeline", moments.store).to_dict(orient="records")
    assert [(r["date"], r["label"]) for r in rows] == [
        ("2017", "Birch inquiry report"),
        ("2019-03", "Grant cut for the Alder Trust"),
        ("2020-06-01", "Council budget withdrawn"),
        ("2021", "New council leadership"),
        ("", "Slow thaw between police and charities"),
    ]
    first = rows[0]
    assert first["direction"] == "forward"
    assert first["drivers"] == "Inquiry or review; Leadership"
    assert first["actors"] == "Birch Police; Cedar Council"
    assert first["evidence_count"] == 1
    assert rows[2]["direction"] == "backward" and rows[2]["drivers"] == "Funding; Politics"


def test_drivers_ranked_with_directions_and_actors(moments):
    rows = run("drivers", moments.store).to_dict(orient="records")
    table = {r["driver"]: (r["forward"], r["backward"], r["moments"]) for r in rows}
    assert table == {
        "Funding": (0, 2, 2),
        "Leadership": (2, 0, 2),
        "Politics": (1, 1, 2),
        "Inquiry or review": (1, 0, 1),
        "Incremental micro-change": (1, 0, 1),
    }
    assert [r["driver"] for r in rows] == ["Funding", "Leadership", "Politics", "Incremental micro-change",
                                           "Inquiry or review"]
    funding = next(r for r in rows if r["driver"] == "Funding")
    assert funding["actors"] == "Alder Trust; Cedar Council"


def test_timeline_and_drivers_empty_on_a_graph_without_moments(small):
    assert run("timeline", small.store).empty
    assert run("drivers", small.store).empty
    assert {"date", "label", "direction", "drivers", "actors", "outcomes", "evidence_count"} <= set(
        run("timeline", small.store).columns)
