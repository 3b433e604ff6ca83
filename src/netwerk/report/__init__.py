"""Case-selection and progress reports: built as plain data, then rendered.

* :func:`build_case` / :func:`build_selection` score cases on transparent criteria
  (:mod:`netwerk.report.criteria`, weights in ``data/report_weights.yaml``) and rank them;
  :func:`write_selection` writes ``ranking.csv``, ``ranking.xlsx``, ``report.html`` (one offline
  file), ``report.pdf`` (with WeasyPrint) and ``provenance.json``.
* :func:`build_progress` / :func:`write_progress` show what the partners did in a case and what it
  changed (scene 4: making joint results visible).
"""

from __future__ import annotations

import logging

from .build import (
    CaseAnalysis,
    CaseReport,
    SelectionReport,
    analyse_case,
    build_case,
    build_case_from_case,
    build_case_from_network,
    build_selection,
    rank_cases,
    selection_from_cases,
)
from .criteria import CRITERIA, Criterion, Weights, load_selection_weights
from .progress import (
    ProgressReport,
    Rollup,
    build_progress,
    build_rollup,
    write_progress,
    write_rollup,
)
from .render import WriteResult, sanitise_svg
from .stuurgroep import build_stuurgroep, load_stuurgroep_config, write_stuurgroep
from .write import render_selection_html, write_selection

__all__ = [
    "CRITERIA",
    "CaseAnalysis",
    "CaseReport",
    "Criterion",
    "ProgressReport",
    "SelectionReport",
    "Weights",
    "WriteResult",
    "analyse_case",
    "build_case",
    "build_case_from_case",
    "build_case_from_network",
    "build_progress",
    "build_selection",
    "load_selection_weights",
    "rank_cases",
    "render_selection_html",
    "sanitise_svg",
    "selection_from_cases",
    "write_progress",
    "Rollup",
    "build_rollup",
    "write_rollup",
    "build_stuurgroep",
    "load_stuurgroep_config",
    "write_stuurgroep",
    "write_selection",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
