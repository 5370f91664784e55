"""The local SMS backends: console (masked), file (development), memory (tests)."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from teacherreg.notify.sms import get_provider
from teacherreg.notify.sms.backends import ConsoleSmsProvider, FileSmsProvider, MemorySmsProvider

PARAMS = {"code": "482916", "minutes": "5", "purpose_label": "账号注册"}


def test_the_console_is_the_default(settings):
    del settings.TEACHERREG_SMS_BACKEND
    assert isinstance(get_provider(), ConsoleSmsProvider)


def test_the_console_logs_a_masked_line_without_the_code(caplog):
    caplog.set_level(logging.INFO, logger="teacherreg.notify.sms")
    result = ConsoleSmsProvider().send("13600000001", "sms_code", PARAMS, text="【x】验证码482916")
    assert result.ok
    [record] = caplog.records
    line = record.getMessage()
    assert line.startswith("SMS (console) to 136****01, template sms_code, params ")
    assert '"code": "******"' in line
    assert "13600000001" not in line
    assert "482916" not in line


def test_the_file_keeps_the_code_and_masks_the_phone(settings, tmp_path):
    settings.TEACHERREG_SMS_FILE_PATH = tmp_path / "sms" / "outbox.jsonl"
    provider = FileSmsProvider()
    assert provider.send("13600000001", "sms_code", PARAMS, text="【教师资格定期注册】验证码482916").ok
    assert provider.send("13600000002", "password_changed", {}).ok
    lines = [json.loads(line) for line in (tmp_path / "sms" / "outbox.jsonl").read_text("utf-8").splitlines()]
    assert [(line["phone"], line["template"], line["params"]) for line in lines] == [
        ("136****01", "sms_code", PARAMS),
        ("136****02", "password_changed", {}),
    ]
    assert "13600000001" not in (tmp_path / "sms" / "outbox.jsonl").read_text("utf-8")


def test_an_unwritable_file_is_a_retryable_failure(settings, tmp_path):
    (tmp_path / "blocker").write_text("a file where a folder should be")
    settings.TEACHERREG_SMS_FILE_PATH = tmp_path / "blocker" / "outbox.jsonl"
    result = FileSmsProvider().send("13600000001", "sms_code", PARAMS)
    assert (result.ok, result.error_code, result.retryable) == (False, "file_error", True)


@pytest.mark.parametrize("provider", [FileSmsProvider, MemorySmsProvider])
def test_the_backends_that_keep_codes_refuse_to_run_in_production(settings, provider):
    settings.DEBUG = False
    settings.TEACHERREG_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured, match="development and tests only"):
        provider()


def test_memory_matches_any_spelling_of_the_phone(memory_sms):
    MemorySmsProvider().send("+86 136 0000 0001", "sms_code", PARAMS)
    assert [m.params["code"] for m in memory_sms.for_phone("13600000001")] == ["482916"]
