"""Imports every command module so each registers its commands on the app."""

# Each module below adds its commands to netwerk.cli.main.app. Order = order in `netwerk --help`.
import importlib

for _name in (
    "pseudonymise_cmd",
    "ingest_cmds",
    "analyse_cmd",
    "plan_cmds",
    "map_cmd",
    "screen_cmd",
    "annotate_cmd",
    "output_cmds",
    "demo_cmd",
    "case_cmds",
):
    try:
        importlib.import_module(f"netwerk.cli.{_name}")
    except ModuleNotFoundError as exc:  # a stage not built yet must not break the others
        if exc.name != f"netwerk.cli.{_name}":
            raise
