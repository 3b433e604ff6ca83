"""Screenshot of one case page of the demo case-selection report (docs/screenshots/), and the
number of A4 pages the report prints to in Chromium and in WeasyPrint.

    python scripts/report_screenshots.py demo-output/report/report.html docs/screenshots

Needs a Chromium binary (tests/browser_util.py drives it over the DevTools pipe).
"""

from __future__ import annotations

import base64
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser_util import Browser  # noqa: E402


def main(report: str, out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Browser() as b:
        page = b.open(report)
        b.send("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1000,
                                                      "deviceScaleFactor": 1, "mobile": False},
               session=page.session)
        page.evaluate("document.querySelector('section.case').scrollIntoView(); 1")
        page.screenshot(out / "report-case-page.png")
        data = b.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                          "preferCSSPageSize": True}, session=page.session)
        pdf = base64.b64decode(data["data"])
        print("chromium A4 pages:", len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)))
        print("scroll width at 1400 px:", page.evaluate("document.documentElement.scrollWidth"))
    try:
        import weasyprint

        doc = weasyprint.HTML(filename=report).render()
        print("weasyprint A4 pages:", len(doc.pages))
    except ImportError:
        pass


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
