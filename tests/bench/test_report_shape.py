"""latest.json has issue 7's shape, and the report's verdicts follow the targets."""

from __future__ import annotations

import datetime

from bench import report


def _unit(**changes):
    values = {
        "pdf_p50_ms": 28.0,
        "photo_fix_ms": 95.0,
        "xlsx_100k_s": 24.0,
        "xlsx_100k_peak_mb": 80.0,
        "submit_ms": 900.0,
    }
    return values | changes


def _data():
    endpoints = {
        "home": report.endpoint_figures("anonymous", 600.0, 20.0, 45.0, 0, 2000.0),
        "desk_queue": report.endpoint_figures("office", 30.0, 500.0, 620.0, 2, 2000.0),
    }
    return report.latest(2000.0, endpoints, _unit(), {"10k": {"certificate_lookup": 0.8}})


def test_latest_json_has_exactly_the_issue_shape():
    data = _data()

    assert list(data) == ["baseline_rps", "endpoints", "unit", "scale"]
    assert data["endpoints"]["home"] == {
        "kind": "anonymous",
        "rps": 600.0,
        "p50_ms": 20.0,
        "p99_ms": 45.0,
        "ratio": 0.3,
        "errors": 0,
    }
    assert list(data["unit"]) == ["pdf_p50_ms", "photo_fix_ms", "xlsx_100k_s", "xlsx_100k_peak_mb", "submit_ms"]
    assert data["scale"] == {"10k": {"certificate_lookup": 0.8}}
    assert report.shape_errors(data) == []


def test_shape_errors_name_what_is_wrong():
    data = _data()
    data["endpoints"]["home"]["kind"] = "robot"
    data["unit"].pop("submit_ms")
    data["scale"]["100k"] = {"certificate_lookup": "slow"}

    assert report.shape_errors(data) == [
        "endpoints.home.kind must be one of anonymous, applicant, office",
        "unit must have exactly pdf_p50_ms, photo_fix_ms, xlsx_100k_s, xlsx_100k_peak_mb, submit_ms",
        "scale.100k must map query names to milliseconds",
    ]
    assert report.shape_errors({"baseline_rps": 1}) == [
        "top level must be exactly baseline_rps, endpoints, unit, scale"
    ]


def test_endpoint_verdicts_follow_the_targets_per_kind():
    data = _data()
    verdicts = report.endpoint_verdicts(data["endpoints"], {}, 0.5)

    assert [(v.target, v.met) for v in verdicts] == [
        ("home (anonymous) ≥ 50% of baseline", False),  # 30 %
        ("home p99 ≤ 100 ms", True),
        ("home zero errors", True),
        ("desk_queue (office) ≥ 20% of baseline", False),  # 1.5 %
        ("desk_queue p99 ≤ 100 ms", False),
        ("desk_queue zero errors", False),
    ]


def test_a_slow_query_is_named_with_its_table_and_planning_time():
    figures = report.endpoint_figures("office", 5.0, 3000.0, 3500.0, 0, 1000.0)
    profile = {
        "desk_case": {
            "ms": 350.0,
            "sql_ms": 320.0,
            "queries": 17,
            "slowest_sql_ms": 315.0,
            "slowest_sql": 'SELECT DISTINCT "registration_application"."id" FROM "registration_application" INNER JOIN',
            "slowest_planning_ms": 312.0,
            "slowest_execution_ms": 1.5,
        }
    }

    ratio = report.endpoint_verdicts({"desk_case": figures}, profile, 0.5)[0]

    assert ratio.met is False
    assert ratio.why.startswith(
        "One request in-process: 350.0 ms (17 SQL queries, 320.0 ms in SQL, 30.0 ms in Python and templates) "
        "against 0.5 ms for the baseline. One query on registration_application takes 315 ms "
        "(312 ms planning, 1.5 ms executing): PostgreSQL spends it choosing a plan"
    )


def test_unit_verdicts_follow_the_targets():
    verdicts = report.unit_verdicts(_unit(xlsx_100k_peak_mb=None), {"photo_fix_ms": "decode"})

    assert [(v.target, v.met, v.why) for v in verdicts] == [
        ("申请表 PDF p50 ≤ 60 ms", True, ""),
        ("photo fix, 12 MP JPEG ≤ 80 ms", False, "decode"),
        ("xlsx export, 100k rows, time ≤ 30 s", True, ""),
        ("xlsx export, 100k rows, peak memory ≤ 300 MB", None, ""),
    ]


def test_scale_without_figures_is_not_measured_and_with_them_is_judged():
    assert [v.met for v in report.scale_verdicts({})] == [None, None]

    verdicts = report.scale_verdicts(
        {
            "10k": {"certificate_by_index": 0.5, "certificate_lookup": 0.8, "desk_queue": 60.0, "statistics": 400.0},
            "100k": {"certificate_by_index": 0.9, "certificate_lookup": 2.5, "desk_queue": 70.0, "statistics": 4500.0},
        }
    )

    assert [(v.target, v.met, v.why) for v in verdicts] == [
        (
            "certificate_by_index ≤ 2 ms at every size, flat",
            False,
            "grows 1.8× from the smallest size to the largest. See its EXPLAIN below.",
        ),
        (
            "certificate_lookup ≤ 2 ms at every size, flat",
            False,
            "Over the target at 100k; grows 3.1× from the smallest size to the largest. See its EXPLAIN below.",
        ),
        (
            "desk_queue ≤ 50 ms at every size, flat",
            False,
            "Over the target at 10k, 100k. See its EXPLAIN below.",
        ),
    ]  # statistics has no target of its own


def test_the_markdown_report_names_the_machine_and_says_what_was_not_measured():
    data = _data()
    data["scale"] = {}
    text = report.markdown(
        {
            "started": datetime.datetime(2026, 11, 28, 21, 0),
            "machine": {"cores": 2, "memory_gb": 23.5, "cpu": "AMD EPYC", "os": "Linux"},
            "versions": {"python": "3.11.7", "django": "5.2.19"},
            "settings": {"DEBUG": False, "seconds per page": 10},
            "data": data,
            "profile": {},
            "login": {},
            "units": {},
            "baselines": [1990.0, 2010.0],
            "verdicts": report.scale_verdicts({}),
            "explain": {},
            "notes": ["a note"],
        }
    )

    assert text.startswith("# Benchmark 2026-11-28 21:00")
    assert "2 cores, 23.5 GB, AMD EPYC" in text
    assert "python 3.11.7, django 5.2.19" in text
    assert "**2000 req/s** (runs: 1990, 2010" in text
    assert "| home | anonymous | 600 | 30.0% | 20.0 | 45.0 | 0 | ? | 0.0 |" in text
    assert "Not measured: `bench/scale.py` with `measure(database_env, full)` is not there yet" in text
    assert "- a note" in text


def _floors(applicant_rps: float, office_rps: float) -> dict:
    return {
        "signed_in_floor_applicant": report.endpoint_figures("floor", applicant_rps, 5.0, 9.0, 0, 2000.0),
        "signed_in_floor_office": report.endpoint_figures("floor", office_rps, 6.0, 11.0, 0, 2000.0),
    }


def test_the_signed_in_floor_is_kept_beside_the_issue_keys():
    endpoints = {"desk_queue": report.endpoint_figures("office", 30.0, 500.0, 620.0, 0, 2000.0)}
    data = report.latest(2000.0, endpoints, _unit(), {}, None, _floors(500.0, 400.0))

    assert list(data) == ["baseline_rps", "endpoints", "unit", "scale", "signed_in_floor"]
    assert data["signed_in_floor"]["signed_in_floor_office"]["ratio"] == 0.2
    assert report.shape_errors(data) == []


def test_a_page_whose_floor_is_below_the_target_says_so():
    page = report.endpoint_figures("applicant", 200.0, 70.0, 90.0, 0, 2000.0)
    below = report.endpoint_verdicts({"application_list": page}, {}, 0.5, _floors(500.0, 400.0))[0]
    above = report.endpoint_verdicts({"application_list": page}, {}, 0.5, _floors(1000.0, 400.0))[0]

    assert below.met is False
    assert "the bare endpoint itself reaches 25% of the baseline (500 req/s)" in below.why
    assert "That alone is below the 30% target" in below.why
    assert "That alone" not in above.why
    assert "add 4.0 ms of a worker per request on top of 1.0 ms" in above.why


def test_the_markdown_report_lists_the_floors():
    data = report.latest(2000.0, {}, _unit(), {}, None, _floors(500.0, 400.0))
    text = report.markdown(
        {
            "started": datetime.datetime(2026, 11, 29, 6, 0),
            "machine": {"cores": 2, "memory_gb": 23.5, "cpu": "AMD EPYC", "os": "Linux"},
            "versions": {},
            "settings": {},
            "data": data,
            "profile": {},
            "baselines": [2000.0],
            "verdicts": [],
        }
    )
    assert "| signed_in_floor_applicant | 500 | 25.0% | 5.0 | 9.0 | 0 |" in text
