// Who engages with whom: one row per engagement (any node with a mode), mode and pair of
// stakeholder parties (the lower IRI as source), with the parties' names and kinds, the
// sentiment (a row for each, or none), the number of pieces of evidence and the first and
// last year.  Engagements with no evidence are left out, as unsupported claims.
// Columns: iri, source, source_kind, target, target_kind, mode, sentiment, evidence_count,
// first_year, last_year, source_iri, target_iri; ordered by source, target, mode, iri, sentiment.
// Parameters: $ns, a map of namespace IRIs by prefix (kind, mode, sentiment).
MATCH (e:Changemap)-[:MODE]->(m:Changemap)
// evidence rows per engagement and mode, as the engagement-evidence fact table counts them
WITH e, m, COUNT { (e)-[:MODE]->(:Changemap) } * COUNT { (e)-[:WAS_DERIVED_FROM]->(:Changemap) } AS evidence_count
WHERE evidence_count > 0
MATCH (e)-[:PARTY]->(a:Stakeholder)
MATCH (e)-[:PARTY]->(b:Stakeholder)
WHERE a.iri < b.iri
MATCH (a)-[:KIND]->(ak:Changemap)
MATCH (b)-[:KIND]->(bk:Changemap)
UNWIND a.label AS source
UNWIND CASE WHEN a.is_generic IS NULL THEN [null] ELSE a.is_generic END AS a_generic
UNWIND b.label AS target
UNWIND CASE WHEN b.is_generic IS NULL THEN [null] ELSE b.is_generic END AS b_generic
WITH DISTINCT e, m, evidence_count, a, ak, toString(source) AS source, toString(a_generic) AS a_generic,
              b, bk, toString(target) AS target, toString(b_generic) AS b_generic
OPTIONAL MATCH (e)-[:SENTIMENT]->(st:Changemap)
WITH e, m, evidence_count, a, ak, source, b, bk, target, st,
     [y IN coalesce(e.year, []) WHERE toString(y) =~ '[+-]?[0-9]+' | toInteger(toString(y))] AS years
RETURN e.iri AS iri,
       source,
       CASE WHEN ak.iri STARTS WITH $ns.kind THEN substring(ak.iri, size($ns.kind)) ELSE '' END AS source_kind,
       target,
       CASE WHEN bk.iri STARTS WITH $ns.kind THEN substring(bk.iri, size($ns.kind)) ELSE '' END AS target_kind,
       CASE WHEN m.iri STARTS WITH $ns.mode THEN substring(m.iri, size($ns.mode)) ELSE '' END AS mode,
       CASE WHEN st IS NULL THEN null
            WHEN st.iri STARTS WITH $ns.sentiment THEN substring(st.iri, size($ns.sentiment)) ELSE '' END AS sentiment,
       evidence_count,
       reduce(lo = null, y IN years | CASE WHEN lo IS NULL OR y < lo THEN y ELSE lo END) AS first_year,
       reduce(hi = null, y IN years | CASE WHEN hi IS NULL OR y > hi THEN y ELSE hi END) AS last_year,
       a.iri AS source_iri,
       b.iri AS target_iri
ORDER BY source, target, mode, iri, sentiment
