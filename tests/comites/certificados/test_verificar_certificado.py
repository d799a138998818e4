"""verificar_certificado: what the API authentication will accept (good) and refuse (expired, revoked,
foreign CA, unregistered, inactive SPE, another ambiente, garbage)."""

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings as conf

from comites.certificados import ac as x509ac
from comites.certificados import services
from comites.certificados.models import Certificado
from comites.certificados.verificacao import CertificadoRecusado, verificar_certificado

pytestmark = pytest.mark.django_db


def _registrar(sistema, x) -> Certificado:
    """A row for a certificate built by the test (as if the portal had issued it)."""
    return Certificado.objects.create(
        sistema=sistema, ambiente=conf.AMBIENTE, origem=Certificado.Origem.GERADO,
        numero_de_serie=format(x.serial_number, "x"), common_name="teste", fingerprint_sha256=x509ac.fingerprint(x),
        certificado_pem=x.public_bytes(serialization.Encoding.PEM).decode(),
        valido_de=x.not_valid_before_utc, valido_ate=x.not_valid_after_utc,
    )


def _assinado_pela_ac(ac, *, inicio, fim):
    chave_ac = x509ac.carregar_chave(ac.chave_cifrada_pem, conf.AC_CHAVE_MESTRA)
    ac_cert = x509ac.carregar_certificado(ac.certificado_pem)
    chave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return (
        x509.CertificateBuilder().subject_name(ac_cert.subject).issuer_name(ac_cert.subject)
        .public_key(chave.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(inicio).not_valid_after(fim).sign(chave_ac, hashes.SHA384())
    )


def test_good_certificate_in_pem_or_der_returns_its_registration(ac, sistema, gestor):
    certificado, emissao = services.gerar_certificado(sistema, gestor)
    x = x509.load_pem_x509_certificate(emissao.pem_para_entregar)

    assert verificar_certificado(emissao.pem_para_entregar) == certificado  # the bundle: its first PEM block
    assert verificar_certificado(x.public_bytes(serialization.Encoding.DER)) == certificado
    assert verificar_certificado(certificado.certificado_pem).sistema == sistema


def test_expired_certificate_is_refused(ac, sistema):
    agora = x509ac.agora()
    x = _assinado_pela_ac(ac, inicio=agora - datetime.timedelta(days=400), fim=agora - datetime.timedelta(days=1))
    _registrar(sistema, x)

    with pytest.raises(CertificadoRecusado) as erro:
        verificar_certificado(x.public_bytes(serialization.Encoding.PEM))
    assert erro.value.codigo == "CERTIFICADO_EXPIRADO" and "expirou" in erro.value.mensagem


def test_revoked_certificate_is_refused(ac, sistema, gestor):
    certificado, emissao = services.gerar_certificado(sistema, gestor)
    services.revogar(certificado, gestor, "key_compromise")

    with pytest.raises(CertificadoRecusado) as erro:
        verificar_certificado(emissao.pem_para_entregar)
    assert erro.value.codigo == "CERTIFICADO_REVOGADO"


def test_certificate_of_a_foreign_ca_is_refused_even_when_its_fingerprint_is_registered(ac, sistema):
    outra_ac_pem, outra_chave_pem = x509ac.criar_ac("AC Estranha", "senha")
    outra_chave = x509ac.carregar_chave(outra_chave_pem, "senha")
    # same subject as ours: only the signature tells them apart
    x = x509ac.emitir(outra_ac_pem, outra_chave, rsa.generate_private_key(public_exponent=65537, key_size=2048)
                      .public_key(), "SPE 1 HOMOLOGACAO - falso", "Órgão")
    _registrar(sistema, x)

    with pytest.raises(CertificadoRecusado) as erro:
        verificar_certificado(x.public_bytes(serialization.Encoding.PEM))
    assert erro.value.codigo == "CERTIFICADO_NAO_CONFIAVEL"


def test_certificate_signed_by_our_ca_but_not_registered_is_refused(ac):
    agora = x509ac.agora()
    x = _assinado_pela_ac(ac, inicio=agora - datetime.timedelta(days=1), fim=agora + datetime.timedelta(days=10))

    with pytest.raises(CertificadoRecusado) as erro:
        verificar_certificado(x.public_bytes(serialization.Encoding.PEM))
    assert erro.value.codigo == "CERTIFICADO_NAO_REGISTRADO"


def test_certificate_of_an_inactive_system_is_refused(ac, sistema, gestor):
    _, emissao = services.gerar_certificado(sistema, gestor)
    sistema.ativo = False
    sistema.save()

    with pytest.raises(CertificadoRecusado) as erro:
        verificar_certificado(emissao.pem_para_entregar)
    assert erro.value.codigo == "SISTEMA_INATIVO"


def test_homologacao_certificate_is_refused_by_producao(ac, sistema, gestor, settings):
    _, emissao = services.gerar_certificado(sistema, gestor)
    settings.AMBIENTE = "producao"
    services.inicializar_ac()

    with pytest.raises(CertificadoRecusado) as erro:
        verificar_certificado(emissao.pem_para_entregar)
    assert erro.value.codigo == "CERTIFICADO_DE_OUTRO_AMBIENTE"  # both CAs known here: the refusal names it
    assert "outro ambiente" in erro.value.mensagem


@pytest.mark.parametrize("dados", [b"", b"lixo", "-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----"])
def test_unreadable_input_is_refused_with_a_clear_error(ac, dados):
    with pytest.raises(CertificadoRecusado) as erro:
        verificar_certificado(dados)
    assert erro.value.codigo == "CERTIFICADO_ILEGIVEL"



def _ate_terminar_em_espaco(fazer):
    """Calls ``fazer()`` (a fresh signature each time) until its DER ends in a whitespace byte."""
    for _ in range(2000):
        der = fazer()
        if der[-1:].isspace():
            return der
    pytest.fail("no DER ending in a whitespace byte in 2000 signatures")


def test_der_certificate_ending_in_a_whitespace_byte_is_read_whole(ac):
    """DER is binary: a trailing 0x20/0x0a byte belongs to the signature and must not be stripped."""
    chave_ac = x509ac.carregar_chave(ac.chave_cifrada_pem, conf.AC_CHAVE_MESTRA)
    ac_cert = x509ac.carregar_certificado(ac.certificado_pem)
    publica = ec.generate_private_key(ec.SECP256R1()).public_key()
    agora = x509ac.agora()
    construtor = (
        x509.CertificateBuilder().subject_name(ac_cert.subject).issuer_name(ac_cert.subject).public_key(publica)
        .not_valid_before(agora).not_valid_after(agora + datetime.timedelta(days=1))
    )
    der = _ate_terminar_em_espaco(lambda: construtor.serial_number(x509.random_serial_number())
                                  .sign(chave_ac, hashes.SHA384()).public_bytes(serialization.Encoding.DER))
    assert x509ac.carregar_certificado(der).public_bytes(serialization.Encoding.DER) == der


def test_der_csr_ending_in_a_whitespace_byte_is_read_whole():
    chave = ec.generate_private_key(ec.SECP256R1())
    nome = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "teste")])
    der = _ate_terminar_em_espaco(lambda: x509.CertificateSigningRequestBuilder().subject_name(nome)
                                  .sign(chave, hashes.SHA256()).public_bytes(serialization.Encoding.DER))
    assert x509ac.ler_csr(der).public_bytes(serialization.Encoding.DER) == der
