"""Doctest namespace for ``pytest --doctest-modules src/netwerk``: a synthetic sample case store
(``hennep_oost``), built once per session from ``sample_data/`` as the partners and the RIEC would."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _hennep_oost_store(tmp_path_factory):
    from netwerk.datasets import sample_case

    return sample_case("hennep-oost", tmp_path_factory.mktemp("doctest-case"))


@pytest.fixture(autouse=True)
def _doctest_case(request, doctest_namespace):
    if isinstance(request.node, pytest.DoctestItem) and "hennep_oost" in (
            request.node.dtest.docstring or ""):
        doctest_namespace["hennep_oost"] = request.getfixturevalue("_hennep_oost_store")
