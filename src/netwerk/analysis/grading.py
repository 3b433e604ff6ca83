"""Intelligence grading in the analysis: which links count, and what changes without the weak ones.

Every relation record of a case network carries its grading (e.g. Admiralty ``B2``) and the score
:func:`netwerk.model.grading_score` makes of it (1 = best, 0 = worst or ungraded). This module turns
that into analysis choices:

* :func:`grade_score` reads a grade such as ``"B2"`` as a score threshold;
* :func:`graded` keeps the records at or above a grade (the *inclusion* policy);
* :func:`grading_comparison` puts the vital ranking with all links beside the ranking without the
  low-graded links: who rises, who falls, who leaves the top;
* :func:`grading_policy` reads the shipped default (``netwerk/data/grading_policy.yaml``) and gives
  the one-line description every output shows.

The default policy: **every link counts** in the ranking, whatever its grading (leaving links out
silently would hide information the partners delivered); the uncertainty analysis
(:func:`~netwerk.analysis.stability.rank_stability`) drops low-graded links more often than
well-graded ones; and the side-by-side without links below **B2** shows how much of a ranking rests
on weak information. Principle served: *room for the good conversation* (the case meeting sees
what a conclusion rests on).

Examples
--------
>>> from netwerk.analysis.grading import grade_score
>>> grade_score("B2"), grade_score("A1"), round(grade_score("C3", scheme="4x4"), 3)
(0.8, 1.0, 0.333)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..errors import ConfigError, GraphError, Reason, cause_text
from ..graph import Network
from ..i18n import _, language
from ..model import GRADING_SCHEMES, grading_score
from ..yamlfile import load_yaml_text

__all__ = ["grade_score", "record_scores", "graded", "grading_comparison", "grading_policy",
           "grading_policy_text", "grading_policy_record"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def grade_score(grade: str | float, *, scheme: str = "admiralty") -> float:
    """The score (0–1) of a grade written as source + information code, e.g. ``"B2"``.

    Parameters
    ----------
    grade : str or float
        ``"B2"`` style code of ``scheme``, or a score in [0, 1] (returned as is).
    scheme : str
        A scheme of :data:`netwerk.model.GRADING_SCHEMES` (``admiralty`` or ``4x4``).

    Raises
    ------
    GraphError
        Unknown scheme or a code that is not a valid grade of the scheme.
    """
    if isinstance(grade, int | float) and not isinstance(grade, bool):
        if not 0.0 <= float(grade) <= 1.0:
            raise GraphError(_("een graderingsscore ligt tussen 0 en 1, niet {waarde!r}",
                               waarde=grade),
                             reason=Reason.INVALID_ARGUMENT)
        return float(grade)
    if scheme not in GRADING_SCHEMES:
        raise GraphError(_("onbekend graderingsschema '{schema}'; bekend: {bekend}", schema=scheme,
                           bekend=", ".join(GRADING_SCHEMES)),
                         reason=Reason.INVALID_ARGUMENT)
    code = str(grade).strip().upper()
    sch = GRADING_SCHEMES[scheme]
    if len(code) != 2 or code[0] not in sch["source"] or code[1] not in sch["information"]:
        raise GraphError(_("'{gradering}' is geen gradering van het schema '{schema}' (bijv. "
                           "{voorbeeld})", gradering=grade, schema=scheme,
                           voorbeeld=f"{sch['source'][1]}{sch['information'][1]}"),
                         reason=Reason.INVALID_ARGUMENT)
    return grading_score(scheme, code[0], code[1])


def record_scores(net: Network) -> pd.Series | None:
    """The grading score of every relation record (0 where ungraded), or ``None`` when the network
    carries no grading at all (research edge lists)."""
    e = net.edges
    if "grading_score" not in e.columns:
        return None
    return pd.to_numeric(e["grading_score"], errors="coerce").fillna(0.0).astype(float)


def graded(net: Network, *, min_grade: str | float | None = "B2", scheme: str = "admiralty",
           keep_isolates: bool = True) -> Network:
    """The network with only the relation records graded ``min_grade`` or better.

    Ungraded records score 0 and are left out by any threshold. Nodes stay (as isolates) unless
    ``keep_isolates=False``, so rankings with and without the weak links cover the same actors.
    ``meta["grading"]`` records the threshold and how many records were left out.

    Raises
    ------
    GraphError
        When the network has no grading at all and a threshold is asked for.
    """
    if min_grade is None:
        return net
    scores = record_scores(net)
    if scores is None:
        raise GraphError(_("de relaties hebben geen gradering ('grading_score'): er valt niets "
                           "te filteren"),
                         reason=Reason.UNKNOWN_ATTRIBUTE, column="grading_score")
    thr = grade_score(min_grade, scheme=scheme)
    out = net.filter(min_grading=thr, keep_isolates=keep_isolates)
    out.meta["grading"] = {"min_grade": str(min_grade), "min_score": thr,
                           "records_left_out": int((scores < thr).sum()),
                           "records_kept": int((scores >= thr).sum())}
    return out


def grading_policy(path: str | Path | None = None) -> dict[str, Any]:
    """The grading policy of the analysis (validated), with a Dutch and English description.

    Parameters
    ----------
    path : path, optional
        A YAML file like ``netwerk/data/grading_policy.yaml`` (default: that file).

    Returns
    -------
    dict
        ``min_grade`` (None = every link counts), ``compare_grade``, ``scheme``,
        ``dropout_by_grading`` and ``description_nl`` / ``description_en``.

    Raises
    ------
    ConfigError
        Unknown key, an invalid grade, or unreadable YAML; the message names the file and key.

    Examples
    --------
    >>> grading_policy()["description_en"]
    'every link counts whatever its grading; side by side: without links graded below B2; uncertainty: low-graded links drop out more often'
    """
    where = "netwerk/data/grading_policy.yaml" if path is None else str(path)
    try:
        text = (resources.files("netwerk.data").joinpath("grading_policy.yaml").read_text("utf-8")
                if path is None else Path(path).read_text("utf-8"))
        raw = load_yaml_text(text, where) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(_("{wat} niet leesbaar: {oorzaak}", wat=_("graderingsbeleid"),
                            oorzaak=cause_text(exc)), file=where) from exc
    known = {"scheme", "min_grade", "compare_grade", "dropout_by_grading"}
    if not isinstance(raw, Mapping):
        raise ConfigError(_("het graderingsbeleid moet een mapping zijn"), file=where)
    for k in raw:
        if k not in known:
            raise ConfigError(_("onbekende sleutel '{sleutel}'; bekend: {bekend}", sleutel=k,
                                bekend=", ".join(sorted(known))), file=where,
                              column=str(k))
    pol = {"scheme": str(raw.get("scheme", "admiralty")), "min_grade": raw.get("min_grade"),
           "compare_grade": raw.get("compare_grade", "B2"),
           "dropout_by_grading": bool(raw.get("dropout_by_grading", True))}
    for k in ("min_grade", "compare_grade"):
        if pol[k] is not None:
            pol[k] = str(pol[k])
            try:
                grade_score(pol[k], scheme=pol["scheme"])
            except GraphError as bad:
                raise ConfigError(str(bad), file=where, column=k) from bad
    nl = ("alle koppelingen tellen mee, ongeacht gradering" if pol["min_grade"] is None else
          f"alleen koppelingen met gradering {pol['min_grade']} of beter")
    en = ("every link counts whatever its grading" if pol["min_grade"] is None else
          f"only links graded {pol['min_grade']} or better")
    if pol["compare_grade"]:
        nl += f"; vergelijking: zonder koppelingen onder {pol['compare_grade']}"
        en += f"; side by side: without links graded below {pol['compare_grade']}"
    if pol["dropout_by_grading"]:
        nl += "; onzekerheid: zwak gegradeerde koppelingen vallen vaker weg"
        en += "; uncertainty: low-graded links drop out more often"
    pol["description_nl"], pol["description_en"] = nl, en
    return pol


def grading_comparison(net: Network, *, min_grade: str | float = "B2", scheme: str = "admiralty",
                       top: int = 10, **vital_kwargs: Any) -> pd.DataFrame:
    """The vital ranking with every link beside the ranking without links graded below ``min_grade``.

    Parameters
    ----------
    net : Network
        A case network whose relation records carry ``grading_score``.
    min_grade : str or float
        The threshold (``"B2"``: source usually reliable, information probably true, or better).
    top : int
        Size of the top list whose changes are reported in ``.attrs["top_changes"]``.
    **vital_kwargs
        Passed to :func:`~netwerk.analysis.vital.vital_nodes` for both rankings.

    Returns
    -------
    pd.DataFrame
        Indexed by node id (the ranked nodes), sorted by ``rank_all``: ``label``, ``rank_all``,
        ``rank_graded``, ``change`` (positive = rises without the weak links), ``score_all``,
        ``score_graded``, ``in_top_all``, ``in_top_graded``, ``weak_links`` (the node's records
        below the threshold) and ``links``. ``.attrs`` holds the threshold, records left out,
        the nodes entering/leaving the top and Spearman's rank correlation of the two rankings.

    Notes
    -----
    For analysts: a node that leaves the top without the weak links owes its place to information
    of doubtful reliability; check those links before acting on it.
    """
    from .vital import vital_nodes

    weak_net = graded(net, min_grade=min_grade, scheme=scheme, keep_isolates=True)
    thr = weak_net.meta["grading"]["min_score"]
    a = vital_nodes(net, **vital_kwargs)
    b = vital_nodes(weak_net, **vital_kwargs)
    scores = record_scores(net)
    e = net.edges
    weak = (scores < thr).to_numpy()
    ends = pd.concat([e["source"], e["target"]])
    weak_count = pd.Series(np.concatenate([weak, weak]), index=ends.to_numpy()).groupby(level=0).sum()
    all_count = ends.value_counts()
    out = pd.DataFrame(index=a.index)
    out["label"] = a["label"]
    out["rank_all"] = a["rank"]
    out["rank_graded"] = b["rank"].reindex(out.index).astype("Int64")
    out["change"] = (out["rank_all"] - out["rank_graded"]).astype("Int64")
    out["score_all"] = a["vital_score"]
    out["score_graded"] = b["vital_score"].reindex(out.index)
    out["in_top_all"] = out["rank_all"] <= top
    out["in_top_graded"] = (out["rank_graded"] <= top).fillna(False).astype(bool)
    out["weak_links"] = weak_count.reindex(out.index).fillna(0).astype(np.int64)
    out["links"] = all_count.reindex(out.index).fillna(0).astype(np.int64)
    out = out.sort_values("rank_all")
    rho = float(out["rank_all"].astype(float).corr(out["rank_graded"].astype(float),
                                                   method="spearman"))
    out.attrs = {
        "method": "vital_nodes with every link vs without links graded below the threshold",
        "min_grade": str(min_grade), "min_score": thr, "scheme": scheme, "top": top,
        "records_left_out": weak_net.meta["grading"]["records_left_out"],
        "records": len(e), "spearman": rho,
        "left_top": out.index[out["in_top_all"] & ~out["in_top_graded"]].tolist(),
        "entered_top": out.index[~out["in_top_all"] & out["in_top_graded"]].tolist(),
        "vital_params": {k: v for k, v in a.attrs.items() if k in ("weights", "seed", "kinds")},
    }
    return out


def grading_policy_text(policy: Mapping[str, Any] | None = None) -> str:
    """The grading policy of the analysis as one sentence in the current language.

    Parameters
    ----------
    policy : mapping, optional
        :func:`netwerk.analysis.grading.grading_policy` output (default: the shipped policy).

    Examples
    --------
    >>> grading_policy_text()
    'Gradering: alle koppelingen tellen mee, ongeacht gradering; vergelijking: zonder koppelingen onder B2; onzekerheid: zwak gegradeerde koppelingen vallen vaker weg.'
    """
    if policy is None:
        policy = grading_policy()
    text = policy["description_en"] if language() == "en" else policy["description_nl"]
    return _("Gradering: {beleid}.", beleid=text)


def grading_policy_record() -> dict[str, Any]:
    """The grading policy as every provenance record of a ranking states it (scheme, thresholds,
    dropout by grading, and the sentence in Dutch and English).

    Examples
    --------
    >>> grading_policy_record()["min_grade"] is None
    True
    """
    pol = grading_policy()
    return {k: pol[k] for k in ("scheme", "min_grade", "compare_grade", "dropout_by_grading",
                                "description_nl", "description_en")}
