// Pivotal moments in date order (undated ones last): one row per label, direction, time
// stamp and scale, with the labels of its drivers, the names of its actors, its outcomes
// (lists; joined by the caller) and the number of pieces of evidence behind it.
// Columns: iri, date, label, direction, scale, drivers, actors, outcomes, evidence_count;
// ordered by date (dated first), label, direction.
// Parameters: $ns, a map of namespace IRIs by prefix (direction, scale).
MATCH (m:PivotalMoment)-[:DIRECTION]->(d:Changemap)
WHERE m.label IS NOT NULL
UNWIND m.label AS label
UNWIND CASE WHEN m.has_time_stamp IS NULL THEN [null] ELSE m.has_time_stamp END AS stamp
OPTIONAL MATCH (m)-[:SCALE]->(sc:Changemap)
RETURN m.iri AS iri,
       toString(stamp) AS date,
       label,
       CASE WHEN d.iri STARTS WITH $ns.direction THEN substring(d.iri, size($ns.direction)) ELSE '' END AS direction,
       CASE WHEN sc IS NULL THEN null
            WHEN sc.iri STARTS WITH $ns.scale THEN substring(sc.iri, size($ns.scale)) ELSE '' END AS scale,
       reduce(out = [], labels IN [(m)-[:DRIVER]->(x:Changemap) WHERE x.pref_label IS NOT NULL | x.pref_label]
              | out + [l IN labels | toString(l)]) AS drivers,
       reduce(out = [], labels IN [(m)-[:HAS_ACTOR]->(x:Changemap) WHERE x.label IS NOT NULL | x.label]
              | out + [l IN labels | toString(l)]) AS actors,
       [o IN coalesce(m.outcome, []) | toString(o)] AS outcomes,
       COUNT { (m)-[:WAS_DERIVED_FROM]->(:Changemap) } AS evidence_count
ORDER BY date IS NULL, date, label, direction, iri, scale
