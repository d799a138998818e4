"""``services.aplicar``: every transition of the table, the refusal of every wrong-state call, the actors,
the compare-and-set, the history rows and the after-commit signal."""

import pytest
from django.db import transaction

from portal.models import PerfilAtribuido, RegistroDeAuditoria
from tests.factories.comites import GestorFactory
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory
from tests.factories.tramites import RECUSA, agente_para, enviar, levar_a
from tramites import services
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Tramite
from tramites.services import Agente, AtorNaoAutorizado, ConflitoDeStatus, DadosInvalidos
from tramites.signals import tramite_transitou

E, A, S = sm.Evento, sm.Ator, sm.Status


def _historico(tramite):
    return list(HistoricoDeStatus.objects.filter(tramite=tramite).order_by("id"))


@pytest.mark.parametrize("transicao", sm.TRANSICOES,
                         ids=lambda t: f"{t.de.value}-{t.evento.value}-{t.para.value}")
def test_cada_transicao_da_tabela_passa_pela_porta_e_grava_o_historico(transicao, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), transicao.de, orgao_a, orgao_b)
    antes = len(_historico(tramite))
    for ator in sorted(transicao.atores):
        if ator is A.ADMINISTRADOR:
            continue  # a person: covered by the cancellation tests below
        fresco = Tramite.objects.get(pk=tramite.pk)
        dados = RECUSA if transicao.evento is E.RECUSA else None
        services.aplicar(fresco, transicao.evento, agente_para(fresco, orgao_a, orgao_b, ator),
                         motivo="motivo do teste", dados=dados)
        gravado = Tramite.objects.get(pk=tramite.pk)
        assert gravado.status == transicao.para.value == fresco.status
        assert gravado.status_desde >= tramite.status_desde
        ultimo = _historico(tramite)[-1]
        assert (ultimo.de, ultimo.para, ultimo.evento, ultimo.ator) == (
            transicao.de.value, transicao.para.value, transicao.evento.value, ator.value)
        assert len(_historico(tramite)) == antes + 1
        if ator in (A.REMETENTE, A.DESTINATARIO):
            esperado = orgao_a.sistema if ator is A.REMETENTE else orgao_b.sistema
            assert ultimo.sistema_id == esperado.pk
        break  # one actor per transition per trâmite (the status moved)


RECUSADAS = [(s, e) for s in S for e in E if e is not E.ENVIO and not sm.permite(s, e)]


@pytest.mark.parametrize(("status", "evento"), RECUSADAS, ids=lambda v: str(getattr(v, "value", v)))
def test_cada_evento_fora_da_situacao_e_recusado_e_nada_muda(status, evento, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    historico = len(_historico(tramite))
    ator = sorted(next(t.atores for t in sm.TRANSICOES if t.evento is evento) - {A.ADMINISTRADOR})[0]
    with pytest.raises(sm.TransicaoInvalida) as erro:
        services.aplicar(tramite, evento, agente_para(tramite, orgao_a, orgao_b, ator), dados=RECUSA)
    assert erro.value.codigo_erro == sm.CODIGO_SITUACAO_NAO_PERMITE
    assert f"{status.value} – " in erro.value.mensagem
    assert Tramite.objects.get(pk=tramite.pk).status == status.value
    assert len(_historico(tramite)) == historico


def test_o_ator_errado_para_o_evento_recebe_acesso_negado(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    with pytest.raises(sm.TransicaoInvalida) as erro:
        services.aplicar(tramite, E.COMPONENTES_ARMAZENADOS, orgao_a.agente(A.REMETENTE))
    assert erro.value.codigo_erro == sm.CODIGO_ACESSO_NEGADO
    assert Tramite.objects.get(pk=tramite.pk).status == S.INICIADO


def test_sistema_do_outro_lado_nao_age_como_remetente(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    with pytest.raises(AtorNaoAutorizado) as erro:
        services.aplicar(tramite, E.CANCELAMENTO, orgao_b.agente(A.REMETENTE))
    assert erro.value.codigo_erro == "0003"
    assert Tramite.objects.get(pk=tramite.pk).status == S.INICIADO


def test_sistema_de_um_terceiro_orgao_nao_age_em_lado_nenhum(orgao_a, orgao_b, orgao_c):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    with pytest.raises(AtorNaoAutorizado):
        services.aplicar(tramite, E.METADADOS_OBTIDOS, orgao_c.agente(A.DESTINATARIO))
    assert Tramite.objects.get(pk=tramite.pk).status == S.COMPONENTES_ENVIADOS_REMETENTE


def test_agente_do_sistema_escolhe_o_lado_que_o_evento_pede(orgao_a, orgao_b, orgao_c):
    from portal.permissions import SistemaAutenticado

    tramite = enviar(orgao_a, orgao_b)
    sistema_b = SistemaAutenticado(nome="ORGB - SEI", comite_ids=frozenset({orgao_b.comite.pk}),
                                   pk=orgao_b.sistema.pk)
    assert services.agente_do_sistema(tramite, sistema_b, E.METADADOS_OBTIDOS).tipo is A.DESTINATARIO
    with pytest.raises(AtorNaoAutorizado, match="sistema remetente"):
        services.agente_do_sistema(tramite, sistema_b, E.CANCELAMENTO)
    sistema_c = SistemaAutenticado(nome="ORGC - SEI", comite_ids=frozenset({orgao_c.comite.pk}),
                                   pk=orgao_c.sistema.pk)
    with pytest.raises(AtorNaoAutorizado):
        services.agente_do_sistema(tramite, sistema_c, E.RECUSA)


def test_gestor_do_remetente_cancela_no_portal_com_auditoria(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    gestor = GestorFactory(comite=orgao_a.comite).pessoa
    services.aplicar(tramite, E.CANCELAMENTO, Agente.administrador(gestor), motivo="Destinatário errado.")
    assert Tramite.objects.get(pk=tramite.pk).status == S.CANCELADO
    ultimo = _historico(tramite)[-1]
    assert (ultimo.ator, ultimo.pessoa_id, ultimo.motivo) == (A.ADMINISTRADOR.value, gestor.pk, "Destinatário errado.")
    registro = RegistroDeAuditoria.objects.get(acao="tramite.cancelamento")
    assert (registro.usuario_id, registro.alvo_id, registro.antes, registro.depois) == (
        gestor.pk, str(tramite.pk), {"status": 3}, {"status": 7})
    assert registro.comite_id == orgao_a.comite.pk


def test_gestor_do_destinatario_nao_cancela_o_tramite_do_remetente(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    gestor_b = GestorFactory(comite=orgao_b.comite).pessoa
    with pytest.raises(AtorNaoAutorizado, match="não permite cancelar"):
        services.aplicar(tramite, E.CANCELAMENTO, Agente.administrador(gestor_b))
    assert Tramite.objects.get(pk=tramite.pk).status == S.INICIADO
    assert not RegistroDeAuditoria.objects.filter(acao="tramite.cancelamento").exists()


def test_administrador_tramita_cancela_qualquer_tramite(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    admin = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=admin, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    services.aplicar(tramite, E.CANCELAMENTO, Agente.administrador(admin))
    assert Tramite.objects.get(pk=tramite.pk).status == S.CANCELADO


def test_supervisor_nao_cancela(orgao_a, orgao_b, repositorio_r1):
    tramite = enviar(orgao_a, orgao_b)
    supervisor = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=supervisor, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[repositorio_r1])
    with pytest.raises(AtorNaoAutorizado):
        services.aplicar(tramite, E.CANCELAMENTO, Agente.administrador(supervisor))


def test_recusa_guarda_motivo_e_justificativa(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_RECEBIDOS_DESTINATARIO, orgao_a, orgao_b)
    services.aplicar(tramite, E.RECUSA, orgao_b.agente(A.DESTINATARIO),
                     dados={"motivo": "02", "justificativa": "Hash do componente digital de ordem 1 não confere."})
    gravado = Tramite.objects.get(pk=tramite.pk)
    assert (gravado.status, gravado.recusa_motivo) == (S.RECUSADO, "02")
    assert gravado.recusa_justificativa == "Hash do componente digital de ordem 1 não confere."
    assert _historico(tramite)[-1].motivo == gravado.recusa_justificativa


@pytest.mark.parametrize("dados", [
    {"motivo": "05", "justificativa": "x"}, {"motivo": "", "justificativa": "x"}, {"motivo": "01", "justificativa": ""},
    {"motivo": "01", "justificativa": "a\x00b"}, {"motivo": "99", "justificativa": "x" * 1001}, {},
])
def test_recusa_com_dados_invalidos_e_recusada_com_mensagem_e_nada_muda(dados, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    historico = len(_historico(tramite))
    with pytest.raises(DadosInvalidos) as erro:
        services.aplicar(tramite, E.RECUSA, orgao_b.agente(A.DESTINATARIO), dados=dados)
    assert erro.value.mensagem and erro.value.codigo_erro == "0001"
    gravado = Tramite.objects.get(pk=tramite.pk)
    assert (gravado.status, gravado.recusa_motivo) == (S.METADADOS_RECEBIDO_DESTINATARIO, "")
    assert len(_historico(tramite)) == historico


def test_recusa_com_justificativa_de_1000_caracteres_e_aceita(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    services.aplicar(tramite, E.RECUSA, orgao_b.agente(A.DESTINATARIO),
                     dados={"motivo": "99", "justificativa": "x" * 1000})
    assert len(Tramite.objects.get(pk=tramite.pk).recusa_justificativa) == 1000


def test_instancia_desatualizada_perde_o_compare_and_set_e_nada_e_gravado(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    velho = Tramite.objects.get(pk=tramite.pk)  # read in status 1
    services.aplicar(tramite, E.CANCELAMENTO, orgao_a.agente(A.REMETENTE))  # someone else wins: 1 → 7
    historico = len(_historico(tramite))
    with pytest.raises(ConflitoDeStatus) as erro:
        services.aplicar(velho, E.COMPONENTES_ARMAZENADOS, Agente.barramento())
    assert erro.value.codigo_erro == "0065"
    assert "agora está em 7 – Trâmite cancelado" in erro.value.mensagem
    assert Tramite.objects.get(pk=tramite.pk).status == S.CANCELADO
    assert len(_historico(tramite)) == historico
    assert velho.status == S.INICIADO  # the loser's instance is left as it was read


def test_o_sinal_sai_depois_do_commit_e_em_ordem(orgao_a, orgao_b, django_capture_on_commit_callbacks):
    recebidos = []

    def receptor(sender, tramite, de, para, evento, ator, **kwargs):
        recebidos.append((tramite.pk, de, para, evento, ator.tipo))

    tramite_transitou.connect(receptor)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            tramite = enviar(orgao_a, orgao_b)
            services.aplicar(tramite, E.COMPONENTES_ARMAZENADOS, Agente.barramento())
            services.aplicar(tramite, E.METADADOS_OBTIDOS, orgao_b.agente(A.DESTINATARIO))
            assert recebidos == []  # nothing before the commit
        assert len(callbacks) == 3
    finally:
        tramite_transitou.disconnect(receptor)
    assert recebidos == [
        (tramite.pk, None, S.INICIADO, E.ENVIO, A.REMETENTE),
        (tramite.pk, S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE, E.COMPONENTES_ARMAZENADOS, A.BARRAMENTO),
        (tramite.pk, S.COMPONENTES_ENVIADOS_REMETENTE, S.METADADOS_RECEBIDO_DESTINATARIO, E.METADADOS_OBTIDOS,
         A.DESTINATARIO),
    ]


def test_transicao_desfeita_por_rollback_nao_avisa_ninguem(orgao_a, orgao_b, django_capture_on_commit_callbacks):
    tramite = enviar(orgao_a, orgao_b)
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.aplicar(tramite, E.COMPONENTES_ARMAZENADOS, Agente.barramento())
            raise RuntimeError("falha depois da transição")
    assert callbacks == []
    assert Tramite.objects.get(pk=tramite.pk).status == S.INICIADO
    assert [h.para for h in _historico(tramite)] == [S.INICIADO]


def test_receptor_que_falha_nao_desfaz_nem_esconde_a_transicao(orgao_a, orgao_b, django_capture_on_commit_callbacks):
    def quebrado(**kwargs):
        raise ValueError("fila fora do ar")

    tramite = enviar(orgao_a, orgao_b)
    tramite_transitou.connect(quebrado)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.aplicar(tramite, E.COMPONENTES_ARMAZENADOS, Agente.barramento())
    finally:
        tramite_transitou.disconnect(quebrado)
    assert Tramite.objects.get(pk=tramite.pk).status == S.COMPONENTES_ENVIADOS_REMETENTE


def test_ator_que_nao_e_agente_e_erro_de_programacao(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    with pytest.raises(TypeError):
        services.aplicar(tramite, E.CANCELAMENTO, "remetente")
