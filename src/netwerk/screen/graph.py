"""Graph steps of a screening, as SQL both engines run: connected components, hubs, seed
neighbourhoods.

Connected components use the large-star/small-star algorithm of Kiveris et al. (2014), the one
GraphFrames uses, on an edge table of 64-bit ids: each round replaces the edges by stars around
the smallest id seen, until the edge set is a forest of stars whose centres are the smallest id
of their component. Each round is materialised (checkpointed on Spark, so the plan does not grow).
The label of a component is its smallest node id: the same partition igraph's
``connected_components`` gives, labelled the same way whatever the engine.

References
----------
.. [1] Kiveris, R., Lattanzi, S., Mirrokni, V., Rastogi, V. & Vassilvitskii, S. (2014). Connected
   components in MapReduce and beyond. Proceedings of the ACM Symposium on Cloud Computing
   (SoCC '14), 1–13.

Examples
--------
>>> from netwerk.screen.engines import DuckDBEngine
>>> eng = DuckDBEngine()
>>> eng.create("e", "SELECT * FROM (VALUES (5, 3), (3, 9), (7, 8)) t(a, b)")
>>> rounds = connected_components(eng, "e", "cc")
>>> eng.fetch("SELECT id, label FROM cc ORDER BY id").values.tolist()
[[3, 3], [5, 3], [7, 7], [8, 7], [9, 3]]
>>> eng.close()
"""

from __future__ import annotations

import logging

from ..errors import GraphError, Reason
from ..i18n import _
from .engines import Engine

__all__ = ["connected_components", "neighbourhoods", "MAX_ROUNDS"]

log = logging.getLogger(__name__)

#: safety stop; large-star/small-star converges in O(log² n) rounds
MAX_ROUNDS = 64


def connected_components(engine: Engine, edges: str, out: str, *, a: str = "a",
                         b: str = "b") -> int:
    """Connected components of an undirected edge table, as table ``out(id, label)``.

    Parameters
    ----------
    engine : Engine
    edges : str
        Table with two BIGINT endpoint columns (``a``, ``b``); duplicates, both directions and
        self-loops are fine.
    out : str
        Name of the result table: one row per node that occurs in an edge, ``label`` = the
        smallest id of its component.

    Returns
    -------
    int
        Rounds (large-star + small-star) until convergence.

    Raises
    ------
    GraphError
        If the algorithm has not converged after :data:`MAX_ROUNDS` rounds.
    """
    engine.create("_cc_e", f"SELECT DISTINCT LEAST({a}, {b}) AS a, GREATEST({a}, {b}) AS b "
                           f"FROM {edges} WHERE {a} <> {b}")
    rounds = 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise GraphError(_("de samenhangende componenten zijn na {n} rondes niet stabiel",
                               n=MAX_ROUNDS),
                             reason=Reason.INVALID_ARGUMENT)
        # large-star: every neighbour larger than u links to the smallest of u's neighbourhood
        engine.create("_cc_e", """
            WITH sym AS (SELECT a AS u, b AS v FROM _cc_e UNION ALL SELECT b AS u, a AS v FROM _cc_e),
                 m AS (SELECT u, LEAST(u, MIN(v)) AS m FROM sym GROUP BY u)
            SELECT DISTINCT m.m AS a, sym.v AS b
            FROM sym JOIN m ON sym.u = m.u
            WHERE sym.v > sym.u""", checkpoint=True)
        # small-star: u and its smaller neighbours link to the smallest of them
        engine.create("_cc_e", """
            WITH m AS (SELECT b AS u, MIN(a) AS m FROM _cc_e GROUP BY b)
            SELECT DISTINCT m.m AS a, e.a AS b FROM _cc_e e JOIN m ON e.b = m.u WHERE e.a <> m.m
            UNION
            SELECT m AS a, u AS b FROM m""", checkpoint=True)
        # converged when the edges form stars around their smallest node: no node is both the
        # larger end of an edge and the smaller end of another, and no larger end has two centres
        not_star = engine.scalar("""
            SELECT (SELECT count(*) FROM _cc_e e1 JOIN (SELECT DISTINCT b FROM _cc_e) e2
                    ON e1.a = e2.b)
                 + (SELECT count(*) FROM (SELECT b FROM _cc_e GROUP BY b HAVING count(*) > 1) t)
                   AS n""")
        log.debug("components round %d: %s edges off-star", rounds, not_star)
        if int(not_star) == 0:
            break
    engine.create("_cc_n", "SELECT b AS id, a AS label FROM _cc_e "
                           "UNION ALL SELECT DISTINCT a AS id, a AS label FROM _cc_e")
    # a node whose only edge is a self-loop is a component of its own
    engine.create(out, f"""
        SELECT id, label FROM _cc_n
        UNION ALL
        SELECT DISTINCT s.{a} AS id, s.{a} AS label FROM {edges} s
        LEFT JOIN _cc_n n ON n.id = s.{a} WHERE s.{a} = s.{b} AND n.id IS NULL""")
    engine.drop("_cc_e", "_cc_n")
    return rounds


def neighbourhoods(engine: Engine, edges: str, seeds: str, out: str, hops: int) -> None:
    """Nodes within ``hops`` of a seed, as table ``out(id)``.

    ``edges(a, b)`` is the screening graph without hubs, so the neighbourhoods never expand
    through a hub; ``seeds(id)`` the flagged subjects (hubs excluded by the caller).
    """
    engine.create(out, f"SELECT DISTINCT id FROM {seeds}")
    for _i in range(hops):
        engine.create(out, f"""
            SELECT id FROM {out}
            UNION
            SELECT e.b AS id FROM {out} r JOIN {edges} e ON r.id = e.a
            UNION
            SELECT e.a AS id FROM {out} r JOIN {edges} e ON r.id = e.b""", checkpoint=True)
