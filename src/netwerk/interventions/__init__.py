"""Interventions: from vital nodes to a shared barrier model and "who does what, why, when".

* :mod:`.catalogue` — the catalogue of Dutch instruments (``data/catalogue.yaml``);
* :mod:`.barriers` — barrier models per crime type (``data/barrier_models/``) and their stage rules;
* :mod:`.candidates` — candidate interventions per vital node and who holds the best cards;
* :mod:`.matrix` — the barrier matrix (stages × partners) and its Markdown/HTML rendering;
* :mod:`.effects` — applying actions' effects and scoring the disruption;
* :mod:`.objective` — harm models and the integrated objective (harm, disruption, money,
  resilience);
* :mod:`.vulnerable` — vulnerable roles (care, not repression) and bystanders (left out);
* :mod:`.selection` — the integrated-approach package, alternatives and re-planning;
* :mod:`.plan` — the action plan and its exports;
* :mod:`.progress` — the intervention log and what the partners' actions achieved.
"""

from .barriers import (
    BarrierModel,
    apply_stage_rules,
    is_staged,
    load_barrier_model,
    shipped_models,
)
from .candidates import (
    applicable,
    candidate_interventions,
    node_context,
    provider_chain,
    resolve_vital,
)
from .catalogue import Catalogue, Instrument, default_catalogue, load_catalogue
from .effects import DEFAULT_WEIGHTS, EFFICIENCY_EXACT, EFFICIENCY_SOURCES, Evaluator, evaluator_for
from .matrix import barrier_cells, barrier_matrix, render_barrier_matrix
from .objective import (
    DEFAULT_OBJECTIVE_WEIGHTS,
    HarmModel,
    IntegratedObjective,
    load_harm_model,
    node_harm,
    shipped_harm_models,
)
from .plan import START_WINDOWS, action_plan, export_plan, package_table, plan_markdown
from .progress import (
    OPEN_STATUSES,
    STATUSES,
    ProgressResult,
    current_interventions,
    log_intervention,
    progress,
    shapley_values,
)
from .selection import (
    DEFAULT_CAPACITY,
    Alternatives,
    Package,
    Replan,
    alternative_packages,
    baseline_package,
    parse_capacity,
    replan,
    select_package,
)
from .texts import reason_text, requirement_text, requirements_text
from .vulnerable import bystanders, vulnerable_roles, without_bystanders

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
    "provider_chain",
    "DEFAULT_OBJECTIVE_WEIGHTS",
    "HarmModel",
    "IntegratedObjective",
    "load_harm_model",
    "node_harm",
    "shipped_harm_models",
    "vulnerable_roles",
    "bystanders",
    "without_bystanders",
    "DEFAULT_WEIGHTS",
    "Evaluator",
    "evaluator_for",
    "EFFICIENCY_EXACT",
    "EFFICIENCY_SOURCES",
    "Package",
    "Alternatives",
    "Replan",
    "select_package",
    "baseline_package",
    "alternative_packages",
    "replan",
    "parse_capacity",
    "DEFAULT_CAPACITY",
    "START_WINDOWS",
    "action_plan",
    "export_plan",
    "plan_markdown",
    "package_table",
    "reason_text",
    "requirement_text",
    "requirements_text",
    "STATUSES",
    "OPEN_STATUSES",
    "log_intervention",
    "current_interventions",
    "ProgressResult",
    "progress",
    "shapley_values",
]
