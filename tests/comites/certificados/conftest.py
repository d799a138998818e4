"""Fixtures of the certificate tests: this ambiente's CA, an SPE of the ``comite`` fixture, CSRs."""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from comites.certificados import services
from tests.factories.comites import SistemaFactory


@pytest.fixture
def ac(db):
    return services.inicializar_ac()[0]


@pytest.fixture
def sistema(comite):
    return SistemaFactory(orgao_responsavel=comite, nome="MGI - SEI")


@pytest.fixture
def sistema_de_outro(outro_comite):
    return SistemaFactory(orgao_responsavel=outro_comite, nome="OUTRO - SEI")


def fazer_csr(chave=None, *, assinatura_quebrada=False, formato=serialization.Encoding.PEM) -> bytes:
    chave = chave or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "qualquer nome")]))
        .sign(chave, hashes.SHA256())
    )
    dados = csr.public_bytes(serialization.Encoding.DER)
    if assinatura_quebrada:
        dados = dados[:-3] + bytes(b ^ 0xFF for b in dados[-3:])  # the signature is at the end
        csr = x509.load_der_x509_csr(dados)
    return csr.public_bytes(formato) if not assinatura_quebrada or formato == serialization.Encoding.PEM else dados


def chave_ec(curva=ec.SECP256R1):
    return ec.generate_private_key(curva())
