"""Word lists for the organisation recogniser (:mod:`changemap.ingest.orgs`)."""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words an organisation's name ends in (or begins with, before "of"/"for" …).
HEADS = _set("""
administration agency alliance assembly association authority board bureau center centre chamber charity circle
coalition collective commission confederation congress consortium fellowship guild regulator
commissioner committee constabulary co-operative cooperative council court department directorate federation
force forum foundation fund group inspectorate academy institute league ministry municipality network observatory office
ombudsman
organisation organization panel parliament partnership police project prosecutor secretariat service society
command clinic
taskforce trust tribunal union unit university college watch ltd ltd. limited plc inc inc. llp company fc afc
""")
# Words before a head that still leave it bare: "the Prosecution Service", "the Mayor's Office".
_HEAD_MODIFIERS = _set("prosecution probation police fire rescue mayor provincial regional national federal county "
                        "city district municipal metropolitan borough cantonal")
# Roles of people: never what makes a name proper ("Chair of the Board").
_ROLES = _set("""
head heads chair chairs chairperson director directors manager managers officer officers lead leads chief
inspector inspectors sergeant constable superintendent commander member members staff volunteer volunteers
trustee trustees coordinator co-ordinator secretary president minister ministers worker workers caseworker
caseworkers advocate advocates representative representatives spokesperson deputy assistant councillor
councillors cllr founder leader leaders adviser advisers advisor trainer trainers colleagues partners role
""")
_PERSON_TITLES = _set("""
mr mrs ms miss mx dr prof professor sir dame lord lady cllr councillor rev reverend revd father imam rabbi
inspector sergeant sgt constable superintendent supt detective chief pc dc ds di dci insp minister judge
""")
_DATES = _set("""
january february march april may june july august september october november december jan feb mar apr jun
jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
""")
# Capitalised only because they open a sentence or a bullet.
_STARTERS = _set("""
yesterday today tomorrow tonight now then later earlier recently eventually finally initially originally
previously currently historically traditionally ultimately suddenly luckily sadly unfortunately fortunately
honestly frankly obviously clearly apparently interestingly importantly basically actually certainly
definitely generally usually sometimes often overall meanwhile afterwards instead otherwise additionally also
again once still even yes yeah okay ok oh right sure thanks thank maybe hopefully ideally personally similarly
likewise conversely notably crucially specifically particularly especially including following according
given despite although though unlike like whereas whilst lastly firstly secondly thirdly anyway plus
ask invite involve fund expand extend create build bring train share ensure encourage engage review publish
set use make help allow require consider include develop establish introduce provide offer hold run link
connect map pilot continue increase improve strengthen restore reinstate appoint reach contact email write
tell meet join work recruit resource protect respond record report refer collect monitor agree align adopt
produce promote raise launch embed audit translate visit talk listen learn look note read consult check invest
replace remove reduce avoid stop start begin end give keep get ring phone approach lobby press urge fix
""")
_NOT_ADVERBS = _set("kelly italy sicily beverly emily holly polly billy sally shelly family assembly rally ally "
                    "supply reply early")
# Title-case function words end a run where capitals tell nothing (sentence start, headings).
_BREAK_WORDS = frozenset(STOP_WORDS) - _set("""
front full part side top bottom name call give keep move show serious third first one two three four five six
eight nine ten eleven twelve fifteen twenty forty fifty sixty hundred back well empty amount due made used
whole last next former latter up down out over under
""")
# A run ending in one of these names a thing, not a body.
NON_ORG_ENDS = _set("""
act acts bill law laws strategy strategies plan plans policy policies report reports review reviews inquiry
enquiry week weeks day days month year conference summit event events campaign campaigns programme programmes
program scheme schemes app apps charter charters pledge award awards prize guidance guidelines code protocol
framework convention declaration toolkit handbook training module course courses survey statistics data
figures meeting meetings minutes consultation pilot website portal helpline hotline newsletter magazine
podcast film festival march vigil memorial grant funding budget standards model system database tool form
agreement memorandum manifesto motion resolution regulations regulation directive rules order initiative
""")
# After "Ministry of …", these end a document or event named after the body; others ("Data",
# "Standards", "Policy") are more often what the body is about ("Panel on Hate Crime Data").
_TAIL_ENDS = NON_ORG_ENDS - _set("""
data statistics figures training standards policy policies system model tool form rules order funding grant
budget code protocol framework agreement memorandum regulation regulations directive initiative motion
resolution database
""")
ACRONYM_STOP = _set("""
LGBT LGBT+ LGBTI LGBTQ LGBTQ+ LGBTQI LGBTQI+ LGBTQIA LGBTQIA+ LGBTIQ LGB GRT BME BAME ASB UK GB US USA MoU MOU
NGO NGOs NGOS CSO CSOs CSOS PDF ID IDs TV OK CEO CEOs HR IT COVID FAQ FAQs CCTV SMS GDPR ICT AI PR MP MPs MEP
MEPs PhD MSc BA MA BSc DNA ASAP FYI NB AM PM SEND SEN ADHD HIV AIDS PTSD BSL ESOL IDAHOBIT IDAHOT KPI KPIs SLA
SOP SOPs RAG TBC TBD NA ETA ASD DV DA VAWG GBV SGBV LA LAs PCSO PCSOs PC DC DS DI DCI DCS CPD CJS URL HTML CSV
XML API APP USB IP AGM EGM CIC CIO LTD PLC PS PPS ToR ToRs TOR DOB CV CVs OCR QA RSVP AKA ETC VS FGM BLM EDI
DEI TPRC TPRCs IAG IAGs MARAC MAPPA CYP SOGI SOGIESC VCS VCSE DPO DPOs SIO OIC II III IV VI VII VIII IX XI XII
GMT UTC CET BST NOTE NEW GOOD BAD KEY TIP TIPS NEWS INFO DRAFT FINAL UPDATE URGENT TODO HELP STOP YES ACT LAW
PLAN WEEK ASK NB OBS FOI SAR SARs NI NIN GP GPs A&E ICU
""")
# A head after one of these words names a place, an event or a kind of meeting, not a body.
_NOT_ORG_BEFORE: dict[str, frozenset[str]] = {
    "centre": _set("city town shopping leisure civic sports visitor conference retail business garden village "
                   "call contact distribution detention"),
    "court": _set("tennis food basketball squash"),
    "service": _set("memorial church sunday funeral remembrance prayer thanksgiving customer bus train ferry night "
                    "weekend"),
    "office": _set("box back front"),
    "union": _set("civil"),
    "society": _set("civil big wider open modern"),
    "group": _set("focus target age peer control risk ethnic minority"),
    "project": _set("pilot research side final"),
    "board": _set("notice"),
}
_NOT_ORG_BEFORE["center"] = _NOT_ORG_BEFORE["centre"]
_INDEFINITE = _set("a an each every any another no some one several many other which what whichever per")
_POSSESSIVE_DETS = _set("the our their its his her your my")
_CONNECTORS = {"of": "of", "for": "for", "on": "on", "against": "against", "in": "in", "and": "and",
               "&": "and", "the": "the", "'s": "'s", "’s": "'s", "'": "'s", "’": "'s"}
_PREPS = frozenset(("of", "for", "on", "against", "in"))
_OPENERS = frozenset(':;([{"“‘—–-•*…>|')
_SENT_END = frozenset(".!?")
# "Police and Crime Commissioner": pairs around "and" that belong to one name.
_AND_PAIRS = frozenset(("police crime", "police justice", "fire rescue", "police fire", "police community",
                        "health social", "justice home", "equality human", "equality diversity",
                        "crime justice", "police victims", "home affairs"))
