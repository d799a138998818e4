"""Real nginx (Debian package) in front of gunicorn: the shipped deploy/nginx/tramita.conf with
``ssl_verify_client on``, the same host with ``optional_no_ca`` (every check left to the application), the
portal host without client certificates, and gunicorn reached directly from a non-proxy address."""

from __future__ import annotations

import http.client
import json
import ssl
import subprocess
import sys
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.mtls
HIPOTESES = "/interoperabilidade/rest/v3/hipoteses"
MENSAGEM_DO_NGINX = "O certificado cliente não foi aceito na conexão TLS"


def _https(mtls, porta: int, caminho: str, certificado: str | None = None, cabecalhos: dict | None = None,
           origem: str = "127.0.0.1"):
    contexto = ssl.create_default_context(cafile=mtls.manifesto["servidor"])
    if certificado:
        dados = mtls.certificado(certificado)
        contexto.load_cert_chain(dados["pem"], password=dados["senha"])
    conexao = http.client.HTTPSConnection("127.0.0.1", porta, context=contexto, timeout=20,
                                          source_address=(origem, 0))
    try:
        conexao.request("GET", caminho, headers=cabecalhos or {})
        resposta = conexao.getresponse()
        return resposta.status, resposta.getheaders(), resposta.read().decode()
    except (ssl.SSLError, ConnectionResetError) as erro:  # a refusal during the handshake
        return "handshake", [], str(erro)
    finally:
        conexao.close()


def _http(mtls, caminho: str, cabecalhos: dict, origem: str):
    conexao = http.client.HTTPConnection("127.0.0.1", mtls.gunicorn, timeout=20, source_address=(origem, 0))
    try:
        conexao.request("GET", caminho, headers=cabecalhos)
        resposta = conexao.getresponse()
        return resposta.status, resposta.read().decode()
    finally:
        conexao.close()


def _corpo(texto: str) -> dict:
    corpo = json.loads(texto)
    assert set(corpo) == {"codigoErro", "mensagem"}
    return corpo


def _recusado_pelo_nginx(resultado) -> bool:
    status, _, texto = resultado
    return status == "handshake" or (status == 401 and MENSAGEM_DO_NGINX in _corpo(texto)["mensagem"])


def _pem_do_certificado(mtls, nome: str) -> str:
    texto = open(mtls.certificado(nome)["pem"]).read()
    fim = "-----END CERTIFICATE-----"
    return texto[:texto.index(fim) + len(fim)] + "\n"


def test_valid_certificate_through_nginx_is_accepted(mtls):
    status, _, texto = _https(mtls, mtls.api, HIPOTESES, "bom")
    assert status == 200, texto
    assert "hipotesesLegais" in json.loads(texto)
    repositorio, unidade = mtls.manifesto["repositorio"], mtls.manifesto["unidade"]
    caminho = (f"/interoperabilidade/rest/v3/repositorios-de-estruturas/{repositorio}"
               f"/estruturas-organizacionais/{unidade}")
    status, _, texto = _https(mtls, mtls.api, caminho, "bom")
    assert status == 200 and json.loads(texto)["sigla"] == "PROT"


def test_the_use_is_recorded_with_the_client_address_nginx_saw(mtls):
    assert _https(mtls, mtls.api, HIPOTESES + "?ativos=true", "bom", origem="127.0.0.3")[0] == 200
    codigo = (
        "import django, sys; django.setup(); from comites.certificados.models import Certificado; "
        f"c = Certificado.objects.get(pk={mtls.certificado('bom')['id']}); "
        "print(c.ultimo_uso_endereco, c.ultimo_uso_em is not None)"
    )
    ambiente = {**mtls.env, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    saida = subprocess.run([sys.executable, "-c", codigo], env=ambiente, cwd=mtls.raiz,
                           capture_output=True, text=True, check=True).stdout.split()
    assert saida[-2:] == ["127.0.0.3", "True"]  # a new address is recorded at once (throttle is per address)


def test_no_certificate_is_refused_by_nginx_with_the_api_error_body(mtls):
    resultado = _https(mtls, mtls.api, HIPOTESES)
    assert _recusado_pelo_nginx(resultado)


def test_certificate_of_a_foreign_ca_is_refused_by_nginx_and_by_the_application(mtls):
    assert _recusado_pelo_nginx(_https(mtls, mtls.api, HIPOTESES, "estranho"))
    status, _, texto = _https(mtls, mtls.api_sem_ca, HIPOTESES, "estranho")
    assert status == 401 and "autoridade certificadora" in _corpo(texto)["mensagem"]


def test_expired_certificate_is_refused_by_nginx_and_by_the_application(mtls):
    assert _recusado_pelo_nginx(_https(mtls, mtls.api, HIPOTESES, "expirado"))
    # nginx checks the validity period in every mode (optional_no_ca too): to prove the application's own
    # check, the certificate comes from the proxy's address as a proxy that does not check it would send it.
    assert _recusado_pelo_nginx(_https(mtls, mtls.api_sem_ca, HIPOTESES, "expirado"))
    cabecalho = {"X-SSL-Client-Cert": quote(_pem_do_certificado(mtls, "expirado"), safe="")}
    status, texto = _http(mtls, HIPOTESES, cabecalho, origem="127.0.0.1")
    assert status == 401 and "expirou" in _corpo(texto)["mensagem"]


def test_revoked_certificate_is_refused_by_nginx_from_the_crl_and_by_the_application(mtls):
    assert _recusado_pelo_nginx(_https(mtls, mtls.api, HIPOTESES, "revogado"))
    status, _, texto = _https(mtls, mtls.api_sem_ca, HIPOTESES, "revogado")
    assert status == 403 and "revogado" in _corpo(texto)["mensagem"]


def test_revoked_after_the_crl_was_exported_passes_nginx_and_the_application_refuses_it(mtls):
    status, _, texto = _https(mtls, mtls.api, HIPOTESES, "revogado_depois")
    assert status == 403, texto
    corpo = _corpo(texto)
    assert corpo["codigoErro"] == "0003" and "revogado" in corpo["mensagem"]


def test_spoofed_header_sent_straight_to_gunicorn_from_a_non_proxy_address_is_ignored(mtls):
    cabecalho = {"X-SSL-Client-Cert": quote(_pem_do_certificado(mtls, "bom"), safe="")}
    status, texto = _http(mtls, HIPOTESES, cabecalho, origem="127.0.0.2")
    assert status == 401 and _corpo(texto)["codigoErro"] == "0002"
    # Control: the same header from the trusted proxy's address is a valid certificate.
    assert _http(mtls, HIPOTESES, cabecalho, origem="127.0.0.1")[0] == 200


def test_header_forged_by_a_client_of_the_portal_host_is_dropped_by_nginx(mtls):
    cabecalho = {"X-SSL-Client-Cert": quote(_pem_do_certificado(mtls, "bom"), safe="")}
    status, _, texto = _https(mtls, mtls.portal, HIPOTESES, cabecalhos=cabecalho)
    assert status == 401 and _corpo(texto)["codigoErro"] == "0002"
    status, _, texto = _https(mtls, mtls.portal, "/interoperabilidade/rest/v3/healthcheck")
    assert status == 200 and json.loads(texto) == {"status": "ok"}
