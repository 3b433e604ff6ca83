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
    code("import tempfile, pathlib\nres = nw.viz.write_map(net, pathlib.Path(tempfile.mkdtemp()) / \"siren.html\", vital=v, seed=0)\nres.n_nodes_shown, res.path.name"),
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
    code("ranking = c.vital(seed=0)        # the same ranking as `netwerk analyse`\n"
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
