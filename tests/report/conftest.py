"""Fixtures of the report tests (helpers in report_cases.py)."""

from __future__ import annotations

import pytest
from report_cases import make_analysis, make_net

from netwerk import Network
from netwerk.report.build import CaseAnalysis


@pytest.fixture
def net() -> Network:
    return make_net()


@pytest.fixture
def analysis(net) -> CaseAnalysis:
    return make_analysis(net)
