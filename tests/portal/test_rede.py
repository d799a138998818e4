"""The client's address behind a reverse proxy (issue 7 §3.4): X-Forwarded-For is believed only from
trusted proxies, and rate limits, allauth and the audit trail all use the same address."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from portal.accounts.adapter import PortalAccountAdapter
from portal.models import RegistroDeAuditoria
from portal.rede import ip_do_cliente, vem_de_proxy_confiavel
from tests.factories.portal import SENHA_PADRAO, PessoaFactory

PROXY = "10.0.0.5"


def _requisicao(remoto, encaminhado=None):
    extra = {"REMOTE_ADDR": remoto}
    if encaminhado is not None:
        extra["HTTP_X_FORWARDED_FOR"] = encaminhado
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert ip_do_cliente(_requisicao("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert ip_do_cliente(_requisicao(PROXY, "198.51.100.23")) == "198.51.100.23"


def test_addresses_a_client_forged_to_the_left_are_not_believed(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert ip_do_cliente(_requisicao(PROXY, "1.2.3.4, 198.51.100.23")) == "198.51.100.23"


def test_the_header_is_ignored_when_the_peer_is_not_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert ip_do_cliente(_requisicao("203.0.113.7", "198.51.100.23")) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_right_to_left(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "172.16.0.9"]

    requisicao = _requisicao("10.0.0.7", "6.6.6.6, 198.51.100.23, 172.16.0.9, 10.0.0.8")

    assert ip_do_cliente(requisicao) == "198.51.100.23"


def test_a_garbled_entry_stops_the_walk_at_the_nearest_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]

    assert ip_do_cliente(_requisicao("10.0.0.7", "198.51.100.23, lixo, 10.0.0.8")) == "10.0.0.8"
    assert ip_do_cliente(_requisicao(PROXY, "")) == PROXY


def test_ipv6_and_ports_are_understood(settings):
    settings.TRUSTED_PROXIES = ["2001:db8::/32", PROXY]

    assert ip_do_cliente(_requisicao("2001:db8::1", "[2001:db9::5]:443")) == "2001:db9::5"
    assert ip_do_cliente(_requisicao(PROXY, "198.51.100.23:51234")) == "198.51.100.23"


def test_only_a_trusted_peer_may_vouch_for_proxy_headers(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert vem_de_proxy_confiavel(_requisicao(PROXY))
    assert not vem_de_proxy_confiavel(_requisicao("203.0.113.7"))


def test_malformed_trusted_proxies_setting_is_refused(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.300"]

    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        ip_do_cliente(_requisicao(PROXY))


def test_allauth_uses_the_same_client_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert PortalAccountAdapter().get_client_ip(_requisicao(PROXY, "198.51.100.23")) == "198.51.100.23"


@pytest.mark.django_db
def test_the_audit_trail_records_the_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    pessoa = PessoaFactory()

    client.post(reverse("account_login"), {"login": pessoa.email, "password": SENHA_PADRAO},
                REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.23")

    assert RegistroDeAuditoria.objects.get(acao="conta.login").ip == "198.51.100.23"


@pytest.mark.django_db
def test_allauth_per_ip_login_limit_behind_the_proxy_counts_each_client_apart(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    pessoa = PessoaFactory()
    for n in range(3):
        client.post(reverse("account_login"), {"login": f"tentativa{n}@orgao.gov.br", "password": "x"},
                    REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6")

    bloqueado = client.post(reverse("account_login"), {"login": pessoa.email, "password": SENHA_PADRAO},
                            REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6")
    outro = client.post(reverse("account_login"), {"login": pessoa.email, "password": SENHA_PADRAO},
                        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.23")

    assert bloqueado.status_code == 200  # the form again, with allauth's "too many attempts"
    assert outro.status_code == 302


@pytest.mark.django_db
def test_portal_rate_limit_behind_the_proxy_counts_each_client_apart(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.COMITES_LIMITE_SOLICITACOES = (2, 3600)
    url = reverse("comites:solicitar_acesso")
    for _ in range(2):
        client.post(url, {"website": ""}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6")

    bloqueado = client.post(url, {"website": ""}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6")
    outro = client.post(url, {"website": ""}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.23")

    assert bloqueado.status_code == 429
    assert outro.status_code == 200


def test_portal_refuses_to_start_with_a_malformed_trusted_proxies_variable():
    import os
    import subprocess
    import sys
    from pathlib import Path

    ambiente = {**os.environ, "DJANGO_ENV": "test", "TRUSTED_PROXIES": "10.0.0.5,nginx"}
    resultado = subprocess.run(
        [sys.executable, "-c", "import portal.settings"], cwd=Path(__file__).resolve().parents[2],
        env=ambiente, capture_output=True, text=True, timeout=60,
    )

    assert resultado.returncode != 0
    assert "TRUSTED_PROXIES: 'nginx'" in resultado.stderr
