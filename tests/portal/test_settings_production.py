"""The production profile: passes Django's deployment checks, refuses unsafe configuration, sends security headers.

Each case runs ``manage.py`` in a subprocess, because settings are read once per process.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
VARIAVEIS_DO_AMBIENTE = (
    "DJANGO_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL", "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_BACKEND",
    "PORTAL_AMBIENTE", "SITE_URL", "PRIVATE_MEDIA_ROOT", "AC_CHAVE_MESTRA",
)
CHAVE_DEV = "dev-insecure-secret-key-do-not-use-in-production-0123456789"
CHAVE_AC_DEV = "dev-insecure-ca-master-key-do-not-use-in-production"


def _ambiente_de_producao(tmp_path, **trocas):
    # The test run's own environment must not leak in (e.g. tests/browser sets DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {k: v for k, v in os.environ.items() if k not in VARIAVEIS_DO_AMBIENTE and not k.startswith("DJANGO_")}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        AC_CHAVE_MESTRA=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="portal.example.gov.br",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        CACHE_URL="locmemcache://",
        PORTAL_VAR_DIR=str(tmp_path / "var"),
    )
    for chave, valor in trocas.items():
        if valor is None:
            env.pop(chave, None)
        else:
            env[chave] = valor
    return env


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=RAIZ, env=env, capture_output=True, text=True, timeout=120
    )


def _python(env, codigo):
    return subprocess.run(
        [sys.executable, "-c", codigo], cwd=RAIZ, env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True, text=True, timeout=120,
    )


def test_production_profile_passes_the_deploy_check_without_any_warning(tmp_path):
    resultado = _manage(_ambiente_de_producao(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    saida = resultado.stdout + resultado.stderr
    assert resultado.returncode == 0, saida
    assert "System check identified no issues" in saida
    assert "WARNINGS" not in saida


@pytest.mark.parametrize(
    ("caso", "trocas"),
    [
        ("sem SECRET_KEY", {"SECRET_KEY": None}),
        ("SECRET_KEY vazia", {"SECRET_KEY": ""}),
        ("chave de desenvolvimento", {"SECRET_KEY": CHAVE_DEV}),
        ("chave curta", {"SECRET_KEY": secrets.token_urlsafe(16)}),
        ("chave gerada pelo startproject", {"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(48)}),
        ("DEBUG ligado", {"DEBUG": "1"}),
        ("sem ALLOWED_HOSTS", {"ALLOWED_HOSTS": None}),
        ("sem AC_CHAVE_MESTRA", {"AC_CHAVE_MESTRA": None}),
        ("AC_CHAVE_MESTRA de desenvolvimento", {"AC_CHAVE_MESTRA": CHAVE_AC_DEV}),
        ("AC_CHAVE_MESTRA curta", {"AC_CHAVE_MESTRA": "curta"}),
    ],
)
def test_production_refuses_to_start_with_unsafe_configuration(tmp_path, caso, trocas):
    resultado = _manage(_ambiente_de_producao(tmp_path, **trocas), "check")

    assert resultado.returncode != 0, f"{caso}: started anyway"
    assert "ImproperlyConfigured" in resultado.stderr, resultado.stderr[-2000:]


def test_production_settings_harden_cookies_https_and_headers(tmp_path):
    codigo = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
resposta = Client().get("/saude/", secure=True, HTTP_HOST="portal.example.gov.br")
redirecionada = Client().get("/saude/", HTTP_HOST="portal.example.gov.br")
print(json.dumps({
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_PROXY_SSL_HEADER": list(settings.SECURE_PROXY_SSL_HEADER or []),
    "DEBUG": settings.DEBUG,
    "csp": resposta.headers.get("Content-Security-Policy", ""),
    "hsts": resposta.headers.get("Strict-Transport-Security", ""),
    "nosniff": resposta.headers.get("X-Content-Type-Options", ""),
    "frame": resposta.headers.get("X-Frame-Options", ""),
    "http_status": redirecionada.status_code,
    "http_location": redirecionada.headers.get("Location", ""),
}))
"""
    resultado = _python(_ambiente_de_producao(tmp_path), codigo)
    assert resultado.returncode == 0, resultado.stderr[-2000:]
    valores = json.loads(resultado.stdout.strip().splitlines()[-1])

    assert valores["DEBUG"] is False
    assert valores["SESSION_COOKIE_SECURE"] is True
    assert valores["SESSION_COOKIE_HTTPONLY"] is True
    assert valores["CSRF_COOKIE_SECURE"] is True
    assert valores["SECURE_SSL_REDIRECT"] is True
    assert valores["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert valores["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert valores["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "script-src 'self'" in valores["csp"]
    assert "frame-ancestors 'none'" in valores["csp"]
    assert "max-age=31536000" in valores["hsts"]
    assert valores["nosniff"] == "nosniff"
    assert valores["frame"] == "DENY"
    assert valores["http_status"] == 301
    assert valores["http_location"].startswith("https://portal.example.gov.br/")


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client):
    resposta = client.get("/contas/login/")

    politica = resposta["Content-Security-Policy"]
    diretivas = dict(
        (partes[0], partes[1:]) for partes in (d.split() for d in politica.split(";") if d.strip())
    )
    assert diretivas["script-src"] == ["'self'"]
    assert diretivas["img-src"] == ["'self'", "data:"]  # the TOTP QR code is a data: URI
    assert diretivas["object-src"] == ["'none'"]
    assert "<script>" not in resposta.content.decode()


@pytest.mark.parametrize(("trocas", "esperado"), [
    ({}, [60, True]),
    ({"CONN_MAX_AGE": "300", "CONN_HEALTH_CHECKS": "false"}, [300, False]),
])
def test_production_keeps_database_connections_open_between_requests(tmp_path, trocas, esperado):
    codigo = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    resultado = _python(_ambiente_de_producao(tmp_path, **trocas), codigo)

    assert resultado.returncode == 0, resultado.stderr
    assert json.loads(resultado.stdout.strip().splitlines()[-1]) == esperado
