// Recording systems with evidence: one row per label, operator name, type and schema name,
// with the operator's kind, the data flows that leave and enter the system and the number
// of pieces of evidence behind it.  Columns: iri, system, name, type, operator,
// operator_kind, flows_out, flows_in, evidence_count; ordered by operator, type and name
// (missing ones first).
// Parameters: $ns, a map of namespace IRIs by prefix (kind, rstype).
MATCH (r:RecordingSystem)
WHERE r.label IS NOT NULL
WITH r, COUNT { (r)-[:WAS_DERIVED_FROM]->(:Changemap) } AS evidence_count
WHERE evidence_count > 0
MATCH (r)-[:OPERATED_BY]->(op:Changemap)-[:KIND]->(k:Changemap)
WHERE op.label IS NOT NULL
UNWIND r.label AS system
UNWIND op.label AS operator
OPTIONAL MATCH (r)-[:SYSTEM_TYPE]->(t:Changemap)
UNWIND CASE WHEN r.name IS NULL THEN [null] ELSE r.name END AS name
WITH r, evidence_count, system, operator, name,
     CASE WHEN k.iri STARTS WITH $ns.kind THEN substring(k.iri, size($ns.kind)) ELSE '' END AS operator_kind,
     CASE WHEN t IS NULL THEN null
          WHEN t.iri STARTS WITH $ns.rstype THEN substring(t.iri, size($ns.rstype)) ELSE '' END AS type
RETURN r.iri AS iri, system, name, type, operator, operator_kind,
       COUNT { (:DataFlow)-[:FROM_SYSTEM]->(r) } AS flows_out,
       COUNT { (:DataFlow)-[:TO_SYSTEM]->(r) } AS flows_in,
       evidence_count
ORDER BY operator, type IS NOT NULL, type, name IS NOT NULL, name, iri, system, operator_kind
