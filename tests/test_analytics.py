"""engagement-matrix, ego, evidence, gaps and communities on small graphs whose
answers are known by construction, and the network measures held to networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from changemap.cli import cli
from changemap.errors import QueryError
from changemap.graph.project import project
from changemap.queries import REGISTRY, run
from changemap.queries import network as net
from changemap.queries.gaps import KINDS, STATED, STRUCTURE

# Seven stakeholders; four engagements: Alder–Birch (training, CSO–PA), Alder–Cedar
# (funding, CSO–PA), Birch–Cedar (data sharing, PA–PA), Dune–Alder (partnership, CSO–CSO).
# Elm, Fir and Gorse engage with no one.
REGISTER = """name,kind,aliases,target_groups
Alder Trust,cso,AT,disability;older-people
Birch Police,public-authority,BP,disability
Cedar Council,public-authority,,disability
Dune Network,cso,,lgbtq
Elm Circle,cso,,gender
Fir Forum,cso,,disability
Gorse Agency,public-authority,,lgbtq
"""
ENGAGEMENTS = """source,target,mode,year,sentiment,evidence
Alder Trust,Birch Police,training,2019,positive,Trained call handlers together.
AT,Birch Police,training,2021,negative,The second round went badly.
Alder Trust,Cedar Council,funding,2020,positive,The council funded the helpline.
Birch Police,Cedar Council,data sharing,2018,neutral,Monthly figures exchanged.
Dune Network,Alder Trust,partnership,2021,positive,Joint outreach evenings.
"""
SUMMARY = """# Gap Test Day: What the Tables Said

## Good Practice

### Safer Streets

- The Oak Line, run by Birch Police, gave disabled residents a direct line to officers.

## Challenges

### Safer Streets

- Disabled residents still wait weeks for a reply about reports of abuse.

### Online Abuse

- Participants could not name any initiative that deals with online abuse.

## Opportunities

### Next Steps

- Set up a shared helpline for online abuse.
- Gorse Agency and Dune Network have never worked together, and introducing them would be easy.
"""
MODES = {"consultation", "data-sharing", "funding", "guideline-input", "partnership", "referral", "scrutiny",
         "strategic-group", "training"}


@pytest.fixture(scope="module")
def web(build_files):
    return build_files("web", {"register.csv": REGISTER, "engagements.csv": ENGAGEMENTS, "summary.md": SUMMARY})


def records(frame):
    return frame.to_dict(orient="records")


# -- engagement-matrix ------------------------------------------------------------


def test_matrix_by_kind_counts_unordered_kind_pairs(web):
    rows = {(r["source_kind"], r["target_kind"], r["mode"]): r["engagements"]
            for r in records(run("engagement-matrix", web.store))}
    assert rows == {("cso", "public-authority", "training"): 1, ("cso", "public-authority", "funding"): 1,
                    ("public-authority", "public-authority", "data-sharing"): 1, ("cso", "cso", "partnership"): 1}


def test_matrix_by_stakeholder_counts_each_party(web):
    rows = {(r["stakeholder"], r["mode"]): (r["engagements"], r["partners"])
            for r in records(run("engagement-matrix", web.store, by="stakeholder"))}
    assert rows[("Alder Trust", "training")] == (1, 1)
    assert rows[("Alder Trust", "partnership")] == (1, 1)
    assert rows[("Birch Police", "data-sharing")] == (1, 1)
    assert sum(e for e, _ in rows.values()) == 8  # four engagements, two parties each
    assert not any(name == "Elm Circle" for name, _ in rows)


def test_parameters_are_checked(web):
    with pytest.raises(QueryError, match="not one of kind, stakeholder"):
        run("engagement-matrix", web.store, by="nope")
    with pytest.raises(QueryError, match="no parameter colour"):
        run("engagement-matrix", web.store, colour="red")
    with pytest.raises(QueryError, match="needs --param name="):
        run("ego", web.store)


# -- ego and evidence ---------------------------------------------------------------


def test_ego_lists_partners_by_mode_initiatives_and_groups(web):
    rows = records(run("ego", web.store, name="  alder   TRUST "))
    partners = {(r["name"], r["mode"]): r for r in rows if r["relation"] == "partner"}
    assert set(partners) == {("Birch Police", "training"), ("Cedar Council", "funding"),
                             ("Dune Network", "partnership")}
    training = partners[("Birch Police", "training")]
    assert training["evidence_count"] >= 2 and training["date"] == "2019–2021"
    assert training["quote"] in {"Trained call handlers together.", "The second round went badly."} or \
        "Alder" in training["quote"] or "Birch" in training["quote"]
    assert training["document"].endswith("engagements.csv") and training["start"] >= 0
    groups = {r["name"] for r in rows if r["relation"] == "serves target group"}
    assert groups == {"Disability", "Older people"}
    birch = records(run("ego", web.store, name="BP"))  # an alias
    assert {"runs initiative"} <= {r["relation"] for r in birch}
    assert "Oak Line" in {r["name"] for r in birch if r["relation"] == "runs initiative"}


def test_ego_unknown_name_suggests_close_ones(web):
    with pytest.raises(QueryError, match="did you mean: Alder Trust"):
        run("ego", web.store, name="Alder Trsut")


def test_evidence_of_an_edge_gives_every_quote_with_positions(web):
    rows = records(run("evidence", web.store, node="Alder Trust -- BP"))
    assert {"Trained call handlers together.", "The second round went badly."} <= {r["quote"] for r in rows}
    for r in rows:
        assert r["subject"] == "Alder Trust — Birch Police (training)"
        assert r["type"] == "Engagement"
    with pytest.raises(QueryError, match="no engagement between"):
        run("evidence", web.store, node="Elm Circle -- Gorse Agency")


def test_evidence_positions_point_at_the_quote_in_the_source(web):
    rows = records(run("evidence", web.store, node="Dune Network"))
    assert rows and all(r["type"] == "CivilSocietyOrganisation" for r in rows)
    rows += records(run("evidence", web.store, node="Oak Line"))
    for r in rows:
        text = (web.corpus_dir / Path(r["document"]).name).read_text()
        assert text[r["start"]:r["end"]] == r["quote"]


def test_values_cannot_inject_sparql(web):
    with pytest.raises(QueryError, match="no stakeholder named"):
        run("ego", web.store, name='x" } ?s ?p ?o { "')


# -- gaps -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gaps(web):
    frame = run("gaps", web.store, limit=0)
    by_kind: dict[str, dict[str, dict]] = {}
    for r in records(frame):
        by_kind.setdefault(r["kind"], {})[r["subject"]] = r
    return by_kind


def test_gap_columns_and_kinds(web, gaps):
    frame = run("gaps", web.store)
    assert list(frame.columns)[:5] == ["kind", "subject", "reason", "score", "basis"]
    assert set(gaps) <= set(KINDS)
    assert all(r["reason"] and r["basis"] for rows in gaps.values() for r in rows.values())


def test_target_groups_served_by_csos_without_an_authority_link(gaps):
    # Disability and older people: Alder engages Birch and Cedar.  LGBTQ+ (Dune) and
    # gender (Elm): their CSOs engage no authority.
    assert set(gaps["target-group-without-cso-authority-link"]) == {"LGBTQ+", "Gender and women"}
    assert "Gorse Agency" in gaps["target-group-without-cso-authority-link"]["LGBTQ+"]["reason"]


def test_authority_without_cso_partner_and_stated_absence(gaps):
    rows = gaps["authority-without-cso-partner"]
    assert set(rows) == {"Gorse Agency — LGBTQ+"}  # Birch and Cedar work with Alder (disability)
    assert rows["Gorse Agency — LGBTQ+"]["basis"] == STATED
    assert "never worked together" in rows["Gorse Agency — LGBTQ+"]["quote"]
    # The CSOs it could work with: Dune alone serves LGBTQ+ (Gorse serves it too, but is no CSO).
    assert "any of the 1 CSO serving it (Dune Network)" in rows["Gorse Agency — LGBTQ+"]["reason"]


def test_modes_never_used_between_csos_and_authorities(gaps):
    rows = gaps["mode-never-used"]
    assert set(rows) == MODES - {"training", "funding"}
    assert rows["data-sharing"]["score"] == 1 and rows["partnership"]["score"] == 1  # used between other kinds
    assert rows["scrutiny"]["score"] == 0
    assert all(r["basis"] != STATED for r in rows.values())  # no finding speaks of modes in general


def test_challenges_and_opportunities(gaps):
    challenges = gaps["challenge-not-addressed"]
    # The Oak Line (good practice under 'Safer Streets', disability) addresses the disability
    # challenge under the same heading; nothing addresses online abuse, and a source says so.
    assert set(challenges) == {"Participants could not name any initiative that deals with online abuse."}
    assert next(iter(challenges.values()))["basis"] == STATED
    assert set(gaps["opportunity-without-owner"]) == {"Set up a shared helpline for online abuse."}


def test_initiatives_list_the_challenges_they_address(web):
    rows = {r["name"]: r for r in records(run("initiatives", web.store))}
    assert rows["Oak Line"]["addresses"] == "Disabled residents still wait weeks for a reply about reports of abuse."


def test_introduction_candidates_share_a_group_and_do_not_engage(gaps):
    rows = gaps["introduction-candidate"]
    assert set(rows) == {"Dune Network — Gorse Agency", "Fir Forum — Birch Police", "Fir Forum — Cedar Council"}
    assert rows["Dune Network — Gorse Agency"]["basis"] == STATED
    assert all(r["score"] == 1 for r in rows.values())


def test_isolated_structural_holes_and_brokers(gaps):
    assert set(gaps["isolated-stakeholder"]) == {"Elm Circle", "Fir Forum", "Gorse Agency"}
    assert gaps["isolated-stakeholder"]["Gorse Agency"]["score"] == 2  # register + summary
    hole = gaps["structural-hole"]["Alder Trust"]
    # Alder's partners Birch, Cedar, Dune; one tie among them: 3 - 2*1/3.
    assert hole["score"] == pytest.approx(7 / 3, abs=1e-3) and hole["basis"] == STRUCTURE
    broker = gaps["broker"]["Alder Trust"]
    # Alder alone joins Dune to Birch and Cedar: 2 of the 15 pairs among the other six.
    assert broker["score"] == pytest.approx(2 / 15, abs=1e-3)
    assert "Without it, Dune Network would lose every recorded link" in broker["reason"]
    assert set(gaps["broker"]) == {"Alder Trust"}


def test_gap_limit_and_kind(web):
    one = run("gaps", web.store, kind="mode-never-used", limit=2)
    assert set(one["kind"]) == {"mode-never-used"} and len(one) == 2
    assert list(one["score"]) == sorted(one["score"], reverse=True)


# -- communities -----------------------------------------------------------------------


def test_communities_split_two_cliques_joined_by_one_tie(build_files):
    names = [f"Org {c}" for c in "ABCDEFGH"]
    register = "name,kind,aliases,target_groups\n" + "".join(
        f"{n},{'cso' if i % 2 else 'public-authority'},,{'disability' if i < 4 else 'lgbtq'}\n"
        for i, n in enumerate(names))
    lines = ["source,target,mode,year,sentiment,evidence"]
    for block in (names[:4], names[4:]):
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                lines.append(f"{a},{b},training,2020,positive,{a} and {b} trained staff together.")
    lines.append("Org D,Org E,referral,2021,neutral,Org D referred a case to Org E.")
    built = build_files("comm", {"register.csv": register, "engagements.csv": "\n".join(lines) + "\n"})
    frame = run("communities", built.store)
    assert len(frame) == 2 and list(frame["size"]) == [4, 4]
    members = [set(m.split(", ")) for m in frame["members"]]
    assert {frozenset(m) for m in members} == {frozenset(names[:4]), frozenset(names[4:])}
    assert all("training" in s for s in frame["shares"])
    assert {"Disability (4)", "LGBTQ+ (4)"} == set(frame["target_groups"])  # each block serves one group
    assert run("communities", built.store).equals(frame)  # same answer every run


# -- projection and network measures ----------------------------------------------------


def test_projection_matches_the_tables(web):
    g = project(web.store)
    assert g.number_of_nodes() == 7 and g.number_of_edges() == 4
    names = {d["name"]: n for n, d in g.nodes(data=True)}
    edge = g.edges[names["Alder Trust"], names["Birch Police"]]
    assert edge["modes"].keys() == {"training"} and edge["engagements"] == 1
    assert g.nodes[names["Alder Trust"]]["target_groups"] == {"Disability", "Older people"}


@pytest.mark.parametrize("seed", range(4))
def test_network_measures_equal_networkx(seed):
    g = nx.gnm_random_graph(70, 160, seed=seed)
    for a, b in g.edges:
        g.edges[a, b]["w"] = (a + b) % 3 + 1
    mine, ref = net.constraint(g, "w"), nx.constraint(g, weight="w")
    assert mine.keys() == {n for n in g if g.degree(n)}
    assert all(mine[n] == pytest.approx(ref[n]) for n in mine)
    size, ref = net.effective_size(g), nx.effective_size(g)
    assert all(size[n] == pytest.approx(ref[n]) for n in size)
    between, ref = net.betweenness(g), nx.betweenness_centrality(g)
    assert all(between[n] == pytest.approx(ref[n]) for n in g)


@pytest.mark.parametrize("seed", range(4))
def test_cut_off_by_equals_removing_the_node(seed):
    """Held to the definition, walked in networkx: remove the node, keep all but the
    largest of the parts its component falls into (of equal parts, the one with the
    least node).  Sparse graphs have many cut vertices, and ties between parts."""
    import igraph as ig

    g = nx.gnm_random_graph(80, 90, seed=seed)
    g.add_edge(200, 201)  # a separate pair: neither is a cut vertex
    g.add_nodes_from([300, 301])  # no ties at all
    numbered = ig.Graph(n=max(g) + 1, edges=list(g.edges))  # vertex i is node i
    for order, graph in ((str, g), (int, numbered)):
        for node in g:
            rest = g.subgraph(n for n in nx.node_connected_component(g, node) if n != node)
            parts = sorted(nx.connected_components(rest), key=lambda c: (-len(c), min(map(order, c))))
            expected = sorted((n for part in parts[1:] for n in part), key=order)
            assert net.cut_off_by(graph, node) == expected, (order, node)
    assert any(net.cut_off_by(g, n) for n in g) and net.cut_off_by(g, 200) == [] == net.cut_off_by(g, 300)


def test_estimated_betweenness_is_close_to_the_count_and_repeats():
    """KADABRA (used above EXACT_BETWEENNESS nodes) against Brandes' exact count:
    every node within the stated error, the same top brokers, the same answer twice."""
    g = nx.barabasi_albert_graph(1500, 2, seed=5)
    exact, estimate = net.betweenness(g, exact=True), net.betweenness(g, exact=False)
    assert estimate == net.betweenness(g, exact=False)
    assert max(abs(estimate[n] - exact[n]) for n in g) <= net.BETWEENNESS_ERROR
    top = sorted(exact, key=exact.get, reverse=True)[:5]
    assert set(top) <= set(sorted(estimate, key=estimate.get, reverse=True)[:8])


# -- CLI ----------------------------------------------------------------------------------


def test_cli_lists_parameters_and_runs_a_parameterised_query(web):
    runner = CliRunner()
    listing = runner.invoke(cli, ["query", "--list"])
    assert "--param name=NAME" in listing.output and "[by=kind|stakeholder]" in listing.output
    assert set(REGISTRY) <= {line.split()[0] for line in listing.output.splitlines() if line[:1] != " "}
    result = runner.invoke(cli, ["query", "ego", "-g", str(web.out_dir), "--param", "name=Dune Network",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"name": "Alder Trust"' in result.output
    bad = runner.invoke(cli, ["query", "ego", "-g", str(web.out_dir), "--param", "name=Nobody Here"])
    assert bad.exit_code == 1 and "no stakeholder named 'Nobody Here'" in bad.output
