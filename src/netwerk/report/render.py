"""Render reports: CSV, Excel, one self-contained HTML file, PDF where WeasyPrint is installed.

The HTML is a Jinja2 template with autoescaping on, inline CSS, charts as inline SVG and a strict
Content-Security-Policy (nothing may be fetched, no script runs). SVG made elsewhere (the static
map) passes through :func:`sanitise_svg`, which keeps only drawing elements and drops event
handlers and links. Spreadsheet cells that would start a formula get a leading apostrophe.
"""

from __future__ import annotations

import logging
import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..errors import cause_text
from ..i18n import _
from ..io import neutralise, neutralise_frame, write_csv, write_html, write_xlsx
from . import charts
from .criteria import CRITERIA

__all__ = ["CSP", "WriteResult", "environment", "neutralise", "neutralise_frame", "sanitise_svg",
           "table", "write_csv", "write_xlsx", "write_pdf", "write_page", "render_template"]

log = logging.getLogger(__name__)

#: Content-Security-Policy of every report page: nothing loads, nothing runs.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
       "script-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")



@dataclass(frozen=True)
class WriteResult:
    """Files written by a ``write_*`` function, the file to open first, and notes (e.g. no PDF)."""

    files: tuple[Path, ...]
    open_first: Path
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------- HTML
def environment() -> Environment:
    """The Jinja2 environment of the report templates (``data/templates/report*.j2``), autoescaped."""
    folder = str(resources.files("netwerk") / "data" / "templates")
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"),
                                     default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    from .. import i18n

    # message ids are Dutch, placeholders {name} filled by netwerk.i18n (not Jinja's %-style)
    env.install_gettext_callables(gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=False)
    env.globals["lang"] = i18n.language()
    env.filters["num"] = _num
    env.globals["CSP"] = Markup(CSP)  # our constant, not data: written as is
    from ..analysis.grading import grading_policy_text

    env.globals["grading_policy"] = grading_policy_text()  # in every report (autoescaped)
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one report template."""
    return environment().get_template(name).render(**context)


def _num(v: Any, digits: int = 2) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, int | bool):
        return str(v)
    try:
        return f"{float(v):.{digits}f}"
    except (TypeError, ValueError):
        return str(v)


def _cell(v: Any) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, float):
        return "" if math.isnan(v) else (f"{v:.3f}".rstrip("0").rstrip(".") if v % 1 else f"{v:.0f}")
    if isinstance(v, list | tuple | set):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, Mapping):
        return "; ".join(f"{k}: {_cell(x)}" for k, x in v.items())
    if hasattr(v, "item") and not isinstance(v, str):
        return _cell(v.item())
    return str(v)


def table(df: pd.DataFrame | None, *, index: str | None = None,
          columns: Sequence[str] | None = None, max_rows: int = 200) -> dict[str, Any] | None:
    """A DataFrame as ``{"columns": [...], "rows": [[str, ...], ...], "more": n}`` for a template.

    ``index`` names the index column to show first (``None``: the index is not shown). Every cell is
    a plain string: the template escapes it.
    """
    if df is None:
        return None
    d = df if columns is None else df[[c for c in columns if c in df.columns]]
    cols = ([index] if index else []) + [str(c) for c in d.columns]
    rows = []
    for idx, r in zip(d.index[:max_rows], d.head(max_rows).itertuples(index=False), strict=True):
        cells = [_cell(v) for v in r]
        rows.append(([_cell(idx)] if index else []) + cells)
    return {"columns": cols, "rows": rows, "more": max(0, len(d) - max_rows)}


# --------------------------------------------------------------------------- SVG sanitiser
_SVG_TAGS = {"svg", "g", "circle", "ellipse", "line", "path", "polygon", "polyline", "rect", "text",
             "tspan", "title", "desc"}
_SVG_ATTRS = {"width", "height", "viewBox", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx",
              "ry", "d", "points", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity",
              "stroke-dasharray", "opacity", "font-size", "font-family", "font-weight",
              "text-anchor", "dominant-baseline", "transform", "class", "role", "aria-label",
              "preserveAspectRatio", "dx", "dy", "stroke-linecap", "stroke-linejoin", "paint-order"}


def sanitise_svg(svg: str | None) -> Markup | None:
    """Re-serialise an SVG keeping only drawing elements and presentation attributes.

    Drops ``<script>``, ``<foreignObject>``, ``<a>``, ``<image>``, ``<style>``, every ``on*`` event
    attribute, ``href`` and ``style``; escapes all text. Returns ``None`` if ``svg`` is not
    well-formed XML.

    Examples
    --------
    >>> str(sanitise_svg('<svg><text onclick="x()">&lt;b&gt;</text><script>x()</script></svg>'))
    '<svg><text>&lt;b&gt;</text></svg>'
    """
    if not svg:
        return None
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        log.warning(_("statische kaart weggelaten: geen geldige SVG ({oorzaak})",
                      oorzaak=cause_text(exc)))
        return None
    if _local(root.tag) != "svg":
        return None
    parts: list[str] = []
    _emit(root, parts)
    return Markup("".join(parts))


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _emit(el: ET.Element, parts: list[str]) -> None:
    tag = _local(el.tag)
    attrs = [(_local(k), v) for k, v in el.attrib.items()]
    attrs = [(k, v) for k, v in attrs if k in _SVG_ATTRS]
    head = [tag]  # inline SVG in HTML needs no xmlns (and so the file names no URL at all)
    head += [f'{k}="{escape(v, quote=True)}"' for k, v in attrs]
    parts.append("<" + " ".join(head) + ">")
    if el.text:
        parts.append(escape(el.text, quote=False))
    for child in el:
        if _local(child.tag) in _SVG_TAGS:
            _emit(child, parts)
        if child.tail:
            parts.append(escape(child.tail, quote=False))
    parts.append(f"</{tag}>")


# --------------------------------------------------------------------------- charts for templates
def ranking_chart(cases: Sequence[Any]) -> Markup:
    """Stacked bars of the criterion points per ranked case."""
    rows = [(f"{c.rank}. {c.name}", [(k.label, k.contribution) for k in c.criteria]) for c in cases]
    if not rows:
        return Markup("")
    return Markup(charts.stacked_bars(rows))


def criteria_chart(case: Any) -> Markup:
    """Bars of one case's criterion scores with their weights."""
    return Markup(charts.score_bars([(k.label, k.score, k.weight) for k in case.criteria]))


def write_page(html: str, html_path: Path, *, pdf: bool, mark: Any = None
               ) -> tuple[list[Path], list[str]]:
    """Write an HTML page, put the marking on it (``mark(path)``, optional) and, with ``pdf``,
    its PDF beside it (same name, ``.pdf``). Returns the files written and notes for the user."""
    write_html(html, html_path)  # the output guard reads the page before it is written
    if mark is not None:  # classification marking before the PDF is rendered from the page
        mark(html_path)
        html = html_path.read_text("utf-8")
    files, notes = [html_path], []
    if pdf:
        made = write_pdf(html, html_path.with_suffix(".pdf"))
        if made is None:
            notes.append(_("{name} niet geschreven: geen PDF-maker gevonden (WeasyPrint of "
                           "Chromium)", name=html_path.with_suffix(".pdf").name))
        else:
            files.append(made)
    return files, notes


def write_pdf(html: str, path: str | Path) -> Path | None:
    """Write an A4 PDF of ``html``: WeasyPrint (a dependency of netwerk) first, else headless
    Chromium's print-to-PDF where a ``chromium`` binary is present; ``None`` (nothing written)
    when neither works. Neither fetches anything: the page is self-contained, WeasyPrint gets a
    URL fetcher that refuses, and Chromium runs with networking off.
    """
    path = Path(path)
    try:
        import weasyprint  # type: ignore[import-not-found]
    except (ImportError, OSError) as exc:  # OSError: the Pango/Cairo system libraries are missing
        log.debug("WeasyPrint not usable: %r", exc)
        log.info(_("WeasyPrint is niet geïnstalleerd; de PDF wordt met Chromium gemaakt")
                 if isinstance(exc, ImportError) else
                 _("WeasyPrint vindt zijn systeembibliotheken (Pango, Cairo) niet; de PDF wordt "
                   "met Chromium gemaakt"))
    else:
        def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict:
            raise ValueError(_("de PDF van het rapport mag niets ophalen ({url!r})", url=url))

        weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf(str(path))
        return path
    return _chromium_pdf(html, path)


def _chromium_pdf(html: str, path: Path) -> Path | None:
    """Print ``html`` to ``path`` with headless Chromium (``--print-to-pdf``), if installed."""
    import os
    import shutil
    import subprocess
    import tempfile

    binary = os.environ.get("NETWERK_CHROMIUM") or next(
        (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
         if shutil.which(n)), None)
    if not binary:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-extensions",
               "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
               f"--print-to-pdf={path}", page.as_uri()]
        timeout = 120  # seconds
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError) as exc:
            log.debug("Chromium could not print the PDF: %r", exc)
            if isinstance(exc, subprocess.TimeoutExpired):
                why = _("afgebroken na {s} seconden", s=timeout)
            elif isinstance(exc, subprocess.CalledProcessError):
                why = _("Chromium stopte met een fout; details met --debug")
            else:
                why = cause_text(exc)
            log.warning(_("Chromium kon de PDF niet maken ({oorzaak})", oorzaak=why))
            return None
    return path if path.is_file() else None


__all__ += ["ranking_chart", "criteria_chart", "CRITERIA"]
