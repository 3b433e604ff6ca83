"""Writes the notebooks in notebooks/ (outputs stripped). Run: python scripts/make_notebooks.py"""
import nbformat as nbf
from nbformat.v4 import new_code_cell as code
from nbformat.v4 import new_markdown_cell as md
from nbformat.v4 import new_notebook


def write(name, cells):
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbf.write(nb, f"notebooks/{name}")

write("01_quickstart.ipynb", [
    md("# 01 · Quickstart: from partner extracts to one network\n\n"
       "The partners pseudonymise their exports (keyed hash; raw identities stay with them), the RIEC ingests "
       "the pseudonymised extracts into one case store, and the analyst loads the network in one line.\n\n"
       "This notebook uses the **synthetic** sample case `hennep-oost` (cannabis cultivation) and its clearly "
       "labelled demo key. On real data you would run `netwerk pseudonymise` at each partner and `netwerk ingest` at the RIEC."),
    code("import tempfile\nfrom pathlib import Path\n\nimport netwerk as nw\n\nwork = Path(tempfile.mkdtemp())\n"
         "case = nw.datasets.sample_case(\"hennep-oost\", work)   # pseudonymise + ingest, as the partners and the RIEC would\ncase"),
    md("## The network\nNodes are pseudonyms (`BSN-…`, `KVK-…`, `ADR-…`): no raw identity reaches the analysis. "
       "The rich display shows kinds, relations and partners."),
    md("Open the case: `open_case` loads the network and puts every node in its value-chain stage with the "
       "case's barrier model (cannabis), once. Every netwerk entry point (CLI, map, report) opens a case this way."),
    code("c = nw.open_case(case)\nc"),
    code("net = c.net\nnet"),
    code("net.summary()"),
    code("net.nodes.head()"),
    md("Every relation record keeps its provenance: partner, extract, dates, grading and legal basis."),
    code("net.edges[[\"source\", \"target\", \"kind\", \"partner\", \"observed\", \"valid_from\", \"grading_source\", \"grading_information\", \"legal_basis\"]].head()"),
    md("## Linking across partners\nA person known to the police by name and birth date and to the municipality by BSN is one node: "
       "the other pseudonyms are kept as `aliases`. Match rates per partner and key kind:"),
    code("nw.store.match_rates(case)"),
    code("linked = net.nodes[net.nodes[\"aliases\"].astype(str).str.len() > 0]\nlen(linked), linked[[\"kind\", \"partners\", \"aliases\"]].head()"),
    md("## Filters, ego networks, projections"),
    code("officers = net.filter(kinds=[\"director_of\", \"shareholder_of\", \"proxy_of\"])\nofficers"),
    code("well_graded = net.filter(min_grading=0.6)\nrecent = net.filter(start=\"2024-01-01\", end=\"2026-12-31\")\nwell_graded.n_edges, recent.n_edges"),
    code("top_company = officers.nodes[officers.nodes[\"kind\"] == \"company\"].index[0]\nnet.ego(top_company, radius=1)"),
    md("Persons linked through the companies, addresses and properties they share (the shared items are edge attributes):"),
    code("persons = net.project(\"person\", via=[\"company\", \"address\", \"property\"])\npersons.edges.sort_values(\"weight\", ascending=False).head()"),
    md("## Interop"),
    code("G = net.to_networkx()\nG.number_of_nodes(), G.number_of_edges()"),
])

write("02_vital_nodes_research_network.ipynb", [
    md("# 02 · Vital nodes on a real criminal network\n\n"
       "The **Siren** auto-theft ring (Morselli 2009, *Inside Criminal Networks*; 44 actors, 103 ties), one of the public "
       "research networks shipped with netwerk (`nw.datasets.shared_names()`; each folder's README gives origin and licence). We compute the measures an analyst knows from "
       "UCINET and ORA, check them against networkx, and ask which actors hold the network together."),
    code("import networkx as nx\nimport numpy as np\n\nimport netwerk as nw\n\nnet = nw.datasets.shared(\"siren\")\nnet"),
    md("## Centrality, checked against networkx"),
    code("c = nw.analysis.centrality(net)\nc.sort_values(\"betweenness\", ascending=False).head(10)"),
    code("ref = nx.betweenness_centrality(net.to_networkx())\nmax(abs(c.loc[k, \"betweenness\"] - v) for k, v in ref.items())"),
    md("## Structure: bridges, articulation points, communities"),
    code("ap = nw.analysis.articulation_points(net)\nap[ap[\"is_articulation\"]].sort_values(\"cut_off\", ascending=False).head()"),
    code("comm = nw.analysis.communities(net, seed=0)\ncomm.value_counts().sort_index()"),
    md("## Brokerage between communities (Gould–Fernandez) and structural holes (Burt)"),
    code("net_c = nw.Network(nodes=net.nodes.assign(community=comm.astype(str)), edges=net.edges, directed=net.directed)\n"
         "b = nw.analysis.brokerage(net_c, group=\"community\")\nb.sort_values(\"total\", ascending=False).head()"),
    code("nw.analysis.brokerage_expected(net_c, group=\"community\").head()"),
    code("nw.analysis.structural_holes(net).sort_values(\"constraint\").head()"),
    md("## Key players (Borgatti)\nThe set of 3 whose removal fragments the network most, against the top-3 by degree:"),
    code("kp = nw.analysis.key_players(net, 3, objective=\"fragmentation\", seed=0)\nkp.nodes, round(kp.score, 3), kp.baseline_nodes, round(kp.baseline_score, 3)"),
    md("## Disruption: how fast does it fall apart, and does it recover?"),
    code("curves = {s: nw.analysis.disrupt(net, strategy=s, steps=8, seed=0).curve for s in [\"degree\", \"betweenness\", \"random\"]}\n"
         "{s: c[\"lcc_share\"].round(2).tolist() for s, c in curves.items()}"),
    code("rec = nw.analysis.disrupt(net, strategy=\"betweenness\", steps=8, seed=0, group=None,\n"
         "                          recovery={\"probability\": 0.5, \"preference\": \"degree\"})\nrec.curve[[\"step\", \"removed\", \"lcc_share\", \"rewired\"]]"),
    md("## One explainable ranking"),
    code("v = nw.analysis.vital_nodes(net, group=None, seed=0)\nv[[\"vital_score\", \"rank\", \"reason\"]].head(10)"),
    md("## The map, inline\nThe same offline map `netwerk map` writes, in a sandboxed frame: click a node for why it is vital."),
    code("nw.viz.show_map(net, vital=v, seed=0, height=520)"),
])

write("03_barrier_model_and_package.ipynb", [
    md("# 03 · From vital nodes to a barrier model and an intervention package\n\n"
       "Who does what, why, when: the barrier model lays the cannabis value chain out against the partners; the package "
       "picks few, well-chosen actions within each partner's capacity. Synthetic sample case `hennep-oost`."),
    code("import tempfile\nfrom pathlib import Path\n\nfrom IPython.display import HTML, Markdown\n\nimport netwerk as nw\n\n"
         "work = Path(tempfile.mkdtemp())\ncase = nw.datasets.sample_case(\"hennep-oost\", work)\n"
         "c = nw.open_case(case)          # staged with its barrier model (the case's crime type)\n"
         "net, model = c.net, c.model\nc.stages"),
    code("net.nodes[\"stage\"].value_counts()"),
    code("import pandas as pd\npd.set_option(\"display.max_colwidth\", None)   # the reasons are read whole, never cut\n"
         "ranking = c.vital(seed=0)        # the same ranking as `netwerk analyse`\n"
         "vital = ranking.table\nvital[[\"stage\", \"vital_score\", \"rank\", \"reason\"]].head(8)"),
    md("## The barrier matrix: stages × partners"),
    code("matrix = nw.interventions.barrier_matrix(net, model, vital=vital)\nHTML(nw.interventions.render_barrier_matrix(matrix, fmt=\"html\"))"),
    md("## Candidate interventions and who holds the best cards"),
    code("cands = nw.interventions.candidate_interventions(net, model, vital=vital, seed=0)\ncands.head(10)"),
    md("## A package within capacity (less is more)"),
    code("pkg = nw.interventions.select_package(net, model, capacity={\"gemeente\": 10, \"politie\": 20, \"OM\": 10, \"Belastingdienst\": 10},\n"
         "                                     max_actions=8, vital=vital, seed=0)\npkg.actions"),
    code("pkg.effect, pkg.baseline"),
    code("plan = nw.interventions.action_plan(pkg, net, model, vital=vital)\nMarkdown(nw.interventions.plan_markdown(plan))"),
    md("## Six months later: log what was done, see what it achieved"),
    code("for _, a in pkg.actions.head(4).iterrows():\n"
         "    nw.interventions.log_intervention(case, a[\"action_id\"], a[\"target\"], a[\"partner\"], \"2026-10-01\", \"executed\", result=\"uitgevoerd\")\n"
         "prog = nw.interventions.progress(net, case, model)\nprog.before, prog.after"),
    code("prog.contributions"),
    md("## The case-meeting map: the package, what if, and the barrier model\n"
       "The map the case meeting sees: aliases (P01, B03) as labels, the package's targets marked with partner and "
       "action, per node *wie kan wat* and *in het pakket*, and a what-if control (switch partners or actions off and "
       "see the expected effect and the chain status change). The second map draws the barrier model: the stages as "
       "columns, the barriers per stage and partner."),
    code("cplan = c.plan(seed=0)\nnw.viz.show_map(c, plan=cplan, height=560)"),
    code("nw.viz.show_map(c, plan=cplan, layout=\"barrier\", height=560)"),
])

write("04_case_selection.ipynb", [
    md("# 04 · Case selection for the steering group\n\n"
       "Three synthetic sample cases, scored on transparent criteria with weights in config. Every criterion's raw value, "
       "score, weight and contribution is in the table: no black box, and the same input gives the same ranking."),
    code("import tempfile\nfrom pathlib import Path\n\nimport netwerk as nw\n\nwork = Path(tempfile.mkdtemp())\n"
         "cases = [nw.datasets.sample_case(name, work) for name in [\"hennep-oost\", \"synthetica-haven\", \"vastgoed-west\"]]\ncases"),
    code("sel = nw.report.build_selection(cases, seed=0, generated=\"notebook\")\nsel.ranking()"),
    code("sel.breakdown()"),
    code("out = nw.report.write_selection(sel, work / \"selectie\", pdf=False)\n[p.name for p in out.files]"),
    md("Run it again on the same data: the ranking is identical."),
    code("again = nw.report.build_selection(cases, seed=0, generated=\"notebook\")\nagain.ranking().equals(sel.ranking())"),
])

write("05_uncertainty_and_time.ipynb", [
    md("# 05 · Uncertainty, information quality and time\n\n"
       "Intelligence networks are incomplete, their boundaries fuzzy, and they change (Sparrow 1991). This notebook asks "
       "three questions of a ranking before a case meeting acts on it:\n\n"
       "1. **How does the network change?** Project *Caviar* (Morselli 2009): a Montréal drug-importation network watched for "
       "two years in 11 phases while the police seized its consignments. Does the principal trafficker stay the hub?\n"
       "2. **How sure is the ranking?** The vital ranking repeated under missing links (Monte Carlo, Borgatti, Carley & "
       "Krackhardt 2006), on Caviar and on the Montagna Mafia phone calls (Cavallaro et al. 2020).\n"
       "3. **What rests on weak information, and what do the dates say?** Grading and temporal red flags on the synthetic "
       "sample case `vastgoed-west`.\n\n"
       "Both research networks ship inside the package (`netwerk/data/networks/caviar`, `netwerk/data/networks/montagna`, with origin "
       "and licence in their READMEs). Principles served: *room for the good conversation* (what a conclusion rests on) and "
       "*make joint successes visible* (what changed after an intervention)."),
    code("import pandas as pd\n\nimport netwerk as nw\nfrom netwerk.analysis import phase_comparison, rank_stability\n"
         "from netwerk.datasets import caviar, caviar_phases, montagna_phonecalls\n\n"
         "phases = caviar_phases()\npd.Series({p: n.n_nodes for p, n in phases.items()}, name=\"participants\").to_frame().T"),
    md("The phase sizes are Morselli's (15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41; the tests check them).\n\n"
       "## 1 · Phases: who rises, who falls\nBetweenness per phase, as Morselli analysed it. N1 is the principal trafficker, "
       "N12 his lieutenant."),
    code("pc = phase_comparison(phases, measure=\"betweenness\", top_k=5)\npc.summary"),
    code("pc.ranks.loc[[\"N1\", \"N12\", \"N3\", \"N87\", \"N41\"]].astype(\"Int64\")"),
    md("N1 is the top broker in phases 1–8 and 10, but not in 9 and 11: under pressure (seizures from phase 4 on) the network "
       "decentralises and others, N12 among them, take over part of the brokerage. The movers between phases 8 and 9:"),
    code("pc.movers[pc.movers[\"from_phase\"] == 8]"),
    md("Components merging or splitting between phases (compared on the participants present in both):"),
    code("pc.components[[\"from_phase\", \"to_phase\", \"event\", \"sizes_before\", \"size_after\"]]"),
    md("The same comparison on the full vital score (all measures, one explainable score):"),
    code("pv = phase_comparison(phases, top_k=5)\npv.summary[[\"nodes\", \"ties\", \"components\", \"top\"]]"),
    md("The shipped Caviar network also carries a stand-in calendar (phase *p* = two months from January 1994), so the "
       "time functions work on it: `Network.window` and `Network.at` keep the records valid in a period or on a day."),
    code("allp = caviar()\nallp.window(\"1994-01-01\", \"1994-04-30\"), allp.at(\"1995-09-15\")"),
    md("## 2 · How sure is the ranking?\n`rank_stability` repeats the vital ranking with 10 % of the relation records "
       "left out at random (seeded), and reports the median rank, a 5–95 % interval and the chance to be in the top *k*. "
       "*zeker* means the node is in (or out of) the top *k* in at least 90 % of the replicates."),
    code("s = rank_stability(phases[11], replicates=60, edge_dropout=0.1, top_k=5, seed=0, n_jobs=2)\n"
         "s[[\"rank\", \"rank_median\", \"rank_lo\", \"rank_hi\", \"p_top_k\", \"certainty\"]].head(10)"),
    md("Without any perturbation the interval collapses to the exact rank (a check you can make yourself):"),
    code("s0 = rank_stability(phases[11], replicates=3, edge_dropout=0.0, top_k=5)\n"
         "bool((s0[\"rank_lo\"] == s0[\"rank\"]).all() and (s0[\"rank_hi\"] == s0[\"rank\"]).all())"),
    md("The Montagna phone calls: the two hubs (N18, N47) stay on top whatever tenth of the calls is missing; the "
       "periphery's ranks are arbitrary. Score-weight noise (±20 %) is added here as well."),
    code("m = rank_stability(montagna_phonecalls(), replicates=60, edge_dropout=0.1, weight_noise=0.2, top_k=5, n_jobs=2)\n"
         "m[[\"rank\", \"rank_lo\", \"rank_hi\", \"p_top_k\", \"certainty\"]].head(8)"),
    code("(m[\"rank_hi\"] - m[\"rank_lo\"]).describe()"),
    md("## 3 · Grading and time on a case\nThe synthetic sample case `vastgoed-west` (real-estate money laundering), "
       "pseudonymised and ingested as the partners and the RIEC would. Every relation record carries its grading. The "
       "default policy: every link counts in the ranking; the side-by-side leaves out links graded below B2."),
    code("import tempfile\nfrom pathlib import Path\n\nwork = Path(tempfile.mkdtemp())\n"
         "case = nw.open_case(nw.datasets.sample_case(\"vastgoed-west\", work))   # the one way every entry point opens a case\n"
         "net, staged = case.net, {\"group\": case.group, \"stages\": list(case.stages) or None}\n"
         "nw.analysis.grading_policy()[\"description_nl\"]"),
    code("cmp = nw.analysis.grading_comparison(net, min_grade=\"B2\", top=10, **staged)\n"
         "print(cmp.attrs[\"records_left_out\"], \"of\", cmp.attrs[\"records\"], \"records below B2; Spearman\", round(cmp.attrs[\"spearman\"], 3))\n"
         "cmp[cmp[\"in_top_all\"] | cmp[\"in_top_graded\"]][[\"rank_all\", \"rank_graded\", \"change\", \"weak_links\", \"links\"]]"),
    md("In the uncertainty analysis low-graded records drop out more often (chance proportional to 1 − grading score, same "
       "mean rate):"),
    code("sg = rank_stability(net, replicates=40, edge_dropout=0.1, top_k=10, n_jobs=2, **staged)\n"
         "sg.attrs[\"grading\"], sg[[\"rank\", \"rank_lo\", \"rank_hi\", \"p_top_k\", \"certainty\"]].head(10)"),
    md("### The timeline and temporal red flags\nThe dated events of the case (the HTML outputs draw them from "
       "`timeline_data`), and the indicators with their evidence; thresholds are in `netwerk/data/temporal.yaml`."),
    code("from netwerk.graph.time import timeline\n\nt = timeline(net)\nt[\"category\"].value_counts()"),
    code("rf = nw.analysis.red_flags(net)\nrf[[\"flag_nl\", \"label\", \"value\", \"threshold\", \"evidence\"]]"),
    code("rf.attrs[\"skipped\"]"),
    md("Before and after a date (e.g. an intervention): who rose and fell, which components split."),
    code("ba = nw.analysis.before_after(net, \"2022-01-01\", measure=\"betweenness\", top_k=5)\nba.summary"),
    md("On a case, `rank_stability` and `grading_comparison` take the case's staged network and stages, as "
       "`case.vital()` does, so the ranking they perturb is the one the map and the reports show."),
])
