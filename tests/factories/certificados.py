"""Client certificates for API tests: issued by this ambiente's CA to an SPE, and the proxy's header."""

from __future__ import annotations

import datetime
from functools import lru_cache
from urllib.parse import quote

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

from comites.certificados import ac as x509ac
from comites.certificados import services
from comites.certificados.models import Certificado

PROXY = "10.9.8.7"  # the TLS proxy's address in tests (put in TRUSTED_PROXIES by the fixtures)


@lru_cache(maxsize=1)
def _chave():
    """One EC key for the session: issuing a certificate is then a signature, not a key generation."""
    return ec.generate_private_key(ec.SECP256R1())


def _csr() -> bytes:
    return (x509.CertificateSigningRequestBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "teste")]))
            .sign(_chave(), hashes.SHA256()).public_bytes(serialization.Encoding.PEM))


def emitir(sistema) -> tuple[Certificado, str]:
    """A certificate issued through the service (as a gestor's CSR would be); (row, PEM)."""
    services.inicializar_ac()
    certificado = services.emitir_por_csr(sistema, _csr(), None)
    return certificado, certificado.certificado_pem


def emitir_com_validade(sistema, inicio: datetime.datetime, fim: datetime.datetime) -> tuple[Certificado, str]:
    """A certificate of this CA with a chosen validity (e.g. already expired), registered to ``sistema``."""
    autoridade, _ = services.inicializar_ac()
    chave_ac = x509ac.carregar_chave(autoridade.chave_cifrada_pem, settings.AC_CHAVE_MESTRA)
    ac_cert = x509ac.carregar_certificado(autoridade.certificado_pem)
    x = (x509.CertificateBuilder()
         .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, services.common_name_para(sistema))]))
         .issuer_name(ac_cert.subject).public_key(_chave().public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(inicio).not_valid_after(fim).sign(chave_ac, hashes.SHA384()))
    pem = x.public_bytes(serialization.Encoding.PEM).decode()
    certificado = Certificado.objects.create(
        sistema=sistema, ambiente=settings.AMBIENTE, origem=Certificado.Origem.CSR,
        numero_de_serie=format(x.serial_number, "x"), common_name=services.common_name_para(sistema),
        fingerprint_sha256=x509ac.fingerprint(x), certificado_pem=pem,
        valido_de=x.not_valid_before_utc, valido_ate=x.not_valid_after_utc,
    )
    return certificado, pem


def de_ac_estranha(common_name: str = "SPE 1 HOMOLOGACAO - falso") -> str:
    """A PEM certificate of a CA that is not the portal's (same shape, other key)."""
    ac_pem, chave_pem = x509ac.criar_ac("AC Estranha", "senha")
    x = x509ac.emitir(ac_pem, x509ac.carregar_chave(chave_pem, "senha"), _chave().public_key(), common_name, "Órgão")
    return x.public_bytes(serialization.Encoding.PEM).decode()


def cabecalhos(pem: str, *, de: str = PROXY, cliente: str | None = None) -> dict:
    """WSGI environ of a request the proxy forwarded with ``pem`` (URL-encoded, as nginx sends it)."""
    meta = {"REMOTE_ADDR": de, "HTTP_X_SSL_CLIENT_CERT": quote(pem, safe="")}
    if cliente:
        meta["HTTP_X_FORWARDED_FOR"] = cliente
    return meta
