"""The client's HTTPS: it presents the certificate "Gerar Certificado" handed out (opened with its password),
checks the server against the CA it is given, and keeps one connection alive across calls."""

from __future__ import annotations

import http.server
import json
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from comites.certificados import services as certificados
from tests.mtls.preparar import _certificado_do_servidor
from tramites.cliente import Cliente
from tramites.cliente.transporte import FalhaDeConexao, TransporteHttps

from .conftest import gerar


class _Eco(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def do_GET(self):  # noqa: N802
        certificado = x509.load_der_x509_certificate(self.connection.getpeercert(binary_form=True))
        corpo = json.dumps({"cn": certificado.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value,
                            "porta": self.client_address[1], "caminho": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(corpo)))
        self.end_headers()
        self.wfile.write(corpo)

    def log_message(self, *args):
        pass


@pytest.fixture
def servidor(db, tmp_path):
    """An HTTPS server on a free loopback port that requires a client certificate of the portal's CA."""
    autoridade, _ = certificados.inicializar_ac()
    _certificado_do_servidor(tmp_path)
    contexto = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    contexto.load_cert_chain(tmp_path / "servidor.pem", tmp_path / "servidor.key")
    contexto.verify_mode = ssl.CERT_REQUIRED
    contexto.load_verify_locations(cadata=autoridade.certificado_pem)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Eco)
    httpd.socket = contexto.wrap_socket(httpd.socket, server_side=True)
    fio = threading.Thread(target=httpd.serve_forever, daemon=True)
    fio.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", str(tmp_path / "servidor.pem")
    httpd.shutdown()
    httpd.server_close()


def test_the_system_s_certificate_is_presented_and_one_connection_serves_every_call(servidor, tmp_path, orgao_a):
    url, ca = servidor
    arquivo, senha = gerar(orgao_a.sistema, tmp_path, "remetente")
    linhas = []
    cliente = Cliente(url, arquivo, senha, ca, papel="remetente", relatar=linhas.append)
    primeiro, segundo = cliente.healthcheck(), cliente.healthcheck()
    assert primeiro["cn"] == certificados.common_name_para(orgao_a.sistema)
    assert primeiro["caminho"] == "/interoperabilidade/rest/v3/healthcheck"
    assert primeiro["porta"] == segundo["porta"]  # kept alive
    assert linhas[0].startswith("[remetente] GET healthcheck → 200 (")
    cliente.fechar()


def test_a_wrong_password_is_reported_before_any_request(tmp_path, db, orgao_a):
    arquivo, _senha = gerar(orgao_a.sistema, tmp_path, "remetente")
    with pytest.raises(FalhaDeConexao, match="senha errada"):
        TransporteHttps(arquivo, "nao-e-esta")


def test_a_server_outside_the_given_ca_is_refused(servidor, tmp_path, orgao_a):
    url, _ca = servidor
    arquivo, senha = gerar(orgao_a.sistema, tmp_path, "remetente")
    outro = tmp_path / "outra"
    outro.mkdir()
    _certificado_do_servidor(outro)  # another self-signed certificate: not the server's
    with pytest.raises(FalhaDeConexao, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        Cliente(url, arquivo, senha, str(outro / "servidor.pem"), relatar=None).healthcheck()


def test_plain_http_is_refused(tmp_path, db, orgao_a):
    arquivo, senha = gerar(orgao_a.sistema, tmp_path, "remetente")
    with pytest.raises(FalhaDeConexao, match="só por HTTPS"):
        Cliente("http://127.0.0.1:9", arquivo, senha, relatar=None).healthcheck()
