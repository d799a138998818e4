"""What the reference client sends and signs, checked against the portal's own readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tramites import recibos
from tramites.cliente import conteudo
from tramites.nup import nup_valido

from .conftest import gerar


def test_random_nups_carry_valid_check_digits():
    nups = {conteudo.nup_aleatorio() for _ in range(200)}
    assert len(nups) > 190 and all(nup_valido(n) for n in nups)


@pytest.mark.parametrize(("mime", "tipo"), [("application/pdf", "txt"), ("text/html", "txt"), ("image/png", "img"),
                                             ("audio/ogg", "aud"), ("video/mp4", "vid"), ("x-outro/y", "out")])
def test_tipo_de_conteudo_follows_the_mime_type(mime, tipo):
    assert conteudo.Componente(b"x", "a", mime).tipo_de_conteudo == tipo


def test_example_components_have_the_size_asked_and_a_new_hash_each_time():
    a, b = conteudo.componente_de_exemplo(100_000), conteudo.componente_de_exemplo(100_000)
    assert a.tamanho == b.tamanho == 100_000 and a.hash != b.hash
    assert a.metadados(1)["hash"] == {"algoritmo": "SHA256", "conteudo": conteudo.hash_de(a.conteudo)}


def test_the_recibo_signed_with_the_gerar_certificado_pem_checks_with_the_bus_s_verifier(db, tmp_path, orgao_b):
    arquivo, senha = gerar(orgao_b.sistema, tmp_path, "destinatario")
    pem = Path(arquivo).read_bytes()
    hashes_ = [conteudo.hash_de(b"um"), conteudo.hash_de(b"dois")]
    data = conteudo.data_iso()
    assinatura = conteudo.assinar(conteudo.texto_do_recibo(12, "0000000000122026", data, hashes_),
                                  conteudo.carregar_chave(pem, senha))
    recibos.verificar_recibo_de_conclusao(12, "0000000000122026", data, sorted(hashes_), assinatura, [pem])
    with pytest.raises(recibos.ReciboInvalido):
        recibos.verificar_recibo_de_conclusao(13, "0000000000122026", data, sorted(hashes_), assinatura, [pem])


def test_a_wrong_password_does_not_open_the_key(db, tmp_path, orgao_b):
    arquivo, _senha = gerar(orgao_b.sistema, tmp_path, "destinatario")
    with pytest.raises(ValueError):
        conteudo.carregar_chave(Path(arquivo).read_bytes(), "senha errada")


def test_a_pem_without_a_key_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="não contém a chave privada"):
        conteudo.carregar_chave(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", None)


def test_components_are_read_from_the_metadata_of_a_process_and_of_a_documento_avulso():
    componente = {"ordem": 1, "nome": "a.pdf", "hash": {"algoritmo": "SHA256", "conteudo": "H"}, "tamanhoEmBytes": 3}
    processo = {"processo": {"protocolo": "P", "documentos": [{"ordem": 1, "componentesDigitais": [componente]}]}}
    avulso = {"documento": {"protocolo": "D", "componentesDigitais": [componente]}}
    assert conteudo.componentes_do_metadado(processo) == [
        {"protocolo": "P", "hash": "H", "tamanho": 3, "nome": "a.pdf", "ordem": 1}]
    assert conteudo.componentes_do_metadado(avulso)[0]["protocolo"] == "D"
