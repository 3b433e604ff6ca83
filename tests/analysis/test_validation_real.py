"""Validation on real criminal networks with published facts (sources in the datasets' READMEs).

* Caviar (Morselli 2009): the phase sizes, and the decentralisation under pressure: N1, the
  principal trafficker, is the top broker in the early phases and loses the top betweenness rank
  in the later phases.
* Montagna (Cavallaro et al. 2020): the two hubs stay on top of the vital ranking under 10 % tie
  dropout, as the missing-data study of the same network (Ficara et al. 2021) leads one to expect
  for the most central nodes; the periphery does not.
"""

from __future__ import annotations

import numpy as np

from netwerk.analysis import phase_comparison, rank_stability
from netwerk.analysis.centrality import centrality
from netwerk.datasets import caviar, caviar_phases, montagna_phonecalls

#: Morselli (2009), Inside Criminal Networks, ch. 8: participants per phase.
CAVIAR_SIZES = [15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41]


def test_caviar_phase_sizes() -> None:
    phases = caviar_phases()
    assert [phases[p].n_nodes for p in range(1, 12)] == CAVIAR_SIZES
    assert caviar().n_nodes == 107
    # every participant of a phase has at least one tie in it
    assert all(min(n.simple_graph.degree()) > 0 for n in phases.values())


def test_caviar_n1_loses_top_betweenness_later() -> None:
    pc = phase_comparison(caviar_phases(), measure="betweenness")
    top = pc.summary["top"]
    assert all(top[p] == "N1" for p in range(1, 9))
    assert top[9] != "N1" and top[11] != "N1"
    bw = {p: centrality(caviar(p), measures=["betweenness"])["betweenness"]["N1"]
          for p in range(1, 12)}
    early = np.mean([bw[p] for p in range(1, 6)])
    assert all(bw[p] < 0.7 * early for p in range(6, 12))
    assert bw[9] < 0.5 * early and bw[11] < 0.7 * early
    # N12 (the lieutenant) rises from the periphery to the top three
    assert pc.ranks.loc["N12", 2] > 10 and pc.ranks.loc["N12", 11] <= 3


def test_montagna_hubs_stable_under_dropout() -> None:
    net = montagna_phonecalls()
    s = rank_stability(net, replicates=40, edge_dropout=0.1, top_k=5, n_jobs=2)
    assert set(s.index[:2]) == {"N18", "N47"}
    assert s.loc["N18", "p_top_k"] >= 0.9 and s.loc["N47", "p_top_k"] >= 0.9
    periphery = s[s["rank"] > 20]
    assert ((periphery["rank_hi"] - periphery["rank_lo"]) >= 10).mean() > 0.5
