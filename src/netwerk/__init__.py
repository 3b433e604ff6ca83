"""netwerk: vital-node analysis and joint intervention planning for RIEC partnerships.

The data's way: ``ingest`` (specs, pseudonymisation, leak guard) -> ``store`` (case store) ->
``graph`` (the Network) -> ``analysis`` (vital nodes) -> ``interventions`` (barrier model, package)
-> ``viz`` / ``report`` (maps, case selection) -> ``cli``.
"""

from __future__ import annotations

import importlib
import logging

from .errors import NetwerkError

__version__ = "0.1.0"
__all__ = ["Case", "Network", "NetwerkError", "__version__", "analysis", "interventions", "viz",
           "report", "ingest", "store", "datasets", "open_case", "io", "provenance"]

logging.getLogger(__name__).addHandler(logging.NullHandler())

_LAZY = {"analysis", "interventions", "viz", "report", "ingest", "store", "datasets", "case", "graph",
         "io", "provenance", "privacy"}


def __getattr__(name: str):
    # subpackages load on first use so `import netwerk` stays fast for the CLI
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    if name == "Network":  # igraph and the graph modules only when asked for
        return importlib.import_module(".graph", __name__).Network
    if name in ("open_case", "Case"):
        return getattr(importlib.import_module(".case", __name__), name)
    raise AttributeError(f"module 'netwerk' has no attribute '{name}'")
