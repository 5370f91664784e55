"""The scale-out check's browser: a child process under the bench's production settings that
seeds two applicants, then goes through the round-robin proxy as a browser would and writes
down which instance answered every request (``bench/scale_out.py`` starts it, judges what it
saw and puts it in the report).

Run by ``scale_out.py`` only: ``python -m bench.scale_out_drive PROXY_PORT``; prints one line
``BENCH_SCALE_OUT_SEEN {json}``.

Why a child with Django: the captcha's answer never leaves the server (the test hook is off
under production settings, P24), so the browser reads it where every instance reads it — the
shared cache — with the same settings (``captcha.store.peek_challenge``), then drags to it.
Rows are counted and the draft row is locked through the same database.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import html
import http.client
import json
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SESSION_COOKIE = "__Host-sessionid"  # production.SESSION_COOKIE_NAME
CSRF_COOKIE = "__Host-csrftoken"
UPSTREAM_HEADER = "X-Bench-Upstream"
WRONG_LOGIN_MESSAGE = "证件号码或密码不正确。"  # applicant.forms.auth.GENERIC_LOGIN_ERROR
CAPTCHA_REFUSALS = ("请先完成图形验证。", "图形验证已过期，请重新验证。", "图形验证暂时无法使用，请稍后再试。")
SIGNED_IN_MARK = 'action="/account/logout/"'  # the header's logout form, drawn for a signed-in user
# Below the database's lock_timeout (5 s, config.settings.base): a request waiting longer is
# cancelled with a 500, so the lock is let go by then whether or not both arrived.
LOCK_WAIT_SECONDS = 4.0


# --- a browser that shows its cookies to plain HTTP ---------------------------------------


@dataclass
class Page:
    label: str
    method: str
    path: str
    status: int
    instance: str
    location: str
    body: str = field(repr=False)

    def seen(self) -> dict[str, Any]:
        """What the report keeps of a response (never the body, which holds tokens)."""
        found = {"step": self.label, "request": f"{self.method} {self.path}", "status": self.status}
        found["instance"] = self.instance
        if self.location:
            found["location"] = self.location
        return found


class Browser:
    """One browser profile: a cookie jar, the page's CSRF token, and every response it saw.

    The proxy speaks plain HTTP on loopback while Django believes the connection is HTTPS
    (the proxy says so), so cookies marked ``Secure`` (all of production's) are sent anyway,
    and every POST carries the ``Origin`` and ``Referer`` a browser on https:// would send.
    """

    def __init__(self, proxy_port: int) -> None:
        self.port = proxy_port
        self.origin = f"https://127.0.0.1:{proxy_port}"
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.pages: list[Page] = []
        self.last_path = "/"

    def copy(self) -> Browser:
        """A second tab: the same cookies and token, its own log."""
        other = Browser(self.port)
        other.cookies, other.csrf, other.last_path = dict(self.cookies), self.csrf, self.last_path
        return other

    def get(self, label: str, path: str) -> Page:
        return self._send(label, "GET", path, None, {})

    def post_form(self, label: str, path: str, data: dict[str, str]) -> Page:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **data}).encode()
        return self._send(label, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, label: str, path: str, data: dict[str, Any]) -> tuple[Page, dict[str, Any]]:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
        page = self._send(label, "POST", path, json.dumps(data).encode(), headers)
        try:
            return page, json.loads(page.body)
        except ValueError:
            return page, {}

    def follow(self, page: Page, limit: int = 5) -> list[Page]:
        """GET each redirect in turn, as a browser does after a POST."""
        chain = []
        while page.status in (301, 302, 303, 307, 308) and page.location and len(chain) < limit:
            page = self.get("redirect", urllib.parse.urlsplit(page.location).path or "/")
            chain.append(page)
        return chain

    def session_fingerprint(self) -> str:
        """Which session the browser holds, without writing its key into a report."""
        key = self.cookies.get(SESSION_COOKIE, "")
        return hashlib.sha256(key.encode()).hexdigest()[:12] if key else ""

    def _send(self, label: str, method: str, path: str, body: bytes | None, extra: dict[str, str]) -> Page:
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "bench-scale-out", **extra}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            headers |= {"Origin": self.origin, "Referer": self.origin + self.last_path}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                self._keep_cookie(value)
            page = Page(
                label,
                method,
                path,
                response.status,
                response.headers.get(UPSTREAM_HEADER, "?"),
                response.headers.get("Location", ""),
                text,
            )
        finally:
            connection.close()
        token = form_value(text, "csrfmiddlewaretoken")
        if token:
            self.csrf = token
        if method == "GET" and page.status == 200:
            self.last_path = path
        self.pages.append(page)
        return page

    def _keep_cookie(self, header: str) -> None:
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def form_value(text: str, name: str) -> str:
    """The value of the ``<input name=…>`` in an HTML page, or ''."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', text)
    if tag is None:
        return ""
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


# --- the applicants -----------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    pk: int
    document_number: str


def seed(count: int = 2) -> list[Applicant]:
    """``count`` applicants, each with a complete draft (steps 1–5) for 历下's window, which is
    moved to today: the tests' own ready world (``tests.registration.steps_world``), as the
    e2e journey builds it. Passwords are hashed with the production hasher, since they sign in
    for real."""
    from tests.factories import (
        CertificateFactory,
        NationalDegreeFactory,
        NationalEducationFactory,
        NationalMandarinFactory,
    )
    from tests.registration import steps_world as sw
    from tests.registration.world import qualification_types

    first = sw.build_ready()
    _open_today(first.world)
    found = []
    for n in range(count):
        ready = first
        if n:
            teacher = sw.teacher_for(first.world, first.codes)
            ready = dataclasses.replace(
                first,
                teacher=teacher,
                certificate=CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"]),
                mandarin=NationalMandarinFactory(person=teacher, grade=first.mandarin.grade),
                education=NationalEducationFactory(person=teacher, education_level=first.education.education_level),
                degree=NationalDegreeFactory(person=teacher, degree=first.degree.degree),
            )
        sw.accepted_photo(ready.teacher)
        sw.complete_draft(ready)
        found.append(Applicant(ready.teacher.pk, ready.teacher.document_number))
    return found


def _open_today(world: Any) -> None:
    """The tests' window is October 2026; the servers run on today's date."""
    from teacherreg.common.dates import today
    from teacherreg.registration.models import ConfirmationArrangement

    day = today()
    world.plan.year = day.year
    world.plan.starts_on, world.plan.ends_on = day - datetime.timedelta(days=60), day + datetime.timedelta(days=60)
    world.plan.save()
    world.window.starts_on, world.window.ends_on = day - datetime.timedelta(days=7), day + datetime.timedelta(days=7)
    world.window.save()
    ConfirmationArrangement.objects.filter(window=world.window).update(
        confirm_from=world.window.starts_on, confirm_until=world.window.ends_on + datetime.timedelta(days=7)
    )


# --- the captcha, solved from the shared cache ----------------------------------------------


def drag_to(x: float, steps: int = 30, duration_ms: int = 640) -> list[list[float]]:
    """A hand-like drag from 0 to ``x``: quick start, slow finish (ease-out), evenly timed."""
    trail = []
    for i in range(steps + 1):
        progress = i / steps
        eased = 1 - (1 - progress) ** 2
        trail.append([round(x * eased, 1), round(duration_ms * progress)])
    return trail


def solve_captcha(browser: Browser, purpose: str) -> dict[str, Any]:
    """Ask for a challenge, read its answer from the shared cache, verify it on the next
    request (the round robin's other instance). Returns what was seen, the token included."""
    from teacherreg.captcha import store

    asked, data = browser.post_json("captcha challenge", "/captcha/challenge/", {"purpose": purpose, "kind": "slider"})
    challenge = data.get("challenge") or {}
    state = store.peek_challenge(challenge.get("id", "")) if challenge.get("id") else None
    if state is None:
        return {"challenge": asked.seen(), "answer_found": False, "token": ""}
    answer = {
        "id": challenge["id"],
        "purpose": purpose,
        "kind": "slider",
        "x": state["x"],
        "trail": drag_to(state["x"]),
    }
    verified, result = browser.post_json("captcha verify", "/captcha/verify/", answer)
    return {
        "challenge": asked.seen(),
        "answer_found": True,
        "verify": verified.seen(),
        "verify_ok": bool(result.get("ok")),
        "verify_message": result.get("message", ""),
        "token": result.get("token", ""),
    }


def sign_in(browser: Browser, applicant: Applicant, password: str) -> tuple[dict[str, Any], Page]:
    login_page = browser.get("login page", "/account/login/")
    solved = solve_captcha(browser, "login")
    form = {"document_number": applicant.document_number, "password": password, "captcha_token": solved["token"]}
    answered = browser.post_form("login", "/account/login/", form)
    return {"page": login_page.seen(), **{k: v for k, v in solved.items() if k != "token"}}, answered


# --- the four checks --------------------------------------------------------------------------


def check_captcha(proxy_port: int, applicant: Applicant) -> dict[str, Any]:
    """A token issued by one instance is accepted as the login's captcha by the other: a
    wrong password then earns the wrong-password message, not a captcha refusal."""
    browser = Browser(proxy_port)
    seen, answered = sign_in(browser, applicant, "not-the-password")
    return {
        **seen,
        "login": answered.seen(),
        "wrong_password_message": WRONG_LOGIN_MESSAGE in answered.body,
        "captcha_refusal": next((m for m in CAPTCHA_REFUSALS if m in answered.body), ""),
    }


def check_session(proxy_port: int, applicant: Applicant) -> tuple[dict[str, Any], Browser]:
    """A real sign-in (captcha and password) through the proxy, then the same signed-in page
    twice: the round robin sends it to each instance once."""
    from tests.factories import PASSWORD

    browser = Browser(proxy_port)
    seen, answered = sign_in(browser, applicant, PASSWORD)
    after_login = browser.session_fingerprint()
    pages = []
    for _ in range(2):
        page = browser.get("application list", "/me/registration/applications/")
        pages.append({**page.seen(), "signed_in": SIGNED_IN_MARK in page.body})
    return {
        **seen,
        "login": answered.seen(),
        "signed_in": answered.status == 302 and "/account/login/" not in answered.location,
        "pages": pages,
        "same_session": after_login != "" and browser.session_fingerprint() == after_login,
    }, browser


def _pledge(browser: Browser, label: str = "step 6 (pledge)") -> tuple[Page, dict[str, str]]:
    page = browser.get(label, "/me/registration/steps/6/")
    data = {
        "pledge": "agree",
        "idempotency_key": form_value(page.body, "idempotency_key"),
        "draft_version": form_value(page.body, "draft_version"),
    }
    return page, data


def _applications(applicant: Applicant) -> list[str]:
    from teacherreg.registration.models import Application

    return list(Application.objects.filter(applicant_id=applicant.pk).values_list("number", flat=True))


def _number_in(location: str) -> str:
    found = re.search(r"/steps/done/(\d{15})/", location)
    return found.group(1) if found else ""


def check_retry_after_commit(browser: Browser, applicant: Applicant) -> dict[str, Any]:
    """Submit through one instance; then the very same POST again through the other, as a
    browser does when the first response is lost after the server committed."""
    page, data = _pledge(browser)
    first = browser.post_form("submit", "/me/registration/steps/6/", data)
    # The browser never saw that answer (that is why it retries): the retry is the next request.
    retry = browser.post_form("submit again (retry)", "/me/registration/steps/6/", data)
    first_chain = browser.follow(first)
    retry_chain = browser.follow(retry)
    numbers = _applications(applicant)
    number = numbers[0] if len(numbers) == 1 else ""
    final = retry_chain[-1] if retry_chain else retry
    return {
        "pledge_page": page.seen(),
        "key_found": bool(data["idempotency_key"]),
        "first": first.seen(),
        "first_number": _number_in(first.location),
        "first_chain": [p.seen() for p in first_chain],
        "retry": retry.seen(),
        "retry_number": _number_in(retry.location),
        "retry_chain": [p.seen() for p in retry_chain],
        "retry_final_names_number": bool(number) and number in final.body,
        "applications": len(numbers),
        "number": number,
    }


def _waiting_on_locks() -> int:
    """Other sessions of this database waiting for a lock. Not "blocked by us": PostgreSQL
    queues a row's waiters, so the second waits on the first waiter's tuple lock."""
    from django.db import connection

    with connection.cursor() as cursor:
        # pg_stat_activity is a per-transaction snapshot; clear it so each poll is current.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND cardinality(pg_blocking_pids(pid)) > 0"
        )
        return int(cursor.fetchone()[0])


def check_overlapping_retry(browser: Browser, applicant: Applicant) -> dict[str, Any]:
    """The retry arrives while the first submission is still running (a proxy or browser
    retrying a slow request). Made certain, not left to timing: the bench holds the draft
    row's lock, both POSTs (one per instance) reach the submission and wait on it, and only
    then is the lock let go."""
    from django.db import transaction

    from teacherreg.registration.models import ApplicationDraft

    page, data = _pledge(browser, "overlapping: step 6 (pledge)")
    tabs = [browser.copy(), browser.copy()]
    answers: list[Page | None] = [None, None]

    def post(index: int) -> None:
        label = f"overlapping: submit, tab {index + 1}"
        answers[index] = tabs[index].post_form(label, "/me/registration/steps/6/", data)

    threads = [threading.Thread(target=post, args=(i,), daemon=True) for i in range(2)]
    waiting = 0
    with transaction.atomic():
        ApplicationDraft.objects.select_for_update().get(applicant_id=applicant.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while time.monotonic() < deadline and waiting < 2:
            waiting = _waiting_on_locks()
            time.sleep(0.05)
    for thread in threads:
        thread.join(60)
    numbers = _applications(applicant)
    return {
        "pledge_page": page.seen(),
        "waiting_on_the_draft_lock": waiting,
        "responses": [{**p.seen(), "number": _number_in(p.location)} if p else {"status": 0} for p in answers],
        "applications": len(numbers),
        "number": numbers[0] if len(numbers) == 1 else "",
    }


def drive(proxy_port: int) -> dict[str, Any]:
    started = time.monotonic()
    first, second = seed(2)
    seeded = time.monotonic() - started
    captcha = check_captcha(proxy_port, first)
    session, signed_in = check_session(proxy_port, first)
    after_commit = check_retry_after_commit(signed_in, first)
    second_session, other_browser = check_session(proxy_port, second)
    sign_in = {"login": {**second_session["login"], "step": "login (second applicant)"}}
    sign_in["signed_in"] = second_session["signed_in"]
    overlapping = {"sign_in": sign_in, **check_overlapping_retry(other_browser, second)}
    return {
        "seed_seconds": round(seeded, 1),
        "captcha": captcha,
        "session": session,
        "retry_after_commit": after_commit,
        "overlapping_retry": overlapping,
    }


def main() -> None:
    import django

    django.setup()
    seen = drive(int(sys.argv[1]))
    print("BENCH_SCALE_OUT_SEEN " + json.dumps(seen, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
