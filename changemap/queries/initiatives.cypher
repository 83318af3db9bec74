// Initiatives quoted from at least one document: one row per name and type, with who runs
// them, who joins them, whom they serve, the statements of the challenges they address
// (lists; joined by the caller), how many findings are about them and from how many
// documents their evidence is quoted.  An initiative addresses a challenge when it says
// so (ADDRESSES), or when a finding about it that is not a challenge shares a theme with
// the challenge and, where both name target groups, they share one.
// Columns: iri, name, type, owners, partners, target_groups, addresses, findings, documents;
// ordered by name.
// Parameters: $ns, a map of namespace IRIs by prefix (itype); $challenge, the IRI of the
// challenge finding type.
MATCH (i:Initiative)
WHERE i.label IS NOT NULL
OPTIONAL MATCH (i)-[:WAS_DERIVED_FROM]->(:Changemap)-[:WAS_QUOTED_FROM]->(d:Changemap)
WITH i, count(DISTINCT d) AS documents
WHERE documents > 0
WITH i, documents,
     [(i)-[:ADDRESSES]->(c:Changemap) | c]
     + [(i)<-[:ABOUT]-(other:Changemap)-[:THEME]->(:Changemap)<-[:THEME]-(c:Changemap)
        WHERE c <> other
          AND EXISTS { (other)-[:FINDING_TYPE]->(t:Changemap) WHERE t.iri <> $challenge }
          AND (NOT EXISTS { (c)-[:STRAND]->(:Changemap) }
               OR NOT EXISTS { (i)-[:TARGET_GROUP]->(:Changemap) }
               OR EXISTS { (c)-[:STRAND]->(:Changemap)<-[:TARGET_GROUP]-(i) })
        | c] AS candidates
WITH i, documents,
     [c IN candidates WHERE c.statement IS NOT NULL
                        AND EXISTS { (c)-[:FINDING_TYPE]->(t:Changemap) WHERE t.iri = $challenge }] AS challenges
UNWIND i.label AS name
OPTIONAL MATCH (i)-[:INITIATIVE_TYPE]->(t:Changemap)
RETURN i.iri AS iri,
       name,
       CASE WHEN t IS NULL THEN null
            WHEN t.iri STARTS WITH $ns.itype THEN substring(t.iri, size($ns.itype)) ELSE '' END AS type,
       reduce(out = [], labels IN [(i)-[:RUN_BY]->(o:Changemap) WHERE o.label IS NOT NULL | o.label]
              | out + [l IN labels | toString(l)]) AS owners,
       reduce(out = [], labels IN [(i)-[:PARTNER]->(p:Changemap) WHERE p.label IS NOT NULL | p.label]
              | out + [l IN labels | toString(l)]) AS partners,
       reduce(out = [], labels IN [(i)-[:TARGET_GROUP]->(g:Changemap) WHERE g.pref_label IS NOT NULL | g.pref_label]
              | out + [l IN labels | toString(l)]) AS target_groups,
       reduce(out = [], c IN challenges | out + [s IN c.statement | toString(s)]) AS addresses,
       COUNT { (f:Finding)-[:ABOUT]->(i) } AS findings,
       documents
ORDER BY name, iri, type
