"""The bench's production environment: variables, the throwaway database and Redis DB, the
machine and the versions the report names.

Everything here is for a benchmark run on this machine. The keys are random per run (the data
dies with the database), the hosts are loopback, and nothing outside 127.0.0.1 is contacted.
"""

from __future__ import annotations

import base64
import os
import platform
import re
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
BENCH_DB = "teacherreg_bench"
# DB 15 is the test suite's, 14 the deploy check's: the bench keeps to its own number.
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
DEFAULT_POSTGRES = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"


@dataclass(frozen=True)
class BenchConfig:
    database_url: str
    redis_url: str
    var_dir: Path

    @property
    def database_name(self) -> str:
        return urlparse(self.database_url).path.lstrip("/")

    def maintenance_url(self) -> str:
        """The same server's ``postgres`` database, from which the bench one is made and dropped."""
        return urlunparse(urlparse(self.database_url)._replace(path="/postgres"))


def config_from_environment() -> BenchConfig:
    """``BENCH_DATABASE_URL`` / ``BENCH_REDIS_URL`` override the loopback defaults. The
    database name must say it is the bench's, so a typo can never drop a real database."""
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES)
    config = BenchConfig(
        database_url=database_url,
        redis_url=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
        var_dir=Path(os.environ.get("BENCH_VAR_DIR", ROOT / "var" / "bench")),
    )
    if "bench" not in config.database_name:
        raise SystemExit(f"BENCH_DATABASE_URL must name a throwaway bench database, not {config.database_name!r}.")
    return config


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def production_env(config: BenchConfig) -> dict[str, str]:
    """The variables ``config.settings.production`` requires, with bench values.

    TLS is terminated by a proxy in production; the load generator sends the proxy's
    ``X-Forwarded-Proto: https`` header instead, so ``SECURE_SSL_REDIRECT`` stays on.
    """
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "TEACHERREG_FIELD_KEYS": f"bench:{_key()}",
        "TEACHERREG_BLIND_INDEX_KEY": _key(),
        "TEACHERREG_SMS_ALIYUN_ACCESS_KEY_ID": "bench-not-a-key",
        "TEACHERREG_SMS_ALIYUN_ACCESS_KEY_SECRET": "bench-not-a-secret",
        "TEACHERREG_SITE_URL": "https://registration.bench.invalid",
        "TEACHERREG_IDENTITY_PROVIDER": "teacherreg.identity.providers.registry.DevelopmentRegistryProvider",
        "TEACHERREG_VAR_DIR": str(config.var_dir),
        "TEACHERREG_BENCH_BASELINE": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """The parent's environment (PATH, locale) with the bench's variables on top; anything the
    caller's shell set for Django is dropped so it cannot leak into the measured processes."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEACHERREG_", "DATABASE_", "REDIS_"))}
    return base | {"PYTHONPATH": str(ROOT)} | extra


# --- the throwaway database and Redis DB --------------------------------------------------


def create_database(config: BenchConfig) -> None:
    import psycopg

    with psycopg.connect(config.maintenance_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config.database_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{config.database_name}"')


def drop_database(config: BenchConfig) -> None:
    import psycopg

    with psycopg.connect(config.maintenance_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config.database_name}" WITH (FORCE)')
        # The unit benchmarks' test database (Django's test_<name>) too, if one was left.
        conn.execute(f'DROP DATABASE IF EXISTS "test_{config.database_name}" WITH (FORCE)')


def flush_redis(config: BenchConfig) -> None:
    import redis

    client = redis.Redis.from_url(config.redis_url)
    try:
        client.flushdb()
    finally:
        client.close()


# --- machine and versions ------------------------------------------------------------------


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.MULTILINE)
    return found.group(1).strip() if found else "?"


def machine() -> dict[str, str | int]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = _first(r"^MemTotal:\s+(\d+)", meminfo)
    return {
        "cores": os.cpu_count() or 0,
        "memory_gb": round(int(mem_kb) / 1024 / 1024, 1) if mem_kb.isdigit() else "?",
        "cpu": _first(r"^model name\s*:\s*(.+)$", cpuinfo),
        "os": platform.platform(),
    }


def versions(config: BenchConfig) -> dict[str, str]:
    import django
    import gunicorn
    import psycopg
    import redis

    found = {"python": platform.python_version(), "django": django.get_version(), "gunicorn": gunicorn.__version__}
    try:
        with psycopg.connect(config.database_url) as conn:
            found["postgresql"] = str(conn.execute("SHOW server_version").fetchone()[0])
    except psycopg.Error:
        found["postgresql"] = "?"
    try:
        client = redis.Redis.from_url(config.redis_url)
        found["redis"] = str(client.info("server")["redis_version"])
        client.close()
    except redis.RedisError:
        found["redis"] = "?"
    # wrk prints its version with the usage text and exits 1.
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
    found["wrk"] = _first(r"^wrk (\S+)", wrk.stdout + wrk.stderr)
    return found
