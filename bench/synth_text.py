"""Word lists and sentence templates for :mod:`bench.synth` (all invented for it)."""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Word lists (all invented for this generator)
# ---------------------------------------------------------------------------

COUNTRIES = ["Varnland", "Corvessa", "Ostmark Republic", "Belmaris", "Tyrrane"]

_PLACE_HEADS = ["Ash", "Bram", "Cal", "Dal", "Eld", "Fen", "Gar", "Hal", "Ister", "Lor", "Mar", "Nor",
                "Oak", "Pel", "Quen", "Rav", "Sel", "Tor", "Ulver", "Vel", "Wyn", "Yar", "Brack", "Cress"]
_PLACE_TAILS = ["ford", "mouth", "vale", "moor", "bridge", "by", "ton", "wick", "holm", "mere", "field",
                "haven", "stead", "combe", "den", "gate"]
PLACES = sorted({h + t for h in _PLACE_HEADS for t in _PLACE_TAILS})

# CSO focus word -> a label that the target-group scheme knows (looked up, not hard-coded keys).
FOCUS: list[tuple[str, tuple[str, ...]]] = [
    ("Disability", ("disability",)), ("Deaf", ("deaf people",)), ("Autism", ("autism",)),
    ("Refugee", ("refugees",)), ("Migrant", ("migrants",)), ("Asylum", ("asylum seekers",)),
    ("Pride", ("LGBTQ+",)), ("Rainbow", ("LGBTQ+", "transgender")), ("Trans", ("trans people",)),
    ("Youth", ("young people",)), ("Young People's", ("young people",)),
    ("Women's", ("women",)), ("Older People's", ("older people",)), ("Later Life", ("older people",)),
    ("Muslim", ("anti-Muslim", "religion")), ("Jewish", ("Jewish", "religion")),
    ("Interfaith", ("faith",)), ("Sikh", ("Sikh",)), ("Race Equality", ("race",)),
    ("Black Community", ("black communities",)), ("Traveller", ("Travellers",)), ("Roma", ("Roma",)),
    ("Victim Support", ()), ("Community Safety", ()), ("Equality", ("race", "disability")),
]
CSO_HEADS = ["Network", "Trust", "Alliance", "Forum", "Centre", "Project", "Association", "Foundation",
             "Collective", "Coalition", "Society", "Partnership", "Circle", "Voice", "Action"]
CSO_ADJECTIVES = ["Open", "Safe", "Bright", "Common", "Northern", "Southern", "Eastern", "Western",
                  "United", "Together", "Equal", "Harbour", "Lantern", "Bridgeway", "Kinship"]
PORTFOLIOS = ["Justice", "the Interior", "Education", "Health", "Social Affairs", "Equality",
              "Housing", "Culture", "Communities", "Labour", "Transport", "Digital Affairs"]
TOPICS = ["Tolerance", "Minority Rights", "Hate Speech", "Equal Treatment", "Human Rights", "Migration",
          "Social Cohesion", "Victims' Rights", "Anti-Discrimination", "Policing Standards"]
SURNAMES = ["Hartwell", "Okafor", "Lindqvist", "Marsden", "Petrakis", "Quayle", "Ravensworth",
            "Sandoval", "Thorne", "Underhill", "Vance", "Whitlock", "Yilmaz", "Zeller", "Abernethy",
            "Blackwood", "Castellan", "Delacroix", "Everly", "Fairbairn", "Grimaldi", "Holloway"]
_SMALL_WORDS = {"of", "and", "the", "for", "in", "on", "to", "s"}

# (kind label in the kind scheme, weight, patterns); {P} place, {F} focus, {H} CSO head, {A} adjective,
# {O} portfolio, {T} topic, {S} surname.
KIND_PATTERNS: list[tuple[str, float, list[str]]] = [
    ("cso", 0.55, ["{P} {F} {H}", "{A} {F} {H}", "{F} {H} {P}", "{P} {F} {H}", "{A} {P} {H}"]),
    ("public authority", 0.30, [
        "{P} Police Service", "{P} Constabulary", "{P} City Council", "{P} District Council",
        "{P} County Council", "{P} Education Authority", "{P} Probation Service",
        "{P} Fire and Rescue Service", "{P} Public Prosecutor's Office", "Ministry of {O}",
        "Ministry of {O} and {O2}", "Office of the {P} Police Commissioner", "{P} Housing Authority",
        "National Inspectorate of {T}"]),
    ("private", 0.07, ["{P} Buses Ltd", "{S} Media Group", "{P} Housing Company", "{S} Security Ltd",
                       "{P} Rail Company", "{S} and {S2} LLP"]),
    ("international body", 0.03, ["International Commission on {T}", "European Agency for {T}",
                                  "International {F} Observatory", "Intergovernmental Panel on {T}"]),
    ("other", 0.05, ["University of {P}", "{P} Institute for {T}", "{S} Research Institute",
                     "{P} Law School", "{S} Policy Lab"]),
]

ROLES = {
    "cso": ["Director", "Policy Officer", "Caseworker", "Volunteer Coordinator", "Chair of Trustees",
            "Campaigns Lead", "Advocacy Manager", "Community Development Worker"],
    "public-authority": ["Chief Inspector", "Hate Crime Lead", "Senior Policy Adviser",
                         "Community Liaison Officer", "Head of Equality", "Deputy Director", "Analyst",
                         "Neighbourhood Sergeant"],
    "private": ["Head of Customer Safety", "Operations Manager", "Compliance Officer"],
    "international-body": ["Programme Officer", "Country Rapporteur", "Senior Adviser"],
    "other": ["Researcher", "Senior Lecturer", "Project Lead"],
}

# ---------------------------------------------------------------------------
# Sentence templates.  {org}/{org2} organisation mentions, {Org} one that opens a
# sentence, {group} a target-group phrase, {year} a year, {place} a place.
# ---------------------------------------------------------------------------

MODE_SENTENCES: dict[str, list[str]] = {
    "partnership": [
        "In {year} we started working together with {org} on a joint project about safer streets.",
        "Our partnership with {org} grew out of a single meeting and is now the part of the job I would "
        "least like to lose.",
        "We collaborated with {org} and {org2} on a shared leaflet, which sounds small but took most of "
        "a year.",
        "The memorandum of understanding we signed with {org} in {year} set out who does what when a case "
        "comes in.",
    ],
    "funding": [
        "Most of our core funding for this work came from {org}, and it was renewed every year until {year}.",
        "{Org} funded a two-year post for us, and when the grant ended the post ended with it.",
        "We were commissioned by {org} to run the service, but the contract only covered the hours, not the "
        "management behind them.",
    ],
    "training": [
        "We delivered training to staff from {org}, usually in small groups so people could ask the awkward "
        "questions.",
        "Since {year} our volunteers have co-delivered the training sessions that {org} runs for new "
        "recruits.",
        "{Org} asked us to help rewrite its training materials after a complaint about how {group} had been "
        "treated at the front desk.",
    ],
    "consultation": [
        "{Org} consulted us on its new strategy, though we only had three weeks to respond.",
        "We took part in a focus group organised by {org} in {year}, and I am still not sure what happened "
        "to what we said.",
        "When {org} ran its public consultation we gathered views from {group} in {place} and sent them in.",
    ],
    "scrutiny": [
        "We sit on the scrutiny panel where {org} has to explain how it handled a sample of closed cases.",
        "Dip sampling with {org} showed that many cases were closed without anyone calling the victim back.",
        "The oversight panel gives us a chance to hold {org} to account, politely but in public.",
    ],
    "referral": [
        "Our caseworkers refer victims to {org} when they need specialist support we cannot give.",
        "{Org} now refers people to us directly, which means we often hear about a case before it reaches "
        "court.",
        "The referral pathway between us and {org} only works because two people on either side know each "
        "other.",
    ],
    "guideline-input": [
        "We commented on the draft guidance that {org} published in {year}, and a few of our points "
        "survived.",
        "{Org} asked us to help draft the recording guidelines, which was the first time anyone had asked.",
        "We had input into the operational guidance for {org}, mainly on how to ask about {group} without "
        "making assumptions.",
    ],
    "strategic-group": [
        "I sit on the steering group chaired by {org}, alongside {org2} and a handful of others.",
        "We were invited onto the partnership board run by {org} in {year}, with one seat for the whole "
        "sector.",
        "The working group with {org} meets every quarter, and the agenda is usually set before we arrive.",
    ],
    "data-sharing": [
        "We share data with {org} every quarter and compare our incident lists with theirs.",
        "The data-sharing agreement with {org} took two years to sign and six months to start working.",
        "Reports made through our centres now go to {org} whenever the victim agrees.",
    ],
}
GENERIC_MODE_SENTENCE = "Our {label} work with {org} has been part of the picture since {year}."

SENTIMENT_SENTENCES: dict[str, list[str]] = {
    "positive": ["Honestly, it has been one of the better relationships we have.",
                 "It built trust on both sides, slowly, and that trust has survived a change of leadership.",
                 "People there now pick up the phone to us before things escalate."],
    "negative": ["It broke down when our contact moved on, and nobody replaced them.",
                 "From their side it felt like a box-ticking exercise.",
                 "We stopped going after a while because nothing we raised ever came back."],
    "mixed": ["It depends very much on who turns up from their side.",
              "Some months it works well and some months it barely exists.",
              "There were good people in the room but the institution did not follow through."],
    "neutral": ["It is a fairly routine arrangement by now.",
                "Nobody would call it exciting, but it ticks along."],
}

FILLER_SENTENCES = [
    "Money and time are always the issue for a small organisation like ours.",
    "A lot of what people tell us never reaches the police at all.",
    "The numbers we collect and the official numbers rarely line up, and each side uses that to dismiss "
    "the other.",
    "People do not always trust that reporting will change anything.",
    "We keep our own records, partly because nobody else will.",
    "It took years before anyone in a senior role took the issue seriously.",
    "When a key person leaves, much of the progress leaves with them.",
    "Small changes add up, even if nobody notices them at the time.",
    "Online abuse is now a large share of what people describe to us, and it is the hardest to follow up.",
    "There is still a gap between what the policy says and what happens at the front desk.",
    "Our volunteers do most of this work in their own time.",
    "Everything gets harder when the political mood turns against the people we work with.",
    "I would say the relationship is better than it was ten years ago, but it is fragile.",
    "The meetings themselves are not always accessible, which says something about who they are for.",
    "What works is usually one committed person, and what fails is usually the system around them.",
    "We learned to bring case studies rather than statistics, because stories move people in a way "
    "numbers do not.",
    "Recording practice varies from one station to the next, so the figures say as much about the "
    "recording as about the incidents.",
    "A short-term grant lets you start something but never lets you finish it.",
    "I think the public still hears the term hate crime as something rare and extreme.",
    "Every reorganisation means starting the introductions again from scratch.",
]

GROUP_SENTENCES = [
    "For {group}, the main barrier is still confidence that anyone will listen.",
    "We hear most often from {group}, particularly after something has been in the news.",
    "Incidents against {group} tend to be low level and repeated rather than one serious attack.",
    "Very few of the cases involving {group} are ever flagged in the official figures.",
    "Outreach to {group} in {place} is where most of our time goes.",
]

YEAR_SENTENCES = [
    "Things changed in {year}, when {org} appointed someone who actually wanted to hear from us.",
    "After the incident in {place} in {year}, {org} came to us for the first time.",
    "The cuts in {year} hit {org} hard, and the joint work stalled for nearly two years.",
    "By {year} the arrangement with {org} was written into its annual plan, which made it harder to drop.",
]

QUESTIONS = [
    "To begin, could you describe your role and what your organisation does?",
    "Which experiences of working with public bodies stand out most for you?",
    "What made that relationship work, in your view?",
    "Were there moments when things went backwards?",
    "How do you record the incidents people bring to you?",
    "How does that compare with what the official figures show?",
    "Who else do you work with regularly?",
    "What gets in the way of equal engagement between community groups and the authorities?",
    "Can you think of a turning point in the last ten years?",
    "What would you like to see changed?",
    "How does the national context help or hinder your work?",
    "Are some groups better served than others?",
    "What makes someone good at bringing about change?",
    "Is there an initiative you would hold up as an example?",
    "How is the funding for this work arranged?",
    "How did that come about?",
    "Could you say a bit more about that?",
    "And how did the other side see it, do you think?",
    "Is there anything you would add before we finish?",
]
CLOSING_ANSWER = "No, I think that covers it. Thank you for asking about this at all."

THEMES = {
    "Good Practice": ["Training Designed With Communities", "Sharing Figures Openly",
                      "Reporting Close to Home", "Safer Public Transport", "Joint Casework",
                      "Listening Before Deciding"],
    "Challenges": ["Lost or Missing Flags", "Short-Term Funding", "Unequal Seats at the Table",
                   "Online Abuse", "Staff Turnover", "Trust After Cuts"],
    "Opportunities": ["Joining Up Recording", "Paying for Lived Experience", "Schools and Young People",
                      "A Wider Reporting Network", "Opening Up Scrutiny", "Shared Definitions"],
}
FINDINGS = {
    "Good Practice": [
        "Training co-delivered by {org} was remembered by officers as the session that changed how they "
        "read incident logs.",
        "The quarterly comparison of incident lists between {org} and {org2} was held up as a model.",
        "Reporting centres run by {org} are trusted because they sit in places {group} already use.",
        "Participants valued the plain-language notes {org} now adds to its annual figures. They stopped a "
        "drop in recorded incidents from being read as a fall in hate crime.",
        "Staff at {org} now refer {group} to specialist advocates as part of routine visits.",
        "The joint protocol between {org} and {org2} means repeat reports from one address are treated as a "
        "pattern.",
        "Volunteers trained to take reports in community languages widened the network at little cost.",
    ],
    "Challenges": [
        "The new records system at {org} had no field for the hate flag for most of {year}.",
        "Funding for {org} is renewed a year at a time, so experienced staff keep leaving.",
        "Community members on the board chaired by {org} are unpaid while everyone else attends as part of "
        "their job.",
        "{group} said reports made online are rarely followed up. Nobody at the table could say who owns "
        "the problem.",
        "Contact with {org} depends on one person, and cover arrangements are unclear.",
        "Several groups serving {group} have never been invited to any partnership meeting.",
        "Figures from {org} and {org2} are counted on different definitions and cannot be compared.",
    ],
    "Opportunities": [
        "Extend the data-sharing agreement with {org} to cover {org2} on the same terms.",
        "Pay lived-experience trainers properly and build their sessions into induction at {org}.",
        "Introduce {org} to {org2}, which have never worked together despite an obvious shared interest.",
        "Give {group} a seat of their own on the strategic board instead of a shared rotating one.",
        "Publish community monitoring alongside the official statistics, with agreed definitions.",
        "Offer a small grant so that groups in {place} can run third-party reporting points.",
    ],
}
MONTHS = ["February", "March", "May", "June", "September", "October", "November"]
SUB_FINDINGS = [
    "This was raised most strongly at the table on {group}.",
    "Staff from {org} said the same was true in {place}.",
    "Nobody from {org} was present to respond.",
    "One participant noted that this had already been promised in {year}.",
]
EVENT_TYPES = ["Partnership Day", "Regional Roundtable", "Community Safety Workshop", "Practitioner Forum",
               "Listening Event", "Reporting Summit", "Learning Day"]

ENGAGEMENT_NOTES: dict[str, list[str]] = {
    "partnership": ["Joint project on safer neighbourhoods, with shared staff time.",
                    "Signed a short memorandum setting out who handles which cases."],
    "funding": ["Annual grant towards casework and outreach.", "Two-year project grant, not renewed."],
    "training": ["Awareness sessions for front-line staff, co-delivered by volunteers.",
                 "Helped rewrite the induction training materials."],
    "consultation": ["Asked for comments on the draft strategy with a three-week deadline.",
                     "Invited to a focus group on reporting barriers."],
    "scrutiny": ["Sits on the panel that reviews a sample of closed cases.",
                 "Quarterly dip sample of flagged incidents."],
    "referral": ["Refers victims for specialist advocacy.", "Direct referral route agreed after a pilot."],
    "guideline-input": ["Commented on the draft recording guidance.", "Helped draft the victim leaflet."],
    "strategic-group": ["Member of the multi-agency steering group.",
                        "Holds one community seat on the board."],
    "data-sharing": ["Monthly exchange of anonymised incident data.",
                     "Data-sharing agreement signed after two years of negotiation."],
}

# driver key -> (label template, direction label); a direction of None is drawn at random.
MOMENTS: dict[str, list[tuple[str, str | None]]] = {
    "incident": [("Attack on a community centre in {place}", None),
                 ("Serious assault outside a {place} shelter", None)],
    "legislation": [("{country} passes an aggravated offences amendment", "forward"),
                    ("New equality act comes into force", "forward")],
    "funding": [("Grant cut for {org}", "backward"), ("Three-year funding settlement for {org}", "forward")],
    "data-publication": [("First hate crime figures published by {org}", "forward"),
                         ("{org} publishes incident data", "forward")],
    "leadership": [("New chief officer at {org}", None), ("{org} appoints a hate crime lead", "forward")],
    "inquiry": [("Independent review of {org} published", "forward"),
                ("Inquiry report criticises {org}", "forward")],
    "campaign": [("Campaign by {org} for a recording standard", "forward"),
                 ("{org} launches a reporting campaign", "forward")],
    "politics": [("Change of government in {country}", None),
                 ("Election campaign in {place} turns hostile", "backward")],
    "international-pressure": [("International monitoring visit to {country}", "forward"),
                               ("Country report names {org} as lagging", "forward")],
    "micro-change": [("{org} adds a hate flag field to its forms", "forward"),
                     ("{org} stops its quarterly case reviews", "backward")],
}
MOMENT_NOTES = [
    "Interviewees on both sides described this as the moment attitudes started to shift.",
    "Several organisations said the effects were still felt years later.",
    "The change was small at first but made later cooperation possible.",
    "Respondents disagreed about how much difference it made on the ground.",
]

# ---------------------------------------------------------------------------
# Vocabulary from the schemes
# ---------------------------------------------------------------------------
