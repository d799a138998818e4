"""POST/GET tramites/{IDT}/recibo (#20, #21): the receiver's signature checked against its SPE's valid
certificates (4→5), the sender's read (5→6, idempotent)."""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from comites.certificados import services as certificados
from portal.models import RegistroDeAuditoria
from tests.factories.certificados import _chave as chave_dos_certificados_de_teste
from tests.factories.tramites import enviar, levar_a
from tramites import recibos
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Recibo

from .conftest import API

S = sm.Status
pytestmark = pytest.mark.django_db
DATA = "2026-11-30T18:42:59.000Z"


def _url(tramite):
    return f"{API}tramites/{tramite.idt}/recibo"


def _assinatura(tramite, chave=None, data=DATA, hashes=None):
    hashes = sorted(tramite.componentes.values_list("hash", flat=True)) if hashes is None else hashes
    texto = recibos.texto_do_recibo_de_conclusao(tramite.idt, tramite.nre, data, hashes)
    return recibos.assinar(texto, chave or chave_dos_certificados_de_teste())


def _enviar_recibo(cliente, tramite, **extra):
    corpo = {"dataDeRecebimento": DATA, "hashDaAssinatura": _assinatura(tramite, **extra)}
    return cliente.post(_url(tramite), corpo, content_type="application/json")


@pytest.fixture
def em_4(orgao_a, orgao_b):
    return levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_RECEBIDOS_DESTINATARIO, orgao_a, orgao_b)


def test_a_good_signature_moves_4_to_5_and_the_recibo_is_stored_as_signed(cliente_b, em_4):
    resposta = _enviar_recibo(cliente_b, em_4)
    assert resposta.status_code == 200, resposta.content
    em_4.refresh_from_db()
    assert em_4.status == S.RECIBO_ENVIADO_DESTINATARIO
    recibo = Recibo.objects.get(tramite=em_4, tipo=Recibo.Tipo.CONCLUSAO)
    assert recibo.conteudo == recibos.texto_do_recibo_de_conclusao(
        em_4.idt, em_4.nre, DATA, em_4.componentes.values_list("hash", flat=True))
    assert resposta.json()["recibo"]["dataDeRecebimento"] == DATA
    assert "BEGIN CERTIFICATE" in recibo.cadeia_do_certificado


@pytest.mark.parametrize("adulteracao", [
    {"data": "2026-11-30T18:43:00.000Z"},  # signed another date than the one sent
    {"hashes": []},  # signed without the components
    {"chave": ec.generate_private_key(ec.SECP256R1())},  # another key than the certificate's
])
def test_a_tampered_or_foreign_signature_is_refused_with_0064_and_nothing_changes(cliente_b, em_4, adulteracao):
    resposta = _enviar_recibo(cliente_b, em_4, **adulteracao)
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0064"
    em_4.refresh_from_db()
    assert em_4.status == S.COMPONENTES_RECEBIDOS_DESTINATARIO and not Recibo.objects.filter(tramite=em_4).exists()


def _outro_certificado(sistema):
    """Another certificate of the same SPE, with its own key: (key, Certificado)."""
    chave = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "outro")]))
           .sign(chave, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    return chave, certificados.emitir_por_csr(sistema, csr, None)


def test_a_signature_by_any_valid_certificate_of_the_receiver_s_spe_is_accepted(cliente_b, em_4, orgao_b):
    chave, _certificado = _outro_certificado(orgao_b.sistema)
    assert _enviar_recibo(cliente_b, em_4, chave=chave).status_code == 200


def test_a_signature_by_a_revoked_certificate_of_the_spe_is_refused_with_0064(cliente_b, em_4, orgao_b):
    chave, certificado = _outro_certificado(orgao_b.sistema)
    certificados.revogar(certificado, None, "superseded")
    resposta = _enviar_recibo(cliente_b, em_4, chave=chave)
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0064"
    em_4.refresh_from_db()
    assert em_4.status == S.COMPONENTES_RECEBIDOS_DESTINATARIO


def test_recibo_outside_status_4_is_refused_with_0065(cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    resposta = _enviar_recibo(cliente_b, tramite)
    assert resposta.status_code == 409 and resposta.json()["codigoErro"] == "0065"
    assert not Recibo.objects.filter(tramite=tramite).exists()


def test_the_sender_cannot_send_the_recibo_403_and_other_orgaos_404(cliente_a, cliente_c, em_4):
    assert _enviar_recibo(cliente_a, em_4).json()["codigoErro"] == "0003"
    assert _enviar_recibo(cliente_c, em_4).status_code == 404
    em_4.refresh_from_db()
    assert em_4.status == S.COMPONENTES_RECEBIDOS_DESTINATARIO


def test_a_malformed_body_is_0001(cliente_b, em_4):
    for corpo in ({}, {"dataDeRecebimento": "ontem", "hashDaAssinatura": "x"},
                  {"dataDeRecebimento": DATA, "hashDaAssinatura": "não é base64\x00"}):
        resposta = cliente_b.post(_url(em_4), corpo, content_type="application/json")
        assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0001", corpo


def test_sender_reads_the_recibo_moving_5_to_6_then_repeats_record_nothing(cliente_a, cliente_b, em_4):
    _enviar_recibo(cliente_b, em_4)
    primeira = cliente_a.get(_url(em_4))
    assert primeira.status_code == 200
    corpo = primeira.json()
    assert set(corpo) == {"recibo", "cadeiaDoCertificado", "hashDaAssinatura"}
    assert corpo["recibo"]["IDT"] == em_4.idt and corpo["recibo"]["NRE"] == em_4.nre
    assert corpo["recibo"]["hashesDosComponentesDigitais"] == sorted(em_4.componentes.values_list("hash", flat=True))
    em_4.refresh_from_db()
    assert em_4.status == S.RECIBO_RECEBIDO_REMETENTE
    historico, auditoria = HistoricoDeStatus.objects.count(), RegistroDeAuditoria.objects.count()
    assert cliente_a.get(_url(em_4) + "/").json() == corpo
    assert HistoricoDeStatus.objects.count() == historico and RegistroDeAuditoria.objects.count() == auditoria


def test_the_receiver_may_read_its_recibo_without_moving_the_tramite(cliente_b, em_4):
    _enviar_recibo(cliente_b, em_4)
    assert cliente_b.get(_url(em_4)).status_code == 200
    em_4.refresh_from_db()
    assert em_4.status == S.RECIBO_ENVIADO_DESTINATARIO


def test_reading_the_recibo_before_it_exists_is_0065(cliente_a, em_4):
    resposta = cliente_a.get(_url(em_4))
    assert resposta.status_code == 409 and resposta.json()["codigoErro"] == "0065"
