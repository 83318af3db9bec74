"""Stable IRIs: the same input gives the same IRI on every run and machine.

Entities are named by type and the slug of their canonical name; documents
by their key (relative path) and content hash; evidence by document and
character span.

>>> slug("Équipe d'Accueil & Soutien (EAS)")
'equipe-d-accueil-and-soutien-eas'
>>> stakeholder("Northvale Police")
'https://w3id.org/changemap/id/stakeholder/northvale-police'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..model import Document, Evidence
from ..ontology.namespaces import ID


def slug(text: str, limit: int = 80) -> str:
    """ASCII, lower case, words joined by '-', at most ``limit`` characters.

    Long names are cut and suffixed with a short hash so that two long names
    sharing a prefix still get different slugs.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("&", " and ")).strip("-") or "x"
    if len(s) > limit:
        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        s = s[: limit - 9].rstrip("-") + "-" + digest
    return s


def short_hash(text: str, n: int = 12) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def document_key(key: str, sha256: str) -> str:
    return f"{slug(key)}-{sha256[:12]}"


def document(doc: Document) -> str:
    return f"{ID}doc/{document_key(doc.key, doc.sha256)}"


def evidence(ev: Evidence, doc_keys: dict[str, str]) -> str:
    """``doc_keys`` maps a document key to its :func:`document_key`."""
    return f"{ID}evidence/{doc_keys[ev.document]}/{ev.start}-{ev.end}"


def stakeholder(name: str) -> str:
    return f"{ID}stakeholder/{slug(name)}"


def person(pseudonym: str) -> str:
    return f"{ID}person/{slug(pseudonym)}"


def membership(pseudonym: str, organisation: str) -> str:
    return f"{ID}membership/{slug(pseudonym)}--{slug(organisation)}"


def role(label: str) -> str:
    return f"{ID}role/{slug(label)}"


def engagement(a: str, b: str, mode: str) -> str:
    first, second = sorted((slug(a), slug(b)))
    return f"{ID}engagement/{first}--{second}--{mode}"


def moment(label: str, date: str | None) -> str:
    return f"{ID}moment/{date + '-' if date else ''}{slug(label, 60)}"


def finding(doc_key: str, finding_type: str, theme_label: str | None, text: str) -> str:
    digest = short_hash(f"{finding_type}|{theme_label or ''}|{text}")
    return f"{ID}finding/{slug(doc_key, 40)}-{digest}"


THEMES = f"{ID}scheme/themes"


def initiative(name: str) -> str:
    return f"{ID}initiative/{slug(name)}"


def theme(label: str) -> str:
    return f"{ID}theme/{slug(label)}"


def event(name: str) -> str:
    return f"{ID}event/{slug(name)}"


def column(name: str) -> str:
    """Predicate for a table column changemap does not know (kept as-is)."""
    return f"{ID}column/{slug(name)}"


VOCABULARY_GRAPH = f"{ID}graph/vocabulary"
