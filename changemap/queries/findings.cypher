// Findings quoted from a document: one row per finding type, statement and theme label
// (none when it has no theme), with the labels of its strands (target groups) and of what
// it is about (lists; joined by the caller), and the identifier of a document it is quoted
// from (the first by identifier).  Columns: iri, type, theme, strands, text, document,
// about; ordered by document, type, theme (none first), text.
// Parameters: $ns, a map of namespace IRIs by prefix (ftype).
MATCH (f:Finding)-[:FINDING_TYPE]->(ft:Changemap)
WHERE f.statement IS NOT NULL
OPTIONAL MATCH (f)-[:WAS_DERIVED_FROM]->(:Changemap)-[:WAS_QUOTED_FROM]->(d:Changemap)
WITH f, ft, min(d.identifier) AS document
WHERE document IS NOT NULL
UNWIND f.statement AS text
OPTIONAL MATCH (f)-[:THEME]->(th:Changemap)
WHERE th.pref_label IS NOT NULL
UNWIND CASE WHEN th IS NULL THEN [null] ELSE th.pref_label END AS theme
RETURN f.iri AS iri,
       CASE WHEN ft.iri STARTS WITH $ns.ftype THEN substring(ft.iri, size($ns.ftype)) ELSE '' END AS type,
       theme,
       reduce(out = [], labels IN [(f)-[:STRAND]->(s:Changemap) WHERE s.pref_label IS NOT NULL | s.pref_label]
              | out + [l IN labels | toString(l)]) AS strands,
       text,
       document,
       reduce(out = [], labels IN [(f)-[:ABOUT]->(a:Changemap) WHERE a.label IS NOT NULL | a.label]
              | out + [l IN labels | toString(l)]) AS about
ORDER BY document, type, theme IS NOT NULL, theme, text, iri
