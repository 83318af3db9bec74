// One stakeholder's network: a row per engagement it is a party to (the partner's name
// and kind, mode, sentiment, years), per initiative it runs or joins, per pivotal moment
// it took part in (direction and date) and per target group it serves, each with the
// number of quoted pieces of evidence behind it and the longest quote (then the first by
// document and position) with its document and start.  Where an item has several names,
// kinds or sentiments, the alphabetically first is shown.
// Columns: relation, name, kind, mode, sentiment, date, evidence_count, quote, document,
// start; ordered by relation (partners, initiatives run, initiatives joined, moments,
// target groups), then name and mode.
// Parameters: $node, the stakeholder's IRI; $ns, a map of namespace IRIs by prefix
// (kind, mode, sentiment, itype, direction).
MATCH (n:Changemap {iri: $node})
CALL {
  WITH n
  MATCH (n)<-[:PARTY]-(item:Engagement)-[:MODE]->(m:Changemap)
  MATCH (item)-[:PARTY]->(other:Changemap)-[:KIND]->(k:Changemap)
  WHERE other <> n AND other.label IS NOT NULL
  UNWIND other.label AS name
  WITH item, toString(name) AS name,
       CASE WHEN k.iri STARTS WITH $ns.kind THEN substring(k.iri, size($ns.kind)) ELSE '' END AS kind,
       CASE WHEN m.iri STARTS WITH $ns.mode THEN substring(m.iri, size($ns.mode)) ELSE '' END AS mode
  ORDER BY name, kind, mode
  WITH item, collect([name, kind, mode])[0] AS first
  WITH item, first,
       [(item)-[:SENTIMENT]->(s:Changemap)
        | CASE WHEN s.iri STARTS WITH $ns.sentiment THEN substring(s.iri, size($ns.sentiment)) ELSE '' END]
       AS sentiments
  RETURN 0 AS rank, 'partner' AS relation, item, first[0] AS name, first[1] AS kind, first[2] AS mode,
         reduce(lo = null, s IN sentiments | CASE WHEN lo IS NULL OR s < lo THEN s ELSE lo END) AS sentiment,
         [y IN coalesce(item.year, []) | toString(y)] AS dates
  UNION ALL
  WITH n
  MATCH (item:Initiative)-[:RUN_BY]->(n)
  WHERE item.label IS NOT NULL
  OPTIONAL MATCH (item)-[:INITIATIVE_TYPE]->(t:Changemap)
  UNWIND item.label AS name
  WITH item, name,
       CASE WHEN t IS NULL THEN null
            WHEN t.iri STARTS WITH $ns.itype THEN substring(t.iri, size($ns.itype)) ELSE '' END AS kind
  ORDER BY name, kind
  WITH item, collect([name, kind])[0] AS first
  RETURN 1 AS rank, 'runs initiative' AS relation, item, first[0] AS name, first[1] AS kind, null AS mode,
         null AS sentiment, [] AS dates
  UNION ALL
  WITH n
  MATCH (item:Initiative)-[:PARTNER]->(n)
  WHERE item.label IS NOT NULL
  OPTIONAL MATCH (item)-[:INITIATIVE_TYPE]->(t:Changemap)
  UNWIND item.label AS name
  WITH item, name,
       CASE WHEN t IS NULL THEN null
            WHEN t.iri STARTS WITH $ns.itype THEN substring(t.iri, size($ns.itype)) ELSE '' END AS kind
  ORDER BY name, kind
  WITH item, collect([name, kind])[0] AS first
  RETURN 2 AS rank, 'partner in initiative' AS relation, item, first[0] AS name, first[1] AS kind, null AS mode,
         null AS sentiment, [] AS dates
  UNION ALL
  WITH n
  MATCH (item:PivotalMoment)-[:HAS_ACTOR]->(n)
  MATCH (item)-[:DIRECTION]->(d:Changemap)
  WHERE item.label IS NOT NULL
  UNWIND item.label AS name
  WITH item, name,
       CASE WHEN d.iri STARTS WITH $ns.direction THEN substring(d.iri, size($ns.direction)) ELSE '' END AS kind
  ORDER BY name, kind
  WITH item, collect([name, kind])[0] AS first
  RETURN 3 AS rank, 'pivotal moment' AS relation, item, first[0] AS name, first[1] AS kind, null AS mode,
         null AS sentiment, [t IN coalesce(item.has_time_stamp, []) | toString(t)] AS dates
  UNION ALL
  WITH n
  MATCH (n)-[:SERVES_TARGET_GROUP]->(item:Changemap)
  WHERE item.pref_label IS NOT NULL
  UNWIND item.pref_label AS name
  WITH item, name
  ORDER BY name
  WITH item, collect(name)[0] AS name
  RETURN 4 AS rank, 'serves target group' AS relation, item, name, null AS kind, null AS mode,
         null AS sentiment, [] AS dates
}
WITH rank, relation, item, name, kind, mode, sentiment,
     reduce(lo = null, d IN dates | CASE WHEN lo IS NULL OR d < lo THEN d ELSE lo END) AS first_date,
     reduce(hi = null, d IN dates | CASE WHEN hi IS NULL OR d > hi THEN d ELSE hi END) AS last_date
CALL {
  WITH item
  OPTIONAL MATCH (item)-[:WAS_DERIVED_FROM]->(ev:Changemap)
  WHERE ev.quote IS NOT NULL
  RETURN count(DISTINCT ev) AS evidence_count
}
CALL {
  WITH item
  MATCH (item)-[:WAS_DERIVED_FROM]->(ev:Changemap)
  WHERE ev.quote IS NOT NULL
  UNWIND ev.quote AS quote
  OPTIONAL MATCH (ev)-[:WAS_QUOTED_FROM]->(doc:Changemap)
  OPTIONAL MATCH (ev)-[:HAS_SELECTOR]->(sel:Changemap)
  WHERE sel.start IS NOT NULL
  UNWIND CASE WHEN sel IS NULL THEN [null] ELSE sel.start END AS start
  WITH ev, quote, doc.identifier AS document, start
  ORDER BY size(quote) DESC, coalesce(document, ''), coalesce(start, 0), quote, ev.iri
  RETURN collect([quote, document, start])[0] AS best
}
RETURN relation,
       name,
       coalesce(kind, '') AS kind,
       coalesce(mode, '') AS mode,
       coalesce(sentiment, '') AS sentiment,
       CASE WHEN first_date IS NULL THEN ''
            WHEN first_date = last_date THEN first_date
            ELSE first_date + '–' + last_date END AS date,
       evidence_count,
       coalesce(best[0], '') AS quote,
       coalesce(best[1], '') AS document,
       best[2] AS start
ORDER BY rank, name, mode, item.iri
