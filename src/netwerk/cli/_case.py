"""Loading a case for the commands: the network with its value-chain stages from the barrier model.

Every command that works on a case store (analyse, plan, map, report, demo) needs the same first
step: load the network and, when the case has a crime type (or ``--model`` names one), put each node
in its value-chain stage with the barrier model's stage rules and record the ordered stages in
``net.meta["stages"]`` (where :func:`netwerk.analysis.vital_nodes` reads them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["load_case", "with_stages"]


def with_stages(net: Any, model: str | Any | None = None) -> tuple[Any, Any]:
    """The network with stages from ``model`` (a name, a path, a BarrierModel, or the case's
    crime type when ``None``), and the model (``None`` when the case has no crime type)."""
    from ..interventions import apply_stage_rules, load_barrier_model

    if model is None:
        model = (net.meta.get("case_info") or {}).get("crime_type") or net.meta.get("crime_type")
    if model is None or model == "":
        return net, None
    bm = load_barrier_model(model) if isinstance(model, str | Path) else model
    staged = apply_stage_rules(net, bm)
    staged.meta = {**staged.meta, "stages": list(bm.stage_ids), "barrier_model": bm.name}
    return staged, bm


def load_case(path: str | Path, model: str | Any | None = None) -> tuple[Any, Any]:
    """Load a case store and apply its barrier model's stage rules (see :func:`with_stages`)."""
    from ..graph import Network

    return with_stages(Network.from_case(str(path)), model)
