"""Word lists for the recording-system and data-flow rules (:mod:`changemap.ingest.recording`).

Cue *phrases* that name a type of system ("third-party reporting",
"prosecution flag") come from the SKOS labels of
``schemes/recording-system-types.ttl``; the lists here are the grammar
around them: nouns that stand for someone's records when owned ("their
register", "MCST's incident log"), verbs of recording, operating and passing
data on, and the words that mark a comparison between systems.
"""

from __future__ import annotations

# Nouns that are someone's recording system or its data once an owner is attached
# ("our database", "the Constabulary's records", "Brackley Police files").
SYSTEM_NOUNS = frozenset("""
database databases register registers log logs records spreadsheet spreadsheets monitoring figures
statistics stats data dataset datasets recording recordings system systems count counts numbers list lists
flag flags survey surveys casebook
""".split())
# Of these, the ones that need an owner word right before them to count (plain "the figures" is no system).
WEAK_NOUNS = frozenset("count counts numbers list lists system systems flag flags figures".split())
# "list of priorities" is no list of incidents.
LIST_OF = frozenset("incidents incident cases crimes reports flagged victims hate".split())

# Heads after a proper name that make it a system's name ("the Atlas system", "the Beacon app").
NAME_HEADS = frozenset("""
system systems database platform app application network scheme register portal tool form site data
""".split())
# Of those, heads of a reporting channel: run by anyone but the police, it is third-party reporting.
CHANNEL_HEADS = frozenset("app application platform portal form site scheme network line".split())
NAMING = frozenset({"called", "named", "dubbed", "branded"})

# Verbs whose subject records something ("the police record crimes", "we log what people tell us").
RECORD_VERBS = frozenset("""
record records recorded recording log logs logged logging flag flags flagged flagging count counts counted
counting capture captures captured capturing register registers registered monitor monitors monitored
monitoring collate collates collated tally tallies tallied
""".split())
# Verbs whose subject runs the system named after them ("we run an annual survey", "moved to Atlas").
OPERATE_VERBS = frozenset("""
run runs ran running keep keeps kept keeping maintain maintains maintained manage manages managed coordinate
coordinates coordinated operate operates operated host hosts hosted use uses used introduce introduces
introduced launch launches launched build builds built moved move moves migrated set change changes changed
switch switches switched replace replaces replaced upgrade upgrades upgraded
""".split())
OPERATED_BY = frozenset("run kept maintained managed operated hosted held owned coordinated".split())

# Data that flows: a transfer needs one of these (or a pronoun standing for one).
DATA_NOUNS = frozenset("""
data figures statistics stats numbers records record reports report extract extracts list lists register
registers log logs file files flag flags information intelligence spreadsheet spreadsheets dataset datasets
returns return entries details incidents download downloads summary summaries breakdown breakdowns
""".split())
DATA_PRONOUNS = frozenset("it they them these those this which".split())

# Verbs of passing data on: the subject is the source ("we send our figures to the Constabulary").
SEND_VERBS = frozenset("""
send sends sent sending pass passes passed passing forward forwards forwarded forwarding share shares shared
sharing give gives gave giving hand hands handed handing provide provides provided providing supply supplies
supplied supplying submit submits submitted submitting upload uploads uploaded uploading transfer transfers
transferred transferring feed feeds fed feeding report reports reported reporting export exports exported
""".split())
# Verbs of taking data in: the subject is the recipient ("the City Police take an extract from MCST's log").
RECEIVE_VERBS = frozenset("""
receive receives received receiving get gets got getting take takes took taking collect collects collected
collecting pull pulls pulled pulling obtain obtains obtained import imports imported draw draws drew
""".split())
# Verbs of data moving by itself: the data's owner is the source ("their data comes to us").
MOVE_VERBS = frozenset("""
go goes went going come comes came coming flow flows flowed flowing travel travels travelled traveling
reach reaches reached reaching arrive arrives arrived arriving move moves moved land lands landed end ends
""".split())
TO_MARKS = frozenset({"to", "into", "onto", "with"})
FROM_MARKS = frozenset({"from"})
THROUGH_MARKS = frozenset({"through", "via"})

FREQUENCY = {
    "daily": "daily", "weekly": "weekly", "monthly": "monthly", "quarterly": "quarterly",
    "annually": "annually", "annual": "annually", "yearly": "annually",
    "day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "annually",
}

# A comparison of how two systems count ("the two just don't line up", "ours works differently").
DIFFERENCE = frozenset("""
differ differs differed different differently difference differences comparable incomparable
whereas wider narrower richer broader lower higher bigger smaller separately understate understates
""".split())
DIFFERENCE_PHRASES = (("line", "up"), ("never", "agree"), ("do", "n't", "agree"), ("do", "not", "agree"),
                      ("not", "the", "same"), ("never", "matched"), ("never", "match"), ("do", "n't", "match"),
                      ("do", "not", "match"), ("never", "tally"))

# Words before a verb that make it a wish, plan, proposal or refusal rather than something that happens.
MODALS = frozenset("would could should might may must 'd ’d ought".split())
WISH_VERBS = frozenset("""
wish want wants wanted like hope hopes hoping propose proposed proposes suggest suggested suggests
recommend recommended recommends ask asked asking plan plans planned planning
refuse refuses refused refusing decline declines declined declining
""".split())

# Words between an owner and its system noun ("our own monthly figures").
MODIFIERS = frozenset("""
own new old internal monthly quarterly annual weekly daily online anonymised anonymized raw full whole
incident incidents hate crime crimes flagged case casework community monitoring recording records
management central national local current previous first latest public official electronic aggravation
hostility bias
""".split())
AUXILIARIES = frozenset("""
also only still now just then already always often routinely mostly usually do does did have has had 've ’ve
will 'll ’ll can ca all both each first properly actually really carefully even simply
""".split())
PASSIVE = frozenset("is are was were be been being gets got get 's ’s".split())
SPEAKER_WORDS = frozenset("we us our ours ourselves i me my".split())
THIRD_WORDS = frozenset("they them their theirs its".split())
# "I think the police record it": "I" is not a recording subject before a verb of thinking.
HEDGES = frozenset("think thought believe know knew mean guess suppose feel felt reckon say said".split())
# A record noun that only modifies the next word is no system ("our recording guidance", "data protection").
NOT_SYSTEM_AFTER = frozenset("""
guidance standard standards policy policies protection sharing agreement agreements rules practice practices
officer officers lead leads team teams unit group groups manager managers analyst analysts training methodology
requirements obligations questions
""".split())
# "those logs stay with Northway": data that stays with a body is that body's.
STAY_VERBS = frozenset("stay stays stayed remain remains remained sit sits sat".split())
