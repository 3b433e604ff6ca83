"""Fixtures for the viz tests (the networks themselves live in ``vizcases``)."""

from __future__ import annotations

import pytest
from vizcases import make_case_network

from netwerk import Network


@pytest.fixture
def case_net() -> Network:
    return make_case_network()


@pytest.fixture
def evil_net() -> Network:
    return make_case_network(evil=True)
