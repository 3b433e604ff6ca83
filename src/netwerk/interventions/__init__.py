"""Interventions: from vital nodes to a shared barrier model and "who does what, why, when".

* :mod:`.catalogue` — the catalogue of Dutch instruments (``data/catalogue.yaml``);
* :mod:`.barriers` — barrier models per crime type (``data/barrier_models/``) and the barrier matrix;
* :mod:`.mapping` — candidate interventions per vital node and who holds the best cards;
* :mod:`.effects` — applying actions' effects and scoring the disruption;
* :mod:`.selection` — the package within each partner's capacity (lazy greedy);
* :mod:`.plan` — the action plan and its exports;
* :mod:`.progress` — the intervention log and what the partners' actions achieved.
"""

from .barriers import (
    BarrierModel,
    apply_stage_rules,
    barrier_cells,
    barrier_matrix,
    is_staged,
    load_barrier_model,
    render_barrier_matrix,
    shipped_models,
)
from .catalogue import Catalogue, Instrument, default_catalogue, load_catalogue
from .effects import DEFAULT_WEIGHTS, EFFICIENCY_EXACT, EFFICIENCY_SOURCES, Evaluator, evaluator_for
from .mapping import applicable, candidate_interventions, node_context, resolve_vital
from .plan import START_WINDOWS, action_plan, export_plan, plan_markdown
from .progress import (
    OPEN_STATUSES,
    STATUSES,
    ProgressResult,
    current_interventions,
    log_intervention,
    progress,
)
from .selection import DEFAULT_CAPACITY, Package, baseline_package, parse_capacity, select_package

__all__ = [
    "Catalogue",
    "Instrument",
    "load_catalogue",
    "default_catalogue",
    "BarrierModel",
    "load_barrier_model",
    "shipped_models",
    "apply_stage_rules",
    "is_staged",
    "barrier_cells",
    "barrier_matrix",
    "render_barrier_matrix",
    "applicable",
    "node_context",
    "resolve_vital",
    "candidate_interventions",
    "DEFAULT_WEIGHTS",
    "Evaluator",
    "evaluator_for",
    "EFFICIENCY_EXACT",
    "EFFICIENCY_SOURCES",
    "Package",
    "select_package",
    "baseline_package",
    "parse_capacity",
    "DEFAULT_CAPACITY",
    "START_WINDOWS",
    "action_plan",
    "export_plan",
    "plan_markdown",
    "STATUSES",
    "OPEN_STATUSES",
    "log_intervention",
    "current_interventions",
    "ProgressResult",
    "progress",
]
