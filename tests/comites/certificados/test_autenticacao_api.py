"""API authentication by the client certificate the TLS proxy forwards: whom the header is believed from,
what is refused with 401 or 403, the principal it yields, and that nothing bypasses it."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.admindocs.views import simplify_regex
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from comites.certificados import ac as x509ac
from comites.certificados import services
from comites.certificados.models import Certificado
from comites.sistemas import services as sistemas
from estrutura.models import Unidade
from portal import permissions
from portal.permissions import AcaoDeSistema, SistemaAutenticado
from tests.factories.certificados import PROXY, cabecalhos, de_ac_estranha, emitir, emitir_com_validade
from tests.factories.comites import ComiteFactory, SistemaFactory
from tests.factories.estrutura import OrgaoFactory, UnidadeFactory

pytestmark = pytest.mark.django_db
API = "/interoperabilidade/rest/v3/"
HIPOTESES = API + "hipoteses"


def _erro(resposta, status, codigo):
    assert resposta.status_code == status, resposta.content
    corpo = resposta.json()
    assert set(corpo) == {"codigoErro", "mensagem"} and corpo["codigoErro"] == codigo
    return corpo["mensagem"]


def test_good_certificate_through_the_trusted_proxy_is_accepted(proxy_confiavel, sistema_autenticado):
    resposta = Client().get(HIPOTESES, **cabecalhos(sistema_autenticado[2]))
    assert resposta.status_code == 200
    assert "hipotesesLegais" in resposta.json()


def test_plain_pem_header_is_accepted_as_well_as_the_url_encoded_one(proxy_confiavel, sistema_autenticado):
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_SSL_CLIENT_CERT": sistema_autenticado[2]}
    assert Client().get(HIPOTESES, **meta).status_code == 200


def test_without_a_certificate_the_api_answers_401_with_a_challenge():
    resposta = Client().get(HIPOTESES)
    mensagem = _erro(resposta, 401, "0002")
    assert "certificado digital" in mensagem
    assert resposta["WWW-Authenticate"].startswith("ClientCertificate")


def test_header_from_an_address_that_is_not_a_trusted_proxy_is_ignored(settings, sistema_autenticado):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    spoof = cabecalhos(sistema_autenticado[2], de="203.0.113.9")
    _erro(Client().get(HIPOTESES, **spoof), 401, "0002")
    assert not Certificado.objects.filter(ultimo_uso_em__isnull=False).exists()  # not even recorded


def test_no_trusted_proxy_configured_means_the_header_is_never_believed(settings, sistema_autenticado):
    settings.TRUSTED_PROXIES = []
    _erro(Client().get(HIPOTESES, **cabecalhos(sistema_autenticado[2])), 401, "0002")


def test_the_header_name_is_configurable(settings, proxy_confiavel, sistema_autenticado):
    settings.CERTIFICADO_CLIENTE_CABECALHO = "X-Client-Cert"
    pem = quote(sistema_autenticado[2], safe="")
    assert Client().get(HIPOTESES, REMOTE_ADDR=PROXY, HTTP_X_CLIENT_CERT=pem).status_code == 200
    _erro(Client().get(HIPOTESES, REMOTE_ADDR=PROXY, HTTP_X_SSL_CLIENT_CERT=pem), 401, "0002")


@pytest.mark.parametrize("valor", [
    "lixo",
    "%00%00%00",
    "-----BEGIN CERTIFICATE-----%00abc-----END CERTIFICATE-----",
    "-----BEGIN%20CERTIFICATE-----%0Anao-e-base64%0A-----END%20CERTIFICATE-----",
    "%FF%FE%FD",  # not UTF-8 once decoded
    "-----BEGIN CERTIFICATE-----\u0663\u00b2-----END CERTIFICATE-----",
    "\x01\x02\x1b[31m",
    "A" * 20000,  # far longer than any certificate
])
def test_malformed_header_answers_401_never_500(proxy_confiavel, valor):
    mensagem = _erro(Client().get(HIPOTESES, REMOTE_ADDR=PROXY, HTTP_X_SSL_CLIENT_CERT=valor), 401, "0002")
    assert mensagem == "O certificado apresentado não pôde ser lido."


def test_certificate_of_a_foreign_ca_is_refused_with_401(proxy_confiavel, sistema_autenticado):
    mensagem = _erro(Client().get(HIPOTESES, **cabecalhos(de_ac_estranha())), 401, "0002")
    assert "autoridade certificadora" in mensagem


def test_expired_certificate_is_refused_with_401(proxy_confiavel, sistema_autenticado):
    agora = x509ac.agora()
    _, pem = emitir_com_validade(sistema_autenticado[0], agora - datetime.timedelta(days=30),
                                 agora - datetime.timedelta(days=1))
    assert "expirou" in _erro(Client().get(HIPOTESES, **cabecalhos(pem)), 401, "0002")


def test_certificate_of_our_ca_that_is_not_registered_is_refused_with_401(proxy_confiavel, sistema_autenticado):
    certificado, pem = emitir(sistema_autenticado[0])
    Certificado.objects.filter(pk=certificado.pk).delete()
    assert "não está registrado" in _erro(Client().get(HIPOTESES, **cabecalhos(pem)), 401, "0002")


def test_revoked_certificate_is_refused_with_403(proxy_confiavel, sistema_autenticado, gestor):
    _, certificado, pem = sistema_autenticado
    services.revogar(certificado, gestor, "key_compromise")
    assert "revogado" in _erro(Client().get(HIPOTESES, **cabecalhos(pem)), 403, "0003")


def test_certificate_of_an_inactive_spe_is_refused_with_403(proxy_confiavel, sistema_autenticado, admin):
    sistema, _, pem = sistema_autenticado
    sistemas.inativar(sistema, admin)
    assert "inativo" in _erro(Client().get(HIPOTESES, **cabecalhos(pem)), 403, "0003")


def test_certificate_of_the_other_ambiente_is_refused_with_403(proxy_confiavel, sistema_autenticado, settings):
    settings.AMBIENTE = "producao"
    services.inicializar_ac()  # this deployment knows both CAs: the homologação certificate is named as such
    assert "outro ambiente" in _erro(Client().get(HIPOTESES, **cabecalhos(sistema_autenticado[2])), 403, "0003")


def test_a_revocation_applies_to_the_next_request_although_the_check_is_cached(
        proxy_confiavel, sistema_autenticado, gestor):
    _, certificado, pem = sistema_autenticado
    cliente = Client(**cabecalhos(pem))
    assert cliente.get(HIPOTESES).status_code == 200  # verified and cached

    services.revogar(certificado, gestor, "superseded")

    _erro(cliente.get(HIPOTESES), 403, "0003")


def test_an_accepted_certificate_is_not_checked_again_on_every_request(proxy_confiavel, sistema_autenticado):
    cliente = Client(**cabecalhos(sistema_autenticado[2]))
    cliente.get(HIPOTESES)
    with CaptureQueriesContext(connection) as consultas:
        assert cliente.get(API + "especies").status_code == 200
    assert not [q for q in consultas.captured_queries if "certificado" in q["sql"].lower()]


def test_without_the_shared_cache_a_revocation_applies_within_the_configured_bound(
        proxy_confiavel, sistema_autenticado, settings, monkeypatch):
    """A change the version cannot announce (shared cache down; here a write that sends no signal) still
    applies once the cached check is older than CERTIFICADO_CACHE_SEGUNDOS."""
    from comites.certificados import cache_de_verificacao as cv

    _, certificado, pem = sistema_autenticado
    settings.CERTIFICADO_CACHE_SEGUNDOS = 60
    monkeypatch.setattr(cv, "versao_atual", lambda: None)
    relogio = [1000.0]
    monkeypatch.setattr(cv.time, "monotonic", lambda: relogio[0])
    cliente = Client(**cabecalhos(pem))
    assert cliente.get(HIPOTESES).status_code == 200
    Certificado.objects.filter(pk=certificado.pk).update(revogado_em=x509ac.agora())  # no signal

    relogio[0] += 59
    assert cliente.get(HIPOTESES).status_code == 200  # still within the bound
    relogio[0] += 2
    _erro(cliente.get(HIPOTESES), 403, "0003")


def test_expiry_is_checked_on_every_request_even_when_cached(proxy_confiavel, sistema_autenticado, monkeypatch):
    from comites.certificados import cache_de_verificacao as cv

    cliente = Client(**cabecalhos(sistema_autenticado[2]))
    assert cliente.get(HIPOTESES).status_code == 200
    depois = sistema_autenticado[1].valido_ate.timestamp() + 1
    monkeypatch.setattr(cv.time, "time", lambda: depois)
    assert "expirou" in _erro(cliente.get(HIPOTESES), 401, "0002")


def test_use_is_recorded_with_the_client_address_the_proxy_forwarded(proxy_confiavel, sistema_autenticado):
    _, certificado, pem = sistema_autenticado
    Client(**cabecalhos(pem, cliente="198.51.100.4, 192.0.2.10")).get(HIPOTESES)  # nearest to the proxy counts
    certificado.refresh_from_db()
    assert certificado.ultimo_uso_endereco == "192.0.2.10"
    assert certificado.ultimo_uso_em is not None


def test_use_is_written_at_most_once_per_interval_per_address(proxy_confiavel, sistema_autenticado):
    _, certificado, pem = sistema_autenticado
    cliente = Client(**cabecalhos(pem, cliente="192.0.2.10"))
    cliente.get(HIPOTESES)
    primeiro = Certificado.objects.get(pk=certificado.pk).ultimo_uso_em

    with CaptureQueriesContext(connection) as consultas:
        for _ in range(5):
            cliente.get(HIPOTESES)
    assert not [q for q in consultas.captured_queries if q["sql"].startswith("UPDATE")]
    assert Certificado.objects.get(pk=certificado.pk).ultimo_uso_em == primeiro

    Client(**cabecalhos(pem, cliente="192.0.2.99")).get(HIPOTESES)  # another address: recorded at once
    assert Certificado.objects.get(pk=certificado.pk).ultimo_uso_endereco == "192.0.2.99"


def test_the_throttle_holds_across_processes_through_the_shared_cache(proxy_confiavel, sistema_autenticado):
    from comites.certificados import cache_de_verificacao as cv

    _, certificado, pem = sistema_autenticado
    Client(**cabecalhos(pem, cliente="192.0.2.10")).get(HIPOTESES)
    Certificado.objects.filter(pk=certificado.pk).update(ultimo_uso_em=None)
    cv.esquecer_tudo()  # as if another process, with no in-process mark, served the next request

    Client(**cabecalhos(pem, cliente="192.0.2.10")).get(HIPOTESES)

    assert Certificado.objects.get(pk=certificado.pk).ultimo_uso_em is None  # cache.add refused the write


def test_the_principal_is_the_spe_with_its_own_and_linked_orgaos(proxy_confiavel, sistema_autenticado, rf, admin):
    from comites.certificados.autenticacao import autenticar

    sistema, certificado, pem = sistema_autenticado
    outro = ComiteFactory()
    sistemas.vincular(outro, sistema, admin)
    principal, verificado = autenticar(rf.get(HIPOTESES, **cabecalhos(pem)))
    assert isinstance(principal, SistemaAutenticado)
    assert principal.pk == sistema.pk and principal.certificado_id == certificado.pk
    assert principal.comite_ids == {sistema.orgao_responsavel_id, outro.pk}


def test_a_system_principal_sees_only_its_own_orgaos_units_for_its_own_actions(proxy_confiavel, rf):
    from comites.certificados.autenticacao import autenticar

    meu = ComiteFactory(unidade=OrgaoFactory(sigla="MEU"))
    alheio = ComiteFactory(unidade=OrgaoFactory(sigla="ALH"))
    minha = UnidadeFactory(parent=meu.unidade, sigla="MINHA")
    dele = UnidadeFactory(parent=alheio.unidade, sigla="DELE")
    _, pem = emitir(SistemaFactory(orgao_responsavel=meu))
    principal, _ = autenticar(rf.get(HIPOTESES, **cabecalhos(pem)))

    proprias = permissions.restringir(Unidade.objects.all(), principal, AcaoDeSistema.ESTRUTURA_CONSULTAR)
    assert minha in proprias and meu.unidade in proprias
    assert dele not in proprias and alheio.unidade not in proprias
    assert not permissions.pode(principal, AcaoDeSistema.ESTRUTURA_CONSULTAR, dele)
    # Choosing a destinatário: the published listing shows every órgão's units (tramita-api.md §3 #3).
    publicas = permissions.restringir(Unidade.objects.all(), principal, AcaoDeSistema.CATALOGO_CONSULTAR)
    assert dele in publicas and minha in publicas
    assert permissions.pode(principal, AcaoDeSistema.CATALOGO_CONSULTAR, dele)


def test_catalogue_reading_never_opens_a_model_that_is_not_public(proxy_confiavel, sistema_autenticado):
    """CATALOGO_CONSULTAR returns all rows only of models declared public; others stay the system's own."""
    meu = Certificado.objects.filter(pk=sistema_autenticado[1].pk)
    alheio, _ = emitir(SistemaFactory())
    principal = SistemaAutenticado(nome="x", comite_ids=frozenset({sistema_autenticado[0].orgao_responsavel_id}))
    visiveis = permissions.restringir(Certificado.objects.all(), principal, AcaoDeSistema.CATALOGO_CONSULTAR)
    assert set(visiveis) == set(meu) and alheio not in visiveis


def _rotas_da_api():
    def caminhar(padroes, prefixo=""):
        for p in padroes:
            if isinstance(p, URLResolver):
                yield from caminhar(p.url_patterns, prefixo + str(p.pattern))
            elif isinstance(p, URLPattern):
                rota = prefixo + str(p.pattern)
                if isinstance(p.pattern, RegexPattern) and "(?P" not in rota:  # e.g. tramites(?:/)?: its path
                    rota = simplify_regex(prefixo + str(p.pattern).lstrip("^")).lstrip("/")
                if rota.startswith("interoperabilidade/") and "(?P" not in rota:
                    view = getattr(p.callback, "view_class", None)
                    yield rota, view is None or hasattr(view, "get")
    return sorted(set(caminhar(get_resolver().url_patterns)))


PUBLICAS = {"interoperabilidade/rest/v3/healthcheck", "interoperabilidade/rest/v3/openapi.json"}


def test_every_api_path_but_the_health_check_and_the_document_needs_a_certificate(
        proxy_confiavel, sistema_autenticado):
    orgao = sistema_autenticado[0].orgao_responsavel.unidade
    cliente = Client(**cabecalhos(sistema_autenticado[2]))
    rotas = _rotas_da_api()
    assert len(rotas) >= 8
    for rota, tem_get in rotas:
        url = "/" + rota.replace("<str:id_repositorio>", str(orgao.repositorio_id)).replace(
            "<str:id_estrutura>", str(orgao.pk))
        if rota in PUBLICAS:
            assert Client().get(url).status_code == 200, url
            continue
        assert Client().get(url).status_code == 401, url
        # With the certificate: the answer, or 405 on a path that takes only POST/PUT/DELETE.
        assert cliente.get(url).status_code == (200 if tem_get else 405), url


def test_a_cached_api_answer_is_never_served_without_a_certificate(proxy_confiavel, sistema_autenticado):
    url = f"{API}repositorios-de-estruturas"
    assert Client(**cabecalhos(sistema_autenticado[2])).get(url).status_code == 200  # now in the cache
    _erro(Client().get(url), 401, "0002")
    _erro(Client(**cabecalhos(sistema_autenticado[2], de="203.0.113.9")).get(url), 401, "0002")


def test_a_revocation_made_by_another_process_applies_within_the_version_bound(
        proxy_confiavel, sistema_autenticado, settings, monkeypatch):
    """Another process revokes: this one learns it from the shared version, re-read every
    CERTIFICADO_VERSAO_SEGUNDOS (its own entries are not cleared by the other process)."""
    from django.core.cache import cache

    from comites.certificados import cache_de_verificacao as cv

    _, certificado, pem = sistema_autenticado
    settings.CERTIFICADO_VERSAO_SEGUNDOS = 1.0
    relogio = [5000.0]
    monkeypatch.setattr(cv.time, "monotonic", lambda: relogio[0])
    cliente = Client(**cabecalhos(pem))
    assert cliente.get(HIPOTESES).status_code == 200
    Certificado.objects.filter(pk=certificado.pk).update(revogado_em=x509ac.agora())  # the other process's
    cache.set(cv.CHAVE_VERSAO, "versao-de-outro-processo", timeout=None)  # ... write and its announcement

    relogio[0] += 0.5
    assert cliente.get(HIPOTESES).status_code == 200  # version not re-read yet
    relogio[0] += 0.6
    _erro(cliente.get(HIPOTESES), 403, "0003")
