"""Tables of the shared parts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """A fixed-window counter for security limits that must survive a Redis outage
    (architecture: security counters live in the database). ``key`` is a hash, never an
    address or a number in clear."""

    key = models.CharField(_("键"), max_length=64)
    window_start = models.DateTimeField(_("窗口开始"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("限流计数")
        verbose_name_plural = _("限流计数")
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="ratecounter_key_window_unique")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.count}"
