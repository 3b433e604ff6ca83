"""Open report.html and progress-like pages in headless Chromium: renders, no console error, no
request, hostile labels show as text and never run. Uses ``tests/browser_util.py``."""

from __future__ import annotations

import pytest
from browser_util import Browser, find_chromium
from report_cases import make_analysis, make_net

from netwerk.report import (
    CaseReport,
    build_case_from_network,
    load_selection_weights,
    selection_from_cases,
    write_selection,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None,
                       reason="no chromium binary (apt-get install chromium, or set NETWERK_CHROMIUM)"),
]

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2</script>"
MAP = ('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"><circle cx="9" cy="9" r="4" '
       'onmouseover="window.__xss=3"/><text x="1" y="30">' + XSS_IMG.replace("<", "&lt;") + '</text></svg>')


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    w = load_selection_weights()
    a = make_net(label_p1=XSS_IMG)
    b = make_net(label_p1=XSS_SCRIPT, crime_type="synthetic_drugs")
    reps = [build_case_from_network(a, name="oost", weights=w, analysis=make_analysis(a, map_svg=MAP)),
            build_case_from_network(b, name=XSS_SCRIPT, weights=w, analysis=make_analysis(b)),
            CaseReport.failed("kapot", "error with " + XSS_IMG)]
    out = tmp_path_factory.mktemp("browser report")
    write_selection(selection_from_cases(reps, weights=w), out, pdf=False)
    return out / "report.html"


def test_report_opens_offline_and_safely(report_html):
    with Browser() as b:
        page = b.open(report_html)
        assert page.evaluate("document.title").startswith("Casusselectie")
        # charts and the static map are drawn as inline SVG
        assert page.evaluate("document.querySelectorAll('svg.chart rect').length") > 10
        assert page.evaluate("document.querySelectorAll('.map svg circle').length") == 1
        assert page.evaluate("document.querySelectorAll('section.case').length") == 2
        # the ranking lists the two scored cases and the broken one
        rows = page.evaluate("Array.from(document.querySelectorAll('table')[0].rows).length")
        assert rows == 1 + 3
        # hostile strings are text, no element was made of them and nothing ran
        assert page.evaluate("document.querySelectorAll('img, script, iframe, object').length") == 0
        text = page.evaluate("document.body.innerText")
        assert XSS_IMG in text and XSS_SCRIPT in text
        page.evaluate("document.querySelector('.map svg circle').dispatchEvent("
                      "new MouseEvent('mouseover', {bubbles: true})); 1")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.external_requests == []
        assert page.errors == []


# --------------------------------------------------------------------------- layout and print
A4 = {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True}


def pdf_pages(page) -> int:
    """Print the page to PDF as the browser's print dialog would and count the pages."""
    import base64
    import re

    data = page.browser.send("Page.printToPDF", A4, session=page.session)["data"]
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", base64.b64decode(data)))


def at_width(page, width: int, height: int = 900) -> None:
    page.browser.send("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                      session=page.session)


@pytest.fixture(scope="module")
def demo_reports(sample_cases, tmp_path_factory):
    """The demo's case-selection report (three sample cases) and its stuurgroep edition."""
    from netwerk.report import build_selection

    sel = build_selection([sample_cases[n] for n in sorted(sample_cases)], seed=0,
                          generated="demo")
    out = tmp_path_factory.mktemp("demo report")
    write_selection(sel, out / "casusoverleg", pdf=False)
    write_selection(sel, out / "stuurgroep", pdf=False, edition="stuurgroep")
    return {"n": len(sel.ranked), "casusoverleg": out / "casusoverleg" / "report.html",
            "stuurgroep": out / "stuurgroep" / "report.html"}


@pytest.mark.parametrize("edition", ["casusoverleg", "stuurgroep"])
def test_demo_report_fits_1400px_and_prints_to_a4(demo_reports, edition):
    with Browser() as b:
        page = b.open(demo_reports[edition])
        at_width(page, 1400)
        # no horizontal scroll at 1400 px: the page is not wider than the window
        assert page.evaluate("document.documentElement.scrollWidth") <= 1400
        wide = page.evaluate("Array.from(document.querySelectorAll('table')).filter("
                             "t => t.getBoundingClientRect().right > 1400).length")
        assert wide == 0
        pages = pdf_pages(page)
        assert 1 <= pages <= 3 * demo_reports["n"] + 2, f"{pages} A4 pages"
        # no word broken letter by letter: every table cell is at least a few characters wide
        narrow = page.evaluate(
            "Array.from(document.querySelectorAll('td')).filter(td => td.innerText.length > 12"
            " && td.getBoundingClientRect().width < 40).length")
        assert narrow == 0
        assert page.errors == [] and page.external_requests == []
