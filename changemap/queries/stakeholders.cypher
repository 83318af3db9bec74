// Every stakeholder with a name and a kind: one row per name (a stakeholder with two
// labels gives two rows) and kind, with its aliases, the target groups it serves, its
// degree (distinct partners across all its engagements) and the number of distinct
// documents its evidence is quoted from.  Columns: iri, name, kind, aliases,
// target_groups (lists; joined by the caller), degree, documents; ordered by name, iri, kind.
// Parameters: $ns, a map of namespace IRIs by prefix (kind).
MATCH (s:Stakeholder)
WHERE s.label IS NOT NULL
OPTIONAL MATCH (s)<-[:PARTY]-(:Changemap)-[:PARTY]->(other:Changemap)
WHERE other <> s
WITH s, count(DISTINCT other) AS degree
OPTIONAL MATCH (s)-[:WAS_DERIVED_FROM]->(:Changemap)-[:WAS_QUOTED_FROM]->(document:Changemap)
WITH s, degree, count(DISTINCT document) AS documents
MATCH (s)-[:KIND]->(k:Changemap)
UNWIND s.label AS name
// a stakeholder marked generic in two ways is listed once for each, as by SPARQL
UNWIND CASE WHEN s.is_generic IS NULL THEN [null] ELSE s.is_generic END AS generic
WITH DISTINCT s, degree, documents, toString(name) AS name, k, toString(generic) AS generic
RETURN s.iri AS iri,
       name,
       CASE WHEN k.iri STARTS WITH $ns.kind THEN substring(k.iri, size($ns.kind)) ELSE '' END AS kind,
       [a IN coalesce(s.alt_label, []) | toString(a)] AS aliases,
       reduce(groups = [], labels IN [(s)-[:SERVES_TARGET_GROUP]->(g:Changemap) WHERE g.pref_label IS NOT NULL
                                      | g.pref_label]
              | groups + [x IN labels | toString(x)]) AS target_groups,
       degree,
       documents
ORDER BY name, iri, kind
