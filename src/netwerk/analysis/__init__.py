"""Vital-node analytics: centrality, structure, brokerage, structural holes, key players, value
chain, disruption and the explainable vital-node ranking.

Every measure takes a :class:`~netwerk.graph.Network` and returns a DataFrame (or a frozen result
dataclass) indexed by node id; options are keyword-only and seeded where chance is involved.

Examples
--------
>>> import netwerk as nw
>>> kite = nw.datasets.krackhardt_kite()
>>> nw.analysis.vital_nodes(kite).index[0]
'Heather'
>>> nw.analysis.disrupt(kite, strategy="betweenness", steps=2).curve["lcc_share"].round(2).tolist()
[1.0, 0.7, 0.6]
"""

from __future__ import annotations

from .brokerage import *  # noqa: F403
from .brokerage import __all__ as _brokerage_all
from .centrality import *  # noqa: F403
from .centrality import __all__ as _centrality_all
from .disruption import *  # noqa: F403
from .disruption import __all__ as _disruption_all
from .grading import *  # noqa: F403
from .grading import __all__ as _grading_all
from .holes import *  # noqa: F403
from .holes import __all__ as _holes_all
from .keyplayer import *  # noqa: F403
from .keyplayer import __all__ as _keyplayer_all
from .stability import *  # noqa: F403
from .stability import __all__ as _stability_all
from .structure import *  # noqa: F403
from .structure import __all__ as _structure_all
from .temporal import *  # noqa: F403
from .temporal import __all__ as _temporal_all
from .valuechain import *  # noqa: F403
from .valuechain import __all__ as _valuechain_all
from .vital import *  # noqa: F403
from .vital import __all__ as _vital_all

__all__ = [
    *_centrality_all,
    *_structure_all,
    *_brokerage_all,
    *_holes_all,
    *_keyplayer_all,
    *_valuechain_all,
    *_disruption_all,
    *_vital_all,
    *_grading_all,
    *_stability_all,
    *_temporal_all,
]
