"""The trâmite state machine: the table of spec §6.1, the seed texts, and properties over any sequence of events."""

import ast
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tramites import state_machine as sm
from tramites.state_machine import Ator, Evento, Grupo, Status, TransicaoInvalida

S = Status
# Every allowed transition, written out from spec §6.1 (independently of the module's table).
ESPERADAS = {
    (1, Evento.COMPONENTES_ARMAZENADOS): (2, {Ator.BARRAMENTO}),
    (2, Evento.METADADOS_OBTIDOS): (3, {Ator.DESTINATARIO}),
    (3, Evento.COMPONENTES_BAIXADOS): (4, {Ator.BARRAMENTO}),
    (4, Evento.RECIBO_ENVIADO): (5, {Ator.DESTINATARIO}),
    (5, Evento.RECIBO_OBTIDO): (6, {Ator.REMETENTE}),
    **{(s, Evento.CANCELAMENTO): (7, {Ator.REMETENTE, Ator.ADMINISTRADOR}) for s in (1, 2, 3, 4)},
    (3, Evento.RECUSA): (8, {Ator.DESTINATARIO}),
    (4, Evento.RECUSA): (8, {Ator.DESTINATARIO}),
    (8, Evento.CIENCIA_DA_RECUSA): (9, {Ator.REMETENTE}),
    **{(s, Evento.PRAZO_EXPIRADO): (10, {Ator.BARRAMENTO}) for s in (1, 2, 3, 4)},
}
TODAS = [(s, e, a) for s in Status for e in Evento for a in Ator]


@pytest.mark.parametrize(("de", "evento", "ator"), TODAS, ids=lambda v: str(getattr(v, "value", v)))
def test_cada_combinacao_de_status_evento_e_ator_segue_a_tabela_da_especificacao(de, evento, ator):
    esperado = ESPERADAS.get((de.value, evento))
    if esperado is not None and ator in esperado[1]:
        assert sm.proximo(de, evento, ator) == Status(esperado[0])
        assert sm.permite(de, evento, ator)
    else:
        with pytest.raises(TransicaoInvalida) as erro:
            sm.proximo(de, evento, ator)
        assert erro.value.mensagem
        assert not sm.permite(de, evento, ator)
        if esperado is not None:  # right status, wrong actor: forbidden, not a status conflict
            assert erro.value.codigo_erro == sm.CODIGO_ACESSO_NEGADO
        else:
            assert erro.value.codigo_erro == sm.CODIGO_SITUACAO_NAO_PERMITE


def test_a_tabela_do_modulo_tem_exatamente_as_transicoes_da_especificacao():
    tabela = {(t.de.value, t.evento): (t.para.value, set(t.atores)) for t in sm.TRANSICOES}
    assert tabela == ESPERADAS


def test_recusa_fora_de_3_e_4_informa_as_situacoes_em_que_e_permitida():
    with pytest.raises(TransicaoInvalida) as erro:
        sm.proximo(S.COMPONENTES_ENVIADOS_REMETENTE, Evento.RECUSA, Ator.DESTINATARIO)
    assert "2 – Arquivos digitais recebidos pelo Tramita GOV.BR" in erro.value.mensagem
    assert "situações 3, 4" in erro.value.mensagem


def test_evento_em_status_terminal_diz_que_o_tramite_ja_foi_concluido():
    with pytest.raises(TransicaoInvalida, match="já foi concluído"):
        sm.proximo(S.CANCELADO, Evento.CANCELAMENTO, Ator.REMETENTE)


def test_envio_so_cria_tramite_e_so_pelo_remetente():
    assert sm.iniciar(Ator.REMETENTE) == S.INICIADO == sm.STATUS_INICIAL
    for ator in (Ator.DESTINATARIO, Ator.BARRAMENTO, Ator.ADMINISTRADOR):
        with pytest.raises(TransicaoInvalida):
            sm.iniciar(ator)
    with pytest.raises(TransicaoInvalida, match="cria um novo trâmite"):
        sm.proximo(S.INICIADO, Evento.ENVIO, Ator.REMETENTE)


@pytest.mark.parametrize("valor", [0, 11, -1, True, 1.0, "1", None, "\x00", [1], "٣"])
def test_valores_estranhos_sao_recusados_com_mensagem_e_nunca_quebram(valor):
    with pytest.raises(TransicaoInvalida):
        sm.proximo(valor, Evento.CANCELAMENTO, Ator.REMETENTE)
    with pytest.raises(TransicaoInvalida):
        sm.proximo(S.INICIADO, valor, Ator.REMETENTE)
    with pytest.raises(TransicaoInvalida):
        sm.proximo(S.INICIADO, Evento.CANCELAMENTO, valor)
    assert not sm.permite(valor, Evento.CANCELAMENTO)


def test_textos_oficiais_da_semente_001():
    assert S.INICIADO.label == "Aguardando o envio dos arquivos digitais"
    assert S.COMPONENTES_ENVIADOS_REMETENTE.label == "Arquivos digitais recebidos pelo Tramita GOV.BR"
    assert S.METADADOS_RECEBIDO_DESTINATARIO.label == (
        "Metadados recebidos pelo sistema de processo eletrônico destinatário")
    assert S.COMPONENTES_RECEBIDOS_DESTINATARIO.label == "Arquivos digitais recebidos pelo destinatário"
    assert S.RECIBO_ENVIADO_DESTINATARIO.label == "Recibo de conclusão recebido pelo Tramita GOV.BR"
    assert S.RECIBO_RECEBIDO_REMETENTE.label == "Recibo de conclusão recebido pelo remetente"
    assert S.CANCELADO.label == "Trâmite cancelado"  # seed 001 repeats status 6 here; the FAQ's label
    assert S.RECUSADO.label == "Trâmite recusado. Aguardando ciência do remetente"
    assert S.CIENCIA_RECUSA.label == "Ciência da recusa recebido pelo remetente"
    assert S.CANCELADO_AUTOMATICAMENTE.label == "Trâmite cancelado automaticamente"
    # "Onde está o processo?" (seed 001: statuses 4, 5 and 6 are at the destination)
    onde = {s.value: s.onde_esta for s in Status}
    assert onde == {
        1: "Sistema de Processo Eletrônico de origem", 2: "Tramita GOV.BR", 3: "Tramita GOV.BR",
        4: "Sistema de Processo Eletrônico de destino", 5: "Sistema de Processo Eletrônico de destino",
        6: "Sistema de Processo Eletrônico de destino", 7: "Sistema de Processo Eletrônico de origem",
        8: "Tramita GOV.BR", 9: "Sistema de Processo Eletrônico de origem",
        10: "Sistema de Processo Eletrônico de origem",
    }
    assert "cancelado manualmente pelo usuário do sistema de origem" in S.INICIADO.o_que_fazer
    assert "sistema de origem está indisponível" in S.RECIBO_ENVIADO_DESTINATARIO.o_que_fazer
    assert "versão 3.1.8" in S.RECUSADO.o_que_fazer
    assert S.RECIBO_RECEBIDO_REMETENTE.o_que_fazer == S.CANCELADO_AUTOMATICAMENTE.o_que_fazer == ""
    assert "Apenas os trâmites com status 1, 2, 3 e 4" in S.CANCELADO_AUTOMATICAMENTE.significado
    assert sm.CHOICES[0] == (1, "Aguardando o envio dos arquivos digitais") and len(sm.CHOICES) == 10


def test_grupos_cores_terminais_e_autocancelaveis():
    assert sm.status_de_grupo(Grupo.EM_ANDAMENTO) == {S(1), S(2), S(3), S(4), S(5)}
    assert sm.status_de_grupo("concluido") == {S(6)}
    assert sm.status_de_grupo(Grupo.RECUSADO) == {S(8), S(9)}
    assert sm.status_de_grupo(Grupo.CANCELADO) == {S(7), S(10)}
    assert sm.TERMINAIS == {S(6), S(7), S(9), S(10)}
    assert sm.AUTOCANCELAVEIS == {S(1), S(2), S(3), S(4)}
    assert [sm.pode_autocancelar(n) for n in range(1, 11)] == [True] * 4 + [False] * 6
    assert {s.value: s.cor for s in Status} == {
        1: "azul", 2: "azul", 3: "azul", 4: "azul", 5: "azul", 6: "verde", 7: "cinza", 8: "laranja",
        9: "vermelho", 10: "cinza",
    }
    assert sm.desfecho(6) == "concluido" and sm.desfecho(9) == "recusado"
    assert {sm.desfecho(n) for n in (1, 2, 3, 4, 5, 7, 8, 10)} == {""}


def test_pendencias_de_cada_lado_seguem_o_despacho_dos_clientes():
    assert sm.pendencias_do_remetente() == {S(1), S(5), S(8)}
    assert sm.pendencias_do_destinatario() == {S(2), S(3), S(4)}
    assert not (sm.PENDENCIAS_DO_REMETENTE & sm.PENDENCIAS_DO_DESTINATARIO)
    assert not ((sm.PENDENCIAS_DO_REMETENTE | sm.PENDENCIAS_DO_DESTINATARIO) & sm.TERMINAIS)
    assert not sm.eh_pendencia_do_remetente(S.CANCELADO)  # not for as long as it stays cancelled…


def test_cancelamentos_sao_pendencia_do_remetente_so_ate_a_leitura():
    """Issue 11 (3a): 7 and 10 reach the sender once, until it reads the trâmite; its own cancel does not."""
    assert sm.pendencias_do_remetente_ate_a_leitura() == {S.CANCELADO, S.CANCELADO_AUTOMATICAMENTE}
    assert sm.pendencias_de(Ator.REMETENTE) == {S(1), S(5), S(8), S(7), S(10)}
    assert sm.pendencias_de(Ator.DESTINATARIO) == {S(2), S(3), S(4)}
    assert sm.remetente_ja_ciente(S.CANCELADO, Ator.REMETENTE)
    assert not sm.remetente_ja_ciente(S.CANCELADO, Ator.ADMINISTRADOR)
    assert not sm.remetente_ja_ciente(S.CANCELADO_AUTOMATICAMENTE, Ator.BARRAMENTO)
    assert not sm.remetente_ja_ciente(S.RECUSADO, Ator.REMETENTE)


def test_cada_status_nao_terminal_tem_quem_o_faca_andar():
    """No status is a dead end unless it is terminal: someone always has the next move."""
    for status in Status:
        assert bool(sm.eventos_possiveis(status)) == (status not in sm.TERMINAIS)


# --- properties over any sequence of events -------------------------------------------------------------

eventos = st.lists(st.tuples(st.sampled_from(list(Evento)), st.sampled_from(list(Ator))), max_size=40)


@settings(max_examples=400, deadline=None)
@given(inicio=st.sampled_from(list(Status)), passos=eventos)
def test_nenhuma_sequencia_de_eventos_sai_da_tabela(inicio, passos):
    status = inicio
    for evento, ator in passos:
        try:
            novo = sm.proximo(status, evento, ator)
        except TransicaoInvalida:
            continue  # refused: the status stays
        assert isinstance(novo, Status)
        assert any(t.de == status and t.evento == evento and t.para == novo and ator in t.atores
                   for t in sm.TRANSICOES)
        assert novo != status  # every transition moves
        status = novo
    assert status in Status


@settings(max_examples=200, deadline=None)
@given(terminal=st.sampled_from(sorted(sm.TERMINAIS)), passos=eventos)
def test_todo_status_terminal_e_absorvente(terminal, passos):
    for evento, ator in passos:
        assert not sm.permite(terminal, evento, ator)
        with pytest.raises(TransicaoInvalida):
            sm.proximo(terminal, evento, ator)


@settings(max_examples=200, deadline=None)
@given(passos=eventos)
def test_partindo_do_inicio_o_numero_de_transicoes_e_limitado(passos):
    """From status 1 the longest path is 1→2→3→4→8→9 (or …→5→6): at most 5 accepted events."""
    status, aceitos = sm.STATUS_INICIAL, 0
    for evento, ator in passos:
        if sm.permite(status, evento, ator):
            status = sm.proximo(status, evento, ator)
            aceitos += 1
    assert aceitos <= 5


def test_o_modulo_nao_importa_django():
    pasta = pathlib.Path(sm.__file__).parent
    for arquivo in pasta.glob("*.py"):
        arvore = ast.parse(arquivo.read_text())
        nomes = [n.module or "" for n in ast.walk(arvore) if isinstance(n, ast.ImportFrom)]
        nomes += [a.name for n in ast.walk(arvore) if isinstance(n, ast.Import) for a in n.names]
        assert not [n for n in nomes if n.split(".")[0] == "django"], arquivo.name
