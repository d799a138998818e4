"""The CA (created once, key encrypted at rest), Gerar Certificado, CSR and revocation with its CRL."""

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.management import call_command

from comites.certificados import ac as x509ac
from comites.certificados import services
from comites.certificados.models import AutoridadeCertificadora, Certificado
from comites.services import ErroDeNegocio
from portal.models import RegistroDeAuditoria
from tests.comites.certificados.conftest import chave_ec, fazer_csr

pytestmark = pytest.mark.django_db


def test_inicializar_ac_creates_the_ca_once_and_is_idempotent(settings):
    call_command("inicializar_ac")
    call_command("inicializar_ac")

    assert AutoridadeCertificadora.objects.filter(ambiente=settings.AMBIENTE).count() == 1
    assert RegistroDeAuditoria.objects.filter(acao="certificado.ac_inicializada").count() == 1


def test_inicializar_ac_fails_clearly_when_the_master_key_does_not_open_the_stored_ca_key(ac, settings):
    from django.core.management.base import CommandError

    settings.AC_CHAVE_MESTRA = "outra-chave-mestra-com-mais-de-32-caracteres"

    with pytest.raises(CommandError, match="AC_CHAVE_MESTRA"):
        call_command("inicializar_ac")
    assert AutoridadeCertificadora.objects.count() == 1


def test_ca_private_key_is_stored_encrypted_with_the_master_key(ac, settings):
    assert "ENCRYPTED PRIVATE KEY" in ac.chave_cifrada_pem
    with pytest.raises(TypeError):  # unusable without a password
        serialization.load_pem_private_key(ac.chave_cifrada_pem.encode(), password=None)
    with pytest.raises(ValueError):
        serialization.load_pem_private_key(ac.chave_cifrada_pem.encode(), password=b"outra chave")
    chave = x509ac.carregar_chave(ac.chave_cifrada_pem, settings.AC_CHAVE_MESTRA)
    ac_cert = x509.load_pem_x509_certificate(ac.certificado_pem.encode())
    assert chave.public_key().public_numbers() == ac_cert.public_key().public_numbers()
    assert ac_cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_gerar_certificado_hands_over_cert_and_encrypted_key_and_stores_only_the_certificate(ac, sistema, gestor):
    certificado, emissao = services.gerar_certificado(sistema, gestor)

    pem = emissao.pem_para_entregar
    assert b"-----BEGIN CERTIFICATE-----" in pem and b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in pem
    inicio = pem.index(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(pem[inicio:], password=None)
    chave = serialization.load_pem_private_key(pem[inicio:], password=emissao.senha.encode())
    assert isinstance(chave, rsa.RSAPrivateKey) and chave.key_size >= 2048
    x = x509.load_pem_x509_certificate(pem)
    assert x.public_key().public_numbers() == chave.public_key().public_numbers()
    # stored: the certificate, nothing of the key or the password
    registro = Certificado.objects.get()
    assert registro == certificado and registro.certificado_pem.encode() == x.public_bytes(serialization.Encoding.PEM)
    for campo in Certificado._meta.concrete_fields:
        valor = str(getattr(registro, campo.attname))
        assert "PRIVATE KEY" not in valor and emissao.senha not in valor
    auditoria = RegistroDeAuditoria.objects.get(acao="certificado.gerado")
    assert emissao.senha not in str(auditoria.depois) and "PRIVATE" not in str(auditoria.depois)
    assert auditoria.comite_id == sistema.orgao_responsavel_id


def test_issued_certificate_identifies_the_spe_and_ambiente_is_client_auth_and_lasts_ten_years(ac, sistema, gestor,
                                                                                                 settings):
    certificado, emissao = services.gerar_certificado(sistema, gestor)
    x = x509.load_pem_x509_certificate(emissao.pem_para_entregar)

    cn = x.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert cn == certificado.common_name == f"SPE {sistema.pk} HOMOLOGACAO - MGI - SEI"
    assert x.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage(
        [ExtendedKeyUsageOID.CLIENT_AUTH])
    assert not x.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    duracao = x.not_valid_after_utc - x.not_valid_before_utc
    assert datetime.timedelta(days=3650) <= duracao <= datetime.timedelta(days=3653)
    assert x509ac.emitido_pela_ac(x, ac.certificado_pem)
    assert certificado.fingerprint_sha256 == x509ac.fingerprint(x) and len(certificado.fingerprint_sha256) == 95
    assert certificado.ambiente == settings.AMBIENTE and certificado.gerado_por == gestor
    assert certificado.dias_restantes >= 3649 and certificado.situacao == Certificado.Situacao.VALIDO


def test_common_name_names_the_producao_ambiente_there(ac, sistema, gestor, settings):
    settings.AMBIENTE = "producao"
    services.inicializar_ac()

    certificado, _ = services.gerar_certificado(sistema, gestor)

    assert "PRODUCAO" in certificado.common_name and certificado.ambiente == "producao"


def test_inactive_system_gets_no_certificate(ac, sistema, gestor):
    sistema.ativo = False
    sistema.save()

    with pytest.raises(ErroDeNegocio, match="inativo"):
        services.gerar_certificado(sistema, gestor)
    assert not Certificado.objects.exists()


def test_generating_without_a_ca_is_refused_with_a_clear_message(sistema, gestor):
    with pytest.raises(ErroDeNegocio, match="inicializar_ac"):
        services.gerar_certificado(sistema, gestor)


@pytest.mark.parametrize("formato", [serialization.Encoding.PEM, serialization.Encoding.DER])
def test_csr_is_signed_with_the_portal_subject_and_the_orgaos_own_key(ac, sistema, gestor, formato):
    chave = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    certificado = services.emitir_por_csr(sistema, fazer_csr(chave, formato=formato), gestor)

    x = x509.load_pem_x509_certificate(certificado.certificado_pem.encode())
    assert x.public_key().public_numbers() == chave.public_key().public_numbers()
    assert x.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == services.common_name_para(sistema)
    assert certificado.origem == Certificado.Origem.CSR
    assert RegistroDeAuditoria.objects.filter(acao="certificado.emitido_por_csr", alvo_id=str(certificado.pk)).exists()


def test_csr_with_ec_p256_key_is_accepted(ac, sistema, gestor):
    certificado = services.emitir_por_csr(sistema, fazer_csr(chave_ec()), gestor)

    x = x509.load_pem_x509_certificate(certificado.certificado_pem.encode())
    assert isinstance(x.public_key(), ec.EllipticCurvePublicKey)


@pytest.mark.parametrize(("dados", "mensagem"), [
    (lambda: fazer_csr(assinatura_quebrada=True), "assinatura"),
    (lambda: fazer_csr(rsa.generate_private_key(public_exponent=65537, key_size=1024)), "mínimo é 2048"),
    (lambda: fazer_csr(chave_ec(ec.SECP256K1)), "curva"),
    (lambda: b"isto nao e uma requisicao", "não é uma requisição"),
])
def test_bad_csr_is_refused_with_a_clear_message_and_nothing_is_issued(ac, sistema, gestor, dados, mensagem):
    with pytest.raises(ErroDeNegocio, match=mensagem):
        services.emitir_por_csr(sistema, dados(), gestor)
    assert not Certificado.objects.exists()


def test_revoking_records_reason_and_audits_and_refuses_a_second_time(ac, sistema, gestor):
    certificado, _ = services.gerar_certificado(sistema, gestor)

    services.revogar(certificado, gestor, "key_compromise", "Servidor invadido")

    certificado.refresh_from_db()
    assert certificado.situacao == Certificado.Situacao.REVOGADO
    assert certificado.motivo_revogacao == "key_compromise" and certificado.revogado_por == gestor
    registro = RegistroDeAuditoria.objects.get(acao="certificado.revogado")
    assert registro.detalhes == "Servidor invadido" and registro.comite_id == sistema.orgao_responsavel_id
    with pytest.raises(ErroDeNegocio, match="já está revogado"):
        services.revogar(certificado, gestor, "superseded")


def test_revoking_without_a_valid_reason_changes_nothing(ac, sistema, gestor):
    certificado, _ = services.gerar_certificado(sistema, gestor)

    with pytest.raises(ErroDeNegocio, match="motivo"):
        services.revogar(certificado, gestor, "porque sim")
    certificado.refresh_from_db()
    assert certificado.revogado_em is None


def test_crl_is_der_signed_by_the_ca_and_lists_revoked_serials_with_reason(ac, sistema, gestor,
                                                                          django_capture_on_commit_callbacks):
    revogado, _ = services.gerar_certificado(sistema, gestor)
    valido, _ = services.gerar_certificado(sistema, gestor)
    antes = x509.load_der_x509_crl(services.crl_atual())
    with django_capture_on_commit_callbacks(execute=True):
        services.revogar(revogado, gestor, "superseded")

    crl = x509.load_der_x509_crl(services.crl_atual())

    ac_cert = x509.load_pem_x509_certificate(ac.certificado_pem.encode())
    assert crl.is_signature_valid(ac_cert.public_key()) and crl.issuer == ac_cert.subject
    entrada = crl.get_revoked_certificate_by_serial_number(int(revogado.numero_de_serie, 16))
    assert entrada is not None
    assert entrada.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.superseded
    assert crl.get_revoked_certificate_by_serial_number(int(valido.numero_de_serie, 16)) is None
    numero = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert numero > antes.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
