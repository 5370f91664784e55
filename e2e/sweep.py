"""The page sweep (issue 8 items 5 and 6): visit pages, check each, collect what is wrong.

A :class:`Sweep` walks one persona's pages. On each page it runs axe-core (serious and critical
findings are collected, not raised at once, so one run reports every page), and on public and
applicant pages it also checks the page at 360 px: no horizontal scrolling, tap targets at least
44 px tall, and a full-page screenshot named after the URL name.

Which URL names exist comes from Django's resolver (:func:`page_names`), so a page added later
is either visited, skipped with a reason, or the sweep fails (see e2e/test_page_sweep.py).
Pages with arguments are reached by following links (:meth:`Sweep.crawl`): the demo data
supplies the arguments the way a person would find them, from a list to an item.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from playwright.sync_api import Page

from e2e.harness import ARTIFACTS, DESKTOP, FAILING_IMPACTS, PHONE, axe_report, settled

# The journeys issue 8 names: public pages, help, the third-party query, the applicant's pages
# and the office. captcha:*, wechat:* and Django's admin are widgets, callbacks and the
# superuser's tool, not pages of these journeys.
NAMESPACES = ("portal", "faq", "announcements", "manuals", "notices", "support", "accounts", "applicant", "office")
TAP_MIN_PX = 44
# A full-page screenshot of a very long page (the manuals) is slow and unreadable at 360 px;
# past this height only the first screens are kept.
SHOT_MAX_HEIGHT = 8000


def page_names(namespaces: Iterable[str] = NAMESPACES) -> set[str]:
    """Every named URL in those namespaces (nested ones such as applicant:identity included)."""
    wanted = tuple(f"{ns}:" for ns in namespaces)
    names: set[str] = set()

    def walk(patterns: list, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern) and entry.name and prefix.startswith(wanted):
                names.add(f"{prefix}{entry.name}")

    walk(get_resolver().url_patterns, "")
    return names


def url_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


# Tap targets at 360 px. Checked: links, buttons, form controls, <summary> and ARIA buttons that
# are on screen. Not checked: anything visually hidden (the skip link until it has focus, the
# .visually-hidden pattern), and links inside running text (WCAG 2.5.5 exempts inline targets):
# a link counts as inline when the block around it has words of its own besides the link. For
# a checkbox or radio the target is the box together with its label, as a tap on the label
# ticks it.
_TAP_TARGETS = """
(min) => {
  const visible = (el) => {
    const hidden = '[hidden], [aria-hidden="true"], .visually-hidden, .visually-hidden-focusable:not(:focus)';
    if (el.closest(hidden)) return false;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 2 && r.height > 2;
  };
  const block = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const squash = (text) => (text || '').replace(/\\s+/g, '');
  const inRunningText = (a) => {
    const around = block(a);
    return around !== null && squash(around.textContent).length > squash(a.textContent).length;
  };
  const box = (el) => {
    let r = el.getBoundingClientRect();
    let top = r.top, bottom = r.bottom;
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`));
      if (label) {
        const l = label.getBoundingClientRect();
        top = Math.min(top, l.top); bottom = Math.max(bottom, l.bottom);
      }
    }
    return bottom - top;
  };
  const describe = (el) => {
    const bits = [el.tagName.toLowerCase()];
    if (el.id) bits.push('#' + el.id);
    if (el.getAttribute('type')) bits.push(`[type=${el.getAttribute('type')}]`);
    if (el.className && typeof el.className === 'string') bits.push('.' + el.className.trim().split(/\\s+/).join('.'));
    const text = squash(el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || '').slice(0, 24);
    return bits.join('') + (text ? ` "${text}"` : '');
  };
  const found = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el)) continue;
    if (el.matches('a') && inRunningText(el)) continue;
    const height = box(el);
    if (height < min - 0.5) found.push(`${describe(el)} is ${Math.round(height * 10) / 10} px tall`);
  }
  return found;
}
"""

# Horizontal scrolling at 360 px, with the elements that stick out (the deepest ones name the
# culprit better than <body>).
_OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const sticksOut = (node) => node.getBoundingClientRect().right > width + 1;
    if (sticksOut(el) && r.width > 0 && ![...el.children].some(sticksOut)) {
      const named = typeof el.className === 'string' && el.className.trim();
      const cls = named ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} ends at ${Math.round(r.right)} px`);
      if (out.length >= 6) break;
    }
  }
  return [`the page is ${document.documentElement.scrollWidth} px wide at ${width} px`, ...out];
}
"""

_LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"


@dataclass
class Sweep:
    """One persona's walk. ``phone``: also check and photograph every page at 360 px."""

    page: Page
    axe_source: str
    base_url: str
    persona: str
    phone: bool
    skip: set[str]
    # (URL name, finding kind) pairs accepted with a reason (see the test's ALLOWED).
    allowed: dict[tuple[str, str], str] = field(default_factory=dict)
    visited: dict[str, str] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    # The office hides a page from a role with a 404; everywhere else a 404 is a finding.
    not_found_ok: bool = False

    def __post_init__(self) -> None:
        self.page.set_viewport_size(PHONE if self.phone else DESKTOP)

    def visit(self, url: str, *, check: bool = True) -> str | None:
        """Open ``url`` and, with ``check``, check the page it lands on; return its URL name.

        A URL already checked is only opened. The same URL name at another address (another
        application's state, another role's view) is checked again and photographed under
        the persona's name.
        """
        # A page only walked through needs its links, not its scripts.
        response = self.page.goto(self._absolute(url), wait_until="load" if check else "domcontentloaded")
        if check:
            settled(self.page)
        name = url_name(self.page.url)
        status = response.status if response else 0
        if status == 404 and self.not_found_ok:
            return None  # the office answers 404 to a role that may not open the page
        if status >= 400:
            self.findings.append(f"[{self.persona}] {url} answered {status}")
            return name
        if not check or name is None or name in self.skip or self.page.url in self.visited.values():
            return name
        self.check(name, shot=f"{name}--{self.persona}" if name in self.visited else None)
        return name

    def _absolute(self, url: str) -> str:
        return url if url.startswith("http") else self.base_url + url

    def check(self, name: str, *, shot: str | None = None) -> None:
        """Check the page as it is now and note it as visited under ``name``.

        ``shot``: the screenshot's name when one URL shows a second state (a result page).
        """
        self.visited.setdefault(name, self.page.url)
        size = PHONE if self.phone else DESKTOP
        if self.page.viewport_size != size:
            self.page.set_viewport_size(size)
        self._axe(name)
        if self.phone:
            self._phone(name, shot or name)

    def crawl(self, start: Iterable[str], *, within: tuple[str, ...] = NAMESPACES, walk_again: bool = False) -> None:
        """Breadth-first from ``start``: follow same-site links to URL names not checked yet.

        ``within``: only names in these namespaces are followed (the applicant does not wander
        back to the public pages). Each URL name is checked once, at the first link found for
        it; start pages are always opened. ``walk_again``: also walk through pages an earlier
        persona checked (opened, not checked again), because this persona's links on them
        differ — a province administrator's 审核队列 lists queues a reviewer's does not.
        """
        queue: deque[str] = deque(start)
        queued: set[str | None] = {url_name(self._absolute(url)) for url in start}
        while queue:
            url = queue.popleft()
            name = self.visit(url, check=url in start or url_name(self._absolute(url)) not in self.visited)
            if name is None or name in self.skip:
                continue
            for href in self.page.evaluate(_LINKS):
                href = urldefrag(href).url
                if not href.startswith(self.base_url):
                    continue
                target = url_name(href)
                if target is None or target in self.skip or target in queued:
                    continue
                if target.split(":")[0] not in within or (target in self.visited and not walk_again):
                    continue
                queued.add(target)
                queue.append(href)

    def _allowed(self, name: str, kind: str) -> bool:
        return (name, kind) in self.allowed

    def _axe(self, name: str) -> None:
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.add_script_tag(content=self.axe_source)
        result = self.page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
        failing = [v for v in result["violations"] if v.get("impact") in FAILING_IMPACTS]
        if failing and not self._allowed(name, "axe"):
            self.findings.append(f"[{self.persona}] {name}: " + axe_report(self.page.url, failing))

    def _phone(self, name: str, shot: str) -> None:
        overflow = self.page.evaluate(_OVERFLOW)
        if overflow and not self._allowed(name, "overflow"):
            self.findings.append(f"[{self.persona}] {name} scrolls sideways at 360 px: " + "; ".join(overflow))
        small = self.page.evaluate(_TAP_TARGETS, TAP_MIN_PX)
        if small and not self._allowed(name, "tap"):
            listed = "\n    ".join(small[:40]) + (f"\n    … and {len(small) - 40} more" if len(small) > 40 else "")
            self.findings.append(f"[{self.persona}] {name}: tap targets under {TAP_MIN_PX} px at 360 px:\n    {listed}")
        self.shoot(shot)

    def shoot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        slug = re.sub(r"[^\w.-]+", "_", name)
        tall = self.page.evaluate("() => document.documentElement.scrollHeight") > SHOT_MAX_HEIGHT
        self.page.screenshot(path=ARTIFACTS / f"sweep--{slug}--360.png", full_page=not tall)

    def report(self) -> str:
        return "\n\n".join(self.findings)
