// What drove change: one row per driver label, with the number of pivotal moments it
// drove forward and backward, the moments in all, and the names of the stakeholders who
// took part in them (a list; joined by the caller); ranked by moments, then by the
// moments that moved one way or the other, then by driver.
// Columns: driver, forward, backward, moments, actors.
// Parameters: $forward and $backward, the IRIs of the two directions.
MATCH (m:PivotalMoment)-[:DRIVER]->(x:Changemap)
WHERE x.pref_label IS NOT NULL
UNWIND x.pref_label AS label
WITH DISTINCT toString(label) AS driver, m
WITH driver, m,
     EXISTS { (m)-[:DIRECTION]->(d:Changemap) WHERE d.iri = $forward } AS ahead,
     EXISTS { (m)-[:DIRECTION]->(d:Changemap) WHERE d.iri = $backward } AS behind,
     reduce(out = [], labels IN [(m)-[:HAS_ACTOR]->(a:Changemap) WHERE a.label IS NOT NULL | a.label]
            | out + [l IN labels | toString(l)]) AS names
WITH driver,
     sum(CASE WHEN ahead THEN 1 ELSE 0 END) AS forward,
     sum(CASE WHEN behind THEN 1 ELSE 0 END) AS backward,
     count(m) AS moments,
     collect(names) AS actor_lists
RETURN driver, forward, backward, moments, reduce(out = [], names IN actor_lists | out + names) AS actors
ORDER BY moments DESC, forward + backward DESC, driver
