"""Drive headless Chromium over the DevTools protocol, without extra Python packages.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol messages on file
descriptor 3 and writes on 4, each message one JSON object ending in a NUL byte. No port, no
websocket library. Used by the map and report browser tests::

    from browser_util import find_chromium, Browser

    with Browser() as b:                      # skips nothing itself: check find_chromium() first
        page = b.open(path)                   # file on disk (or a URL)
        page.wait_for("document.documentElement.dataset.rendered")
        page.evaluate("window.__xss")         # -> value (returnByValue)
        page.click(x, y); page.screenshot("shot.png")
        page.external_requests                # every request that is not the page itself
        page.errors                           # console errors, uncaught exceptions, CSP reports

A page is loaded in a fresh target (tab) with Runtime, Log, Network and Page domains enabled.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["find_chromium", "Browser", "Page", "CHROMIUM_FLAGS"]

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--window-size=1280,900", "--remote-debugging-pipe",
]


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary (``NETWERK_CHROMIUM`` overrides), or None."""
    env = os.environ.get("NETWERK_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(name)
        if p:
            return p
    return None


class Page:
    """One loaded page (a DevTools session) with what it logged and requested."""

    def __init__(self, browser: Browser, session: str, url: str) -> None:
        self.browser = browser
        self.session = session
        self.url = url
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []

    @property
    def external_requests(self) -> list[str]:
        """Requests other than the page's own URL (inline ``data:`` URLs count too)."""
        return [u for u in self.requests if u != self.url]

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        """Evaluate JavaScript in the page and return the value (JSON-serialisable)."""
        res = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                     "awaitPromise": await_promise},
                                session=self.session)
        if "exceptionDetails" in res:
            raise RuntimeError(f"JavaScript error: {res['exceptionDetails'].get('text')} "
                               f"{res['exceptionDetails'].get('exception', {}).get('description', '')}")
        return res.get("result", {}).get("value")

    def click(self, x: float, y: float) -> None:
        """A real left mouse click (move, press, release) at page coordinates."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                           "button": "left", "clickCount": 1},
                              session=self.session)

    def screenshot(self, path: str | Path) -> Path:
        """Save a PNG of the viewport."""
        import base64

        data = self.browser.send("Page.captureScreenshot", {"format": "png"}, session=self.session)
        p = Path(path)
        p.write_bytes(base64.b64decode(data["data"]))
        return p

    def wait_for(self, expression: str, *, timeout: float = 20.0) -> Any:
        """Poll ``expression`` until it is truthy; return its value (raises TimeoutError)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            v = self.evaluate(expression)
            if v:
                return v
            time.sleep(0.1)
        raise TimeoutError(f"timed out after {timeout}s waiting for {expression!r}; "
                           f"errors: {self.errors}")


class Browser:
    """A headless Chromium process controlled over ``--remote-debugging-pipe``."""

    def __init__(self, binary: str | None = None, *, timeout: float = 30.0,
                 extra_flags: list[str] | None = None) -> None:
        self.binary = binary or find_chromium()
        if not self.binary:
            raise FileNotFoundError("no chromium binary found (install the Debian package "
                                    "'chromium' or set NETWERK_CHROMIUM)")
        self.timeout = timeout
        self.extra_flags = extra_flags or []
        self._id = 0
        self._pending: dict[int, dict] = {}
        self._events: list[dict] = []
        self._cond = threading.Condition()
        self._pages: dict[str, Page] = {}
        self.proc: subprocess.Popen | None = None

    # -------------------------------------------------------------- process
    def start(self) -> Browser:
        self._tmp = tempfile.mkdtemp(prefix="netwerk-chromium-")
        cmd_r, cmd_w = os.pipe()   # we write commands -> chromium fd 3
        ev_r, ev_w = os.pipe()     # chromium fd 4 -> we read

        def child_fds() -> None:
            os.dup2(cmd_r, 3)
            os.dup2(ev_w, 4)

        self.proc = subprocess.Popen(
            [self.binary, *CHROMIUM_FLAGS, *self.extra_flags, f"--user-data-dir={self._tmp}",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            pass_fds=(3, 4), preexec_fn=child_fds,
        )
        os.close(cmd_r)
        os.close(ev_w)
        self._w = os.fdopen(cmd_w, "wb", buffering=0)
        self._r = os.fdopen(ev_r, "rb", buffering=0)
        self._stderr: list[bytes] = []
        threading.Thread(target=self._reader, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.send("Target.setDiscoverTargets", {"discover": True})
        return self

    def _drain_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    def _reader(self) -> None:
        buf = b""
        while True:
            try:
                chunk = self._r.read(65536)
            except (OSError, ValueError):
                break
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._cond:
                    if "id" in msg:
                        self._pending[msg["id"]] = msg
                    else:
                        self._on_event(msg)
                    self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def _on_event(self, msg: dict) -> None:
        page = self._pages.get(msg.get("sessionId", ""))
        if page is None:
            return
        m, p = msg.get("method"), msg.get("params", {})
        if m == "Network.requestWillBeSent":
            page.requests.append(p["request"]["url"])
        elif m == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            page.console.append((p.get("type", ""), text))
            if p.get("type") in ("error", "assert"):
                page.errors.append(f"console.{p.get('type')}: {text}")
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            page.errors.append("exception: " + str(d.get("exception", {}).get("description")
                                                   or d.get("text")))
        elif m == "Log.entryAdded":
            e = p.get("entry", {})
            page.console.append((e.get("level", ""), e.get("text", "")))
            if e.get("level") == "error":
                page.errors.append(f"log.{e.get('source')}: {e.get('text')} {e.get('url', '')}")
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            page.errors.append(f"network: loading failed ({p.get('errorText')}) "
                               f"{p.get('blockedReason', '')}")

    def send(self, method: str, params: dict | None = None, *, session: str | None = None) -> dict:
        """Send one protocol command and wait for its result."""
        if self.proc is None:
            raise RuntimeError("browser not started")
        with self._cond:
            self._id += 1
            mid = self._id
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._w.write(json.dumps(msg).encode() + b"\0")
        end = time.monotonic() + self.timeout
        with self._cond:
            while mid not in self._pending:
                left = end - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    err = b"".join(self._stderr[-20:]).decode(errors="replace")
                    raise TimeoutError(f"no answer to {method} (chromium: {err[-2000:]})")
                self._cond.wait(min(left, 0.5))
            res = self._pending.pop(mid)
        if "error" in res:
            raise RuntimeError(f"{method}: {res['error']}")
        return res.get("result", {})

    # -------------------------------------------------------------- pages
    def open(self, target: str | Path, *, timeout: float = 30.0) -> Page:
        """Open a file (path) or URL in a new tab and wait for its load event."""
        url = Path(target).resolve().as_uri() if not str(target).startswith(
            ("file:", "http:", "https:", "about:", "data:")) else str(target)
        tid = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = self.send("Target.attachToTarget", {"targetId": tid, "flatten": True})["sessionId"]
        page = Page(self, sid, url)
        with self._cond:
            self._pages[sid] = page
        for dom in ("Runtime", "Log", "Network", "Page"):
            self.send(f"{dom}.enable", session=sid)
        self.send("Page.navigate", {"url": url}, session=sid)
        page.wait_for("document.readyState === 'complete'", timeout=timeout)
        return page

    def close(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(Exception):  # the process may already be gone
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self._w, self._r):
            with contextlib.suppress(OSError):
                f.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
        self.proc = None

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


#: JavaScript that reads the map's "rendered" marker (the number of nodes drawn).
RENDERED = "document.documentElement.getAttribute('data-rendered')"


def needs_chromium():
    """A pytest mark that skips a browser test, with the reason, when no Chromium is installed."""
    import pytest

    return pytest.mark.skipif(find_chromium() is None,
                              reason="no chromium binary (apt-get install chromium, or set "
                                     "NETWERK_CHROMIUM)")
