"""Red-flag indicators of a screening, each with its evidence rows, as SQL both engines run.

Input tables (from staging): ``rel`` (relation records with 64-bit endpoint ids, the extract
number ``x``, the physical row ``rownum`` and dates as day numbers ``vf``/``vt``/``obs``),
``nkind(id, kind)`` and ``attrs`` (node attributes). Output: ``flags(indicator, id, x, rownum,
kind)``, one row per piece of evidence (the relation record, or for a signal the node attribute,
that made the subject red-flagged). Thresholds come from the validated configuration
(:class:`~netwerk.screen.config.ScreenConfig`) and enter the SQL as numbers only.

The indicators follow the RIEC/LIEC screening practice on register data (Handelsregister,
Kadaster, BRP) described in ``docs/screening.md``:

``many_directorships``
    a person directing at least ``min_companies`` companies (katvanger, straw man);
``registrations_at_address``
    at least ``min_companies`` companies established at one address within ``window_days``;
``young_director``
    a person younger than ``max_age`` when taking office at ``min_companies`` or more companies;
``founded_before_purchase``
    a company that buys property within ``max_days`` after it was founded;
``ownership_chain``
    a company held through a chain of at least ``min_length`` company-to-company links;
``quick_resale``
    a property bought by another owner within ``max_days`` of the previous purchase;
``signal``
    a partner signal (a node attribute named in ``seeds.signal_attributes``);
``hub_contact``
    a node tied to a hub (computed after the hubs, in :func:`hub_contacts`).
"""

from __future__ import annotations

from ..i18n import _
from .config import ScreenConfig
from .engines import Engine

__all__ = ["compute_flags", "hub_contacts", "hub_table"]


def _in(values: list[str]) -> str:
    """A SQL ``IN`` list of validated names (letters and underscores only)."""
    for v in values:
        if not v.replace("_", "").isalnum():
            raise ValueError(_("geen geldige naam: {naam!r}", naam=v))
    return ", ".join(f"'{v}'" for v in values)


def _flag_sql(cfg: ScreenConfig) -> list[str]:
    ind = cfg.indicators
    md, ra, yd = ind.many_directorships, ind.registrations_at_address, ind.young_director
    fp, oc, qr = ind.founded_before_purchase, ind.ownership_chain, ind.quick_resale
    out = [f"""
        WITH d AS (SELECT r.src_id, r.dst_id, r.x, r.rownum, r.kind FROM rel r
                   JOIN nkind k ON k.id = r.src_id AND k.kind = 'person'
                   WHERE r.kind IN ({_in(md.relation_kinds)})),
             s AS (SELECT src_id FROM d GROUP BY src_id
                   HAVING COUNT(DISTINCT dst_id) >= {md.min_companies})
        SELECT 'many_directorships' AS indicator, d.src_id AS id, d.x, d.rownum, d.kind
        FROM d JOIN s ON d.src_id = s.src_id""",
        f"""
        WITH e AS (SELECT dst_id AS addr, src_id AS comp, MIN(vf) AS vf FROM rel
                   WHERE kind = 'established_at' AND vf IS NOT NULL GROUP BY dst_id, src_id),
             w AS (SELECT addr, vf, COUNT(*) OVER (PARTITION BY addr ORDER BY vf
                   RANGE BETWEEN CURRENT ROW AND {ra.window_days} FOLLOWING) AS n FROM e),
             b AS (SELECT addr, MIN(vf) AS start FROM w WHERE n >= {ra.min_companies}
                   GROUP BY addr)
        SELECT 'registrations_at_address' AS indicator, r.dst_id AS id, r.x, r.rownum, r.kind
        FROM rel r JOIN b ON r.dst_id = b.addr
        WHERE r.kind = 'established_at' AND r.vf >= b.start
          AND r.vf <= b.start + {ra.window_days}""",
        f"""
        WITH y AS (SELECT id, MIN(TRY_CAST(value AS INT)) AS born FROM attrs
                   WHERE attribute = '{_name(yd.birth_year_attribute)}' GROUP BY id),
             d AS (SELECT r.src_id, r.dst_id, r.x, r.rownum, r.kind FROM rel r
                   JOIN y ON r.src_id = y.id
                   WHERE r.kind = 'director_of' AND r.vf IS NOT NULL AND y.born IS NOT NULL
                     AND CAST(r.vf AS BIGINT) * 10000
                         < CAST(y.born + {yd.max_age} - 1970 AS BIGINT) * 3652425),
             s AS (SELECT src_id FROM d GROUP BY src_id
                   HAVING COUNT(DISTINCT dst_id) >= {yd.min_companies})
        SELECT 'young_director' AS indicator, d.src_id AS id, d.x, d.rownum, d.kind
        FROM d JOIN s ON d.src_id = s.src_id""",
        f"""
        WITH f AS (SELECT src_id AS comp, MIN(vf) AS founded FROM rel
                   WHERE kind = 'established_at' AND vf IS NOT NULL GROUP BY src_id),
             h AS (SELECT r.src_id AS comp, r.x, r.rownum, r.kind FROM rel r
                   JOIN f ON r.src_id = f.comp
                   WHERE r.kind = 'owns' AND r.vf IS NOT NULL AND r.vf >= f.founded
                     AND r.vf - f.founded <= {fp.max_days})
        SELECT 'founded_before_purchase' AS indicator, comp AS id, x, rownum, kind FROM h
        UNION ALL
        SELECT 'founded_before_purchase' AS indicator, r.src_id AS id, r.x, r.rownum, r.kind
        FROM rel r JOIN (SELECT DISTINCT comp FROM h) c ON r.src_id = c.comp
        WHERE r.kind = 'established_at'""",
        _chain_sql(oc.min_length),
        f"""
        WITH o AS (SELECT dst_id AS prop, src_id AS owner, vf, x, rownum, kind FROM rel
                   WHERE kind = 'owns' AND vf IS NOT NULL),
             s AS (SELECT prop, owner, vf, x, rownum, kind,
                          LAG(vf) OVER (PARTITION BY prop ORDER BY vf, owner, x, rownum) AS pvf,
                          LAG(owner) OVER (PARTITION BY prop ORDER BY vf, owner, x, rownum) AS pown,
                          LAG(x) OVER (PARTITION BY prop ORDER BY vf, owner, x, rownum) AS px,
                          LAG(rownum) OVER (PARTITION BY prop ORDER BY vf, owner, x, rownum) AS prow
                   FROM o),
             h AS (SELECT * FROM s WHERE pvf IS NOT NULL AND pown <> owner
                   AND vf - pvf <= {qr.max_days})
        SELECT 'quick_resale' AS indicator, prop AS id, x, rownum, kind FROM h
        UNION ALL
        SELECT 'quick_resale' AS indicator, prop AS id, px AS x, prow AS rownum, kind FROM h"""]
    if cfg.seeds.signal_attributes:
        out.append(f"""
        SELECT DISTINCT 'signal' AS indicator, id, x, CAST(NULL AS BIGINT) AS rownum,
               attribute AS kind
        FROM attrs WHERE attribute IN ({_in(cfg.seeds.signal_attributes)})""")
    return out


def _name(v: str) -> str:
    _in([v])
    return v


def _chain_sql(length: int) -> str:
    """Company-to-company control chains of ``length`` links; the bottom company is flagged and
    every link is evidence."""
    links = ", ".join(f"e{i}.x AS x{i}, e{i}.rownum AS r{i}, e{i}.kind AS k{i}"
                      for i in range(1, length + 1))
    joins = " ".join(f"JOIN cc e{i} ON e{i}.a = e{i - 1}.b AND e{i}.b <> e1.a"
                     for i in range(2, length + 1))
    parts = " UNION ALL ".join(f"SELECT 'ownership_chain' AS indicator, bottom AS id, x{i} AS x, "
                               f"r{i} AS rownum, k{i} AS kind FROM ch" for i in range(1, length + 1))
    return f"""
        WITH cc AS (SELECT r.src_id AS a, r.dst_id AS b, r.x, r.rownum, r.kind FROM rel r
                    JOIN nkind k ON k.id = r.src_id AND k.kind = 'company'
                    WHERE r.kind IN ('shareholder_of', 'director_of') AND r.src_id <> r.dst_id),
             ch AS (SELECT e{length}.b AS bottom, {links} FROM cc e1 {joins})
        {parts}"""


def compute_flags(engine: Engine, cfg: ScreenConfig, out: str = "flags") -> None:
    """Every indicator's evidence rows as table ``out(indicator, id, x, rownum, kind)``."""
    body = "\nUNION ALL\n".join(f"SELECT * FROM ({q}) q{i}" for i, q in enumerate(_flag_sql(cfg)))
    engine.create(out, f"SELECT DISTINCT indicator, id, x, rownum, kind FROM ({body}) f")


def hub_table(engine: Engine, cfg: ScreenConfig, out: str = "hubs") -> None:
    """Nodes with more distinct neighbours (over every relation kind) than their kind's hub
    threshold, as ``out(id, kind, degree)``."""
    cases = " ".join(f"WHEN '{_name(k)}' THEN {v}" for k, v in cfg.hubs.degree.items()
                     if k != "default")
    threshold = (f"CASE k.kind {cases} ELSE {cfg.hubs.degree['default']} END" if cases
                 else str(cfg.hubs.degree["default"]))
    engine.create(out, f"""
        WITH p AS (SELECT src_id AS u, dst_id AS v FROM rel
                   UNION SELECT dst_id AS u, src_id AS v FROM rel),
             d AS (SELECT u AS id, COUNT(*) AS degree FROM p GROUP BY u)
        SELECT d.id, k.kind, d.degree FROM d JOIN nkind k ON k.id = d.id
        WHERE d.degree > {threshold}""")


def hub_contacts(engine: Engine, cfg: ScreenConfig, flags: str = "flags") -> None:
    """Add ``hub_contact`` evidence (ties of screening-graph kinds between a non-hub and a hub)
    to ``flags``."""
    kinds = _in(cfg.graph.relation_kinds)
    engine.create(flags, f"""
        SELECT * FROM {flags}
        UNION ALL
        SELECT DISTINCT 'hub_contact' AS indicator, CASE WHEN hs.id IS NULL THEN r.src_id
               ELSE r.dst_id END AS id, r.x, r.rownum, r.kind
        FROM rel r LEFT JOIN hubs hs ON hs.id = r.src_id LEFT JOIN hubs hd ON hd.id = r.dst_id
        WHERE r.kind IN ({kinds}) AND ((hs.id IS NULL) <> (hd.id IS NULL))""")
