"""Pieces of the browser-test harness that tests may import (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Route, expect

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = E2E_DIR / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
FAILING_IMPACTS = ("serious", "critical")


def block_outside_hosts(context: BrowserContext) -> list[str]:
    """Abort every request to a host other than this machine; return the list they are noted in."""
    outside: list[str] = []

    def is_outside(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS

    def refuse(route: Route) -> None:
        outside.append(route.request.url)
        route.abort()

    context.route(is_outside, refuse)
    return outside


def axe_report(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} serious/critical accessibility violation(s) on {url}:"]
    for v in violations:
        lines.append(f"\n[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"  - {target}\n    {node.get('html', '')[:200]}\n    {summary}")
        if len(v["nodes"]) > 10:
            lines.append(f"  … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def settled(page: Page) -> None:
    """Wait until deferred scripts have run and no htmx request, swap or settle is under way.

    A heading is in the DOM before the deferred scripts execute, and content swapped in by htmx
    is wired only when it settles (20 ms later), so a test that acts at once can change an element
    nothing listens to yet and the change goes nowhere. A person cannot be that quick; a loaded
    CI machine can (it failed that way). Call it after a navigation or an htmx-driven change,
    before the next interaction that relies on a script.
    """
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def choose_point(page: Page, world: Any) -> None:
    """On 网报时间查询 as the first screen of 报名: 山东 → 济南 → 小学 → 历下区, then its point."""
    expect(page.get_by_role("heading", level=1)).to_have_text("教师资格定期注册网报时间查询")
    settled(page)
    page.get_by_label("选择省").select_option(label=world.shandong.region.name)
    settled(page)
    expect(page.get_by_label("选择市")).to_contain_text(world.jinan.region.name)
    page.get_by_label("选择市").select_option(label=world.jinan.region.name)
    settled(page)
    page.get_by_label("现任教学段").select_option(label="小学")
    settled(page)
    page.get_by_label("注册机构").select_option(label=world.lixia.name)
    expect(page.get_by_role("heading", name="选择确认点")).to_be_visible()
    page.get_by_label("历下区确认点（文化东路）").check()
