"""Pages load nothing from other hosts: no CDN, no absolute http(s) URL in src or href."""

import re
from html.parser import HTMLParser

import pytest

# The home and 网上办事 pages read the announcements (issue 8 item 3).
pytestmark = pytest.mark.django_db

PATHS = ["/", "/services/", "/certificate-query/", "/help/"]


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data") and value:
                self.urls.append(value)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_it_references_no_outside_host(client, path, language):
    html = client.get(path, headers={"accept-language": language}).content.decode()
    collector = _UrlCollector()
    collector.feed(html)

    assert collector.urls, "the parser found no URL at all"
    outside = [url for url in collector.urls if re.match(r"^(https?:)?//", url, re.IGNORECASE)]
    assert outside == []
    assert "cdn" not in html.lower()
    assert "http://" not in html
    assert "https://" not in html


@pytest.mark.parametrize("path", PATHS)
def test_it_loads_only_vendored_and_site_assets(client, path):
    html = client.get(path).content.decode()

    assert re.findall(r'<script src="([^"]+)"', html) == [
        "/static/vendor/bootstrap/js/bootstrap.bundle.min.js",
        "/static/vendor/htmx/htmx.min.js",
    ]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
        "/static/vendor/bootstrap/css/bootstrap.min.css",
        "/static/css/site.css",
    ]
    assert "<script>" not in html  # no inline script: ready for a strict Content-Security-Policy
    assert " style=" not in html
