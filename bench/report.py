"""The bench's results: ``latest.json`` (the shape issue 7 fixes) and the Markdown report with
each target met or missed and, where missed, why and what would fix it.

Pure functions over plain data, so the tests can check the shape and the verdicts without
running a server.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

KINDS = ("anonymous", "applicant", "office")
# Issue 7 targets: share of the baseline's throughput per kind of page, and the rest.
RATIO_TARGET = {"anonymous": 0.50, "applicant": 0.30, "office": 0.20}
P99_TARGET_MS = 100.0
CONNECTIONS = 16
UNIT_TARGETS = {
    "pdf_p50_ms": (60.0, "ms", "申请表 PDF p50"),
    "photo_fix_ms": (80.0, "ms", "photo fix, 12 MP JPEG"),
    "xlsx_100k_s": (30.0, "s", "xlsx export, 100k rows, time"),
    "xlsx_100k_peak_mb": (300.0, "MB", "xlsx export, 100k rows, peak memory"),
}
LOOKUP_TARGET_MS = 2.0
QUEUE_TARGET_MS = 50.0
ENDPOINT_KEYS = ("kind", "rps", "p50_ms", "p99_ms", "ratio", "errors")
UNIT_KEYS = ("pdf_p50_ms", "photo_fix_ms", "xlsx_100k_s", "xlsx_100k_peak_mb", "submit_ms")
# Beside issue 7's four keys: the scale-out check and the signed-in floor.
OPTIONAL_KEYS = {"scale_out", "signed_in_floor"}
# The floor a signed-in page of each kind stands on: the bare endpoint with that kind's session.
FLOOR_OF_KIND = {"applicant": "signed_in_floor_applicant", "office": "signed_in_floor_office"}


# --- latest.json -------------------------------------------------------------------------


def endpoint_figures(kind: str, rps: float, p50_ms: float, p99_ms: float, errors: int, baseline_rps: float) -> dict:
    return {
        "kind": kind,
        "rps": round(rps, 1),
        "p50_ms": round(p50_ms, 2),
        "p99_ms": round(p99_ms, 2),
        "ratio": round(rps / baseline_rps, 3) if baseline_rps else 0.0,
        "errors": int(errors),
    }


def latest(
    baseline_rps: float,
    endpoints: dict[str, dict],
    unit: dict[str, float | None],
    scale: dict,
    scale_out: dict | None = None,
    floors: dict[str, dict] | None = None,
) -> dict:
    """Issue 7's four keys, then ``scale_out`` (``bench/scale_out.py``) and ``signed_in_floor``
    (the bare endpoint requested with each signed-in session) when they are given."""
    data = {
        "baseline_rps": round(baseline_rps, 1),
        "endpoints": endpoints,
        "unit": {key: unit.get(key) for key in UNIT_KEYS},
        "scale": scale,
    }
    if scale_out is not None:
        data["scale_out"] = scale_out
    if floors:
        data["signed_in_floor"] = floors
    return data


def shape_errors(data: Any) -> list[str]:
    """What is wrong with ``data`` as issue 7's JSON (empty when it is right)."""
    problems: list[str] = []
    if not isinstance(data, dict) or set(data) - OPTIONAL_KEYS != {"baseline_rps", "endpoints", "unit", "scale"}:
        return ["top level must be exactly baseline_rps, endpoints, unit, scale"]
    if "scale_out" in data:
        problems += _scale_out_shape_errors(data["scale_out"])
    if not isinstance(data["baseline_rps"], int | float):
        problems.append("baseline_rps must be a number")
    for name, figures in data["endpoints"].items():
        if not isinstance(figures, dict) or tuple(figures) != ENDPOINT_KEYS:
            problems.append(f"endpoints.{name} must have exactly {', '.join(ENDPOINT_KEYS)}")
        elif figures["kind"] not in KINDS:
            problems.append(f"endpoints.{name}.kind must be one of {', '.join(KINDS)}")
    if not isinstance(data["unit"], dict) or tuple(data["unit"]) != UNIT_KEYS:
        problems.append(f"unit must have exactly {', '.join(UNIT_KEYS)}")
    for size, queries in data["scale"].items():
        if not isinstance(queries, dict) or not all(isinstance(v, int | float) for v in queries.values()):
            problems.append(f"scale.{size} must map query names to milliseconds")
    return problems


SCALE_OUT_CHECK_KEYS = ("passed", "target", "figure", "why", "evidence")


def _scale_out_shape_errors(found: Any) -> list[str]:
    """``scale_out``: ``passed`` (true, false, or null when not run), ``checks`` (name → passed,
    target, figure, why, evidence) and ``note``; how it ran may come beside them."""
    if not isinstance(found, dict) or not {"passed", "checks", "note"} <= set(found):
        return ["scale_out must have passed, checks and note"]
    problems = []
    if found["passed"] not in (True, False, None):
        problems.append("scale_out.passed must be true, false or null")
    for name, check in found["checks"].items():
        if not isinstance(check, dict) or tuple(check) != SCALE_OUT_CHECK_KEYS:
            problems.append(f"scale_out.checks.{name} must have exactly {', '.join(SCALE_OUT_CHECK_KEYS)}")
        elif not isinstance(check["passed"], bool):
            problems.append(f"scale_out.checks.{name}.passed must be true or false")
    return problems


# --- targets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    target: str
    figure: str
    met: bool | None  # None: not measured
    why: str = ""


def _page_why(name: str, figures: dict, profile: dict, baseline_ms: float) -> str:
    """Where the page's time goes, from the in-process profile of one request."""
    found = profile.get(name) or {}
    if not found:
        return ""
    ms, sql_ms, queries = found.get("ms", 0.0), found.get("sql_ms", 0.0), found.get("queries", 0)
    text = (
        f"One request in-process: {ms:.1f} ms ({queries} SQL queries, {sql_ms:.1f} ms in SQL, "
        f"{max(ms - sql_ms, 0):.1f} ms in Python and templates) against {baseline_ms:.1f} ms for the baseline."
    )
    slowest = found.get("slowest_sql_ms", 0.0)
    if ms and slowest >= 0.3 * ms:
        table = re.search(r'FROM "(\w+)"', found.get("slowest_sql", ""))
        text += f" One query{f' on {table.group(1)}' if table else ''} takes {slowest:.0f} ms"
        planning, execution = found.get("slowest_planning_ms"), found.get("slowest_execution_ms")
        if planning is not None and execution is not None:
            text += f" ({planning:.0f} ms planning, {execution:.1f} ms executing)"
        if planning is not None and execution is not None and planning > 5 * max(execution, 0.1):
            text += (
                ": PostgreSQL spends it choosing a plan for a statement with very many joins; "
                "fetch the case by key first and its related rows in fewer joins (or prefetch), "
                "so the planner has little to choose."
            )
        else:
            text += ": an index for it, or caching its result, would fix it."
    elif sql_ms >= 0.5 * ms:
        text += " Most of it is SQL: fewer or cheaper queries would fix it."
    else:
        text += (
            " Most of it is Python (middleware, view, template rendering): a cheaper template and "
            "fewer per-request steps would fix it."
        )
    return text


def _floor_why(kind: str, page: dict, floors: dict[str, dict]) -> str:
    """How much of the gap is paid before the view runs, from the signed-in floor."""
    floor = floors.get(FLOOR_OF_KIND.get(kind, ""))
    if not floor or not floor["rps"] or not page["rps"]:
        return ""
    goal = RATIO_TARGET[kind]
    floor_ms, page_ms = 1000 / floor["rps"], 1000 / page["rps"]
    text = (
        f" Signed in, the bare endpoint itself reaches {floor['ratio']:.0%} of the baseline "
        f"({floor['rps']:.0f} req/s): the session row, the user row and the checks every signed-in request "
        "runs (session policy"
        + (", second factor, the member's organisations" if kind == "office" else "")
        + ") before any view."
    )
    if floor["ratio"] < goal:
        text += (
            f" That alone is below the {goal:.0%} target, so no page of this kind can meet it while each "
            "request reads its session and user from the database (security.md: sessions live in PostgreSQL so a "
            "Redis outage signs nobody out); meeting it would take sessions and users served from memory and the "
            "page itself cached per person (ADR 0008 and 0009 say why neither was chosen)."
        )
    else:
        text += (
            f" The view and its template add {page_ms - floor_ms:.1f} ms of a worker per request on top of "
            f"{floor_ms:.1f} ms."
        )
    return text


def endpoint_verdicts(
    endpoints: dict[str, dict], profile: dict, baseline_ms: float, floors: dict[str, dict] | None = None
) -> list[Verdict]:
    verdicts = []
    for name, f in endpoints.items():
        goal = RATIO_TARGET[f["kind"]]
        why = _page_why(name, f, profile, baseline_ms) + _floor_why(f["kind"], f, floors or {})
        verdicts.append(
            Verdict(
                f"{name} ({f['kind']}) ≥ {goal:.0%} of baseline",
                f"{f['ratio']:.1%} ({f['rps']:.0f} req/s)",
                f["ratio"] >= goal,
                "" if f["ratio"] >= goal else why,
            )
        )
        p99_ok = f["p99_ms"] <= P99_TARGET_MS
        need_rps = CONNECTIONS / (P99_TARGET_MS / 1000)
        p99_why = (
            f"With {CONNECTIONS} connections always busy, mean latency = {CONNECTIONS} / throughput "
            f"= {CONNECTIONS / f['rps'] * 1000 if f['rps'] else float('inf'):.0f} ms here; p99 ≤ "
            f"{P99_TARGET_MS:.0f} ms needs well over {need_rps:.0f} req/s on this machine, i.e. a cheaper "
            "page or more cores (more workers than cores only queue differently)."
        )
        verdicts.append(
            Verdict(f"{name} p99 ≤ {P99_TARGET_MS:.0f} ms", f"{f['p99_ms']:.1f} ms", p99_ok, "" if p99_ok else p99_why)
        )
        errors_ok = f["errors"] == 0
        verdicts.append(
            Verdict(
                f"{name} zero errors",
                str(f["errors"]),
                errors_ok,
                "" if errors_ok else "Responses other than 200 or socket errors; see the server log in var/bench.",
            )
        )
    return verdicts


def unit_verdicts(unit: dict[str, float | None], why: dict[str, str]) -> list[Verdict]:
    verdicts = []
    for key, (limit, unit_name, label) in UNIT_TARGETS.items():
        value = unit.get(key)
        if value is None:
            verdicts.append(Verdict(f"{label} ≤ {limit:g} {unit_name}", "not measured", None))
            continue
        met = value <= limit
        shown = f"{value:.1f} {unit_name}"
        verdicts.append(Verdict(f"{label} ≤ {limit:g} {unit_name}", shown, met, "" if met else why.get(key, "")))
    return verdicts


FLAT = 1.5  # "flat": the largest size costs at most this many times the smallest


def scale_limit(query: str) -> float | None:
    """The issue's server-time target for a scale query, by its name: certificate lookups
    (``certificate_by_index``, ``…lookup…``) ≤ 2 ms, queue pages ≤ 50 ms, others none."""
    if "lookup" in query or query.startswith("certificate_by"):
        return LOOKUP_TARGET_MS
    if "queue" in query:
        return QUEUE_TARGET_MS
    return None


def scale_verdicts(scale: dict[str, dict[str, float]]) -> list[Verdict]:
    """Lookups (≤ 2 ms) and queue pages (≤ 50 ms) at every size measured, and flat: the
    largest size within ``FLAT`` times the smallest."""
    if not scale:
        return [
            Verdict(f"certificate lookup ≤ {LOOKUP_TARGET_MS:g} ms, flat to 1M", "not measured", None),
            Verdict(f"queue page ≤ {QUEUE_TARGET_MS:g} ms, flat to 100k applications", "not measured", None),
        ]
    verdicts = []
    names = sorted({query for queries in scale.values() for query in queries})
    for query in names:
        limit = scale_limit(query)
        if limit is None:
            continue
        values = {size: queries[query] for size, queries in scale.items() if query in queries}
        worst = max(values.values())
        first, last = next(iter(values.values())), list(values.values())[-1]
        growth = last / first if first else 1.0
        shown = ", ".join(f"{size}: {ms:.2f} ms" for size, ms in values.items())
        met = worst <= limit and growth <= FLAT
        why = []
        over = [size for size, ms in values.items() if ms > limit]
        if over:
            why.append(f"Over the target at {', '.join(over)}")
        if growth > FLAT:
            why.append(f"grows {growth:.1f}× from the smallest size to the largest")
        verdicts.append(
            Verdict(
                f"{query} ≤ {limit:g} ms at every size, flat",
                shown,
                met,
                "" if met else "; ".join(why) + ". See its EXPLAIN below.",
            )
        )
    return verdicts


def scale_out_verdicts(found: dict[str, Any] | None) -> list[Verdict]:
    """One line per scale-out check, or one "not measured" line with the reason."""
    if not found or not found.get("checks"):
        reason = (found or {}).get("note") or "not run"
        if (found or {}).get("passed") is False:  # it ran and broke: a miss, not a gap
            return [Verdict("scale-out: two instances behind a round-robin proxy", "failed to run", False, reason)]
        return [Verdict("scale-out: two instances behind a round-robin proxy", reason, None)]
    return [
        Verdict(check["target"], check["figure"], check["passed"], check["why"]) for check in found["checks"].values()
    ]


# --- Markdown ------------------------------------------------------------------------------


def _mark(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in row) + " |" for row in rows]
    return lines


def markdown(context: dict[str, Any]) -> str:
    """The report. ``context``: started (datetime), machine, versions, settings (dict),
    data (latest.json), profile, login, units (raw unit figures), baselines (list of rps),
    verdicts (list of Verdict), explain ({size: {query: text}}), notes (list of str)."""
    data = context["data"]
    started: datetime.datetime = context["started"]
    out = [f"# Benchmark {started:%Y-%m-%d %H:%M} (`make bench`)", ""]
    machine = context["machine"]
    out += [
        f"Machine: {machine['cores']} cores, {machine['memory_gb']} GB, {machine['cpu']} ({machine['os']}).  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in context["versions"].items()) + ".  ",
        "Settings: " + ", ".join(f"{k}={v}" for k, v in context["settings"].items()) + ".",
        "",
        "## Pages",
        "",
        f"Baseline (`/bench/baseline/`, same server, no database, session or template): "
        f"**{data['baseline_rps']:.0f} req/s** "
        f"(runs: {', '.join(f'{rps:.0f}' for rps in context['baselines'])}; the figure is their mean).",
        "",
    ]
    profile = context["profile"]
    rows = []
    for name, f in data["endpoints"].items():
        p = profile.get(name, {})
        rows.append(
            [
                name,
                f["kind"],
                f"{f['rps']:.0f}",
                f"{f['ratio']:.1%}",
                f"{f['p50_ms']:.1f}",
                f"{f['p99_ms']:.1f}",
                str(f["errors"]),
                str(p.get("queries", "?")),
                f"{p.get('ms', 0):.1f}",
            ]
        )
    out += _table(
        ["page", "kind", "req/s", "of baseline", "p50 ms", "p99 ms", "errors", "SQL queries", "in-process ms"], rows
    )
    out += ["", f"{CONNECTIONS} connections, wrk, {context['settings'].get('seconds per page', '?')} s per page.", ""]
    floors = data.get("signed_in_floor") or {}
    if floors:
        out += [
            "Signed-in floor: the baseline URL requested with the applicant's and the operator's session, so the "
            "middleware reads the session and the user and runs the signed-in checks, but no view or template runs. "
            "Every signed-in page costs at least this much.",
            "",
        ]
        out += _table(
            ["floor", "req/s", "of baseline", "p50 ms", "p99 ms", "errors"],
            [
                [
                    name,
                    f"{f['rps']:.0f}",
                    f"{f['ratio']:.1%}",
                    f"{f['p50_ms']:.1f}",
                    f"{f['p99_ms']:.1f}",
                    str(f["errors"]),
                ]
                for name, f in floors.items()
            ],
        )
        out += [""]
    out += ["## Targets", ""]
    out += _table(
        ["target", "measured", "verdict", "why, and what would fix it"],
        [[v.target, v.figure, _mark(v.met), v.why] for v in context["verdicts"]],
    )
    login = context.get("login") or {}
    out += ["", "## Login", ""]
    if login:
        out += [
            f"**{login['logins_per_s']:.1f} logins/s** with {login['processes']} processes "
            f"({login['hasher']}, {login['iterations']:,} iterations): one hash alone takes "
            f"{login['hash_ms']:.0f} ms, one login under load {login['login_ms']:.0f} ms of a core.",
            "",
            context.get("login_justification", ""),
        ]
    else:
        out += ["Not measured."]
    units = context.get("units") or {}
    out += ["", "## Unit costs", ""]
    for name, figures in units.items():
        shown = ", ".join(f"{k} {_fmt(v)}" for k, v in figures.items())
        out.append(f"- **{name}**: {shown}")
    out += ["", "## Scale", ""]
    if data["scale"]:
        sizes = list(data["scale"])
        queries = sorted({q for qs in data["scale"].values() for q in qs})
        out += _table(
            ["query", *sizes], [[q, *[_fmt(data["scale"][s].get(q)) + " ms" for s in sizes]] for q in queries]
        )
        for key, values in (context.get("scale_extra") or {}).items():
            out += ["", f"{key}: " + json.dumps(values, ensure_ascii=False)]
        for size, plans in (context.get("explain") or {}).items():
            for query, text in plans.items():
                body = text if isinstance(text, str) else "\n".join(str(part) for part in text)
                out += ["", f"### EXPLAIN (ANALYZE, BUFFERS): {query} at {size}", "", "```", body.rstrip(), "```"]
    else:
        reason = context.get("scale_note") or "`bench/scale.py` with `measure(database_env, full)` is not there yet"
        out += [f"Not measured: {reason}"]
    out += ["", *_scale_out_section(data.get("scale_out"))]
    out += ["", "## Notes", ""]
    out += [f"- {note}" for note in context.get("notes", [])]
    return "\n".join(out) + "\n"


def _requests_in(evidence: Any) -> list[dict[str, Any]]:
    """Every response noted in a check's evidence (a dict with ``request`` and ``instance``),
    in the order the evidence lists them."""
    if isinstance(evidence, dict):
        if "request" in evidence and "instance" in evidence:
            return [evidence]
        return [found for value in evidence.values() for found in _requests_in(value)]
    if isinstance(evidence, list):
        return [found for value in evidence for found in _requests_in(value)]
    return []


def _scale_out_section(found: dict[str, Any] | None) -> list[str]:
    out = ["## Scale-out", ""]
    if not found or not found.get("checks"):
        return [*out, f"Not measured: {(found or {}).get('note') or 'not run'}."]
    instances = found.get("instances", {})
    proxy = found.get("proxy", {})
    out += [
        "Two gunicorn instances (production settings, one database, one Redis DB, the same keys) behind "
        "`bench/proxy.py`, which hands each request to the next instance in turn and names it in "
        "`X-Bench-Upstream`: "
        + ", ".join(
            f"**{name}** on port {i.get('port')} (master {i.get('gunicorn_pid')})" for name, i in instances.items()
        )
        + f"; proxy on port {proxy.get('port')}, requests in order `{proxy.get('sequence', '')}` "
        f"({', '.join(f'{k}: {v}' for k, v in proxy.get('requests', {}).items())}); {found.get('seconds', '?')} s.",
        "",
    ]
    out += _table(
        ["check", "verdict", "what happened"],
        [[name, _mark(c["passed"]), c["figure"]] for name, c in found["checks"].items()],
    )
    for name, check in found["checks"].items():
        rows = _requests_in(check["evidence"])
        if not rows:
            continue
        out += ["", f"### {name}", ""]
        out += _table(
            ["step", "request", "instance", "status", "redirect to"],
            [
                [r.get("step", ""), r["request"], r["instance"], str(r.get("status", "")), r.get("location", "")]
                for r in rows
            ],
        )
        if check["why"]:
            out += ["", f"Why: {check['why']}"]
    return out


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def summary(data: dict, verdicts: list[Verdict]) -> str:
    lines = [f"baseline {data['baseline_rps']:.0f} req/s"]
    for name, f in data["endpoints"].items():
        lines.append(
            f"  {name:<20} {f['kind']:<10} {f['rps']:>7.0f} req/s {f['ratio']:>6.1%}  "
            f"p50 {f['p50_ms']:>7.1f} ms  p99 {f['p99_ms']:>7.1f} ms  errors {f['errors']}"
        )
    lines.append("  unit: " + ", ".join(f"{k} {_fmt(v)}" for k, v in data["unit"].items()))
    found = data.get("scale_out")
    if found and found.get("checks"):
        passed = sum(1 for c in found["checks"].values() if c["passed"])
        lines.append(f"  scale-out: {passed} of {len(found['checks'])} checks passed")
    elif found:
        lines.append(f"  scale-out: {found.get('note') or 'not run'}")
    met = sum(1 for v in verdicts if v.met)
    missed = sum(1 for v in verdicts if v.met is False)
    lines.append(f"targets: {met} met, {missed} missed, {len(verdicts) - met - missed} not measured")
    return "\n".join(lines)
