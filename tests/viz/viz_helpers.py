"""Read back what a map page carries (for tests)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

_DATA = re.compile(r'<script type="application/json" id="netwerk-data">(.*?)</script>', re.S)


def map_data(page: str) -> dict:
    m = _DATA.search(page)
    assert m, "no data block"
    return json.loads(m.group(1))


class TagScan(HTMLParser):
    """Collect tags with their attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script, self._buf = a, []

    def handle_data(self, data):
        if self._in_script is not None:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buf)))
            self._in_script = None


def scan(page: str) -> TagScan:
    s = TagScan()
    s.feed(page)
    s.close()
    return s
