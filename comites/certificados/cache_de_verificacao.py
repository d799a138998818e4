"""The certificate check of every API request, cheap: verified results cached per process, bounded in time.

``verificar_cabecalho(valor)`` turns the header the TLS proxy forwarded (nginx's URL-encoded
``$ssl_client_escaped_cert``) into a ``Verificado`` (certificate, SPE and the SPE's órgãos) or raises
``CertificadoRecusado``. The full check — parse, CA signature, validity period, revocation, registration
to an active SPE — costs a signature verification and two or three queries; its result (a refusal too)
is kept in this process, keyed by the SHA-256 of the header value, for at most
``settings.CERTIFICADO_CACHE_SEGUNDOS`` (default 60 s). The expiry date is re-checked on every request.

**How fast a revocation takes effect.** Every change that can turn an accepted certificate into a refused
one (revocation, a new certificate, an SPE inactivated, an órgão linked or unlinked, the CA) replaces a
random *version* token in the shared cache when its transaction commits (model signals, so every writer is
covered) and clears the local entries of the process that made it. Requests compare their entry's version
with the shared one, read from the shared cache at most once per ``CERTIFICADO_VERSAO_SEGUNDOS`` (default
1 s) per process. So a revocation applies at once in the process that made it, within 1 s in every other
process while the shared cache is up, and within ``CERTIFICADO_CACHE_SEGUNDOS`` when it is down. (Reading
the version on every request costs a Redis round trip, most of a warm check: bench/certificado_bench.py.)

``anotar_uso`` records when and from which client address a certificate was used without writing on
every request: at most once per ``CERTIFICADO_USO_INTERVALO_SEGUNDOS`` per certificate and address
(an in-process check first, then ``cache.add`` across processes).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from comites.certificados.verificacao import CertificadoRecusado, verificar_certificado

log = logging.getLogger(__name__)

CHAVE_VERSAO = "certificados:versao"
MAXIMO_DE_ENTRADAS = 4096
# A PEM certificate URL-encoded is about 2-4 KB; anything far larger is not one.
TAMANHO_MAXIMO_DO_CABECALHO = 16384
MARCA_PEM = "-----BEGIN CERTIFICATE-----"


@dataclass(frozen=True)
class Verificado:
    """A certificate that passed the full check, with what the principal needs."""

    certificado_id: int
    sistema_id: int
    sistema_nome: str
    comite_ids: frozenset[int]
    fingerprint: str
    valido_ate: float  # epoch seconds


@dataclass(frozen=True)
class _Entrada:
    resultado: Verificado | CertificadoRecusado
    versao: str | None
    expira: float  # time.monotonic()


_trava = threading.Lock()
_entradas: OrderedDict[bytes, _Entrada] = OrderedDict()
_usos: dict[tuple[int, str], float] = {}
_versao_lida: list = [None, float("-inf")]  # [token, time.monotonic() of the read]


def esquecer_tudo() -> None:
    """Drops this process's entries, use marks and version read (after a local change; tests)."""
    with _trava:
        _entradas.clear()
        _usos.clear()
        _versao_lida[:] = [None, float("-inf")]


def _ler_versao() -> str | None:
    try:
        valor = cache.get(CHAVE_VERSAO)
        if valor is None:
            cache.add(CHAVE_VERSAO, secrets.token_hex(8), timeout=None)
            valor = cache.get(CHAVE_VERSAO)
        return valor
    except Exception:
        log.warning("cache indisponível ao ler a versão dos certificados", exc_info=True)
        return None


def versao_atual() -> str | None:
    """The shared version token, re-read at most every ``CERTIFICADO_VERSAO_SEGUNDOS``; None when the
    shared cache cannot be read (then only the time bound of the entries holds)."""
    agora = time.monotonic()
    with _trava:
        valor, lida_em = _versao_lida
    if agora - lida_em < settings.CERTIFICADO_VERSAO_SEGUNDOS:
        return valor
    valor = _ler_versao()
    with _trava:
        _versao_lida[:] = [valor, agora]
    return valor


def invalidar() -> None:
    """Every process re-checks every certificate on its next request."""
    esquecer_tudo()
    try:
        cache.set(CHAVE_VERSAO, secrets.token_hex(8), timeout=None)
    except Exception:
        log.warning("cache indisponível ao invalidar os certificados verificados", exc_info=True)


def invalidar_apos_commit(**_kwargs) -> None:
    """Signal receiver: invalidate now (this process) and again once the change is visible to others."""
    esquecer_tudo()
    transaction.on_commit(invalidar, robust=True)


def ler_pem(valor: str) -> bytes:
    """The PEM certificate in the proxy's header (URL-encoded or plain); ``CertificadoRecusado`` otherwise."""
    if not valor or len(valor) > TAMANHO_MAXIMO_DO_CABECALHO:
        raise CertificadoRecusado("CERTIFICADO_ILEGIVEL", "O certificado apresentado não pôde ser lido.")
    texto = unquote(valor, errors="strict") if "%" in valor else valor
    inicio = texto.find(MARCA_PEM)
    if inicio < 0 or "\x00" in texto:
        raise CertificadoRecusado("CERTIFICADO_ILEGIVEL", "O certificado apresentado não pôde ser lido.")
    try:
        return texto[inicio:].encode("ascii")
    except UnicodeEncodeError:
        raise CertificadoRecusado("CERTIFICADO_ILEGIVEL", "O certificado apresentado não pôde ser lido.") from None


def _verificar_de_fato(valor: str) -> Verificado:
    try:
        pem = ler_pem(valor)
    except UnicodeDecodeError:
        raise CertificadoRecusado("CERTIFICADO_ILEGIVEL", "O certificado apresentado não pôde ser lido.") from None
    registro = verificar_certificado(pem)
    sistema = registro.sistema
    comites = {sistema.orgao_responsavel_id, *sistema.vinculos.values_list("comite_id", flat=True)}
    return Verificado(
        certificado_id=registro.pk, sistema_id=sistema.pk, sistema_nome=sistema.nome,
        comite_ids=frozenset(comites), fingerprint=registro.fingerprint_sha256,
        valido_ate=registro.valido_ate.timestamp(),
    )


def verificar_cabecalho(valor: str) -> Verificado:
    """The verified certificate of the header value (cached as the module docstring says)."""
    chave = hashlib.sha256(valor.encode("utf-8", "surrogatepass")).digest()
    versao = versao_atual()
    agora = time.monotonic()
    with _trava:
        entrada = _entradas.get(chave)
    if entrada is None or entrada.expira <= agora or (versao is not None and entrada.versao != versao):
        try:
            resultado: Verificado | CertificadoRecusado = _verificar_de_fato(valor)
        except CertificadoRecusado as recusa:
            resultado = recusa
        entrada = _Entrada(resultado, versao, agora + settings.CERTIFICADO_CACHE_SEGUNDOS)
        with _trava:
            _entradas[chave] = entrada
            _entradas.move_to_end(chave)
            while len(_entradas) > MAXIMO_DE_ENTRADAS:
                _entradas.popitem(last=False)
    resultado = entrada.resultado
    if isinstance(resultado, CertificadoRecusado):
        raise resultado
    if time.time() >= resultado.valido_ate:
        raise CertificadoRecusado("CERTIFICADO_EXPIRADO", "O certificado expirou: gere um novo certificado no portal.")
    return resultado


def anotar_uso(verificado: Verificado, endereco: str | None) -> bool:
    """Records the use (when, from where) unless already recorded within the interval; True when written."""
    from comites.certificados import services

    intervalo = settings.CERTIFICADO_USO_INTERVALO_SEGUNDOS
    chave = (verificado.certificado_id, endereco or "")
    agora = time.monotonic()
    with _trava:
        ultimo = _usos.get(chave)
        if ultimo is not None and agora - ultimo < intervalo:
            return False
        if len(_usos) >= MAXIMO_DE_ENTRADAS:
            _usos.clear()
        _usos[chave] = agora
    try:
        novo = cache.add(f"certificados:uso:{verificado.certificado_id}:{endereco or '-'}", 1, timeout=intervalo)
    except Exception:  # the in-process mark still bounds the writes of this process
        log.warning("cache indisponível ao limitar o registro de uso de certificado", exc_info=True)
        novo = True
    if novo:
        services.registrar_uso_por_id(verificado.certificado_id, endereco)
    return novo
