// Engagements counted by stakeholder and mode (engagement-matrix with by=stakeholder):
// one row per stakeholder name, kind and mode, with the distinct engagements it is a party
// to alongside another party, and the distinct other parties in them.  Columns: iri,
// stakeholder, kind, mode, engagements, partners; ordered by stakeholder, iri, then most
// engagements first, then mode and kind.
// Parameters: $ns, a map of namespace IRIs by prefix (kind, mode).
MATCH (e:Changemap)-[:MODE]->(m:Changemap)
MATCH (e)-[:PARTY]->(s:Stakeholder)
MATCH (e)-[:PARTY]->(other:Changemap)
WHERE other <> s AND s.label IS NOT NULL
MATCH (s)-[:KIND]->(k:Changemap)
UNWIND s.label AS name
WITH s.iri AS iri, toString(name) AS stakeholder,
     CASE WHEN k.iri STARTS WITH $ns.kind THEN substring(k.iri, size($ns.kind)) ELSE '' END AS kind,
     CASE WHEN m.iri STARTS WITH $ns.mode THEN substring(m.iri, size($ns.mode)) ELSE '' END AS mode,
     e, other
RETURN iri, stakeholder, kind, mode, count(DISTINCT e) AS engagements, count(DISTINCT other) AS partners
ORDER BY stakeholder, iri, engagements DESC, mode, kind
