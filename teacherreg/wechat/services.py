"""WeChat binding and reset by WeChat: every change of a binding or a scene happens here.

Each function checks its guard, changes rows in one transaction and writes the audit event in
it. The openid never reaches the audit log or the logs: they carry ``openid_ref``, the first 12
hex digits of its HMAC (enough to tell two scanners apart, useless to find the person).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from teacherreg.accounts.models import User
from teacherreg.accounts.services import passwords
from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditResult
from teacherreg.common import crypto, ratelimit
from teacherreg.common.ratelimit import Limit
from teacherreg.notify.services import notify_user
from teacherreg.wechat.messages import message_for
from teacherreg.wechat.models import (
    SCENE_SECONDS,
    ScenePurpose,
    SceneRefusal,
    SceneState,
    WechatBinding,
    WechatScene,
)
from teacherreg.wechat.providers import Scene, get_provider

# A QR code costs a WeChat API call (the account has a daily quota) and a row: 20 an hour per
# account and purpose is far more than a person needs.
SCENES_PER_USER = Limit("wechat-scene-user", 20, 3600)


class WechatError(Exception):
    """A rule refused the action; ``message`` is for the user."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return message_for(self.code)


def hash_openid(openid: str) -> str:
    return crypto.blind_index(openid, "wechat-openid")


def openid_ref(openid_hash: str) -> str:
    return openid_hash[:12]


def hash_scene(scene_str: str) -> str:
    # The scene string is 192 random bits: a plain digest cannot be reversed or guessed.
    return hashlib.sha256(scene_str.encode("utf-8")).hexdigest()


def hash_browser(browser_key: str) -> str:
    return hashlib.sha256(f"wechat-browser:{browser_key}".encode()).hexdigest()


def binding_of(user: User | int | None) -> WechatBinding | None:
    if user is None:
        return None
    return WechatBinding.objects.filter(user_id=getattr(user, "pk", user)).first()


def is_bound(user: User | int | None) -> bool:
    return user is not None and WechatBinding.objects.filter(user_id=getattr(user, "pk", user)).exists()


def start_scene(user: User, purpose: str, *, browser_key: str, ip: str | None = None) -> WechatScene:
    """A new scene for ``user`` shown in the browser holding ``browser_key``.

    Guard: at most ``SCENES_PER_USER`` an hour. The provider is asked for the QR content first,
    outside the transaction (it may call WeChat); ``WechatUnavailable`` passes to the caller.
    Earlier pending scenes of the same account, purpose and browser end, so only the newest
    code on the screen works.
    """
    if not ratelimit.hit(SCENES_PER_USER, f"{purpose}:{user.pk}").allowed:
        raise WechatError("wechat_too_many")
    scene_str = secrets.token_urlsafe(24)
    content = get_provider().scene_qr_content(Scene(scene_str=scene_str, expire_seconds=SCENE_SECONDS))
    now = timezone.now()
    browser = hash_browser(browser_key)
    with transaction.atomic():
        WechatScene.objects.filter(
            user=user,
            purpose=purpose,
            browser_hash=browser,
            confirmed_at__isnull=True,
            refused_at__isnull=True,
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(expires_at=now)
        scene = WechatScene.objects.create(
            scene_hash=hash_scene(scene_str),
            qr_content=content,
            browser_hash=browser,
            purpose=purpose,
            user=user,
            created_at=now,
        )
        audit.record(
            "wechat.scene_created",
            scene,
            actor=user if purpose == ScenePurpose.BIND else None,
            actor_role="applicant",
            ip=ip,
            data={"purpose": purpose},
        )
    return scene


def scene_for_browser(public_id, browser_key: str | None) -> WechatScene | None:
    """The scene, if the browser asking made it; otherwise None (a foreign session learns nothing)."""
    if not browser_key or not public_id:
        return None
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    scene = WechatScene.objects.filter(public_id=public_id).select_related("user").first()
    if scene is None or not hmac.compare_digest(scene.browser_hash, hash_browser(browser_key)):
        return None
    return scene


@dataclass(frozen=True)
class ScanResult:
    """What one scan event did. ``outcome``: confirmed, refused, duplicate (the same openid
    again), unknown_scene, expired, or already_confirmed / already_refused / already_used."""

    outcome: str
    refusal: str = ""
    purpose: str = ""


def record_scan(scene_str: str, openid: str, *, event: str, ip: str | None = None) -> ScanResult:
    """WeChat says ``openid`` scanned the code of ``scene_str`` (a verified callback).

    - bind: binds the openid to the scene's account, unless the account already has a binding
      or the openid belongs to another account (one openid ↔ one account, security.md 6.8.1);
    - reset: confirms the scene only if the openid is the account's bound one.
    A scene answers one scan; WeChat's retries of the same scan change nothing.
    """
    openid_hash = hash_openid(openid)
    ref = openid_ref(openid_hash)
    now = timezone.now()
    with transaction.atomic():
        scene = (
            WechatScene.objects.select_for_update()
            .filter(scene_hash=hash_scene(scene_str))
            .select_related("user")
            .first()
        )
        if scene is None:
            audit.record(
                "wechat.scan",
                object_type="wechat.wechatscene",
                result=AuditResult.DENIED,
                ip=ip,
                data={"outcome": "unknown_scene", "event": event, "openid_ref": ref},
            )
            return ScanResult("unknown_scene")
        state = scene.state(now)
        if state != SceneState.PENDING:
            repeat = bool(scene.openid_hash) and hmac.compare_digest(scene.openid_hash, openid_hash)
            outcome = "duplicate" if repeat else f"already_{state}"
            if state == SceneState.EXPIRED:
                outcome = "expired"
            audit.record(
                "wechat.scan",
                scene,
                result=AuditResult.OK if outcome == "duplicate" else AuditResult.DENIED,
                ip=ip,
                data={"outcome": outcome, "purpose": scene.purpose, "event": event, "openid_ref": ref},
            )
            return ScanResult(outcome, scene.refusal, scene.purpose)
        scene.openid_hash = openid_hash
        if scene.purpose == ScenePurpose.BIND:
            refusal = _bind(scene.user, openid, openid_hash, ip=ip)
        else:
            binding = binding_of(scene.user)
            matches = binding is not None and hmac.compare_digest(binding.openid_hash, openid_hash)
            refusal = "" if matches else SceneRefusal.OPENID_MISMATCH
        if refusal:
            scene.refused_at, scene.refusal = now, refusal
        else:
            scene.confirmed_at = now
        scene.save(update_fields=["openid_hash", "refused_at", "refusal", "confirmed_at"])
        audit.record(
            "wechat.scan",
            scene,
            result=AuditResult.DENIED if refusal else AuditResult.OK,
            ip=ip,
            data={
                "outcome": "refused" if refusal else "confirmed",
                "refusal": refusal,
                "purpose": scene.purpose,
                "event": event,
                "openid_ref": ref,
            },
        )
    return ScanResult("refused" if refusal else "confirmed", refusal, scene.purpose)


def _bind(user: User, openid: str, openid_hash: str, *, ip: str | None) -> str:
    """Creates the binding and returns "" or returns the refusal; the unique constraints on
    ``user`` and ``openid_hash`` decide a race between two scans."""
    if WechatBinding.objects.filter(user=user).exists():
        return SceneRefusal.ACCOUNT_BOUND
    if WechatBinding.objects.filter(openid_hash=openid_hash).exists():
        return SceneRefusal.OPENID_TAKEN
    try:
        with transaction.atomic():
            binding = WechatBinding.objects.create(user=user, openid=openid, openid_hash=openid_hash)
    except IntegrityError:
        taken = WechatBinding.objects.filter(openid_hash=openid_hash).exclude(user=user).exists()
        return SceneRefusal.OPENID_TAKEN if taken else SceneRefusal.ACCOUNT_BOUND
    audit.record(
        "wechat.bound", binding, actor=user, actor_role="applicant", ip=ip, data={"openid_ref": openid_ref(openid_hash)}
    )
    # Someone who scans another person's bind QR in time gets a reset factor on that account:
    # the owner hears of every binding at once, by SMS and e-mail.
    notify_user(user, "wechat_bound", {}, dedupe_key=f"wechat-bound-{binding.pk}")
    return ""


def unbind(user: User, *, ip: str | None = None) -> None:
    """Removes the account's binding. Guard: there is one. Pending scenes of the account end;
    the owner is told by SMS and e-mail."""
    with transaction.atomic():
        binding = WechatBinding.objects.select_for_update().filter(user=user).first()
        if binding is None:
            raise WechatError("wechat_not_bound")
        ref = openid_ref(binding.openid_hash)
        binding_pk = binding.pk
        binding.delete()
        now = timezone.now()
        WechatScene.objects.filter(user=user, used_at__isnull=True, refused_at__isnull=True).update(used_at=now)
        audit.record(
            "wechat.unbound",
            object_type="wechat.wechatbinding",
            object_ref=binding_pk,
            actor=user,
            actor_role="applicant",
            ip=ip,
            data={"openid_ref": ref},
        )
        notify_user(user, "wechat_unbound", {}, dedupe_key=f"wechat-unbound-{binding_pk}")


def reset_password(scene: WechatScene, new_password: str, *, ip: str | None = None) -> User:
    """Sets the password of the scene's account (``reason="wechat"``) and uses the scene up.

    Guard: a reset scene, confirmed (scanned by the bound WeChat) within the last ten minutes,
    not used, and the account still bound to the openid that scanned it."""
    with transaction.atomic():
        locked = WechatScene.objects.select_for_update().select_related("user").get(pk=scene.pk)
        state = locked.state()
        if locked.purpose != ScenePurpose.RESET or state != SceneState.CONFIRMED:
            raise WechatError("wechat_scene_used" if state == SceneState.USED else "wechat_scene_invalid")
        binding = binding_of(locked.user)
        if binding is None or not hmac.compare_digest(binding.openid_hash, locked.openid_hash):
            raise WechatError("wechat_openid_mismatch")
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        passwords.set_password(locked.user, new_password, reason="wechat", ip=ip)
    return locked.user
