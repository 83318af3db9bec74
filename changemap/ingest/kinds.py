"""Infer a stakeholder's kind from its name when no source states it.

The rule reads the name's head words (the organisation type a name ends or
begins with).  Every answer comes with the reason, which goes into the graph
as ``cm:kindReason`` so a reviewer can see why.

>>> infer_kind("Northvale Police Service")
('public-authority', "name contains 'Police'")
>>> infer_kind("Open Doors Disability Network")
('cso', "name contains 'Network'")
"""

from __future__ import annotations

import re

# Checked in order: the first list whose word appears in the name wins.
_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("international-body", ("European", "United Nations", "UN", "OSCE", "International",
                            "Intergovernmental", "Council of Europe", "Commission against")),
    ("public-authority", ("Police", "Constabulary", "Ministry", "Department", "Council",
                          "Government", "Prosecution", "Prosecutor", "Prosecutors", "Court", "Courts",
                          "Authority", "Agency", "Inspectorate", "Commissioner", "Parliament",
                          "Assembly", "Municipality", "Office for", "Home Office", "Public Prosecutor",
                          "Probation", "Education Authority", "Fire and Rescue", "NHS", "Executive")),
    ("private", ("Ltd", "Limited", "plc", "PLC", "Inc", "Company", "Buses", "Bus Company",
                 "Media", "Group plc", "LLP")),
    ("cso", ("Network", "Trust", "Foundation", "Association", "Alliance", "Forum", "Charity",
             "Collective", "Coalition", "Society", "Action", "Advocacy", "Voice", "Voices",
             "Project", "Centre", "Center", "Federation", "Union", "Watch", "Aid", "Support",
             "Friends", "Community", "Pride", "Circle", "Initiative", "Partnership", "Group")),
]


def infer_kind(name: str) -> tuple[str, str]:
    """(kind key, reason) for an organisation name."""
    for kind, words in _RULES:
        for word in words:
            if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", name):
                return kind, f"name contains '{word}'"
    return "other", "no kind stated in the sources and no telling word in the name"
