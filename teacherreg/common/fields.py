"""Model fields for personal data: encrypted at rest, looked up by blind index."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.signals import pre_save

from teacherreg.common import crypto
from teacherreg.common.normalise import NORMALISERS


class EncryptedTextField(models.TextField):
    """Plaintext in Python, ``key_id:ciphertext`` in the database (AES-256-GCM).

    The associated data is ``app_label.model.column``. Only ``isnull`` lookups make
    sense on randomised ciphertext; search through the matching ``BlindIndexField``.
    """

    description = "Text encrypted with AES-256-GCM"

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        self._associated_data = f"{cls._meta.app_label}.{cls._meta.model_name}.{self.column}"

    @property
    def associated_data(self) -> str:
        return self._associated_data

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, self._associated_data)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value, self._associated_data)


class BlindIndexField(models.CharField):
    """HMAC of another field's normalised value, computed on every save.

    ``normaliser`` names an entry of ``normalise.NORMALISERS`` and is also the HMAC
    purpose, so the same document number has the same index in every table.

    The index is computed in ``pre_save``, which Django calls for ``save()`` and
    ``bulk_create()`` only. ``save(update_fields=[source])`` without the index is refused
    (it would leave a stale index that finds the old value); ``QuerySet.update()`` and
    ``bulk_update()`` bypass ``pre_save`` entirely, so do not write a source field with them.
    """

    def __init__(self, *args: Any, source: str = "", normaliser: str = "", **kwargs: Any) -> None:
        if normaliser and normaliser not in NORMALISERS:
            raise ImproperlyConfigured(f"Unknown normaliser {normaliser!r}.")
        self.source = source
        self.normaliser = normaliser
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["normaliser"] = self.normaliser
        kwargs.pop("editable", None)
        if kwargs.get("max_length") == 64:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def index_for(self, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        return index_for(self.normaliser, value)

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = self.index_for(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def _refuse_stale_index(sender: type[models.Model], update_fields: frozenset[str] | None, **kwargs: Any) -> None:
    """``save(update_fields=["phone"])`` skips ``phone_index.pre_save``: refuse it loudly.

    Saving with ``update_fields`` is the house style (style.md), and a stale index would make
    the new phone number unfindable and let the old one still log in or block a sign-up.
    """
    if not update_fields:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and field.source in update_fields and field.name not in update_fields:
            raise ValueError(
                f"save(update_fields=...) names {field.source!r} but not its blind index {field.name!r}; "
                "add both or the index goes stale."
            )


pre_save.connect(_refuse_stale_index, dispatch_uid="teacherreg.common.fields.refuse_stale_index")


def index_for(normaliser: str, value: str) -> str:
    """The blind index a ``BlindIndexField`` with this normaliser stores for ``value``."""
    return crypto.blind_index(NORMALISERS[normaliser](value), normaliser)
