"""The development provider, the provider setting, and importing the registry."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from teacherreg.identity.models import IdentityRecord
from teacherreg.identity.providers import CheckOutcome, ProviderUnavailable, get_provider
from teacherreg.identity.providers.registry import DevelopmentRegistryProvider
from teacherreg.identity.providers.testing import TimeoutProvider
from tests.factories import ApplicantFactory
from tests.identity.conftest import register
from tests.idnumbers import make_id_number

pytestmark = pytest.mark.django_db


def test_the_development_registry_is_the_default_provider(settings):
    del settings.TEACHERREG_IDENTITY_PROVIDER

    assert isinstance(get_provider(), DevelopmentRegistryProvider)


def test_the_provider_is_chosen_by_setting(settings):
    settings.TEACHERREG_IDENTITY_PROVIDER = "teacherreg.identity.providers.testing.TimeoutProvider"

    provider = get_provider()

    assert isinstance(provider, TimeoutProvider)
    with pytest.raises(ProviderUnavailable):
        provider.check(name="张三", document_number=make_id_number(1))


def test_the_development_registry_answers_like_the_police_service():
    provider = DevelopmentRegistryProvider()
    number = make_id_number(7)
    IdentityRecord.objects.create(document_number=number, name="张三")
    IdentityRecord.objects.create(document_number=make_id_number(8), name="李四", is_valid=False)

    assert provider.check(name="张三", document_number=number) == CheckOutcome.MATCH
    assert provider.check(name="张叁", document_number=number) == CheckOutcome.MISMATCH
    assert provider.check(name="李四", document_number=make_id_number(8)) == CheckOutcome.NOT_FOUND
    assert provider.check(name="王五", document_number=make_id_number(9)) == CheckOutcome.NOT_FOUND


def test_the_registry_keeps_numbers_encrypted():
    from django.db import connection

    number = make_id_number(7)
    record = IdentityRecord.objects.create(document_number=number, name="张三")
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_number, document_number_index FROM identity_identityrecord")
        stored, index = cursor.fetchone()

    assert number not in stored and number[6:] not in stored
    assert number not in index
    assert IdentityRecord.objects.get(pk=record.pk).document_number == number


def test_the_command_imports_a_csv(tmp_path):
    known = ApplicantFactory()
    register(known, "旧名")
    path = tmp_path / "registry.csv"
    path.write_text(
        f"document_number,name,valid\n{known.document_number},新名,1\n{make_id_number(500)},吴十,0\n{make_id_number(501)},\n",
        encoding="utf-8",
    )
    out, err = _run(path)

    assert out.strip() == "导入完成：新增 1 条，更新 1 条，跳过 1 条。"
    assert err.strip() == "第 4 行缺少证件号码或姓名，已跳过。"
    assert sorted(IdentityRecord.objects.values_list("name", "is_valid")) == [("吴十", False), ("新名", True)]


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text(f"document_number,name\n{make_id_number(500)},吴十\n", encoding="utf-8")
    _run(path)

    out, _ = _run(path)

    assert out.strip() == "导入完成：新增 0 条，更新 0 条，跳过 0 条。"


def test_the_command_explains_a_bad_file(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text("id,name\n1,张三\n", encoding="utf-8")

    with pytest.raises(CommandError, match="表头 document_number,name"):
        _run(path)
    with pytest.raises(CommandError, match="找不到文件"):
        _run(tmp_path / "missing.csv")


def _run(path) -> tuple[str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("import_identity_registry", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
