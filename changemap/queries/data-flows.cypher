// Data flows between recording systems that have a quoted piece of evidence: one row per
// pair of operator names, system types, description and frequency, with the number of
// quoted pieces of evidence and the alphabetically first quote.  Columns: iri,
// from_operator, from_type, to_operator, to_type, what, frequency, evidence_count, quote;
// ordered by the operators, then the types (missing ones first).
// Parameters: $ns, a map of namespace IRIs by prefix (rstype).
MATCH (f:DataFlow)-[:WAS_DERIVED_FROM]->(ev:Changemap)
WHERE ev.quote IS NOT NULL
UNWIND ev.quote AS q
WITH f, count(DISTINCT ev) AS evidence_count, min(q) AS quote
MATCH (f)-[:FROM_SYSTEM]->(source:Changemap)-[:OPERATED_BY]->(source_op:Changemap)
MATCH (f)-[:TO_SYSTEM]->(target:Changemap)-[:OPERATED_BY]->(target_op:Changemap)
WHERE source_op.label IS NOT NULL AND target_op.label IS NOT NULL
UNWIND source_op.label AS from_operator
UNWIND target_op.label AS to_operator
OPTIONAL MATCH (source)-[:SYSTEM_TYPE]->(st:Changemap)
OPTIONAL MATCH (target)-[:SYSTEM_TYPE]->(tt:Changemap)
UNWIND CASE WHEN f.description IS NULL THEN [null] ELSE f.description END AS what
UNWIND CASE WHEN f.repeat_frequency IS NULL THEN [null] ELSE f.repeat_frequency END AS frequency
WITH f, evidence_count, quote, from_operator, to_operator, what, frequency,
     CASE WHEN st IS NULL THEN null
          WHEN st.iri STARTS WITH $ns.rstype THEN substring(st.iri, size($ns.rstype)) ELSE '' END AS from_type,
     CASE WHEN tt IS NULL THEN null
          WHEN tt.iri STARTS WITH $ns.rstype THEN substring(tt.iri, size($ns.rstype)) ELSE '' END AS to_type
RETURN f.iri AS iri, from_operator, from_type, to_operator, to_type, what, frequency, evidence_count, quote
ORDER BY from_operator, to_operator, from_type IS NOT NULL, from_type, to_type IS NOT NULL, to_type, iri
