"""Screenshots of the case-meeting map for docs/maps.md (default and barrier layout, 1280×720).

Run: python scripts/map_screenshots.py  (needs Chromium; uses tests/browser_util.py)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_util import Browser  # noqa: E402

import netwerk as nw  # noqa: E402


def main() -> None:
    work = Path(tempfile.mkdtemp())
    case = nw.open_case(nw.datasets.sample_case("hennep-oost", work))
    plan = case.plan(seed=0)
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    maps = {"map-default": case.map(work / "m.html", plan=plan, date="2026-11-30").path,
            "map-barrier": case.map(work / "b.html", plan=plan, layout="barrier",
                                    date="2026-11-30").path}
    with Browser() as b:
        for name, path in maps.items():
            page = b.open(path)
            b.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 720,
                                                          "deviceScaleFactor": 1, "mobile": False},
                   session=page.session)
            page.wait_for("document.documentElement.getAttribute('data-rendered')")
            time.sleep(4.5)  # physics settles and freezes
            top = case.vital(seed=0).top(1)[0]  # P01: its panel opens with its rank band
            page.evaluate("window.netwerkMap.network.fit({animation: false}); 1")
            if name == "map-default":
                page.evaluate(f"window.netwerkMap.showNode('{top}'); 1")
            time.sleep(0.5)
            page.screenshot(out / f"{name}.png")
            print(out / f"{name}.png")


if __name__ == "__main__":
    main()
