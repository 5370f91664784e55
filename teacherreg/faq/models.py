"""常见问题 (manual §4; domain.md §7.1): numbered questions and answers in six categories.

A number is handed out once (``services.allocate_number``) and never again: other pages and
people quote "常见问题 N", so an entry is never deleted, only unpublished, and the highest
number ever given lives in ``Numbering`` so a row removed behind our back (a shell, a restore)
still cannot free its number for reuse.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


def english_page() -> bool:
    """Whether the current request (or ``translation.override``) is in English."""
    return (get_language() or "").startswith("en")


class Category(models.TextChoices):
    """The manual's six categories, in the manual's order (§4)."""

    ACCOUNT = "account", _("账号问题")
    CERTIFICATION = "certification", _("认定申请问题")
    CERTIFICATE = "certificate", _("证书相关问题")
    REGISTRATION = "registration", _("定期注册相关问题")
    EXAM = "exam", _("考试相关问题")
    RARE_CHARACTERS = "rare_characters", _("姓名生僻字问题")


def category_position() -> Case:
    """An expression ordering rows by the manual's category order (not alphabetically)."""
    return Case(
        *[When(category=value, then=Value(index)) for index, value in enumerate(Category.values)],
        default=Value(len(Category.values)),
        output_field=IntegerField(),
    )


class EntryQuerySet(models.QuerySet):
    def published(self) -> EntryQuerySet:
        return self.filter(is_published=True)

    def in_reading_order(self) -> EntryQuerySet:
        """Category (manual order), then the administrators' sort order, then the number."""
        return self.alias(category_position=category_position()).order_by("category_position", "sort_order", "number")


class Entry(models.Model):
    number = models.PositiveIntegerField(_("编号"), unique=True, editable=False)
    category = models.CharField(_("分类"), max_length=20, choices=Category.choices)
    question = models.CharField(pgettext_lazy("faq", "问题"), max_length=200)
    # Plain text: paragraphs separated by blank lines. Rendered escaped (never as HTML).
    answer = models.TextField(_("解答"))
    # The English edition (issue 8 item 4), same rules as the Chinese. Optional: an entry without
    # it is shown in Chinese on English pages, with a note. Both or neither (forms.EntryForm).
    question_en = models.CharField(_("英文问题"), max_length=200, blank=True)
    answer_en = models.TextField(_("英文解答"), blank=True)
    is_published = models.BooleanField(_("已发布"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    # "更新于": the day the text (either edition) or the category last changed (publishing and
    # the sort order do not count).
    updated_on = models.DateField(_("更新日期"))
    # Optimistic lock: two administrators editing one entry cannot overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ("number",)
        indexes = [models.Index(fields=["is_published", "category", "sort_order", "number"], name="faq_reading")]
        constraints = [models.CheckConstraint(condition=models.Q(number__gte=1), name="faq_number_positive")]

    def __str__(self) -> str:
        return f"{self.number}. {self.question}"

    def get_absolute_url(self) -> str:
        """The stable public link of "常见问题 N" (whatever page of the list it falls on)."""
        return reverse("faq:detail", args=[self.number])

    @property
    def has_english(self) -> bool:
        return bool(self.question_en and self.answer_en)

    @property
    def in_chinese_only(self) -> bool:
        """True on an English page for an entry without an English edition (shown in Chinese)."""
        return english_page() and not self.has_english

    @property
    def shown_question(self) -> str:
        """The question in the page's language where there is one, else the Chinese."""
        return self.question_en if english_page() and self.has_english else self.question

    @property
    def shown_answer(self) -> str:
        return self.answer_en if english_page() and self.has_english else self.answer


class Numbering(models.Model):  # noqa: DJ008 (one row, never shown)
    """A single row (pk 1): the highest entry number ever handed out."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("常见问题编号")
