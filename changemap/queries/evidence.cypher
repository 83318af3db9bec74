// Every quote behind some nodes (one node, or each engagement of an edge): one row per
// node, quote, document, position, speaker and approval, with the extraction rules that
// found it (a list; joined by the caller), the node's name for a reader (its label, or
// for an engagement 'A — B (mode)') and its most specific changemap classes.
// Columns: node, subject, type, quote, document, start, end, speaker, approval,
// extracted_by; ordered by subject, document, start, end, quote.
// Parameters: $nodes, the IRIs of the nodes; $ns, a map of namespace IRIs by prefix
// (mode, approval); $classes, the local names of the changemap classes by label.
UNWIND $nodes AS target
MATCH (node:Changemap {iri: target})
CALL {
  WITH node
  OPTIONAL MATCH (node)-[:PARTY]->(p:Changemap)
  UNWIND CASE WHEN p IS NULL OR p.label IS NULL THEN [] ELSE p.label END AS party
  WITH DISTINCT toString(party) AS party
  ORDER BY party
  RETURN collect(party) AS parties
}
CALL {
  WITH node
  UNWIND [l IN labels(node) WHERE $classes[l] IS NOT NULL | $classes[l]] AS class
  WITH DISTINCT class
  ORDER BY class
  RETURN collect(class) AS classes
}
WITH node, parties, classes,
     reduce(lo = null, l IN coalesce(node.label, []) | CASE WHEN lo IS NULL OR l < lo THEN l ELSE lo END) AS label,
     reduce(lo = null, m IN [(node)-[:MODE]->(x:Changemap)
                             | CASE WHEN x.iri STARTS WITH $ns.mode THEN substring(x.iri, size($ns.mode)) ELSE '' END]
            | CASE WHEN lo IS NULL OR m < lo THEN m ELSE lo END) AS mode
WITH node,
     CASE WHEN size(parties) > 0
          THEN reduce(s = head(parties), p IN tail(parties) | s + ' — ' + p)
               + CASE WHEN mode IS NULL OR mode = '' THEN '' ELSE ' (' + mode + ')' END
          ELSE coalesce(label, '') END AS subject,
     CASE WHEN size([c IN classes WHERE c <> 'Stakeholder']) > 0
          THEN [c IN classes WHERE c <> 'Stakeholder'] ELSE classes END AS classes
WITH node, subject,
     coalesce(reduce(s = head(classes), c IN tail(classes) | s + ', ' + c), '') AS type
MATCH (node)-[:WAS_DERIVED_FROM]->(ev:Changemap)-[:WAS_QUOTED_FROM]->(doc:Changemap)
WHERE ev.quote IS NOT NULL AND doc.identifier IS NOT NULL
UNWIND ev.quote AS quote
OPTIONAL MATCH (ev)-[:HAS_SELECTOR]->(ps:Changemap)
WHERE ps.start IS NOT NULL
UNWIND CASE WHEN ps IS NULL THEN [null] ELSE ps.start END AS start
UNWIND CASE WHEN ps IS NULL OR ps.end IS NULL THEN [null] ELSE ps.end END AS stop
OPTIONAL MATCH (ev)-[:SPEAKER]->(sp:Changemap)
UNWIND CASE WHEN sp IS NULL OR sp.label IS NULL THEN [null] ELSE sp.label END AS speaker
OPTIONAL MATCH (ev)-[:APPROVAL]->(ap:Changemap)
UNWIND CASE WHEN ev.extracted_by IS NULL THEN [null] ELSE ev.extracted_by END AS rule
WITH node, subject, type, quote, doc.identifier AS document, start, stop, coalesce(speaker, '') AS speaker,
     CASE WHEN ap IS NULL THEN ''
          WHEN ap.iri STARTS WITH $ns.approval THEN substring(ap.iri, size($ns.approval)) ELSE '' END AS approval,
     rule
RETURN node.iri AS node, subject, type, quote, document, start, stop AS `end`, speaker, approval,
       collect(DISTINCT rule) AS extracted_by
ORDER BY subject, document, start, `end`, quote, node, speaker, approval
