"""The barrier matrix: the barrier model's stages × partners, with the vital actors each partner
can act on in each cell ("wie kan wat"), as a table and rendered as Markdown or HTML.

Serves "dedicated teamplay": the shared picture the case meeting uses to agree who does what.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from .. import io
from ..errors import ConfigError
from ..graph.network import Network
from ..i18n import _, language
from .barriers import BarrierModel, apply_stage_rules
from .candidates import applicable, node_context, resolve_vital
from .plan import partner_label, stage_label

__all__ = ["barrier_cells", "barrier_matrix", "render_barrier_matrix"]


def barrier_cells(net: Network, model: BarrierModel, *, vital: Any = None,
                  top: int = 20) -> pd.DataFrame:
    """Long form of the barrier matrix: one row per (stage, partner, barrier).

    Returns
    -------
    pd.DataFrame
        Columns ``stage``, ``stage_label`` (in the output's language), ``partner``,
        ``action_id``, ``name_nl``, ``targets``
        (the vital actors of that stage the barrier applies to, ``;``-joined, by vital rank),
        ``n_targets``, ``signals`` (the cell's signals, ``;``-joined). Rows in chain order, then
        partner (catalogue order), then the model's barrier order.
    """

    net = apply_stage_rules(net, model)
    vital_ids = resolve_vital(net, vital, top=top)
    ctx = node_context(net, vital_ids)
    stage = net.nodes["stage"] if "stage" in net.nodes.columns else pd.Series(None, index=net.nodes.index)
    rows = []
    for st in model.stages:
        actors = [v for v in vital_ids if stage.get(v) == st.id]
        for p in model.partners:
            cell = model.cells.get((st.id, p))
            if cell is None:
                continue
            for b in cell.barriers:
                ins = model.catalogue[b]
                hits = [v for v in actors if applicable(ins, ctx[v])]
                rows.append({"stage": st.id, "stage_label": stage_label(model, st.id),
                             "partner": p, "action_id": b, "name_nl": ins.name_nl,
                             "targets": ";".join(hits),
                             "n_targets": len(hits), "signals": "; ".join(cell.signals)})
            if not cell.barriers and cell.signals:
                rows.append({"stage": st.id, "stage_label": stage_label(model, st.id),
                             "partner": p, "action_id": "", "name_nl": "", "targets": "",
                             "n_targets": 0,
                             "signals": "; ".join(cell.signals)})
    cols = ["stage", "stage_label", "partner", "action_id", "name_nl", "targets", "n_targets", "signals"]
    return pd.DataFrame(rows, columns=cols)


def barrier_matrix(net: Network, model: BarrierModel, *, vital: Any = None,
                   top: int = 20, labels: Any = None) -> pd.DataFrame:
    """The barrier matrix: stages (rows, chain order) × partners (columns).

    Parameters
    ----------
    net : Network
        Stages are taken from the node attribute ``stage``, completed by the model's stage rules.
    model : BarrierModel
    vital : DataFrame, list of ids or None
        The vital actors (a :func:`netwerk.analysis.vital_nodes` table, or ids). Default: the top
        ``top`` of ``vital_nodes(net, group="stage")``.
    top : int
        How many vital nodes to take when ``vital`` is a table or None.
    labels : mapping, optional
        Node id -> display text (e.g. pseudonym plus role) used in the cells instead of the id.

    Returns
    -------
    pd.DataFrame
        Indexed by stage id (name ``stage``), first column ``stage_label``, then one column per
        partner that has a cell in the model. Each cell is text in the output's language: one
        line per barrier, ``name: target, target`` (the action's name, never its id; ``—`` when
        no vital actor of that stage fits), and the signals after ``signalen:``. Empty string
        where the partner has no barrier at that stage.
    """
    long = barrier_cells(net, model, vital=vital, top=top)
    partners = model.partners
    out = pd.DataFrame("", index=pd.Index(model.stage_ids, name="stage"), columns=partners,
                       dtype=object)
    out.insert(0, "stage_label", [stage_label(model, s.id) for s in model.stages])
    lab = dict(labels) if labels is not None else {}
    for (st, p), grp in long.groupby(["stage", "partner"], sort=False):
        lines = []
        for r in grp.itertuples():
            if r.action_id:
                who = ", ".join(lab.get(t, t) for t in r.targets.split(";")) if r.targets else "—"
                lines.append(f"{model.catalogue[r.action_id].label()}: {who}")
        sig = grp["signals"].iloc[0]
        if sig:
            lines.append(_("signalen: {signals}", signals=sig))
        out.loc[st, p] = "\n".join(lines)
    return out


def render_barrier_matrix(df: pd.DataFrame, fmt: str = "markdown", *,
                          title: str | None = None) -> str:
    """Render a :func:`barrier_matrix` as a Markdown or (escaped, self-contained) HTML table.

    Parameters
    ----------
    df : pd.DataFrame
        From :func:`barrier_matrix`.
    fmt : {"markdown", "html"}
    title : str, optional
        A heading above the table.
    """
    cols = [c for c in df.columns if c != "stage_label"]
    if fmt == "markdown":
        def md(s: Any) -> str:  # partner text escaped line by line; <br> is ours
            return "<br>".join(io.md_escape(x) for x in str(s).split("\n"))

        head = [_("schakel")] + [md(partner_label(None, c)) for c in cols]
        lines = [f"## {md(title)}", ""] if title else []
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for st, row in df.iterrows():
            first = f"**{md(row.get('stage_label', st))}**"
            lines.append("| " + " | ".join([first] + [md(row[c]) for c in cols]) + " |")
        return "\n".join(lines) + "\n"
    if fmt == "html":
        def h(s: Any) -> str:
            return html.escape(str(s)).replace("\n", "<br>")

        parts = [f"<!DOCTYPE html><html lang='{language()}'><head><meta charset='utf-8'>",
                 "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
                 "style-src 'unsafe-inline'\">",
                 f"<title>{h(title or _('Barrièremodel'))}</title>",
                 "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
                 "td,th{border:1px solid #999;padding:4px;vertical-align:top;font-size:13px}"
                 "th{background:#eee}</style></head><body>"]
        if title:
            parts.append(f"<h2>{h(title)}</h2>")
        parts.append(f"<table><thead><tr><th>{h(_('schakel'))}</th>"
                     + "".join(f"<th>{h(partner_label(None, c))}</th>" for c in cols)
                     + "</tr></thead><tbody>")
        for st, row in df.iterrows():
            parts.append(f"<tr><th>{h(row.get('stage_label', st))}</th>"
                         + "".join(f"<td>{h(row[c])}</td>" for c in cols) + "</tr>")
        parts.append("</tbody></table></body></html>")
        return "".join(parts)
    raise ConfigError(_("onbekend formaat '{formaat}' (gebruik markdown of html)", formaat=fmt))
