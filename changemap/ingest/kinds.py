"""Infer a stakeholder's kind from its name when no source states it.

The rule reads the name's head words (the organisation type a name ends or
begins with).  Every answer comes with the reason, which goes into the graph
as ``cm:kindReason`` so a reviewer can see why.

>>> infer_kind("Northvale Police Service")
('public-authority', "name contains 'Police'")
>>> infer_kind("Open Door Disability Network")
('cso', "name contains 'Network'")

Two heads need the other words of the name.  "Council" is local government
after a place or a tier of government, but a community body after a topic
word; "Service" has no kind of its own and takes the kind of the words
around it (Prosecution, Probation, Fire and Rescue → public authority;
Support, Advice, Helpline → civil society).

>>> infer_kind("Saltmarsh City Council")
('public-authority', "name contains 'City Council'")
>>> infer_kind("Glenholm Refugee Council")[0]
'cso'
>>> infer_kind("Marram Victim Support Service")
('cso', "name contains 'Support'")

Generic actors named without a body ("the police", "housing officers") have
their kinds here too (:data:`GENERIC_ACTORS`), each with the reason.
"""

from __future__ import annotations

import re

# Words that say what a body works on or for, not which body it is.  A name
# made only of these and a head word ("Hate Crime Unit", "Strategic Board")
# describes rather than names; the recogniser in orgs.py and the Council rule
# below both use them.
TOPIC_WORDS = frozenset("""
hate crime crimes incident incidents victim victims support community communities equality equalities
equal rights human justice safety race racial racism anti antiracism ethnic ethnicity minority minorities
disability disabilities disabled deaf blind autism autistic faith faiths interfaith religion religious
belief beliefs muslim muslims islamic jewish christian christians catholic orthodox protestant evangelical sikh hindu
buddhist roma romani gypsy gypsies traveller
travellers refugee refugees migrant migrants asylum immigrant immigrants women woman men girls boys youth
young children child older elderly lgbt lgbt+ lgbtq lgbtq+ lgbti lgbtqi lgbtqia gay lesbian bisexual trans
transgender queer intersex bme bame black asian advice advocacy legal housing health mental education
learning policy strategic strategy national regional local city county district borough municipal
metropolitan central public social care multi joint inclusion inclusive diversity cohesion integration
reporting recording monitoring research action awareness prevention tackling independent advisory
scrutiny oversight engagement liaison outreach training fire rescue criminal affairs data sharing working
funding family families intolerance discrimination xenophobia antisemitism islamophobia homophobia
transphobia hostility violence abuse harassment exploitation inequality relations reform harm protection
safeguarding welfare wellbeing employment transport sport sports culture cultural arts online digital
policing probation prison prisons courts voluntary charitable civil sector people persons user users led
lived experience new general senior management steering coordination task standing specialist expert
development improvement quality standards evidence intelligence information statistics complaints
conduct inspection accountability fundamental democratic institutions cooperation security
multi-agency churches third party mosques synagogues temples tolerance dignity respect solidarity freedom
freedoms citizenship dialogue non-discrimination opportunity opportunities hatred extremism
""".split())

# Checked in order: the first list whose word appears in the name wins.
_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("international-body", ("European", "United Nations", "UN", "EU", "OSCE", "ODIHR", "ECRI", "UNHCR",
                            "OHCHR", "International", "Intergovernmental", "Council of Europe",
                            "Commission against")),
    ("public-authority", ("Police", "Constabulary", "Ministry", "Department", "Council",
                          "Government", "Prosecution", "Prosecutor", "Prosecutors", "Court", "Courts",
                          "Authority", "Agency", "Inspectorate", "Commissioner", "Parliament",
                          "Assembly", "Municipality", "Office for", "Home Office", "Public Prosecutor",
                          "Probation", "Education Authority", "Fire and Rescue", "NHS", "Executive",
                          "Commission", "Directorate", "Tribunal", "Ombudsman", "Prison Service",
                          "Ambulance Service", "Civil Service", "Health Service", "Courts Service",
                          "Community Safety Partnership", "Safeguarding Board", "Board", "Unit", "Mayor")),
    ("private", ("Ltd", "Limited", "plc", "PLC", "Inc", "Company", "Buses", "Bus Company",
                 "Media", "Group plc", "LLP", "Holdings")),
    ("other", ("University", "College", "Institute", "Trade Union", "Think Tank", "Observatory")),
    ("cso", ("Network", "Trust", "Foundation", "Association", "Alliance", "Forum", "Charity",
             "Collective", "Coalition", "Society", "Action", "Advocacy", "Voice", "Voices",
             "Project", "Centre", "Center", "Federation", "Union", "Watch", "Aid", "Support",
             "Friends", "Community", "Pride", "Circle", "Initiative", "Partnership", "Group",
             "Advice", "Helpline", "Counselling", "Refuge", "Food Bank", "Victim", "Victims")),
]

# "City Council", "County Council": the word before "Council" names a tier of government.
_COUNCIL_TIERS = frozenset("City County Borough District Town Parish Municipal Metropolitan Regional "
                           "Local Island Village Unitary Provincial".split())
_COUNCIL = re.compile(r"(?:(\S+)\s+)?Council(?:\s+(for|on|of)\s+(?:the\s+)?(\S+))?")

# Acronyms that are themselves the name of an international body.
INTERNATIONAL_ACRONYMS = frozenset("EU UN OSCE ODIHR ECRI FRA UNHCR OHCHR UNESCO UNICEF CoE ECtHR".split())

# label → (kind, why, phrases).  "the …" phrases need the article; the span leaves it out.
GENERIC_ACTORS: dict[str, tuple[str, str, str]] = {
    "police": ("public-authority", "the police are a public authority",
               "police; police officers; police officer; police force; police forces; police service; police "
               "services; police staff; neighbourhood officers; neighbourhood policing teams; neighbourhood "
               "teams; response officers; law enforcement; law enforcement agencies; constabularies; "
               "the constabulary"),
    "prosecutors": ("public-authority", "prosecution services are public authorities",
                    "prosecutor; prosecutors; public prosecutor; public prosecutors; prosecution service; "
                    "prosecution services; the prosecution; crown prosecutors; prosecuting lawyers"),
    "courts": ("public-authority", "courts are public authorities",
               "courts; the courts; the court; judges; magistrates; the judiciary; court staff"),
    "probation services": ("public-authority", "probation services are public authorities",
                           "probation; probation service; probation services; probation officers"),
    "local authorities": ("public-authority", "councils are local government",
                          "local authority; local authorities; the council; councils; local council; local "
                          "councils; city council; county council; district council; borough council; council "
                          "officers; council staff; local government; municipality; municipalities; "
                          "councillors"),
    "government": ("public-authority", "the government is a public authority",
                   "government; governments; the government; central government; national government; "
                   "the ministry; ministries; ministers; government departments; government department"),
    "public authorities": ("public-authority", "named as public or statutory bodies",
                           "public authorities; public authority; public bodies; public body; statutory "
                           "agencies; statutory agency; statutory services; statutory bodies; statutory "
                           "partners; state agencies; the authorities; criminal justice agencies; criminal "
                           "justice agency; equality body; equality bodies; ombudsman"),
    "housing providers": ("other", "housing is run by councils or by housing associations; sector not told",
                          "housing providers; housing provider; housing teams; housing team; housing officers; "
                          "housing officer; housing associations; housing association; social landlords; "
                          "landlords; housing services; housing staff"),
    "victim services": ("cso", "victim services are usually run by civil society organisations",
                        "victim services; victim service; victim support services; victim support service; "
                        "victim support; victim support organisations; support services; support "
                        "organisations; victim advocates"),
    "schools": ("public-authority", "schools are public education bodies",
                "schools; teachers; school staff; head teachers; headteachers; colleges; the school"),
    "universities": ("other", "universities are academic bodies",
                     "universities; academics; researchers; the university"),
    "social services": ("public-authority", "social services are public authorities",
                        "social services; social workers; social care; children's services; adult social "
                        "care; adult services"),
    "health services": ("public-authority", "health services are public authorities",
                        "health services; health service; hospitals; gps; health workers; health "
                        "professionals; mental health services; doctors; nurses; the health service"),
    "community groups": ("cso", "community groups are civil society",
                         "community groups; community group; community organisations; community "
                         "organizations; community organisation; grassroots groups; grassroots organisations; "
                         "faith groups; religious organisations; community leaders; local groups; residents' "
                         "associations; tenants' associations"),
    "charities": ("cso", "charities are civil society",
                  "charities; voluntary organisations; voluntary organizations; voluntary sector; third sector; "
                  "third sector organisations; voluntary groups"),
    "civil society organisations": ("cso", "named as civil society",
                                    "csos; cso; ngos; ngo; civil society; civil society organisations; civil "
                                    "society organizations; civil society groups; non-governmental "
                                    "organisations; non-governmental organizations; advocacy groups; advocacy "
                                    "organisations; campaign groups; disabled people's organisations; "
                                    "user-led organisations"),
    "media": ("other", "media outlets are neither state nor civil society",
              "the media; media; journalists; the press; newspapers; broadcasters; media outlets; reporters"),
    "social media companies": ("private", "platform companies are private",
                               "social media companies; social media company; social media platforms; tech "
                               "companies; technology companies; online platforms"),
    "transport operators": ("private", "transport operators are companies",
                            "bus companies; bus company; bus operators; transport operators; transport "
                            "providers; transport companies; train operators"),
    "businesses": ("private", "businesses are private",
                   "businesses; employers; retailers; private companies; shops; local businesses; companies"),
    "youth services": ("other", "youth services may be public or voluntary; sector not told",
                       "youth services; youth service; youth workers; youth clubs"),
    "international organisations": ("international-body", "named as international bodies",
                                    "international organisations; international organizations; international "
                                    "bodies; intergovernmental organisations; eu institutions; european "
                                    "institutions; international institutions"),
    "trade unions": ("other", "trade unions are neither state nor civil society here",
                     "trade unions; trade union; unions"),
}
# Phrases matched only so that a shorter generic inside them is not ("social media" is not "media").
GENERIC_GUARDS = ("social media; council tax; council estate; council estates; council housing; council flat; "
                   "government funding; press release; press releases; media coverage; police station")


def _council(name: str) -> tuple[str, str] | None:
    """A kind for a name whose telling word is 'Council', when the words around it decide."""
    m = _COUNCIL.search(name)
    if m is None:
        return None
    before, prep, after = m.group(1), m.group(2), m.group(3)
    if before in _COUNCIL_TIERS:
        return "public-authority", f"name contains '{before} Council'"
    if prep in ("for", "on") or (prep == "of" and after.casefold() in TOPIC_WORDS):
        return "cso", f"'Council {prep} {after}' names an umbrella or advocacy body, not local government"
    if before and re.sub(r"['’]s?$", "", before.casefold()) in TOPIC_WORDS:
        return "cso", f"'Council' follows the topic word '{before}': a community body, not local government"
    return None


_PATTERNS = [(kind, word, re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])"))
             for kind, words in _RULES for word in words]


# "European Network Against Racism": a civil-society head makes a cross-border network of CSOs.
_CSO_HEADS = re.compile(r"\b(Network|Alliance|Association|Forum|Federation|Coalition|Foundation|Trust|Charity|"
                        r"Collective|Society|Watch|Centre|Center|Project|Group)\b")


def infer_kind(name: str) -> tuple[str, str]:
    """(kind key, reason) for an organisation name."""
    for kind, word, pattern in _PATTERNS:
        if word in name and pattern.search(name):
            head = _CSO_HEADS.search(name) if word in ("European", "International") else None
            if head:
                return "cso", f"'{word}' with the civil-society head '{head.group(1)}': a cross-border network"
            if word == "Council":
                decided = _council(name)
                if decided:
                    return decided
            return kind, f"name contains '{word}'"
    return "other", "no kind stated in the sources and no telling word in the name"


def acronym_kind(acronym: str) -> tuple[str, str] | None:
    """The kind of a bare acronym, when the acronym itself names an international body.

    >>> acronym_kind("OSCE")
    ('international-body', "'OSCE' is the acronym of an international body")
    >>> acronym_kind("KPS") is None
    True
    """
    if acronym in INTERNATIONAL_ACRONYMS:
        return "international-body", f"'{acronym}' is the acronym of an international body"
    return None
