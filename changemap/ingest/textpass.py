"""The pass over running text: one spaCy parse per block, every rule on it.

For each paragraph, bullet, heading and speaker turn of a transcript,
summary or text document, the pass finds organisations, target groups and
named initiatives, and cites each by its sentence.  In a transcript, the
respondent's sentences are attributed to the interviewee's pseudonym, and
their organisation (from the front matter) stands for "we".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from ..model import Document, Extraction, Finding, Initiative, OrgMention, StakeholderMention
from ..ontology.lexicon import phrases
from .cite import evidence
from .initiatives import find_initiatives
from .nlp import PhraseIndex, pipeline

CONTENT = {"paragraph", "bullet", "turn", "heading"}
_INTERVIEWER_LABELS = {"interviewer", "int", "i", "q", "question", "moderator", "facilitator",
                       "researcher"}


def respondent_labels(doc: Document) -> set[str]:
    """Speaker labels in ``doc`` that belong to the interviewee."""
    labels = {b.speaker for b in doc.blocks if b.kind == "turn" and b.speaker}
    interviewer = str(doc.metadata.get("interviewer") or "").casefold()
    asking = {lab for lab in labels if lab.casefold() in _INTERVIEWER_LABELS
              or (interviewer and lab.casefold() == interviewer)}
    if not asking and len(labels) == 2:
        # The one who asks more questions is the interviewer.
        def questions(label: str) -> float:
            turns = [b for b in doc.blocks if b.kind == "turn" and b.speaker == label]
            return sum(b.text.rstrip().endswith("?") for b in turns) / max(1, len(turns))
        asking = {max(sorted(labels), key=questions)}
    return labels - asking


@dataclass
class Lexicons:
    """Phrase matchers built once per build."""

    orgs: PhraseIndex
    groups: PhraseIndex
    org_names: frozenset[str]

    @classmethod
    def for_extraction(cls, ex: Extraction) -> Lexicons:
        names: dict[str, set[str]] = {}
        for m in ex.mentions:
            names.setdefault(m.name, set()).update([m.name, *m.aliases])
        return cls(
            orgs=PhraseIndex({f"org:{k}": v for k, v in names.items()}),
            groups=PhraseIndex({f"tg:{k}": v for k, v in phrases("target_group").items()}),
            org_names=frozenset(n.lower() for v in names.values() for n in v),
        )


def organisations(sdoc: Doc, lex: Lexicons) -> list[OrgMention]:
    """Named organisations in one block (declared names and aliases)."""
    return [OrgMention(name=key[4:], start=s, end=e, rule="gazetteer") for key, s, e in lex.orgs.find(sdoc)]


def parsed_blocks(doc: Document) -> Iterator[tuple[object, Doc]]:
    blocks = [b for b in doc.blocks if b.kind in CONTENT]
    texts = (doc.text[b.start:b.end] for b in blocks)
    yield from zip(blocks, pipeline().pipe(texts), strict=True)


def text_pass(documents: list[Document], out: Extraction) -> None:
    """Run the text rules over ``documents``, appending to ``out``."""
    lex = Lexicons.for_extraction(out)
    findings: dict[tuple[str, int], Finding] = {(f.evidence[0].document, f.evidence[0].start): f
                                                for f in out.findings}
    theme_groups: dict[str, list[str]] = {}
    for doc in documents:
        respondents = respondent_labels(doc) if doc.kind == "transcript" else set()
        pseudonym = str(doc.metadata.get("pseudonym") or "") or None
        own_org = str(doc.metadata.get("organisation") or doc.metadata.get("organization") or "") or None
        for b, sdoc in parsed_blocks(doc):
            respondent = b.speaker in respondents
            speaker = pseudonym if respondent else None
            speaker_org = own_org if respondent else None
            groups = [key[3:] for key, _, _ in lex.groups.find(sdoc)]
            if b.kind == "heading":
                theme_groups[b.text] = groups
            orgs = organisations(sdoc, lex)
            for o in orgs:
                sent = sdoc.char_span(o.start, o.end, alignment_mode="expand").sent
                ev = evidence(doc, b.start + sent.start_char, b.start + sent.end_char, o.rule or "text",
                              speaker=speaker, confidence=0.9)
                out.mentions.append(StakeholderMention(name=o.name, evidence=ev, authority="text",
                                                       kind=o.kind, kind_reason=o.kind_reason,
                                                       aliases=o.aliases, generic=o.generic))
            named = [] if b.kind == "heading" else [
                i for sent in sdoc.sents
                for i in _initiatives(doc, b, sent, orgs, speaker, speaker_org, lex, out)]
            finding = findings.get((doc.key, b.start))
            if finding is not None:
                inherited = theme_groups.get(finding.theme or "", [])
                finding.strands = sorted(set(finding.strands) | set(groups) | set(inherited))
                finding.about = sorted({i.name for i in named})


def _initiatives(doc: Document, b, sent, orgs: list[OrgMention], speaker: str | None,
                 speaker_org: str | None, lex: Lexicons, out: Extraction) -> list[Initiative]:
    inside = [o for o in orgs if sent.start_char <= o.start < sent.end_char]
    found = []
    for m in find_initiatives(sent, inside, speaker_org, lex.org_names):
        ev = evidence(doc, b.start + sent.start_char, b.start + sent.end_char, "initiative-rule",
                      speaker=speaker, confidence=0.7)
        groups = {key[3:] for key, _, _ in lex.groups.find(sent.as_doc())}
        item = Initiative(name=m.name, initiative_type=m.initiative_type, evidence=[ev],
                          run_by=set(m.run_by), partners=set(m.partners), target_groups=groups)
        out.initiatives.append(item)
        found.append(item)
    return found
