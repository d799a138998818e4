"""Auto-cancel by deadline (``tramites.services.autocancelamento`` and its beat task)."""

import pytest

from portal.models import Parametro, RegistroDeAuditoria
from portal.services import parametros
from tests.factories.tramites import enviar, levar_a
from tests.tramites.tarefas.conftest import envelhecer
from tramites import services
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Tramite
from tramites.services import autocancelamento
from tramites.signals import tramites_transitaram
from tramites.tarefas.autocancelamento import cancelar_vencidos

S, E, A = sm.Status, sm.Evento, sm.Ator
PRAZO = 8  # the parameter's default ("Qtd. de dias para cancelamento automático de trâmite")
DESTINO = sm.proximo(S.INICIADO, E.PRAZO_EXPIRADO, A.BARRAMENTO)

pytestmark = pytest.mark.django_db


def _em(status, orgao_a, orgao_b, dias):
    tramite = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    envelhecer(tramite, dias)
    return tramite


def _status(tramite) -> int:
    return Tramite.objects.values_list("status", flat=True).get(pk=tramite.pk)


def test_cancela_exatamente_os_parados_em_1_a_4_alem_do_prazo(orgao_a, orgao_b):
    parados = {s: _em(s, orgao_a, orgao_b, PRAZO + 1) for s in sorted(sm.AUTOCANCELAVEIS)}
    outros = {s: _em(s, orgao_a, orgao_b, PRAZO + 30) for s in S if s not in sm.AUTOCANCELAVEIS}
    recentes = {s: _em(s, orgao_a, orgao_b, PRAZO - 0.1) for s in sorted(sm.AUTOCANCELAVEIS)}
    intocados = [*outros.values(), *recentes.values()]
    historico_antes = HistoricoDeStatus.objects.filter(tramite__in=intocados).count()

    resultado = autocancelamento.cancelar_vencidos()

    assert resultado.cancelados == len(sm.AUTOCANCELAVEIS) == 4
    assert {s: _status(t) for s, t in parados.items()} == {s: DESTINO for s in parados}
    assert {s: _status(t) for s, t in outros.items()} == {s: s.value for s in outros}
    assert {s: _status(t) for s, t in recentes.items()} == {s: s.value for s in recentes}
    for de, tramite in parados.items():
        ultima = HistoricoDeStatus.objects.filter(tramite=tramite).order_by("-id").first()
        assert (ultima.de, ultima.para, ultima.evento, ultima.ator) == (de, DESTINO, E.PRAZO_EXPIRADO, A.BARRAMENTO)
        assert "8 dia(s)" in ultima.motivo
        assert HistoricoDeStatus.objects.filter(tramite=tramite, para=DESTINO).count() == 1
    assert HistoricoDeStatus.objects.filter(tramite__in=intocados).count() == historico_antes


def test_status_desde_e_atualizado_em_passam_a_ser_o_momento_do_cancelamento(orgao_a, orgao_b):
    tramite = _em(S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b, PRAZO + 2)
    resultado = autocancelamento.cancelar_vencidos()
    tramite.refresh_from_db()
    historico = HistoricoDeStatus.objects.filter(tramite=tramite).order_by("-id").first()
    assert tramite.status_desde == tramite.atualizado_em == historico.momento
    assert tramite.status_desde > resultado.limite


def test_segunda_execucao_nao_cancela_nem_registra_nada(orgao_a, orgao_b):
    _em(S.INICIADO, orgao_a, orgao_b, PRAZO + 1)
    assert autocancelamento.cancelar_vencidos().cancelados == 1
    linhas = HistoricoDeStatus.objects.count()
    assert autocancelamento.cancelar_vencidos().cancelados == 0
    assert HistoricoDeStatus.objects.count() == linhas


def test_lotes_pequenos_cancelam_todos_com_um_historico_cada(orgao_a, orgao_b):
    tramites = [_em(S.INICIADO, orgao_a, orgao_b, PRAZO + 1) for _ in range(5)]
    resultado = autocancelamento.cancelar_vencidos(lote=2)
    assert (resultado.cancelados, resultado.lotes) == (5, 3)
    assert all(_status(t) == DESTINO for t in tramites)
    assert HistoricoDeStatus.objects.filter(evento=E.PRAZO_EXPIRADO).count() == 5


def test_prazo_vem_do_parametro(orgao_a, orgao_b):
    parametros.alterar(Parametro.objects.get(chave="dias_cancelamento_automatico"), "3")
    velho = _em(S.INICIADO, orgao_a, orgao_b, 3.1)
    novo = _em(S.INICIADO, orgao_a, orgao_b, 2.9)
    autocancelamento.cancelar_vencidos()
    assert (_status(velho), _status(novo)) == (DESTINO, S.INICIADO)


def test_tramite_que_mudou_depois_da_leitura_nao_e_cancelado(orgao_a, orgao_b):
    """The compare-and-set: IDTs read as stale, then one moves (2→3) before its batch runs."""
    movido = _em(S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b, PRAZO + 1)
    parado = _em(S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b, PRAZO + 1)
    limite = autocancelamento.limite_do_prazo()
    idts = list(autocancelamento.vencidos(limite).values_list("idt", flat=True))
    assert sorted(idts) == sorted([movido.pk, parado.pk])
    services.aplicar(movido, E.METADADOS_OBTIDOS, orgao_b.agente(A.DESTINATARIO))

    pares = autocancelamento.cancelar_lote(idts, limite, movido.status_desde, services.Agente.barramento(), "teste")

    assert pares == [(parado.pk, S.COMPONENTES_ENVIADOS_REMETENTE)]
    assert (_status(movido), _status(parado)) == (S.METADADOS_RECEBIDO_DESTINATARIO, DESTINO)
    assert not HistoricoDeStatus.objects.filter(tramite=movido, evento=E.PRAZO_EXPIRADO).exists()


def test_aplicar_depois_do_cancelamento_automatico_e_recusado(orgao_a, orgao_b):
    tramite = _em(S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b, PRAZO + 1)  # read in status 2
    autocancelamento.cancelar_vencidos()
    with pytest.raises(services.ConflitoDeStatus):
        services.aplicar(tramite, E.METADADOS_OBTIDOS, orgao_b.agente(A.DESTINATARIO))
    assert HistoricoDeStatus.objects.filter(tramite=tramite, de=S.COMPONENTES_ENVIADOS_REMETENTE).count() == 1


def test_sinal_em_lote_sai_uma_vez_por_lote_depois_do_commit(orgao_a, orgao_b, django_capture_on_commit_callbacks):
    estados = (S.INICIADO, S.INICIADO, S.METADADOS_RECEBIDO_DESTINATARIO)
    tramites = [_em(s, orgao_a, orgao_b, PRAZO + 1) for s in estados]
    recebidos = []

    def receptor(sender, **kwargs):
        recebidos.append(kwargs)

    tramites_transitaram.connect(receptor)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            autocancelamento.cancelar_vencidos(lote=2)
        assert recebidos == []  # nothing before the commit
        for callback in callbacks:
            callback()
    finally:
        tramites_transitaram.disconnect(receptor)
    assert len(recebidos) == 2
    assert {r["para"] for r in recebidos} == {DESTINO}
    assert sorted(p for r in recebidos for p in r["transicoes"]) == sorted(
        (t.pk, sm.como_status(t.status)) for t in tramites)
    assert all(r["evento"] is E.PRAZO_EXPIRADO and r["ator"].tipo is A.BARRAMENTO for r in recebidos)


def test_tarefa_cancela_e_audita_em_nome_do_barramento(orgao_a, orgao_b):
    tramite = _em(S.INICIADO, orgao_a, orgao_b, PRAZO + 1)
    resposta = cancelar_vencidos.apply().get()
    assert resposta == {"cancelados": 1, "lotes": 1}
    assert _status(tramite) == DESTINO
    registro = RegistroDeAuditoria.objects.get(acao="tramite.cancelamento_automatico")
    assert (registro.usuario_id, registro.usuario_repr, registro.origem) == (None, "Tramita GOV.BR", "tarefa")
    assert registro.depois["quantidade"] == 1


def test_beat_agenda_as_tarefas_dos_tramites_e_elas_existem(settings):
    import tramites.tasks  # noqa: F401 (what the worker's autodiscovery imports)
    from portal.celery import app

    agendadas = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].startswith("tramites.")}
    assert agendadas == {"tramites.tarefas.cancelar_vencidos", "tramites.tarefas.avisar_cancelamento_proximo",
                         "tramites.tarefas.expurgar_binarios", "tramites.tarefas.retomar_verificacoes",
                         "tramites.tarefas.enviar_resumo_de_parados", "tramites.tarefas.compactar_contadores"}
    assert agendadas <= set(app.tasks)
