"""Receipts: the exact signed string (spec §6.4), the receiver's signature, the bus's own signature."""

import base64
import datetime
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from comites.certificados import ac as x509ac
from comites.certificados import services as certificados
from comites.certificados.models import AutoridadeCertificadora
from portal.models import RegistroDeAuditoria
from tramites import recibos
from tramites.recibos import ReciboInvalido


def _hash(conteudo: bytes) -> str:
    return base64.b64encode(hashlib.sha256(conteudo).digest()).decode()


H1, H2, H3 = _hash(b"primeiro"), _hash(b"segundo"), _hash(b"terceiro")
DATA = "2018-07-31T18:42:59.000Z"


def _certificado(chave) -> x509.Certificate:
    nome = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SPE de teste")])
    agora = datetime.datetime.now(datetime.UTC)
    return (x509.CertificateBuilder().subject_name(nome).issuer_name(nome).public_key(chave.public_key())
            .serial_number(1).not_valid_before(agora).not_valid_after(agora + datetime.timedelta(days=1))
            .sign(chave, hashes.SHA256()))


@pytest.fixture(scope="module")
def chave():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def certificado(chave):
    return _certificado(chave)


def _assinado(chave, idt=5235, nre="0000004385642018", data=DATA, hashes_=(H1, H2)):
    return recibos.assinar(recibos.texto_do_recibo_de_conclusao(idt, nre, data, hashes_), chave)


def test_the_string_is_the_spec_s_example_exactly():
    texto = recibos.texto_do_recibo_de_conclusao(
        5235, "0000004385642018", DATA, ["CUNN8SQz6cQHMSkEr2U+DprySgUUzqXtDN3tWXI72ec="])
    assert texto == (
        "<recibo><IDT>5235</IDT><NRE>0000004385642018</NRE><dataDeRecebimento>2018-07-31T18:42:59.000Z"
        "</dataDeRecebimento><hashDoComponenteDigital>CUNN8SQz6cQHMSkEr2U+DprySgUUzqXtDN3tWXI72ec="
        "</hashDoComponenteDigital></recibo>"
    )


def test_hashes_are_sorted_ascending_whatever_order_they_come_in():
    texto = recibos.texto_do_recibo_de_conclusao(1, "1", DATA, [H3, H1, H2])
    posicoes = [texto.index(h) for h in sorted([H1, H2, H3])]
    assert posicoes == sorted(posicoes)
    assert texto == recibos.texto_do_recibo_de_conclusao(1, "1", DATA, [H1, H2, H3])


def test_dates_are_formatted_in_utc_with_milliseconds():
    momento = datetime.datetime(2018, 7, 31, 15, 42, 59, 123999, tzinfo=datetime.timezone(datetime.timedelta(hours=-3)))
    assert recibos.formatar_data(momento) == "2018-07-31T18:42:59.123Z"


@pytest.mark.parametrize(("idt", "nre", "data", "hashes_"), [
    (-1, "1", DATA, [H1]),
    (True, "1", DATA, [H1]),
    (1, "12a", DATA, [H1]),
    (1, "1", "2018-07-31</dataDeRecebimento><x>", [H1]),  # no markup can be smuggled in
    (1, "1", DATA, ["abc"]),
    (1, "1", DATA, [H1 + "<"]),
    (1, "1", DATA, ["٣" * 43 + "="]),
])
def test_malformed_parts_never_build_a_string(idt, nre, data, hashes_):
    with pytest.raises(ValueError):
        recibos.texto_do_recibo_de_conclusao(idt, nre, data, hashes_)


def test_a_good_rsa_signature_is_accepted(chave, certificado):
    recibo = recibos.verificar_recibo_de_conclusao(5235, "0000004385642018", DATA, [H2, H1], _assinado(chave),
                                                   certificado)
    assert recibo == recibos.Recibo(5235, "0000004385642018", DATA, tuple(sorted([H1, H2])))


@pytest.mark.parametrize("formato", ["pem", "pem_texto", "der"])
def test_the_certificate_may_come_as_pem_or_der(chave, certificado, formato):
    dados = {
        "pem": certificado.public_bytes(serialization.Encoding.PEM),
        "pem_texto": certificado.public_bytes(serialization.Encoding.PEM).decode(),
        "der": certificado.public_bytes(serialization.Encoding.DER),
    }[formato]
    assert recibos.verificar_recibo_de_conclusao(5235, "0000004385642018", DATA, [H1, H2], _assinado(chave), dados)


def test_a_good_ec_signature_is_accepted():
    chave_ec = ec.generate_private_key(ec.SECP256R1())
    assinatura = _assinado(chave_ec)
    assert recibos.verificar_recibo_de_conclusao(5235, "0000004385642018", DATA, [H1, H2], assinatura,
                                                 _certificado(chave_ec))


@pytest.mark.parametrize("alteracao", [
    {"idt": 5236}, {"nre": "0000004385642019"}, {"data": "2018-07-31T18:42:59.001Z"},
    {"hashes_": (H1, H3)}, {"hashes_": (H1,)}, {"hashes_": (H1, H2, H3)},
])
def test_a_tampered_receipt_is_refused(chave, certificado, alteracao):
    original = {"idt": 5235, "nre": "0000004385642018", "data": DATA, "hashes_": (H1, H2)}
    assinatura = _assinado(chave, **original)
    recebido = {**original, **alteracao}
    with pytest.raises(ReciboInvalido) as erro:
        recibos.verificar_recibo_de_conclusao(recebido["idt"], recebido["nre"], recebido["data"],
                                              recebido["hashes_"], assinatura, certificado)
    assert erro.value.codigo == "0064" and erro.value.status_code == 400
    assert "assinatura não confere" in erro.value.mensagem


def test_a_flipped_bit_in_the_signature_is_refused(chave, certificado):
    bruta = bytearray(base64.b64decode(_assinado(chave)))
    bruta[10] ^= 1
    with pytest.raises(ReciboInvalido):
        recibos.verificar_recibo_de_conclusao(5235, "0000004385642018", DATA, [H1, H2],
                                              base64.b64encode(bytes(bruta)).decode(), certificado)


def test_a_signature_by_another_key_is_refused(certificado):
    outra = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(ReciboInvalido, match="não confere"):
        recibos.verificar_recibo_de_conclusao(5235, "0000004385642018", DATA, [H1, H2], _assinado(outra),
                                              certificado)


def test_any_of_the_system_s_certificates_may_check_the_signature(chave, certificado):
    outro = _certificado(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    assert recibos.verificar_recibo_de_conclusao(5235, "0000004385642018", DATA, [H1, H2], _assinado(chave),
                                                 [outro, certificado])


@pytest.mark.parametrize("assinatura", [
    "", "   ", None, 123, "não é base64!", "QUJD", "QUJDRA", "QUJD\x00RA==", "٣" * 20, "A" * 5000,
])
def test_a_malformed_signature_is_refused_with_a_message(certificado, assinatura):
    with pytest.raises(ReciboInvalido) as erro:
        recibos.verificar_recibo_de_conclusao(5235, "0000004385642018", DATA, [H1], assinatura, certificado)
    assert erro.value.codigo == "0064" and erro.value.mensagem


def test_a_malformed_receipt_is_refused_as_invalid_not_crashing(chave, certificado):
    with pytest.raises(ReciboInvalido, match="Recibo de conclusão inválido"):
        recibos.verificar_recibo_de_conclusao(5235, "0000004385642018", "31/07/2018 <x>", [H1], _assinado(chave),
                                              certificado)


@pytest.mark.django_db
def test_the_bus_key_is_created_once_encrypted_audited_and_certified_by_the_ca(settings):
    autoridade = certificados.inicializar_ac()[0]
    primeiro = certificados.assinante_do_barramento()
    segundo = certificados.assinante_do_barramento()
    assert primeiro.certificado_pem == segundo.certificado_pem
    assert RegistroDeAuditoria.objects.filter(acao="certificado.chave_do_barramento_gerada").count() == 1
    guardada = AutoridadeCertificadora.objects.get(pk=autoridade.pk).barramento_chave_cifrada_pem
    assert "ENCRYPTED PRIVATE KEY" in guardada
    with pytest.raises((ValueError, TypeError)):
        serialization.load_pem_private_key(guardada.encode(), password=None)
    certificado = x509ac.carregar_certificado(primeiro.certificado_pem)
    assert x509ac.emitido_pela_ac(certificado, autoridade.certificado_pem)
    assert primeiro.cadeia_pem == primeiro.certificado_pem + autoridade.certificado_pem
    assert not certificado.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign


@pytest.mark.django_db
def test_the_recibo_de_envio_is_signed_by_the_bus_and_verifies_with_its_certificate():
    certificados.inicializar_ac()
    momento = datetime.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.UTC)
    corpo = recibos.recibo_de_envio(77, "0000000000772026", momento, [H2, H1])
    assert corpo["reciboDeEnvio"] == {
        "IDT": 77, "NRE": "0000000000772026", "dataDeRecebimentoDoUltimoComponenteDigital": "2026-01-02T03:04:05.678Z",
        "hashesDosComponentesDigitais": sorted([H1, H2]),
    }
    texto = recibos.texto_do_recibo_de_envio(77, "0000000000772026", "2026-01-02T03:04:05.678Z", [H1, H2])
    bus = x509ac.carregar_certificado(corpo["cadeiaDoCertificado"])  # the first certificate of the chain
    assert recibos.assinatura_confere(texto, base64.b64decode(corpo["hashDaAssinatura"]), bus)
    assert not recibos.assinatura_confere(texto.replace("77", "78"), base64.b64decode(corpo["hashDaAssinatura"]), bus)


@pytest.mark.django_db
def test_the_bus_key_needs_the_ca():
    from comites.services import ErroDeNegocio

    with pytest.raises(ErroDeNegocio, match="autoridade certificadora"):
        certificados.assinante_do_barramento()
