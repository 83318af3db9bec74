"""The recording pass over one block: systems, data flows and the differences between systems.

:func:`add_recording` is called by the text pass (:mod:`changemap.ingest.textpass`)
for every paragraph, bullet and speaker turn, with the organisations found in
it and the speaker's organisation (which stands for "we").  Sentence by
sentence it runs the system rules (:mod:`recsystems`) and the flow rules
(:mod:`dataflows`), and cites the sentence for each result.

**Differences** that interviewees describe between systems ("the police count
crimes, we count incidents", "our numbers are much bigger and the two don't
line up", "they only record it if the victim reports it") become a finding
of type *challenge* about the systems compared (:func:`find_difference`): in
a workshop summary the bullet is already a finding, and the systems cited in
it are linked to it in resolution instead.  Nothing is taken from sections
of proposals (a heading such as "Opportunities" or "Next steps").

>>> from changemap.ingest.nlp import pipeline
>>> from changemap.model import OrgMention
>>> doc = pipeline()("The police count crimes. Ours works differently.")
>>> police = OrgMention("police", 4, 10, generic=True)
>>> sents = list(doc.sents)
>>> first = Scope(sents[0], [police], "Harbour Trust")
>>> second = Scope(sents[1], [police], "Harbour Trust", first.parties)
>>> [s.operator for s in find_difference(second, find_systems(second), find_systems(first))]
['Harbour Trust', 'police']
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import DataFlow, Document, Extraction, Finding, OrgMention, RecordingSystem
from ..ontology.lexicon import schemes
from .cite import evidence
from .cues import negated, sentence_words
from .dataflows import find_flows, may_state_flows
from .nlp import span_text
from .recparties import Party, Scope, named_parties
from .recsystems import SystemCandidate, find_systems, may_state_systems
from .recwords import DIFFERENCE, DIFFERENCE_PHRASES, RECORD_VERBS


def _difference_cue(scope: Scope) -> bool:
    """Words that compare ways of counting: "differently", "don't line up", "only record … if"."""
    doc, lo, words = scope.doc, scope.lo, scope.words
    if not scope.wordset.isdisjoint(DIFFERENCE):
        return True
    joined = f" {' '.join(words)} "
    if any(f" {' '.join(p)} " in joined for p in DIFFERENCE_PHRASES):
        return True
    for i, low in enumerate(words[1:], lo + 1):  # "they only record it if …", "the courts don't record whether …"
        if low in RECORD_VERBS and (words[i - 1 - lo] == "only" or negated(doc, i, lo, 3)):
            return True
    return False


def find_difference(scope: Scope, here: list[SystemCandidate],
                    before: list[SystemCandidate]) -> list[SystemCandidate]:
    """The systems a sentence compares, when it describes how systems differ; else [].

    ``here`` are the systems found in the sentence, ``before`` those of the
    preceding sentences of the block.  "Ours"/"theirs" stand for the speaker's
    (or the other body's) system once a system has been mentioned.  Two
    recorders in one sentence are a difference even without a cue word ("the
    police count crimes, we count incidents").
    """
    if span_text(scope.sent).rstrip().endswith("?"):
        return []
    systems = [s for s in here if s.operator]
    if here or before:
        for p in scope.parties:
            if scope.doc[p.start].lower_ in {"ours", "theirs"}:
                systems.append(SystemCandidate(p.name, None, p.start, p.end, rule="ours"))
    recorders = {s.operator for s in systems if s.rule == "recording-verb"}
    if not systems or not (_difference_cue(scope) or len(recorders) >= 2):
        return []
    operators = {s.operator for s in systems}
    for s in reversed([b for b in before if b.operator]):
        if len(operators) >= 2:
            break
        if s.operator not in operators:
            operators.add(s.operator)
            systems.append(s)
    return systems


OURS = frozenset({"ours", "theirs"})  # a system mentioned before, compared: "ours works differently"


def _proposals(block) -> bool:
    """A block under a heading of proposals ("Opportunities", "Next steps")."""
    types = schemes()["finding_type"]
    return any(types.lookup(h) == "opportunity" for h in getattr(block, "headings", ()) or ())


def add_recording(doc: Document, block, sdoc: Doc, orgs: list[OrgMention], speaker: str | None,
                  speaker_org: str | None, out: Extraction) -> None:
    """Append the recording systems, data flows and difference findings stated in ``block``.

    ``sdoc`` is the parsed text of the block, ``orgs`` the organisations
    found in it (offsets into ``sdoc``), ``speaker`` the interviewee's
    pseudonym and ``speaker_org`` their organisation, both None outside the
    interviewee's turns.
    """
    if _proposals(block):
        return
    earlier: list[Party] = []
    before: list[SystemCandidate] = []
    for sent in sdoc.sents:
        words = sentence_words(sent)
        if not (may_state_systems(sent, words) or may_state_flows(words, [])
                or (before and not words.isdisjoint(OURS))):
            earlier = named_parties(sent, orgs)  # nothing to find here: only what pronouns may look back to
            continue
        scope = Scope(sent, orgs, speaker_org, earlier)
        if earlier and _difference_cue(scope):  # comparing: "They only record it if …" means the body just named
            scope = Scope(sent, orgs, speaker_org, earlier, look_back=True)
        systems = find_systems(scope)
        flows = find_flows(scope, systems) if may_state_flows(words, systems) else []
        compared = find_difference(scope, systems, before) if doc.kind != "summary" else []
        if systems or flows or compared:
            ev = evidence(doc, block.start + sent.start_char, block.start + sent.end_char, "recording-rule",
                          speaker=speaker, confidence=0.7)
            for s in systems:
                out.recording_systems.append(RecordingSystem(operator=s.operator, system_type=s.system_type,
                                                             name=s.name, evidence=[ev]))
            for f in flows:
                out.data_flows.append(DataFlow(from_operator=f.source, to_operator=f.target, evidence=[ev],
                                               from_type=f.source_type, to_type=f.target_type,
                                               from_name=f.source_name, to_name=f.target_name,
                                               what=f.what, frequency=f.frequency))
            if compared:
                for s in compared:
                    if s.rule == "ours":
                        out.recording_systems.append(RecordingSystem(operator=s.operator, evidence=[ev]))
                out.findings.append(Finding(finding_type="challenge", text=" ".join(span_text(sent).split()),
                                            evidence=[ev], systems=[(s.operator, s.system_type) for s in compared]))
        earlier = [p for p in scope.parties if p.role in {"named", "generic"}]  # pronouns look one sentence back
        before += systems
