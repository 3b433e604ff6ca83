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
        assert page.evaluate("document.title").startswith("Case selection")
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
