"""The scale-out check's verdicts, judged from what its browser saw (written out by hand here
as the driver reports it), and how they reach latest.json and the report."""

from __future__ import annotations

from pathlib import Path

from bench import report, scale_out
from bench.environment import BenchConfig


def _step(step: str, request: str, instance: str, status: int, location: str = "") -> dict:
    seen = {"step": step, "request": request, "status": status, "instance": instance}
    return seen | ({"location": location} if location else {})


def _captcha(**changes) -> dict:
    seen = {
        "page": _step("login page", "GET /account/login/", "a", 200),
        "challenge": _step("captcha challenge", "POST /captcha/challenge/", "b", 200),
        "answer_found": True,
        "verify": _step("captcha verify", "POST /captcha/verify/", "a", 200),
        "verify_ok": True,
        "verify_message": "验证通过",
        "login": _step("login", "POST /account/login/", "b", 200),
        "wrong_password_message": True,
        "captcha_refusal": "",
    }
    return seen | changes


def _session(**changes) -> dict:
    seen = {
        "login": _step("login", "POST /account/login/", "b", 302, "/me/"),
        "signed_in": True,
        "pages": [
            _step("application list", "GET /me/registration/applications/", "a", 200) | {"signed_in": True},
            _step("application list", "GET /me/registration/applications/", "b", 200) | {"signed_in": True},
        ],
        "same_session": True,
    }
    return seen | changes


def _after_commit(**changes) -> dict:
    done = "/me/registration/steps/done/202637010200001/"
    seen = {
        "first": _step("submit", "POST /me/registration/steps/6/", "b", 302, done),
        "first_number": "202637010200001",
        "retry": _step("submit again (retry)", "POST /me/registration/steps/6/", "a", 302, "/me/registration/steps/"),
        "retry_number": "",
        "retry_chain": [
            _step("redirect", "GET /me/registration/steps/", "b", 302, "/me/registration/apply/"),
            _step("redirect", "GET /me/registration/apply/", "a", 200),
        ],
        "retry_final_names_number": False,
        "applications": 1,
        "number": "202637010200001",
    }
    return seen | changes


def _overlapping(**changes) -> dict:
    done = "/me/registration/steps/done/202637010200002/"
    seen = {
        "waiting_on_the_draft_lock": 2,
        "responses": [
            _step("submit, tab 1", "POST /me/registration/steps/6/", "b", 302, done) | {"number": "202637010200002"},
            _step("submit, tab 2", "POST /me/registration/steps/6/", "a", 302, done) | {"number": "202637010200002"},
        ],
        "applications": 1,
        "number": "202637010200002",
        "sign_in": {"login": _step("login", "POST /account/login/", "a", 302, "/me/"), "signed_in": True},
    }
    return seen | changes


def test_a_token_issued_by_one_instance_and_accepted_by_the_other_passes():
    check = scale_out.judge_captcha(_captcha())

    assert check.passed is True
    assert check.figure == "challenge on b, verified on a, token accepted by the login on b"
    assert check.why == ""


def test_a_captcha_kept_on_one_instance_or_refused_fails_and_says_why():
    seen = _captcha(
        verify=_step("captcha verify", "POST /captcha/verify/", "b", 200),
        login=_step("login", "POST /account/login/", "a", 200),
        captcha_refusal="图形验证已过期，请重新验证。",
        wrong_password_message=False,
    )

    check = scale_out.judge_captcha(seen)

    assert check.passed is False
    assert check.why == (
        "the challenge was issued and verified on the same instance (b); "
        "the login on a refused the token: 图形验证已过期，请重新验证。."
    )


def test_a_challenge_missing_from_the_shared_cache_fails():
    check = scale_out.judge_captcha(_captcha(answer_found=False, verify=None, verify_ok=False))

    assert check.passed is False
    assert check.why.startswith("the challenge issued on b was not found in the shared cache")


def test_a_session_signed_in_on_both_instances_passes():
    check = scale_out.judge_session(_session())

    assert check.passed is True
    assert check.figure == "signed in on b; application list 200 on a, 200 on b"


def test_a_session_that_one_instance_does_not_know_fails():
    pages = [
        _step("application list", "GET /me/registration/applications/", "a", 200) | {"signed_in": True},
        _step("application list", "GET /me/registration/applications/", "b", 302, "/account/login/")
        | {"signed_in": False},
    ]

    check = scale_out.judge_session(_session(pages=pages, same_session=False))

    assert check.passed is False
    assert check.why == "b answered 302, not signed in; the session cookie changed between the instances."


def test_one_application_after_both_kinds_of_retry_is_idempotent():
    check = scale_out.judge_idempotent(_after_commit(), _overlapping())

    assert check.passed is True
    assert check.figure == (
        "after commit: 1 application (first on b, retry on a); overlapping: 1 application, "
        "b → 202637010200002, a → 202637010200002"
    )


def test_a_second_application_or_a_retry_on_the_same_instance_is_not():
    after = _after_commit(
        applications=2, retry=_step("submit again (retry)", "POST /me/registration/steps/6/", "b", 500)
    )
    responses = [
        _step("submit, tab 1", "POST /me/registration/steps/6/", "b", 302) | {"number": "202637010200002"},
        _step("submit, tab 2", "POST /me/registration/steps/6/", "a", 302) | {"number": "202637010200003"},
    ]
    overlapping = _overlapping(waiting_on_the_draft_lock=1, responses=responses)

    check = scale_out.judge_idempotent(after, overlapping)

    assert check.passed is False
    assert check.why == (
        "the retry went to the same instance (b); the retry on b answered 500; 2 applications after the retry, "
        "not 1; 1 of the 2 overlapping POSTs reached the draft lock; the overlapping POSTs answered "
        "['202637010200002', '202637010200003'], not both 202637010200002."
    )


def test_a_retry_after_commit_sent_elsewhere_than_its_number_is_a_miss_with_the_fix():
    check = scale_out.judge_retry_shows(_after_commit())

    assert check.passed is False
    assert check.figure == "retry on a → /me/registration/steps/; ends on /me/registration/apply/"
    assert "look up the applicant's application by the posted idempotency key" in check.why


def test_a_retry_after_commit_answered_with_the_number_passes():
    retry = _step("submit again (retry)", "POST /me/registration/steps/6/", "a", 302, "/done/")
    check = scale_out.judge_retry_shows(_after_commit(retry=retry, retry_number="202637010200001", retry_chain=[]))

    assert check.passed is True
    assert check.why == ""


def _found() -> dict:
    checks = scale_out.judge(
        {
            "captcha": _captcha(),
            "session": _session(),
            "retry_after_commit": _after_commit(),
            "overlapping_retry": _overlapping(),
        }
    )
    extra = {"instances": {"a": {"port": 8001, "gunicorn_pid": "11", "workers": 2}}, "proxy": {"sequence": "abab"}}
    return scale_out.result(checks, extra)


def test_the_result_is_passed_only_when_every_check_is():
    found = _found()

    assert found["passed"] is False  # retry_shows_application
    assert {name: check["passed"] for name, check in found["checks"].items()} == {
        "captcha_across_instances": True,
        "session_on_both": True,
        "submission_idempotent": True,
        "retry_shows_application": False,
    }
    assert list(found) == ["passed", "checks", "instances", "proxy", "note"]


def test_latest_json_carries_scale_out_beside_the_issue_keys_with_a_checked_shape():
    data = report.latest(2000.0, {}, {}, {}, _found())

    assert list(data) == ["baseline_rps", "endpoints", "unit", "scale", "scale_out"]
    assert report.shape_errors(data) == []

    data["scale_out"]["checks"]["session_on_both"].pop("evidence")
    data["scale_out"]["checks"]["captcha_across_instances"]["passed"] = "yes"
    assert report.shape_errors(data) == [
        "scale_out.checks.captcha_across_instances.passed must be true or false",
        "scale_out.checks.session_on_both must have exactly passed, target, figure, why, evidence",
    ]
    assert report.shape_errors(report.latest(1.0, {}, {}, {}, {"checks": {}})) == [
        "scale_out must have passed, checks and note"
    ]


def test_verdicts_one_per_check_or_one_saying_why_it_did_not_run():
    verdicts = report.scale_out_verdicts(_found())

    assert [(v.target, v.met) for v in verdicts] == [
        ("scale-out: a captcha issued by one instance verifies on the other", True),
        ("scale-out: a session works on both instances", True),
        ("scale-out: a submission retried on the other instance stays idempotent", True),
        ("scale-out: the retry after commit leads to the same application number", False),
    ]
    skipped = report.scale_out_verdicts(scale_out.not_run("BENCH_SCALE_OUT=0: not run"))
    assert [(v.figure, v.met) for v in skipped] == [("BENCH_SCALE_OUT=0: not run", None)]
    broken = report.scale_out_verdicts({"passed": False, "checks": {}, "note": "scale-out failed (boom)"})
    assert [(v.figure, v.met, v.why) for v in broken] == [("failed to run", False, "scale-out failed (boom)")]


def test_the_report_lists_each_request_with_the_instance_that_answered():
    lines = report._scale_out_section(_found())
    text = "\n".join(lines)

    assert lines[0] == "## Scale-out"
    row = "| captcha_across_instances | met | challenge on b, verified on a, token accepted by the login on b |"
    assert row in text
    assert "| captcha verify | POST /captcha/verify/ | a | 200 |  |" in text
    assert "| retry_shows_application | **missed** |" in text
    assert report._scale_out_section(scale_out.not_run("BENCH_SCALE_OUT=0: not run")) == [
        "## Scale-out",
        "",
        "Not measured: BENCH_SCALE_OUT=0: not run.",
    ]


def test_the_scale_out_database_is_the_bench_ones_name_with_a_suffix(monkeypatch):
    monkeypatch.delenv("BENCH_SCALE_OUT_REDIS_URL", raising=False)
    base = BenchConfig("postgres://bench@db.local:5433/teacherreg_bench", "redis://127.0.0.1:6379/13", Path("/x"))

    config = scale_out.scale_out_config(base)

    assert config.database_url == "postgres://bench@db.local:5433/teacherreg_bench_scaleout"
    assert config.redis_url == "redis://127.0.0.1:6379/12"
    assert config.var_dir == Path("/x/scale-out")
