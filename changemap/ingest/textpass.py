"""The pass over running text: one spaCy parse per block, every rule on it.

For each paragraph, bullet, heading and speaker turn of a transcript,
summary or text document, the pass finds organisations, target groups and
named initiatives, and cites each by its sentence.  In a transcript, the
respondent's sentences are attributed to the interviewee's pseudonym, and
their organisation (from the front matter) stands for "we".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from ..model import (
    Document,
    Engagement,
    Extraction,
    Finding,
    Initiative,
    OrgMention,
    PivotalMoment,
    Problem,
    StakeholderMention,
)
from ..ontology.lexicon import phrases
from .cite import evidence
from .engage import find_engagements
from .initiatives import find_initiatives
from .kinds import TOPIC_WORDS
from .moments import find_moments
from .nlp import PhraseIndex, doc_text, pipeline, span_text
from .orghints import system_names
from .orgrefs import UNLINKED, form_index, link_references, short_form_map, short_forms, tied_generics
from .orgs import find_organisations
from .participants import speaker_organisations
from .recording import add_recording

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
            org_names=frozenset(names),
        )


def parsed_blocks(doc: Document) -> Iterator[tuple[object, Doc]]:
    blocks = [b for b in doc.blocks if b.kind in CONTENT]
    texts = [doc.text[b.start:b.end] for b in blocks]
    for b, text, sdoc in zip(blocks, texts, pipeline().pipe(texts), strict=True):
        sdoc.user_data["text"] = text  # what doc_text() returns, without joining the tokens again
        yield b, sdoc


def described_names(found: dict, lex: Lexicons) -> tuple[PhraseIndex | None, dict[str, str | None]]:
    """An index of the names found anywhere in the corpus only by what the text calls them.

    "Threshold's caseworkers" in one document makes "with Threshold and
    Common Table" in another a mention of Threshold.
    """
    kinds = {m.name: m.kind for ms in found.values() for m in ms if m.rule == "described"}
    longer = {m.name.split()[0] for ms in found.values() for m in ms if not m.generic and " " in m.name}
    names = sorted(n for n in kinds if n not in lex.org_names and n not in longer)  # "Signal" of Signal Deaf …
    return (PhraseIndex({f"org:{n}": [n] for n in names}) if names else None), kinds


def document_organisations(parsed: list[tuple[object, Doc]], lex: Lexicons, found: dict[int, list[OrgMention]],
                           described: PhraseIndex | None = None,
                           kinds: dict[str, str | None] | None = None,
                           known: frozenset[str] | None = None, own: str | None = None
                           ) -> dict[int, list[OrgMention]]:
    """Organisations of each block (by block start), with references resolved across the document.

    ``found`` holds the recogniser's mentions of each block.  Short references
    and acronyms are linked to full names; a name found elsewhere only by what
    the text calls it (``described``, see :func:`described_names`) is found
    again wherever it is repeated; short forms ("Signal's members") are added;
    generic actors that can mean only one named body of the document (``own``,
    the interviewee's organisation, counts as one) are tied to it.
    """
    linked = iter(link_references([m for b, _ in parsed for m in found[b.start]], known or lex.org_names))
    out = {b.start: [m for m in (next(linked) for _ in found[b.start]) if m.rule != "lower-ref"] for b, _ in parsed}
    out = tied_generics(out, {b.start: doc_text(sdoc) for b, sdoc in parsed}, own)
    full = {m.name: m.kind for ms in out.values() for m in ms
            if not m.generic and m.rule not in UNLINKED and not m.rule.endswith("-linked")}
    firsts = {n.split()[0] for n in full if " " in n}
    forms = short_form_map({n: k for n, k in full.items() if n not in firsts})  # not "Quill" of "Quill's staff"
    kinds = kinds or {}
    index = form_index(forms)
    for b, sdoc in parsed:
        mentions = [OrgMention(forms[m.name][0], m.start, m.end, rule="short-form")
                    if m.name in forms and (not forms[m.name][1] or m.rule == "described") else m
                    for m in out[b.start]]
        taken = [(m.start, m.end) for m in mentions]
        if described is not None:
            for key, s, e in described.find(sdoc):
                if doc_text(sdoc)[s:s + 1].isupper() and not any(s < te and ts < e for ts, te in taken):
                    mentions.append(OrgMention(key[4:], s, e, kinds.get(key[4:]), rule="described-again"))
                    taken.append((s, e))
        mentions += short_forms(sdoc, forms, taken, index)
        out[b.start] = sorted(mentions, key=lambda m: (m.start, m.end))
    return out


def text_pass(documents: list[Document], out: Extraction) -> None:
    """Run the text rules over ``documents``, appending to ``out``."""
    lex = Lexicons.for_extraction(out)
    findings: dict[tuple[str, int], Finding] = {(f.evidence[0].document, f.evidence[0].start): f
                                                for f in out.findings}
    theme_groups: dict[str, list[str]] = {}
    seen: list[tuple[Document, list, str | None]] = []
    corpus = [(doc, list(parsed_blocks(doc))) for doc in documents]
    found = {(doc.key, b.start): find_organisations(sdoc, lex.orgs) for doc, parsed in corpus for b, sdoc in parsed}
    things = {w for _, parsed in corpus for _, sdoc in parsed for w in system_names(doc_text(sdoc))}
    if things:  # "the VESTA system" anywhere: VESTA is a records system, not a body
        found = {k: [m for m in ms if not (m.rule == "acronym" and m.name in things)] for k, ms in found.items()}
    described, kinds = described_names(found, lex)
    # Names any document gives in full: "the Prosecution Service" of one transcript may be named in another.
    known = lex.org_names | {m.name for ms in found.values() for m in ms
                             if m.rule in {"head", "leading-head", "acronym-expansion", "hinted", "gazetteer"}}
    for doc, parsed in corpus:
        respondents = respondent_labels(doc) if doc.kind == "transcript" else set()
        pseudonym = str(doc.metadata.get("pseudonym") or "") or None
        own_org = str(doc.metadata.get("organisation") or doc.metadata.get("organization") or "") or None
        speaking_for = speaker_organisations(doc) if respondents else {}  # paired interviews, focus groups
        seen.append((doc, parsed, pseudonym if respondents else None))
        doc_orgs = document_organisations(parsed, lex, {b.start: found[(doc.key, b.start)] for b, _ in parsed},
                                          described, kinds, frozenset(known), own_org)
        year: int | None = None  # the latest year mentioned so far: "since then" refers to it
        made = _last_year(str(doc.metadata.get("date") or ""))  # "last year" counts back from here
        for b, sdoc in parsed:
            respondent = b.speaker in respondents
            speaker = (b.speaker if b.speaker in speaking_for else pseudonym) if respondent else None
            speaker_org = speaking_for.get(b.speaker, own_org) if respondent else None
            groups = [key[3:] for key, _, _ in lex.groups.find(sdoc)]
            if b.kind == "heading":
                theme_groups[b.text] = groups
            # generic actors, and those tied to a body, not in questions
            orgs = [o for o in doc_orgs[b.start] if _keep(o, doc_orgs[b.start], sdoc)
                    and not ((o.generic or o.rule == "generic-linked") and respondents and not respondent)]
            for o in orgs:
                sent = sdoc.char_span(o.start, o.end, alignment_mode="expand").sent
                ev = evidence(doc, b.start + sent.start_char, b.start + sent.end_char, o.rule or "text",
                              speaker=speaker, confidence=0.9)
                out.mentions.append(StakeholderMention(name=o.name, evidence=ev, authority="text",
                                                       kind=o.kind, kind_reason=o.kind_reason,
                                                       aliases=o.aliases, generic=o.generic))
            named: list[Initiative] = []
            if b.kind != "heading":
                antecedent = None  # the one body the previous sentence of this block named
                # the block's latest moment, and whether the block is an interviewer's question
                told: dict = {"asked": bool(respondents) and not respondent and b.kind == "turn"}
                first_moment = len(out.moments)
                for sent in sdoc.sents:
                    try:
                        named += _initiatives(doc, b, sent, orgs, speaker, speaker_org, lex, out)
                        _relations(doc, b, sent, orgs, speaker, speaker_org, out, year, antecedent, made, told)
                    except Exception as err:  # a fault in one rule loses one sentence, not the build
                        _rule_fault(doc, b, sent, err, out)
                    year = _last_year(span_text(sent)) or year
                    antecedent = _sole_body(sent, orgs, speaker_org)
                _one_image(out, first_moment, told.get("images", []))
                add_recording(doc, b, sdoc, orgs, speaker, speaker_org, out)
            finding = findings.get((doc.key, b.start))
            if finding is not None:
                inherited = theme_groups.get(finding.theme or "", [])
                finding.strands = sorted(set(finding.strands) | set(groups) | set(inherited))
                finding.about = sorted({i.name for i in named})
    _initiatives_again(seen, out, findings, respondent_labels)


GROUP_NAMES = ("working group", "steering group", "task force", "taskforce", "steering committee",
               "reference group", "advisory group", "liaison forum", "liaison group", "liaison panel",
               "liaison committee", "stakeholder forum", "roundtable", "round table", "partnership board",
               "advisory panel", "scrutiny panel", "reference panel")
_GROUP_TAIL = re.compile(r" (?:on|of|for|against|into) ")


def _keep(o: OrgMention, block_orgs: list[OrgMention], sdoc: Doc) -> bool:
    """Generic actors only where their sentence names no particular body; a
    named working group not in the register is an initiative, not a body."""
    if o.rule != "gazetteer" and not o.generic and _GROUP_TAIL.split(o.name.casefold())[0].endswith(GROUP_NAMES):
        return False  # and "the Board" that stands for it; "… Working Group on Hate Crime" too
    if o.rule == "head" and o.name.casefold().endswith((" forum", " roundtable", " panel", " committee")) and all(
            w.casefold() in TOPIC_WORDS | {"and", "of", "for", "on", "the"} for w in o.name.split()[:-1]):
        return False  # "the Cohesion and Safety Forum": a group named by its topic, an initiative
    if not o.generic:
        return True
    sent = sdoc.char_span(o.start, o.end, alignment_mode="expand").sent
    return not any(not m.generic and sent.start_char <= m.start < sent.end_char for m in block_orgs)


_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def _last_year(text: str) -> int | None:
    if "19" not in text and "20" not in text:
        return None
    years = _YEAR.findall(text)
    return int(years[-1]) if years else None


def _sole_body(sent, orgs: list[OrgMention], speaker_org: str | None) -> str | None:
    """The one named organisation (other than the speaker's) in ``sent``, if exactly one."""
    names = {o.name for o in orgs if not o.generic and sent.start_char <= o.start < sent.end_char
             and o.name != speaker_org}
    return names.pop() if len(names) == 1 else None


def _relations(doc: Document, b, sent, orgs: list[OrgMention], speaker: str | None, speaker_org: str | None,
               out: Extraction, year: int | None, antecedent: str | None = None, made: int | None = None,
               told: dict | None = None) -> None:
    """Engagements and pivotal moments stated in one sentence.

    A moment with no event of its own ("That set us back years.") right after a sentence that told one,
    or whose passage reaches back to it, is the same moment: its evidence grows to cover the run.
    ``told`` carries the block's latest moment.  An interviewer's question tells no moment.
    """
    named = [o for o in orgs if not o.generic and sent.start_char <= o.start < sent.end_char]
    links = find_engagements(sent, named, speaker_org, antecedent)
    if speaker_org and any(speaker_org in (e.source, e.target) for e in links):
        # "We trained A and B": the speaker's links, not A with B.
        links = [e for e in links if speaker_org in (e.source, e.target)]
    moments = [] if (told or {}).get("asked") else find_moments(sent, named, year, made)
    before = (told or {}).get("moment")
    if before is not None:
        reached = before.evidence[-1].end + 3  # a passage reaching this far joins it
        if reached < b.start + sent.start_char and not any(b.start + m.start <= reached for m in moments):
            before = None  # a sentence without it came between
    if not links and not moments:
        return
    ev = evidence(doc, b.start + sent.start_char, b.start + sent.end_char, "text-rule",
                  speaker=speaker, confidence=0.7)
    for e in links:
        out.engagements.append(Engagement(parties=(e.source, e.target), mode=e.mode, initiator=e.source,
                                          evidence=[ev], sentiments=[e.sentiment] if e.sentiment else [],
                                          years=set(e.years)))
    for m in moments:
        if before is not None and not m.has_event and not m.dated:
            moment = before  # the same event, told on: one moment, one passage
            first = moment.evidence[-1]
            moment.evidence[-1] = evidence(doc, first.start, b.start + m.end, "text-rule", speaker=speaker,
                                           confidence=0.7)
            if m.directed:
                moment.direction = m.direction
            moment.outcomes += [o for o in m.outcomes if o not in moment.outcomes]
        else:
            cited = ev if m.start == sent.start_char else evidence(doc, b.start + m.start, b.start + m.end,
                                                                   "text-rule", speaker=speaker, confidence=0.7)
            moment = PivotalMoment(label=m.label, direction=m.direction, date=m.date, drivers=list(m.drivers),
                                   actors=list(m.actors), outcomes=list(m.outcomes), scale=m.scale, evidence=[cited])
            out.moments.append(moment)
            if m.image and told is not None:
                told.setdefault("images", []).append(moment)
        if told is not None:
            told["moment"] = moment


def _rule_fault(doc: Document, b, sent, err: Exception, out: Extraction) -> None:
    """Report a rule that failed on one sentence; the rest of the document and the batch go on."""
    line = doc.text.count("\n", 0, b.start + sent.start_char) + 1
    out.problems.append(Problem(doc.key, f"{doc.key}:{line}: the extraction rules failed on this sentence "
                                         f"({type(err).__name__}: {err or 'no message'}); it was skipped and the "
                                         "rest was read. This is a fault in changemap: please report it with "
                                         "the sentence", "warning"))


def _one_image(out: Extraction, first: int, images: list[PivotalMoment]) -> None:
    """One slow change per answer: images of it ("Water on stone.", "drip, drip") go when the answer
    tells the change in other words too, and only the first image stays otherwise."""
    if not images:
        return
    shown = {id(m) for m in images}
    told_otherwise = any(m.scale == "micro" and id(m) not in shown for m in out.moments[first:])
    drop = {id(m) for m in (images if told_otherwise else images[1:])}
    out.moments[first:] = [m for m in out.moments[first:] if id(m) not in drop]


def _initiatives_again(seen, out: Extraction, findings: dict, labels) -> None:
    """Cite every later mention of an initiative found anywhere in the corpus.

    "We co-designed the Seen and Heard training" names it once; "the
    Constabulary moved Seen and Heard online" mentions it again without a
    type word.  Matches must start with a capital letter.
    """
    names = sorted({i.name for i in out.initiatives})
    if not names:
        return
    index = PhraseIndex({f"ini:{n}": [n] for n in names})
    cited = {(ev.document, ev.start) for i in out.initiatives for ev in i.evidence}
    for doc, parsed, pseudonym in seen:
        respondents = labels(doc) if doc.kind == "transcript" else set()
        for b, sdoc in parsed:
            if b.kind == "heading":
                continue
            for key, s, e in index.find(sdoc):
                if not doc_text(sdoc)[s:s + 1].isupper():
                    continue
                sent = sdoc.char_span(s, e, alignment_mode="expand").sent
                start = b.start + sent.start_char
                finding = findings.get((doc.key, b.start))
                if finding is not None and key[4:] not in finding.about:
                    finding.about = sorted({*finding.about, key[4:]})
                if (doc.key, start) in cited:
                    continue
                cited.add((doc.key, start))
                ev = evidence(doc, start, b.start + sent.end_char, "initiative-name",
                              speaker=pseudonym if b.speaker in respondents else None, confidence=0.7)
                out.initiatives.append(Initiative(name=key[4:], evidence=[ev]))


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
