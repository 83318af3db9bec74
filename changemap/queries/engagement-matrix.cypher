// Engagements counted by the kinds of two parties and the mode (by=kind): the kind pair
// is unordered (source_kind <= target_kind), and an engagement with three parties counts
// once for each kind pair it joins.  Columns: source_kind, target_kind, mode, engagements
// (distinct engagements); ordered by the kinds, then most engagements first, then mode.
// engagement-matrix.by-stakeholder.cypher is the by=stakeholder variant.
// Parameters: $ns, a map of namespace IRIs by prefix (kind, mode).
MATCH (e:Changemap)-[:MODE]->(m:Changemap)
MATCH (e)-[:PARTY]->(a:Stakeholder)
MATCH (e)-[:PARTY]->(b:Stakeholder)
WHERE a.iri < b.iri AND a.label IS NOT NULL AND b.label IS NOT NULL
MATCH (a)-[:KIND]->(ak:Changemap)
MATCH (b)-[:KIND]->(bk:Changemap)
WITH e,
     CASE WHEN m.iri STARTS WITH $ns.mode THEN substring(m.iri, size($ns.mode)) ELSE '' END AS mode,
     CASE WHEN ak.iri STARTS WITH $ns.kind THEN substring(ak.iri, size($ns.kind)) ELSE '' END AS x,
     CASE WHEN bk.iri STARTS WITH $ns.kind THEN substring(bk.iri, size($ns.kind)) ELSE '' END AS y
WITH e, mode,
     CASE WHEN x <= y THEN x ELSE y END AS source_kind,
     CASE WHEN x <= y THEN y ELSE x END AS target_kind
RETURN source_kind, target_kind, mode, count(DISTINCT e) AS engagements
ORDER BY source_kind, target_kind, engagements DESC, mode
