"""The reference client's scenarios against the real API views: each ends in the status its name promises,
with the history of that path, and prints one line per call."""

from __future__ import annotations

import re

import pytest

from tramites.cliente import Cenario, cenarios, conteudo
from tramites.models import HistoricoDeStatus, Tramite
from tramites.models.tramite import Tipo
from tramites.state_machine import Status as S

pytestmark = pytest.mark.django_db(transaction=True)  # the hash check runs after the commit, as in production
LINHA_DE_CHAMADA = re.compile(r"^\[(remetente|destinatário)\] (GET|POST|PUT|DELETE) \S+ → \d{3} \(\d+ ms\)")


def _cenario(remetente, destinatario, orgao_a, orgao_b, **opcoes) -> Cenario:
    return Cenario(remetente, destinatario, origem=(orgao_a.protocolo.repositorio_id, orgao_a.protocolo.pk),
                   destino=(orgao_b.protocolo.repositorio_id, orgao_b.protocolo.pk), espera=5,
                   tamanho_da_parte=40_000, relatar=remetente.relatar, **opcoes)


def _caminho(idt: int) -> list[int]:
    return list(HistoricoDeStatus.objects.filter(tramite_id=idt).order_by("pk").values_list("para", flat=True))


def test_the_happy_path_takes_a_process_to_6_uploading_and_downloading_in_parts(
        remetente, destinatario, orgao_a, orgao_b, especie, linhas):
    resultado = cenarios.feliz(_cenario(remetente, destinatario, orgao_a, orgao_b))
    assert resultado.status == S.RECIBO_RECEBIDO_REMETENTE
    assert Tramite.objects.get(pk=resultado.idt).status == S.RECIBO_RECEBIDO_REMETENTE
    assert _caminho(resultado.idt) == [S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE, S.METADADOS_RECEBIDO_DESTINATARIO,
                                       S.COMPONENTES_RECEBIDOS_DESTINATARIO, S.RECIBO_ENVIADO_DESTINATARIO,
                                       S.RECIBO_RECEBIDO_REMETENTE]
    chamadas = [linha for linha in linhas if not linha.startswith("==")]
    assert chamadas and all(LINHA_DE_CHAMADA.match(linha) for linha in chamadas)
    assert len(chamadas) == resultado.chamadas
    caminhos = [linha.split()[2] for linha in chamadas]
    assert any("/partes/40000-80000" in c and "componentes-a-enviar" in c for c in caminhos)  # upload in parts
    assert any("componentes-digitais/partes/80000-" in c for c in caminhos)  # download in parts
    assert any(c.endswith("/partes/sinalizacao-termino-envio") for c in caminhos)


def test_the_happy_path_sends_a_documento_avulso(remetente, destinatario, orgao_a, orgao_b, especie):
    resultado = cenarios.feliz(_cenario(remetente, destinatario, orgao_a, orgao_b, avulso=True))
    tramite = Tramite.objects.get(pk=resultado.idt)
    assert tramite.status == S.RECIBO_RECEBIDO_REMETENTE and tramite.tipo == Tipo.DOCUMENTO


def test_refusal_ends_in_9_after_the_sender_s_ciencia(remetente, destinatario, orgao_a, orgao_b, especie):
    resultado = cenarios.recusa(_cenario(remetente, destinatario, orgao_a, orgao_b))
    assert _caminho(resultado.idt)[-3:] == [S.METADADOS_RECEBIDO_DESTINATARIO, S.RECUSADO, S.CIENCIA_RECUSA]


def test_cancel_ends_in_7_and_the_receiver_is_refused(remetente, destinatario, orgao_a, orgao_b, especie, linhas):
    resultado = cenarios.cancelamento(_cenario(remetente, destinatario, orgao_a, orgao_b))
    assert _caminho(resultado.idt) == [S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE, S.CANCELADO]
    assert any(linha.startswith(f"[destinatário] GET tramites/{resultado.idt} → 4") for linha in linhas)


def test_reproduction_completes_a_new_idt_of_the_same_nre(remetente, destinatario, orgao_a, orgao_b, especie):
    resultado = cenarios.reproducao(_cenario(remetente, destinatario, orgao_a, orgao_b))
    tramite = Tramite.objects.get(pk=resultado.idt)
    assert tramite.reproducao and tramite.status == S.RECIBO_RECEBIDO_REMETENTE
    assert Tramite.objects.filter(registro__nre=resultado.nre, status=S.RECIBO_RECEBIDO_REMETENTE).count() == 2


def test_the_recibo_string_is_the_one_the_bus_verifies():
    from tramites import recibos

    hashes_ = [conteudo.hash_de(b"b"), conteudo.hash_de(b"a")]
    assert conteudo.texto_do_recibo(7, "0000000000012026", "2026-12-01T03:04:05.000Z", hashes_) == \
        recibos.texto_do_recibo_de_conclusao(7, "0000000000012026", "2026-12-01T03:04:05.000Z", sorted(hashes_))


def test_without_the_extra_checks_the_happy_path_makes_only_the_flow_s_calls(
        remetente, destinatario, orgao_a, orgao_b, especie, linhas):
    cenario = _cenario(remetente, destinatario, orgao_a, orgao_b, verificar=False, especie=(42, "Despacho"),
                       componentes=[conteudo.componente_de_exemplo(100_000)])
    cenario.tamanho_da_parte = 200_000
    resultado = cenarios.feliz(cenario)
    assert Tramite.objects.get(pk=resultado.idt).status == S.RECIBO_RECEBIDO_REMETENTE
    caminhos = [linha.split()[1] + " " + linha.split()[2] for linha in linhas if not linha.startswith("==")]
    assert not any("tramites?IDT=" in c or "recibo-de-envio" in c or "especies" in c for c in caminhos)
    assert caminhos[0] == "POST tramites/processo" and caminhos[1].startswith("PUT tickets-de-envio-de-componente/")
    assert resultado.chamadas == len(caminhos) <= 10
