"""Word lists and token patterns for the engagement rule (:mod:`changemap.ingest.engage`).

The SKOS labels of ``schemes/modes.ttl`` are matched as phrases; the
patterns here catch what a phrase list cannot: a verb and its object with a
few words between ("shares *its weekly synagogue incident* log with"), a
double object ("send *the Prosecutor* a list of cases"), a verb and "with"
around a named thing ("signed *the Safe Travel Charter* with").
"""

from __future__ import annotations

_FILL = {"OP": "{0,3}", "IS_PUNCT": False}
_FILL4 = {"OP": "{0,4}", "IS_PUNCT": False}
_CLAUSE_PUNCT = [".", ";", ",", ":", "!", "?"]
_WIDE = {"OP": "{0,10}", "TEXT": {"NOT_IN": _CLAUSE_PUNCT}}  # may hold "(ABC)"
_SHARE = ("share shares shared sharing exchange exchanged exchanging pass passes passed passing send "
          "sends sent sending forward forwards forwarded pool pooled provide provides provided providing "
          "hand handed feed feeds fed take takes took taking receive receives received receiving get gets "
          "got getting swap swaps swapped swapping transmit transmits transmitted transmitting submit submits "
          "submitted submitting supply supplies supplied supplying relay relays relayed upload uploads "
          "uploaded give gives gave given giving").split()
_DATA = ("data information figures statistics intelligence numbers records reports extract extracts findings results "
         "spreadsheet spreadsheets dataset datasets log logs list lists tally tallies returns totals counts register "
         "registers summary summaries breakdown breakdowns printout printouts digest digests dashboard snapshot flags "
         "markers count").split()
_COMPARE = ("match matched matching compare compared comparing cross-check cross-checked cross-reference "
            "cross-referenced reconcile reconciled check checked checking").split()
_RECORDS = "records figures data cases numbers statistics lists log logs register".split()
_DELIVER = ("deliver delivers delivered delivering run runs ran running give gives gave giving provide "
            "provides provided design designed develop developed co-deliver co-delivered do did does lead "
            "led host hosted organise organised organize organized").split()
_SESSIONS = ("training sessions session course courses workshop workshops module modules e-learning "
             "briefings seminars seminar masterclass inputs").split()
_REVIEW = ("review reviews reviewed reviewing scrutinise scrutinised scrutinize scrutinized audit audited "
           "examine examined examines").split()
_CASES = "cases case files file decisions records complaints outcomes".split()
_SEND = ("send sends sent sending bring brings brought bringing pass passes passed passing direct directs "
         "directed point points pointed take takes took forward forwards forwarded forwarding").split()
_PEOPLE = ("victims people clients residents tenants women survivors families young pupils students "
           "members callers cases them it accounts complaints calls report case person victim name names "
           "complaint someone").split()
_WITH_VERBS = ("signed sign signs co-signed launched launch ran run runs running co-ran organised organized "
               "co-organised hosted held staged piloted trialled started start starts founded established "
               "created built produced").split()
# Words of a narrower mode: "started a monthly check with" is data sharing, not a partnership.
_NARROWER = ("check checks cross-check exchange swap review reviews audit referral referrals consultation "
             "grant grants").split()
_TESTING = "testing tested test tests user-testing trialled trialed".split()
_MATERIALS = ("wording letters letter leaflets leaflet scripts script forms form materials app website posters "
              "poster translations translation questionnaire survey").split()
_CHECK = "check checks checked checking read reads proofread proofreads proofreading".split()
# Verbs of data passing on, in the passive after what is passed: "the figures are submitted to".
_PASSED = ("sent passed forwarded transmitted submitted supplied provided shared handed uploaded "
           "relayed fed reported").split()
_GIVE_LIST = ("list lists copy copies summary summaries breakdown breakdowns spreadsheet extract tally log logs "
              "data dataset figures numbers count counts").split()

MODE_PATTERNS: dict[str, list[list[dict]]] = {
    "mode:data-sharing": [
        [{"LOWER": {"IN": _SHARE}}, {"OP": "{0,6}", "IS_PUNCT": False}, {"LOWER": {"IN": _DATA}}],
        [{"LOWER": {"IN": _COMPARE}}, _FILL, {"LOWER": {"IN": ["against", "with"]}}, _FILL,
         {"LOWER": {"IN": _RECORDS}}],
        # "A and B have compared their lists of incidents twice a year"
        [{"LOWER": {"IN": _COMPARE}}, {"OP": "{0,2}", "IS_PUNCT": False},
         {"LOWER": {"IN": _RECORDS + ["lists", "list", "counts", "registers", "totals", "tallies"]}}],
        # "the monthly flag check between A and B", "a quarterly check with KPS"
        [{"LOWER": {"IN": ["check", "checks", "cross-check", "cross-checks", "reconciliation", "swap", "exchange"]}},
         {"LOWER": {"IN": ["between", "with"]}}],
        # "a monthly summary of that log now goes to the police"
        [{"LOWER": {"IN": _DATA + _GIVE_LIST}}, {"OP": "{0,5}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["goes", "go", "went", "going", "travels", "travel", "flows", "flow"]}},
         {"OP": "{0,2}", "IS_PUNCT": False}, {"LOWER": "to"}],
        # "the statistics combine police recorded crimes with case outcomes from the prosecutor"
        [{"LOWER": {"IN": ["combine", "combines", "combined", "combining", "merge", "merges", "merged"]}},
         {"OP": "{0,6}", "IS_PUNCT": False}, {"LOWER": "with"}],
        # "produce the annual statistics with the two police forces"
        [{"LOWER": {"IN": ["produce", "produces", "produced", "producing", "compile", "compiles", "compiled",
                           "publish", "publishes", "published", "publishing"]}}, _FILL4,
         {"LOWER": {"IN": _DATA}}, {"LOWER": {"IN": ["with", "jointly"]}}],
        # "we send the Office of the Prosecutor (OP) a list of cases"
        [{"LOWER": {"IN": ["send", "sends", "sent", "sending", "give", "gives", "gave", "given", "giving", "email",
                           "emails", "emailed", "deliver", "delivers", "delivered",
                           "transmit", "transmits", "transmitted", "transmitting", "submit",
                           "submits", "submitted", "supply", "supplies", "supplied", "forward", "forwards",
                           "forwarded"]}}, _WIDE, {"LOWER": {"IN": ["a", "an", "the", "our", "their"]}},
         {"OP": "{0,2}", "IS_ALPHA": True}, {"LOWER": {"IN": _GIVE_LIST + ["records"]}}],
        # "returns to us, each month, a list of sentences"; "the figures that the Service sends it"
        [{"LOWER": {"IN": ["return", "returns", "returned", "returning", "send", "sends", "sent", "give", "gives",
                           "gave", "pass", "passes", "passed"]}}, {"LOWER": "to"},
         {"LOWER": {"IN": ["us", "them", "it", "him", "her"]}}, {"OP": "{0,6}", "TEXT": {"NOT_IN": [".", ";"]}},
         {"LOWER": {"IN": _GIVE_LIST + ["records", "returns"]}}],
        [{"LOWER": {"IN": _DATA}}, {"LOWER": {"IN": ["that", "which"]}}, {"OP": "{0,6}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["sends", "send", "sent", "supplies", "supplied", "provides", "provided", "gives", "gave",
                           "passes", "passed", "submits", "submitted", "shares", "shared", "returns", "returned"]}}],
        # "the reconciled flag data are in turn submitted annually to the FSO"
        # (reports passed on are referrals of cases: see the referral patterns)
        # ("a monthly digest of these sheets has been passed by A to B")
        [{"LOWER": {"IN": [w for w in _DATA if w not in {"reports", "records", "findings", "results"}]}},
         {"OP": "{0,4}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["is", "are", "was", "were", "be", "been", "get", "gets", "got"]}},
         {"OP": "{0,3}", "IS_PUNCT": False}, {"LOWER": {"IN": _PASSED}}, {"OP": "{0,3}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["to", "with"]}}],
    ],
    "mode:guideline-input": [
        # "we sent drafts to A and B", "shared the draft guidance with"
        [{"LOWER": {"IN": _SEND + _SHARE + ["circulate", "circulates", "circulated", "circulating"]}},
         {"OP": "{0,2}", "IS_PUNCT": False}, {"LOWER": {"IN": ["draft", "drafts", "redraft", "redrafts"]}}],
        # "the drafts were shared with A for comment"
        [{"LOWER": {"IN": ["draft", "drafts"]}}, {"OP": "{0,3}", "IS_PUNCT": False},
         {"LOWER": {"IN": _PASSED + ["circulated"]}}, {"OP": "{0,2}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["to", "with"]}}],
        [{"LOWER": {"IN": ["comments", "comment", "feedback"]}}, {"LOWER": {"IN": ["from", "on"]}},
         {"OP": "{0,3}", "IS_PUNCT": False}, {"LOWER": {"IN": ["guidance", "guidelines", "standards", "draft"]}}],
        # "the comments received from A … were adopted in the final text"
        [{"LOWER": {"IN": ["comments", "suggestions", "amendments", "proposals"]}},
         {"OP": "?", "LOWER": {"IN": ["received", "submitted", "sent"]}}, {"LOWER": "from"}, {"OP": "{0,25}"},
         {"LOWER": {"IN": ["adopted", "incorporated", "accepted", "reflected", "included"]}}],
        # "the guidance was redrafted last year after written comments from A, B and C"
        [{"LOWER": {"IN": ["guidance", "guidelines", "standards", "code", "policy"]}},
         {"OP": "{0,8}", "IS_PUNCT": False}, {"LOWER": {"IN": ["comments", "feedback", "input"]}}, {"LOWER": "from"}],
    ],
    "mode:training": [[{"LOWER": {"IN": _DELIVER}},
                       {"OP": "{0,4}", "TEXT": {"NOT_IN": _CLAUSE_PUNCT}, "LOWER": {"NOT_IN": _TESTING}},
                       {"LOWER": {"IN": _SESSIONS}}]],
    "mode:scrutiny": [
        [{"LOWER": {"IN": _REVIEW}}, _FILL, {"LOWER": {"IN": _CASES}}],
        # "go through a sample of closed hate crime files"
        [{"LOWER": {"IN": ["go", "goes", "went", "going", "gone", "read", "reads", "look", "looks", "looked"]}},
         {"LOWER": {"IN": ["through", "at", "over"]}}, {"OP": "{0,6}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["files", "cases", "case files", "decisions", "outcomes"]}}],
        # "examined a sample of 140 of our case files", "a review of a sample of sixty files"
        [{"LOWER": {"IN": _REVIEW + ["review", "audit", "examination", "inspection", "of"]}},
         {"LOWER": {"IN": ["a", "the"]}}, {"OP": "?", "IS_ALPHA": True},
         {"LOWER": {"IN": ["sample", "selection"]}}, {"LOWER": "of"}, {"OP": "{0,5}", "IS_PUNCT": False},
         {"LOWER": {"IN": _CASES}}],
        [{"LOWER": "dip"}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": ["sample", "samples", "sampled", "sampling"]}}],
        [{"LOWER": {"IN": ["hold", "holds", "held", "holding"]}}, _FILL, {"LOWER": "to"}, {"LOWER": "account"}],
        [{"LOWER": {"IN": ["keep", "keeps", "kept", "keeping"]}}, {"LOWER": {"IN": ["an", "a", "close"]}},
         {"OP": "?", "LOWER": "close"}, {"LOWER": "eye"}, {"LOWER": "on"}],
        # "the Ombudsman investigated how one of our schools had handled complaints"
        [{"LOWER": {"IN": _REVIEW + ["investigated", "investigates", "inspected", "inspects", "audits"]}},
         {"LOWER": {"IN": ["how", "whether"]}}],
        # "a thematic review of how the police handled …"
        [{"LOWER": {"IN": ["review", "inspection", "investigation", "audit", "inquiry"]}}, {"LOWER": "of"},
         {"LOWER": {"IN": ["how", "the", "their", "its"]}}],
    ],
    "mode:referral": [
        # "the file arrives from the Service", "cases come to us from"
        [{"LOWER": {"IN": ["file", "files", "case", "cases", "referral", "referrals"]}},
         {"LOWER": {"IN": ["arrive", "arrives", "arrived", "arriving", "come", "comes", "came", "coming"]}},
         {"OP": "{0,3}", "IS_PUNCT": False}, {"LOWER": "from"}],
        [{"LOWER": {"IN": ["forwarded", "forwards", "forward", "forwarding"]}}, {"LOWER": "on", "OP": "?"},
         {"LOWER": "to"}],
        [{"LOWER": {"IN": _SEND}}, {"OP": "{0,2}", "IS_PUNCT": False},
         {"LOWER": {"IN": _PEOPLE}}, {"OP": "{0,6}", "IS_PUNCT": False}, {"LOWER": "to"}],
        [{"LOWER": {"IN": _SEND}}, {"OP": "{0,2}", "IS_PUNCT": False}, {"LOWER": {"IN": _PEOPLE}},
         {"LOWER": {"IN": ["our", "their", "your", "its"]}}, {"LOWER": "way"}],
        # "we phone their contact and pass the case on"
        [{"LOWER": {"IN": _SEND}}, {"OP": "{0,2}", "IS_PUNCT": False}, {"LOWER": {"IN": _PEOPLE}}, {"LOWER": "on"}],
    ],
    "mode:partnership": [
        # "a real joint effort with", "together with the municipality"
        [{"LOWER": "joint"}, {"IS_ALPHA": True, "LOWER": {"NOT_IN": _SESSIONS}}, {"LOWER": "with"}],
        # "signed the Safe Travel Charter with", "the campaign X ran with"
        [{"LOWER": {"IN": _WITH_VERBS}},
         {"OP": "{0,6}", "IS_PUNCT": False, "LOWER": {"NOT_IN": _SESSIONS + _TESTING + _NARROWER + _SHARE + _DATA}},
         {"LOWER": "with"}],
        # "the Schools Respect Pilot with the Education Authority", "a protocol between A and B"
        [{"LOWER": {"IN": ["pilot", "campaign", "project", "programme", "scheme", "charter", "initiative"]}},
         {"LOWER": "with"}],
        [{"LOWER": {"IN": ["protocol", "agreement", "arrangement", "memorandum", "partnership", "compact"]}},
         {"LOWER": "between"}],
        # "their officers started coming to our casework meeting", "sits in on our case reviews"
        [{"LOWER": {"IN": ["coming", "come", "comes", "came", "attend", "attends", "attended", "attending"]}},
         {"LOWER": "to", "OP": "?"}, {"LOWER": {"IN": ["our", "their"]}}, {"OP": "{0,3}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["meeting", "meetings", "reviews", "review", "huddle", "huddles", "briefings"]}}],
        [{"LOWER": {"IN": ["sit", "sits", "sat", "sitting"]}}, {"LOWER": "in"}, {"LOWER": "on"}],
        # "have run joint outreach on the sites", "held a joint event"
        [{"LOWER": {"IN": _DELIVER + _WITH_VERBS}}, {"LOWER": {"IN": ["a", "an", "the", "some"]}, "OP": "?"},
         {"LOWER": {"IN": ["joint", "shared"]}}, {"IS_ALPHA": True, "LOWER": {"NOT_IN": _SESSIONS}}],
    ],
    "mode:funding": [
        # "gave us a grant", "gave us the start-up money", "started paying half of my salary"
        [{"LOWER": {"IN": ["give", "gives", "gave", "given", "giving", "award", "awarded", "awards"]}},
         {"OP": "{0,5}", "TEXT": {"NOT_IN": _CLAUSE_PUNCT}},
         {"LOWER": {"IN": ["grant", "grants", "money", "funding", "funds", "budget", "donation", "subsidy"]}}],
        [{"LOWER": {"IN": ["pay", "pays", "paid", "paying"]}}, {"LOWER": "for", "OP": "?"},
         {"OP": "{0,3}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["salary", "salaries", "post", "posts", "hours", "wages", "rent", "costs", "licences",
                           "licenses", "coordinator", "worker", "caseworker"]}}],
        # "our core costs have come from the Verrin Trust", "the post is paid for by"
        [{"LOWER": {"IN": ["costs", "cost", "salary", "salaries", "post", "posts", "budget", "money", "wages",
                           "funding", "income"]}}, {"OP": "{0,3}", "IS_PUNCT": False},
         {"LOWER": {"IN": ["come", "comes", "came", "coming"]}}, {"LOWER": "from"}],
        [{"LOWER": "paid"}, {"LOWER": "for"}, {"LOWER": "by"}],
    ],
    "mode:consultation": [
        # "asked Lodestar and Harbourlight to go through the letters", "asked us to check"
        [{"LOWER": {"IN": ["asked", "ask", "asks", "invited", "invite", "invites"]}}, _WIDE, {"LOWER": "to"},
         {"LOWER": {"IN": ["go", "check", "read", "review", "comment", "look", "test", "proofread", "sense-check",
                           "rewrite", "redraft"]}}],
        # "we asked the Bar Chamber for its views on the wording"
        [{"LOWER": {"IN": ["asked", "ask", "asks", "invited", "consulted"]}}, _WIDE, {"LOWER": "for"},
         {"OP": "?", "LOWER": {"IN": ["its", "their", "our", "his", "her", "your"]}},
         {"LOWER": {"IN": ["views", "view", "opinion", "opinions", "comments", "feedback", "input", "advice"]}}],
        [{"LOWER": {"IN": ["go", "goes", "went", "going", "gone"]}}, {"LOWER": "through"}, _FILL4,
         {"LOWER": {"IN": _MATERIALS}}],
        [{"LOWER": {"IN": ["interviewed", "interviewing", "interviews"]}},
         {"LOWER": {"IN": ["us", "them", "our", "their", "staff", "members", "volunteers", "representatives",
                           "officials", "officers", "people", "several", "some"]}}],
        [{"LOWER": {"IN": _TESTING}}, _FILL, {"LOWER": "with"}],
        [{"LOWER": {"IN": _CHECK}}, _FILL4, {"LOWER": {"IN": _MATERIALS}}],
    ],
}


def joint_training(words: list[str]) -> bool:
    """A training cue that says the sessions were run jointly ("run joint briefings"): partnership."""
    return any(w in {"joint", "jointly", "together"} for w in words)


# Verbs of membership: they take the mode of the body named after them, else strategic group.
MEMBERSHIP = frozenset(("sit sits sat sitting seat seats joined join joins joining member members "
                        "membership chair chairs chaired chairing attend attends attended attending "
                        "represent represents represented representing rejoined part participate "
                        "participates participated participating involved").split())
GROUP_NOUNS = frozenset(("board boards group groups committee committees panel panels forum forums "
                         "taskforce roundtable partnership partnerships iag").split())
# "sits on our board": a seat on the other organisation's own board is partnership, not a strategic group.
OWN_BOARD = frozenset("board boards trustees committee".split())
# Strategic-group phrases that are only a membership verb: the body named after them decides the mode.
MEMBERSHIP_PHRASES = frozenset({"sit on", "sits on", "sat on", "sitting on", "seat on", "seats on",
                                "member of the group", "on the board"})

# Words after "their"/"its" that stand for an organisation's people or money: "their delegation".
PRONOUN_PARTS = frozenset(("delegation staff officers officer team teams members volunteers caseworkers grant grants "
                           "drivers handlers sergeants constables prosecutors lawyers teachers nurses employees "
                           "workers analysts "
                           "funding money trainers advisers advisors researchers inspectors board chair director "
                           "manager managers helpline").split())
# A sentence opening with one of these verbs is an instruction or proposal, not a report.
IMPERATIVES = frozenset(("invite extend ask let bring restore create set fund give make ensure offer build "
                         "expand develop introduce provide consider require publish hold train share appoint "
                         "include link translate recruit add allow encourage establish review use start open "
                         "support agree adopt map pilot launch involve engage designate produce strengthen "
                         "improve increase commission put keep replace move name invest reinstate convene "
                         "explore agree align embed connect promote").split())
