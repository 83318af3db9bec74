"""REFI-QDA coded segments become records through the code mapping, end to end.

The project is made here with :class:`QdpxProject`: a code book named by
paths, sources whose codings name the exact text they select (so offsets
always match), variables, and a mapping file beside the project.  The
interview uses Windows line ends, as NVivo exports do.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

from changemap.errors import InputError
from changemap.ingest.extract import extract
from changemap.ingest.read import read_documents
from changemap.ingest.resolve import resolve
from changemap.pipeline import build_corpus
from changemap.queries import run

# --- a project builder -----------------------------------------------------------------------


def _guid(n: int) -> str:
    return f"6f1c0000-0000-4000-8000-{n:012d}"


@dataclass
class QdpxSource:
    project: QdpxProject
    name: str
    text: str
    variables: dict[str, str]
    embedded: bool  # text inside project.qde (PlainTextContent) or as a file in sources/
    codings: list[tuple[int, int, list[str]]] = field(default_factory=list)

    def code(self, quote: str, *paths: str, occurrence: int = 0) -> None:
        """Code the ``occurrence``-th appearance of ``quote`` with ``paths``."""
        start = -1
        for _ in range(occurrence + 1):
            start = self.text.index(quote, start + 1)
        for path in paths:
            self.project.code_guid(path)
        self.codings.append((start, start + len(quote), list(paths)))


@dataclass
class QdpxProject:
    name: str = "Hate crime journeys"
    codes: dict[str, str] = field(default_factory=dict)  # path -> guid
    sources: list[QdpxSource] = field(default_factory=list)

    def code_guid(self, path: str) -> str:
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            self.codes.setdefault("/".join(parts[:depth]), _guid(len(self.codes) + 1))
        return self.codes[path]

    def source(self, name: str, text: str, variables: dict[str, str] | None = None, *,
               embedded: bool = False) -> QdpxSource:
        src = QdpxSource(self, name, text, dict(variables or {}), embedded)
        self.sources.append(src)
        return src

    def _codebook(self, prefix: str = "") -> str:
        out = []
        for path, guid in self.codes.items():
            parent, _, own = path.rpartition("/")
            if parent == prefix:
                out.append(f'<Code guid="{guid}" name={quoteattr(own)} isCodable="true">'
                           f"{self._codebook(path)}</Code>")
        return "".join(out)

    def to_bytes(self) -> bytes:
        names = sorted({k for s in self.sources for k in s.variables})
        var_guid = {v: _guid(900 + i) for i, v in enumerate(names)}
        files: dict[str, bytes] = {}
        xml = []
        for i, src in enumerate(self.sources):
            sguid = _guid(500 + i)
            sels = "".join(
                f'<PlainTextSelection guid="{_guid(10_000 + 100 * i + j)}" startPosition="{s}" endPosition="{e}">'
                + "".join(f'<Coding guid="{_guid(50_000 + 1000 * i + 10 * j + k)}">'
                          f'<CodeRef targetGUID="{self.codes[p]}"/></Coding>' for k, p in enumerate(paths))
                + "</PlainTextSelection>"
                for j, (s, e, paths) in enumerate(src.codings))
            values = "".join(f'<VariableValue><VariableRef targetGUID="{var_guid[k]}"/>'
                             f"<TextValue>{escape(v)}</TextValue></VariableValue>" for k, v in src.variables.items())
            if src.embedded:
                body, attrs = f"<PlainTextContent>{escape(src.text)}</PlainTextContent>", ""
            else:
                files[f"sources/{sguid}.txt"] = src.text.encode("utf-8")
                body, attrs = "", f' plainTextPath="internal://{sguid}.txt"'
            xml.append(f'<TextSource guid="{sguid}" name={quoteattr(src.name)}{attrs}>{body}{sels}{values}'
                       "</TextSource>")
        variables = "".join(f'<Variable guid="{g}" name={quoteattr(v)} typeOfVariable="Text"/>'
                            for v, g in var_guid.items())
        qde = ('<?xml version="1.0" encoding="utf-8"?>\n'
               f'<Project xmlns="urn:QDA-XML:project:1.0" name={quoteattr(self.name)} origin="tests">'
               f"<CodeBook><Codes>{self._codebook()}</Codes></CodeBook>"
               + (f"<Variables>{variables}</Variables>" if variables else "")
               + f"<Sources>{''.join(xml)}</Sources></Project>")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("project.qde", qde.encode("utf-8"))
            for name, data in files.items():
                z.writestr(name, data)
        return buf.getvalue()

    def write(self, folder: Path, stem: str, mapping: str | None = None) -> Path:
        """Write ``<stem>.qdpx`` (and ``<stem>.mapping.yaml`` when given) into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}.qdpx"
        path.write_bytes(self.to_bytes())
        if mapping is not None:
            (folder / f"{stem}.mapping.yaml").write_text(mapping, encoding="utf-8")
        return path


# --- the project ------------------------------------------------------------------------------

INTERVIEW = (
    "Interviewer: Could you tell me what your post covers?\r\n"
    "Respondent: I coordinate casework at Riverside Roma Voice. We support Roma families across the Eastwick "
    "estates.\r\n"
    "Interviewer: How do you keep count of incidents?\r\n"
    "Respondent: We keep our own incident book. Since 2020 we have sent a quarterly extract to Fenwick "
    "Constabulary, and they check it against their crime records.\r\n"
    "Interviewer: Who pushed for change?\r\n"
    "Respondent: When the Hate Crime (Fenwick) Act passed in 2019, the Ministry of Home Affairs told every force "
    "to work with community monitors. That opened the door for us.\r\n"
    "Interviewer: Tell me about training.\r\n"
    "Respondent: Our volunteers ran two sessions for call handlers. It went well, but nobody paid for a third.\r\n"
    "Interviewer: Was there a setback?\r\n"
    "Respondent: In 2022 the council closed the Eastwick advice desk, and reports from the estates fell by "
    "half.\r\n"
    "Interviewer: Any project you are proud of?\r\n"
    "Respondent: The Safe Reporting Card, a pocket card in Romani and English, doubled the number of families who "
    "came to us.\r\n"
)
NOTES = (
    "Notes from the Eastwick partnership meeting, March 2023.\n\n"
    "The Constabulary's hate crime officer and Eastwick Borough Council agreed to share incident maps every "
    "month.\n\n"
    "Volunteers said the reporting form was too long.\n"
)
MAPPING = """\
codes:
  Actors: {type: stakeholder}
  "Actors/Ministry": {type: stakeholder, value: "Ministry of Home Affairs", kind: public-authority}
  "Actors/Fenwick Constabulary": {type: stakeholder, kind: public-authority}
  "Groups/Roma": {type: target_group, value: Roma}
  "Engagement/Data exchange": {type: mode, value: data-sharing}
  Engagement: mode
  "Moments/Forward": {type: direction, value: forward}
  "Moments/Backward": {type: direction, value: backward}
  "Drivers/New law": {type: driver, value: legislation}
  "Findings/What works": finding_type
  "Findings/Problem": {type: finding_type, value: challenge}
  Projects: initiative
  "Projects/Safe Reporting Card": {type: initiative, kind: campaign}
  "Protocol/Recording": {type: topic, value: recording-models}
  Admin: ignore
"""
SHARING = ("Since 2020 we have sent a quarterly extract to Fenwick Constabulary, and they check it against their "
           "crime records.")
ACT = ("When the Hate Crime (Fenwick) Act passed in 2019, the Ministry of Home Affairs told every force to work "
       "with community monitors.")
TRAINING = "Our volunteers ran two sessions for call handlers."
CARD = "The Safe Reporting Card, a pocket card in Romani and English, doubled the number of families who came to us."
MAPS = "The Constabulary's hate crime officer and Eastwick Borough Council agreed to share incident maps every month."


def journeys() -> QdpxProject:
    p = QdpxProject()
    a = p.source("Interview R7", INTERVIEW, {"Pseudonym": "Participant R7", "Organisation": "Riverside Roma Voice",
                                             "Organisation kind": "cso", "Consent": "approved"})
    a.code("We support Roma families across the Eastwick estates.", "Groups/Roma")
    a.code(SHARING, "Engagement/Data exchange", "Actors/Fenwick Constabulary")
    a.code(ACT, "Moments/Forward", "Drivers/New law", "Actors/Ministry")
    a.code(TRAINING, "Engagement/Training")
    a.code("It went well, but nobody paid for a third.", "Findings/Problem", "Themes/Trust")
    a.code("In 2022 the council closed the Eastwick advice desk, and reports from the estates fell by half.",
           "Moments/Backward", "Themes/Trust")
    a.code(CARD, "Projects/Safe Reporting Card", "Findings/What works", "Admin/Memo")
    n = p.source("Partnership notes", NOTES, embedded=True)
    n.code(MAPS, "Engagement/Data exchange", "Protocol/Recording")
    n.code("Volunteers said the reporting form was too long.", "Findings/Problem")
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("coded")
    journeys().write(root / "corpus", "journeys", MAPPING)
    return build_corpus([root / "corpus"], root / "out", outputs=False)


def rows(frame) -> list[dict]:
    return [{k: (None if v != v else v) for k, v in r.items()} for r in frame.to_dict("records")]  # NaN → None


# --- end to end -------------------------------------------------------------------------------


def test_coded_stakeholders_with_kinds_and_target_groups(built):
    found = {r["name"]: r for r in rows(run("stakeholders", built.store))}
    assert found["Fenwick Constabulary"]["kind"] == "public-authority"
    assert found["Ministry of Home Affairs"]["kind"] == "public-authority"     # the mapping's value and kind
    # "Groups/Roma" coded on a segment with no stakeholder: the speaker's organisation serves the group.
    assert found["Riverside Roma Voice"]["kind"] == "cso"                      # from the source's variables
    assert found["Riverside Roma Voice"]["target_groups"] == "Roma, Gypsies and Travellers"


def test_coded_engagements_between_speaker_organisation_and_coded_or_named_parties(built):
    found = {(r["source"], r["target"], r["mode"]): r for r in rows(run("engagements", built.store))}
    assert set(found) == {
        ("Fenwick Constabulary", "Riverside Roma Voice", "data-sharing"),
        # no speaker organisation in the notes: the two bodies the segment names ("the Constabulary" linked)
        ("Eastwick Borough Council", "Fenwick Constabulary", "data-sharing"),
    }
    assert found[("Fenwick Constabulary", "Riverside Roma Voice", "data-sharing")]["first_year"] == 2020


def test_coded_findings_with_their_text_and_initiative(built):
    found = {(r["type"], r["text"], r["about"]) for r in rows(run("findings", built.store))}
    assert found == {
        ("challenge", "It went well, but nobody paid for a third.", ""),
        ("good-practice", CARD, "Safe Reporting Card"),
        ("challenge", "Volunteers said the reporting form was too long.", ""),
    }
    initiatives = {r["name"]: r["type"] for r in rows(run("initiatives", built.store))}
    assert initiatives["Safe Reporting Card"] == "campaign"


def quotes(built, node_pattern: str) -> dict[str, dict]:
    """Evidence of the matching nodes: quote → {by, confidence, speaker, topic, exact offsets}."""
    out: dict[str, dict] = {}
    for r in built.store.query(f"""SELECT ?q ?by ?c ?sp ?t ?s ?e ?d WHERE {{
            {node_pattern} ?x prov:wasDerivedFrom ?ev .
            ?ev cm:quote ?q ; cm:extractedBy ?by ; cm:confidence ?c ; oa:hasSelector ?sel ;
                prov:wasQuotedFrom/dcterms:identifier ?d . ?sel oa:start ?s ; oa:end ?e .
            OPTIONAL {{ ?ev cm:speaker/foaf:nick ?sp }} OPTIONAL {{ ?ev cm:topic/skos:prefLabel ?t }} }}"""):
        item = out.setdefault(r["q"], {"by": set(), "confidence": float(r["c"]), "speaker": r["sp"],
                                       "topic": r["t"], "span": (r["d"], int(r["s"]), int(r["e"]))})
        item["by"].add(r["by"])
    return out


def test_coded_items_cite_the_whole_segment_exactly(built):
    texts = {d.key: d.text for d in built.documents}
    found = quotes(built, "?x a cm:Engagement .")
    assert set(found) == {SHARING, MAPS}
    sharing = found[SHARING]
    assert "qdpx-code" in sharing["by"] and sharing["confidence"] == 1.0
    assert sharing["speaker"] == "Participant R7"
    doc, start, end = sharing["span"]
    assert texts[doc][start:end] == SHARING   # offsets into the Unix-line-end text
    assert found[MAPS]["speaker"] is None     # field notes: nobody speaks


def test_moments_from_direction_and_driver_codes(built):
    found = {r["l"]: r for r in built.store.query("""SELECT ?l ?dir ?date ?drv ?actor WHERE {
        ?m a cm:PivotalMoment ; rdfs:label ?l ; cm:direction/skos:prefLabel ?dir .
        OPTIONAL { ?m sem:hasTimeStamp ?date } OPTIONAL { ?m cm:driver/skos:prefLabel ?drv }
        OPTIONAL { ?m sem:hasActor/rdfs:label ?actor } }""")}
    forward = next(r for r in found.values() if r["dir"] == "Forward")
    assert forward["l"].startswith("When the Hate Crime (Fenwick) Act passed in 2019")   # the segment's first words
    assert (forward["date"], forward["drv"], forward["actor"]) == ("2019", "Legislation", "Ministry of Home Affairs")
    backward = next(r for r in found.values() if r["dir"] == "Backward")
    assert backward["date"] == "2022"
    assert quotes(built, "?x a cm:PivotalMoment ; cm:direction direction:backward .")


def test_topics_come_from_topic_codes_and_from_questions(built):
    found = quotes(built, "?x a cm:Engagement .")
    assert found[MAPS]["topic"] == "Recording models"      # coded: the notes have no questions
    assert found[SHARING]["topic"] == "Recording models"   # answer to "How do you keep count of incidents?"


def test_problems_are_said_once_per_code_and_name_the_segment(built):
    messages = [(p.severity, p.message) for p in built.problems]
    assert len(messages) == 2, messages
    unmapped = next(m for s, m in messages if "Themes/Trust" in m)
    assert unmapped.startswith("corpus/journeys.qdpx: code 'Themes/Trust' (on 2 coded segment(s)) has no entry "
                               "in journeys.mapping.yaml")
    lonely = next(m for s, m in messages if "training" in m)
    assert lonely.startswith("corpus/journeys.qdpx#Interview R7:8: coded segment at characters ")
    assert "only one party can be told (parties: 'Riverside Roma Voice')" in lonely
    assert not any("Admin" in m for _, m in messages)        # ignored on purpose: no problem
    assert built.validation.conforms, built.validation.violations


# --- merging with the text rules ---------------------------------------------------------------


def test_coded_and_rule_made_items_merge_in_resolution(tmp_path):
    journeys().write(tmp_path, "journeys", MAPPING)
    docs = read_documents(tmp_path / "journeys.qdpx", "corpus/journeys.qdpx")
    ex = extract(docs)
    sharing = [e for e in ex.engagements if e.mode == "data-sharing" and "Riverside Roma Voice" in e.parties]
    assert {ev.extracted_by for e in sharing for ev in e.evidence} == {"qdpx-code", "text-rule"}
    backward = [m for m in ex.moments if m.direction == "backward"]
    assert {ev.extracted_by for m in backward for ev in m.evidence} == {"qdpx-code", "text-rule"}
    assert len({m.label for m in backward}) == 1          # the coded moment took the rule's label

    ex = resolve(ex)
    sharing = [e for e in ex.engagements if e.mode == "data-sharing" and "Riverside Roma Voice" in e.parties]
    assert len(sharing) == 1
    assert len([m for m in ex.moments if m.direction == "backward"]) == 1
    fenwick = next(s for s in ex.stakeholders if s.name == "Fenwick Constabulary")
    assert {ev.extracted_by for ev in fenwick.evidence} >= {"qdpx-code", "gazetteer"}


# --- mapping errors ---------------------------------------------------------------------------


def test_a_bad_value_in_the_mapping_names_file_line_code_and_allowed_values(tmp_path):
    bad = MAPPING.replace("{type: mode, value: data-sharing}", "{type: mode, value: data swapping}")
    path = journeys().write(tmp_path / "corpus", "journeys", bad)
    with pytest.raises(InputError) as err:
        read_documents(path, "corpus/journeys.qdpx")
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'corpus' / 'journeys.mapping.yaml'}:6: code 'Engagement/Data exchange': "
                              "'data swapping' is not a known mode (use one of: consultation, data-sharing,")


def test_bad_mapping_is_a_build_problem_and_the_rest_is_built(tmp_path):
    corpus = tmp_path / "corpus"
    journeys().write(corpus, "journeys", MAPPING.replace("kind: campaign", "kind: poster"))
    (corpus / "other.md").write_text("# Notes\n\nThe Lowfield Trust met the county police.\n", encoding="utf-8")
    result = build_corpus([corpus], tmp_path / "out", outputs=False)
    assert [d.key for d in result.documents] == ["corpus/other.md"]
    problem = next(p for p in result.problems if p.path == "corpus/journeys.qdpx")
    assert problem.severity == "error"
    assert "journeys.mapping.yaml:14: code 'Projects/Safe Reporting Card': 'poster' is not a known initiative type" \
        in problem.message
    assert "use one of: campaign, charter," in problem.message


@pytest.mark.parametrize(("entry", "expected"), [
    ('Admin: {type: ignore, kind: cso}', "code 'Admin': 'kind' applies only to stakeholder and initiative codes"),
    ('Admin: {type: topic, value: weather}', "code 'Admin': 'weather' is not a known topic (use one of:"),
    ('Admin: {type: stakeholder, kind: charity shop}', "code 'Admin': 'charity shop' is not a known kind"),
])
def test_mapping_entries_are_checked_when_read(tmp_path, entry, expected):
    path = journeys().write(tmp_path, "journeys", MAPPING.replace("Admin: ignore", entry))
    with pytest.raises(InputError, match="journeys.mapping.yaml:16: " + expected.replace("(", r"\(")):
        read_documents(path, "corpus/journeys.qdpx")


def test_a_code_name_that_is_no_concept_is_an_error_once_and_other_codes_still_count(tmp_path):
    p = journeys()
    interview = p.sources[0]
    interview.code("they check it against their crime records", "Engagement/Cooking club")
    interview.code("That opened the door for us.", "Engagement/Cooking club", "Findings/What works")
    path = p.write(tmp_path / "corpus", "journeys", MAPPING)
    result = build_corpus([path.parent], tmp_path / "out", outputs=False)
    errors = [p.message for p in result.problems if p.severity == "error"]
    assert len(errors) == 1
    assert errors[0].startswith("corpus/journeys.qdpx: code 'Engagement/Cooking club' maps to a mode in "
                                "journeys.mapping.yaml, but 'Cooking club' is not a known mode (use one of: ")
    texts = {f.text for f in result.extraction.findings}
    assert "That opened the door for us." in texts


def test_a_segment_with_three_parties_and_no_speaker_organisation_is_reported(tmp_path):
    p = QdpxProject()
    notes = p.source("Minutes", "Minutes of the Dalby forum.\n\nThe Dalby Youth Trust, Kestrel Housing "
                                "Association and Dalby City Council will train wardens together.\n")
    notes.code("The Dalby Youth Trust, Kestrel Housing Association and Dalby City Council will train wardens "
               "together.", "Engagement/Training")
    path = p.write(tmp_path, "forum", "codes:\n  Engagement: mode\n")
    ex = extract(read_documents(path, "corpus/forum.qdpx"))
    assert [e for e in ex.engagements if any(ev.extracted_by == "qdpx-code" for ev in e.evidence)] == []
    problem = next(p for p in ex.problems if "no engagement" in p.message)
    assert problem.severity == "warning"
    assert problem.message.startswith("corpus/forum.qdpx#Minutes:3: coded segment at characters 29-")
    assert "more than two parties are named" in problem.message


def test_a_driver_without_direction_takes_the_rules_direction_or_is_reported(tmp_path):
    p = QdpxProject()
    notes = p.source("Notes", "After the inquiry in 2018, the Dalby police finally set up a hate crime unit.\n\n"
                              "Funding questions came up again.\n")
    notes.code("After the inquiry in 2018, the Dalby police finally set up a hate crime unit.", "Drivers/Inquiry")
    notes.code("Funding questions came up again.", "Drivers/Funding")
    path = p.write(tmp_path, "notes", "codes:\n  Drivers: driver\n")
    ex = extract(read_documents(path, "corpus/notes.qdpx"))
    coded = [m for m in ex.moments if any(ev.extracted_by == "qdpx-code" for ev in m.evidence)]
    rule = [m for m in ex.moments if all(ev.extracted_by == "text-rule" for ev in m.evidence)]
    assert [(m.direction, m.drivers) for m in coded] == [(rule[0].direction, ["inquiry"])]
    assert coded[0].label == rule[0].label
    problem = next(p for p in ex.problems if "no direction" in p.message)
    assert "coded with driver(s) funding but no direction" in problem.message


def test_a_topic_code_wins_over_the_topic_inferred_from_the_question(tmp_path):
    p = QdpxProject()
    talk = p.source("Talk", "Interviewer: Tell me about training.\nRespondent: Our course never reached the "
                            "records clerks, so their counts stayed wrong.\nInterviewer: Thanks.\n"
                            "Respondent: You are welcome.\n", {"Pseudonym": "Participant Q2"})
    talk.code("Our course never reached the records clerks, so their counts stayed wrong.",
              "Findings/Problem", "Protocol/Recording")
    talk.code("You are welcome.", "Findings/Problem")
    path = p.write(tmp_path, "talk", MAPPING)
    ex = extract(read_documents(path, "corpus/talk.qdpx"))
    topics = {f.text: f.evidence[0].topic for f in ex.findings}
    assert topics == {
        "Our course never reached the records clerks, so their counts stayed wrong.": "recording-models",
        "You are welcome.": None,   # no topic code, and "Thanks." asks about no topic
    }
