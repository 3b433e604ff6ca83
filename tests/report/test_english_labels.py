"""Kind and stage names in tables follow the output's language, as on the map (one kind name,
one stage name; never an identifier)."""

from __future__ import annotations

import pandas as pd

from netwerk.i18n import using
from netwerk.interventions import load_barrier_model
from netwerk.interventions.plan import partner_label, stage_label
from netwerk.report.write import _vital_view

MODEL = load_barrier_model("cannabis")


def test_vital_table_kind_and_stage_in_the_output_language():
    v = pd.DataFrame({"kind": ["person", "company"], "stage": ["financing", None]})
    nl = _vital_view(v, MODEL)
    assert nl["kind"].tolist() == ["persoon", "onderneming"]
    assert nl["stage"].tolist() == ["Financiering", ""]
    with using("en"):
        en = _vital_view(v, MODEL)
        assert stage_label(MODEL, "location") == "Location"
        assert partner_label(MODEL, "politie") == "Police"
    assert en["kind"].tolist() == ["person", "company"]
    assert en["stage"].tolist() == ["Financing", ""]
    assert stage_label(MODEL, "location") == "Locatie (woning, schuur)"
    assert partner_label(MODEL, "politie") == "Politie"
