"""Receipts: the exact signed strings, checking the receiver's signature, signing the bus's own receipt.

**Recibo de conclusão** (spec tramita-api §6.4): the receiver signs, with the private key of the
certificate it authenticates with, the string (no whitespace, hashes sorted ascending, one element each)::

    <recibo><IDT>5235</IDT><NRE>0000004385642018</NRE><dataDeRecebimento>2018-07-31T18:42:59.000Z</dataDeRecebimento>
    <hashDoComponenteDigital>…</hashDoComponenteDigital>…</recibo>

with RSA PKCS#1 v1.5 over SHA-256 (PHP ``openssl_sign(…, 'sha256')``), base64 — or ECDSA/SHA-256 when
the system's certificate has an EC key (a CSR may carry one). ``verificar_recibo_de_conclusao`` refuses
a signature that does not check with ``ReciboInvalido`` (API code ``0064``).

**Recibo de envio** (§4.5) is signed by the bus. The spec does not show its string; it is built the same
way, ``<reciboDeEnvio><IDT/><NRE/><dataDeRecebimentoDoUltimoComponenteDigital/><hashDoComponenteDigital/>…
</reciboDeEnvio>`` *(inferred)*, and signed with the bus's key (``comites.certificados.services.
assinante_do_barramento``: RSA 2048 certified by the portal's CA, stored encrypted with
``AC_CHAVE_MESTRA``). The answer carries ``cadeiaDoCertificado`` (bus certificate then CA, PEM).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from comites.certificados import ac as x509ac
from tramites import erros

TAMANHO_MAXIMO_DA_ASSINATURA = 2048
"""Characters of base64 accepted as a signature (RSA 8192 needs 1,368)."""

_HASH = re.compile(r"[A-Za-z0-9+/]{43}=", re.ASCII)
_NRE = re.compile(r"[0-9]{1,20}", re.ASCII)
_DATA = re.compile(r"[0-9A-Za-z:.+\-, ]{10,40}", re.ASCII)  # the date formats the bus accepts, nothing else


class ReciboInvalido(erros.ErroDaApi):
    """The receipt cannot be accepted; answers ``0064`` with a pt-BR message."""

    def __init__(self, mensagem: str | None = None):
        super().__init__(erros.RECIBO_INVALIDO, mensagem)


@dataclass(frozen=True)
class Recibo:
    idt: int
    nre: str
    data: str  # exactly as signed
    hashes: tuple[str, ...]


def formatar_data(momento: datetime.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.mmmZ`` in UTC, the form clients sign."""
    if momento.tzinfo is None:
        raise ValueError("A data do recibo precisa de fuso horário.")
    utc = momento.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _conferir(idt, nre, data: str, hashes: Iterable[str]) -> tuple[int, str, str, tuple[str, ...]]:
    if isinstance(idt, bool) or not isinstance(idt, int) or idt < 0:
        raise ValueError("O IDT do recibo deve ser um número inteiro não negativo.")
    if not isinstance(nre, str) or not _NRE.fullmatch(nre):
        raise ValueError("O NRE do recibo deve conter apenas algarismos (até 20).")
    if not isinstance(data, str) or not _DATA.fullmatch(data):
        raise ValueError("A data do recibo não está em um formato aceito.")
    lista = tuple(sorted(hashes))
    for valor in lista:
        if not isinstance(valor, str) or not _HASH.fullmatch(valor):
            raise ValueError("Cada hash do recibo deve ser o SHA-256 do componente em base64 (44 caracteres).")
    return idt, nre, data, lista


def texto_do_recibo_de_conclusao(idt: int, nre: str, data_de_recebimento: str, hashes: Iterable[str]) -> str:
    """The exact string the receiver signs (spec §6.4); ``ValueError`` on a malformed part."""
    idt, nre, data, lista = _conferir(idt, nre, data_de_recebimento, hashes)
    componentes = "".join(f"<hashDoComponenteDigital>{h}</hashDoComponenteDigital>" for h in lista)
    return (f"<recibo><IDT>{idt}</IDT><NRE>{nre}</NRE><dataDeRecebimento>{data}</dataDeRecebimento>"
            f"{componentes}</recibo>")


def texto_do_recibo_de_envio(idt: int, nre: str, data_do_ultimo_componente: str, hashes: Iterable[str]) -> str:
    """The string the bus signs for the recibo de envio (same construction, ``reciboDeEnvio`` names)."""
    idt, nre, data, lista = _conferir(idt, nre, data_do_ultimo_componente, hashes)
    componentes = "".join(f"<hashDoComponenteDigital>{h}</hashDoComponenteDigital>" for h in lista)
    return (f"<reciboDeEnvio><IDT>{idt}</IDT><NRE>{nre}</NRE><dataDeRecebimentoDoUltimoComponenteDigital>{data}"
            f"</dataDeRecebimentoDoUltimoComponenteDigital>{componentes}</reciboDeEnvio>")


def ler_assinatura(assinatura_b64) -> bytes:
    """The signature bytes of strict base64; ``ReciboInvalido`` otherwise."""
    if not isinstance(assinatura_b64, str) or not assinatura_b64.strip():
        raise ReciboInvalido("A assinatura do recibo (hashDaAssinatura) não foi informada.")
    texto = assinatura_b64.strip()
    if len(texto) > TAMANHO_MAXIMO_DA_ASSINATURA or not texto.isascii():
        raise ReciboInvalido("A assinatura do recibo (hashDaAssinatura) não está em base64 válido.")
    try:
        return base64.b64decode(texto, validate=True)
    except (binascii.Error, ValueError):
        raise ReciboInvalido("A assinatura do recibo (hashDaAssinatura) não está em base64 válido.") from None


def _certificado(certificado) -> x509.Certificate:
    if isinstance(certificado, x509.Certificate):
        return certificado
    return x509ac.carregar_certificado(certificado)


def assinatura_confere(texto: str, assinatura: bytes, certificado) -> bool:
    """True when ``assinatura`` is the certificate key's SHA-256 signature of ``texto`` (UTF-8)."""
    publica = _certificado(certificado).public_key()
    dados = texto.encode()
    try:
        if isinstance(publica, rsa.RSAPublicKey):
            publica.verify(assinatura, dados, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(publica, ec.EllipticCurvePublicKey):
            publica.verify(assinatura, dados, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True


def verificar_recibo_de_conclusao(
    idt: int, nre: str, data_de_recebimento: str, hashes: Iterable[str], hash_da_assinatura: str,
    certificados,
) -> Recibo:
    """Checks the receiver's signature against its certificate (one, or several: any of the system's
    valid certificates). Returns the receipt; ``ReciboInvalido`` when the signature does not check."""
    try:
        texto = texto_do_recibo_de_conclusao(idt, nre, data_de_recebimento, hashes)
    except ValueError as erro:
        raise ReciboInvalido(f"Recibo de conclusão inválido: {erro}") from None
    assinatura = ler_assinatura(hash_da_assinatura)
    lista = [certificados] if isinstance(certificados, x509.Certificate | bytes | str) else list(certificados)
    if not any(assinatura_confere(texto, assinatura, c) for c in lista):
        raise ReciboInvalido(
            "Falha na validação do recibo de conclusão: a assinatura não confere com o certificado do sistema "
            f"destinatário para o texto {texto}"
        )
    return Recibo(idt, nre, data_de_recebimento, tuple(sorted(hashes)))


def assinar(texto: str, chave) -> str:
    """Base64 signature of ``texto`` (UTF-8) with an RSA (PKCS#1 v1.5) or EC (ECDSA) key, SHA-256."""
    if isinstance(chave, rsa.RSAPrivateKey):
        assinatura = chave.sign(texto.encode(), padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(chave, ec.EllipticCurvePrivateKey):
        assinatura = chave.sign(texto.encode(), ec.ECDSA(hashes.SHA256()))
    else:
        raise TypeError("Unsupported key type for receipts.")
    return base64.b64encode(assinatura).decode()


def recibo_de_envio(idt: int, nre: str, data_do_ultimo_componente: datetime.datetime, hashes: Iterable[str],
                    assinante=None) -> dict:
    """The body of ``GET tramites/{IDT}/recibo-de-envio``, signed by the bus (``assinante`` defaults to
    this ambiente's key, created on first use)."""
    if assinante is None:
        from comites.certificados.services import assinante_do_barramento

        assinante = assinante_do_barramento()
    data = formatar_data(data_do_ultimo_componente)
    lista = sorted(hashes)
    texto = texto_do_recibo_de_envio(idt, nre, data, lista)
    return {
        "reciboDeEnvio": {
            "IDT": idt, "NRE": nre, "dataDeRecebimentoDoUltimoComponenteDigital": data,
            "hashesDosComponentesDigitais": lista,
        },
        "cadeiaDoCertificado": assinante.cadeia_pem,
        "hashDaAssinatura": assinar(texto, assinante.chave),
    }
