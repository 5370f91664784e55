import pytest
from django.db import DatabaseError, connection, transaction

from teacherreg.audit import services as audit
from teacherreg.audit.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def test_it_records_an_event_with_who_what_and_when():
    event = audit.record("demo.action", object_type="thing", object_ref=7, actor_role="system", data={"k": 1})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.object_type, stored.object_ref, stored.data) == (
        "demo.action",
        "thing",
        "7",
        {"k": 1},
    )
    assert stored.occurred_at is not None


def test_the_model_refuses_to_change_or_delete_an_event():
    event = audit.record("demo.action", object_type="thing", object_ref=1)
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_an_update_from_any_client():
    event = audit.record("demo.action", object_type="thing", object_ref=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "demo.action"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite flushes with DELETE, so only UPDATE is refused there"
)
def test_the_database_refuses_a_delete_on_postgresql():
    event = audit.record("demo.action", object_type="thing", object_ref=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
