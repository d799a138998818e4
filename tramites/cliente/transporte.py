"""HTTPS with the system's client certificate, over the standard library (``http.client`` + ``ssl``).

The client authenticates exactly as an electronic-process system does (spec tramita-api §2): the PEM that
"Gerar Certificado" hands out (certificate + encrypted private key) and its password, given to
``ssl.SSLContext.load_cert_chain``. The server's chain is checked against ``ca`` (a PEM file) or the system's
trust store. Connections are kept alive per host (one request at a time per ``TransporteHttps``: use one per
thread).
"""

from __future__ import annotations

import http.client
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Resposta:
    status: int
    corpo: bytes
    cabecalhos: dict[str, str] = field(default_factory=dict)  # lower-case names
    ms: float = 0.0

    def json(self):
        import json

        return json.loads(self.corpo.decode("utf-8")) if self.corpo else None


class FalhaDeConexao(Exception):
    """The request did not get an HTTP answer (TLS refused, connection refused or reset, timeout)."""


class TempoEsgotado(FalhaDeConexao):
    """No answer within the request's time limit."""


def contexto_tls(certificado: str, senha: str | None, ca: str | None) -> ssl.SSLContext:
    """TLS 1.2+ context presenting the system's certificate; verifies the server against ``ca``."""
    contexto = ssl.create_default_context(cafile=ca)
    contexto.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        contexto.load_cert_chain(certificado, password=senha or None)
    except ssl.SSLError as erro:
        raise FalhaDeConexao(
            f"Não foi possível abrir o certificado {certificado} (senha errada ou arquivo que não é o PEM "
            f"entregue por “Gerar Certificado”): {erro}") from None
    except FileNotFoundError:
        raise FalhaDeConexao(f"Arquivo de certificado não encontrado: {certificado}") from None
    return contexto


class TransporteHttps:
    """``requisitar(metodo, url, corpo, cabecalhos, tempo_limite) -> Resposta`` over HTTPS (mutual TLS)."""

    def __init__(self, certificado: str, senha: str | None = None, ca: str | None = None):
        self.contexto = contexto_tls(certificado, senha, ca)
        self._conexoes: dict[tuple[str, int], http.client.HTTPSConnection] = {}

    def _conexao(self, host: str, porta: int, tempo_limite: float) -> tuple[http.client.HTTPSConnection, bool]:
        conexao = self._conexoes.get((host, porta))
        if conexao is not None:
            conexao.timeout = tempo_limite
            if conexao.sock is not None:
                conexao.sock.settimeout(tempo_limite)
            return conexao, True
        conexao = http.client.HTTPSConnection(host, porta, context=self.contexto, timeout=tempo_limite)
        self._conexoes[(host, porta)] = conexao
        return conexao, False

    def requisitar(self, metodo: str, url: str, corpo: bytes | None = None, cabecalhos: dict | None = None,
                   tempo_limite: float = 300.0) -> Resposta:
        partes = urlsplit(url)
        if partes.scheme != "https":
            raise FalhaDeConexao(f"A API dos sistemas é servida só por HTTPS com certificado cliente: {url}")
        host, porta = partes.hostname, partes.port or 443
        caminho = partes.path + (f"?{partes.query}" if partes.query else "")
        inicio = time.perf_counter()
        for tentativa in (1, 2):
            conexao, reaproveitada = self._conexao(host, porta, tempo_limite)
            try:
                conexao.request(metodo, caminho, body=corpo, headers=cabecalhos or {})
                resposta = conexao.getresponse()
                dados = resposta.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as erro:
                self.fechar(host, porta)
                # A kept-alive connection the server closed while idle: open a new one, once.
                if reaproveitada and tentativa == 1:
                    continue
                raise FalhaDeConexao(f"{metodo} {url}: conexão encerrada pelo servidor ({erro})") from None
            except TimeoutError:
                self.fechar(host, porta)
                raise TempoEsgotado(f"{metodo} {url}: sem resposta em {tempo_limite:.0f} s") from None
            except (OSError, ssl.SSLError, http.client.HTTPException) as erro:
                self.fechar(host, porta)
                raise FalhaDeConexao(f"{metodo} {url}: {erro.__class__.__name__}: {erro}") from None
            if resposta.will_close:
                self.fechar(host, porta)
            return Resposta(resposta.status, dados, {k.lower(): v for k, v in resposta.getheaders()},
                            (time.perf_counter() - inicio) * 1000)
        raise AssertionError("unreachable")

    def fechar(self, host: str | None = None, porta: int | None = None) -> None:
        chaves = [(host, porta)] if host else list(self._conexoes)
        for chave in chaves:
            conexao = self._conexoes.pop(chave, None)
            if conexao is not None:
                conexao.close()
