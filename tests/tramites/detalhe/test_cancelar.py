"""Cancelar trâmite from the Painel: who, which statuses, reason required, history, audit, races."""

import pytest
from django.urls import reverse

from portal.models import RegistroDeAuditoria
from tests.factories.tramites import enviar, levar_a
from tramites import services
from tramites import state_machine as sm
from tramites.models import Tramite

S = sm.Status


def _url(t):
    return reverse("tramites:cancelar", args=[t.idt])


def _status(t):
    return Tramite.objects.get(pk=t.pk).status


@pytest.mark.parametrize("status", [S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE, S.METADADOS_RECEBIDO_DESTINATARIO,
                                    S.COMPONENTES_RECEBIDOS_DESTINATARIO])
def test_sender_gestor_cancels_with_a_reason_recorded_in_history_and_audit(orgao_a, orgao_b, gestor_a, como, status):
    t = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    cliente = como(gestor_a)
    pagina = cliente.get(_url(t))
    assert pagina.status_code == 200
    assert "pendências" in pagina.content.decode() and 'name="motivo"' in pagina.content.decode()
    resposta = cliente.post(_url(t), {"motivo": "Enviado ao destinatário errado."}, follow=True)
    assert _status(t) == S.CANCELADO.value
    assert "cancelado" in resposta.content.decode() and "pendências" in resposta.content.decode()
    ultima = t.historico.order_by("-momento", "-id").first()
    assert (ultima.para, ultima.motivo, ultima.pessoa_id) == (S.CANCELADO.value, "Enviado ao destinatário errado.",
                                                             gestor_a.pk)
    registro = RegistroDeAuditoria.objects.get(acao="tramite.cancelamento", alvo_id=str(t.pk))
    assert registro.usuario_id == gestor_a.pk and registro.comite_id == orgao_a.comite.pk


@pytest.mark.parametrize("motivo", ["", "   ", "a" * 1001, "texto\x07com controle"])
def test_cancel_requires_a_clean_reason_and_changes_nothing_otherwise(orgao_a, orgao_b, gestor_a, como, motivo):
    t = enviar(orgao_a, orgao_b)
    resposta = como(gestor_a).post(_url(t), {"motivo": motivo})
    assert resposta.status_code == 400
    assert 'class="feedback danger"' in resposta.content.decode()
    assert _status(t) == S.INICIADO.value and t.historico.count() == 1


def test_receiving_gestor_gets_403_and_a_gestor_of_another_órgão_gets_404(orgao_a, orgao_b, orgao_c, gestor_b, gestor_c,
                                                                         como):
    t = enviar(orgao_a, orgao_b)
    assert como(gestor_b).get(_url(t)).status_code == 403
    assert como(gestor_b).post(_url(t), {"motivo": "x"}).status_code == 403
    assert como(gestor_c).post(_url(t), {"motivo": "x"}).status_code == 404
    assert _status(t) == S.INICIADO.value


def test_supervisor_may_see_but_not_cancel(orgao_a, orgao_b, como, repositorio_r1):
    from portal.models import PerfilAtribuido
    from tests.conftest import ativar_mfa
    from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory

    supervisor = ativar_mfa(PessoaFactory())
    PerfilAtribuidoFactory(pessoa=supervisor, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[repositorio_r1])
    t = enviar(orgao_a, orgao_b)
    cliente = como(supervisor)
    assert cliente.get(reverse("tramites:tramite", args=[t.idt])).status_code == 200
    assert cliente.post(_url(t), {"motivo": "x"}).status_code == 403


def test_administrador_cancels_any_trâmite(orgao_a, orgao_b, admin, como):
    t = enviar(orgao_a, orgao_b)
    como(admin).post(_url(t), {"motivo": "Pedido do órgão por telefone."})
    assert _status(t) == S.CANCELADO.value


@pytest.mark.parametrize("status", [S.RECIBO_ENVIADO_DESTINATARIO, S.RECIBO_RECEBIDO_REMETENTE, S.RECUSADO,
                                    S.CANCELADO])
def test_statuses_that_do_not_allow_cancelling_show_why_and_change_nothing(orgao_a, orgao_b, gestor_a, como, status):
    t = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    cliente = como(gestor_a)
    pagina = cliente.get(_url(t)).content.decode()
    assert sm.motivo_para_nao_cancelar(status) in pagina and 'name="motivo"' not in pagina
    assert "Cancelar trâmite" not in cliente.get(reverse("tramites:tramite", args=[t.idt])).content.decode()
    resposta = cliente.post(_url(t), {"motivo": "Tentativa."}, follow=True)
    assert "não foi cancelado" in resposta.content.decode()
    assert _status(t) == status.value


def test_a_transition_that_wins_the_race_turns_into_a_clear_message(orgao_a, orgao_b, gestor_a, como, monkeypatch):
    t = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_RECEBIDOS_DESTINATARIO, orgao_a, orgao_b)
    real = services.aplicar

    def recibo_chega_antes(tramite, evento, ator, **kwargs):
        # The receiver's recibo lands between the page's read and the cancel's compare-and-set.
        outro = Tramite.objects.get(pk=tramite.pk)
        real(outro, sm.Evento.RECIBO_ENVIADO, orgao_b.agente(sm.Ator.DESTINATARIO))
        return real(tramite, evento, ator, **kwargs)

    monkeypatch.setattr(services, "aplicar", recibo_chega_antes)
    resposta = como(gestor_a).post(_url(t), {"motivo": "Cancelar."}, follow=True)
    html = resposta.content.decode()
    assert "não foi cancelado" in html and "mudou de situação" in html
    assert _status(t) == S.RECIBO_ENVIADO_DESTINATARIO.value


def test_confirmation_names_the_órgão_beside_a_unit_but_not_twice_when_the_unit_is_the_órgão(
        orgao_a, orgao_b, gestor_a, como):
    t = enviar(orgao_a, orgao_b)
    Tramite.objects.filter(pk=t.pk).update(unidade_destinatario=orgao_b.orgao)  # sent to the órgão's root unit
    pagina = como(gestor_a).get(_url(t)).content.decode()
    assert f"{orgao_a.protocolo.nome} ({orgao_a.orgao.nome})" in pagina
    assert f"<dd>{orgao_b.orgao.nome}</dd>" in pagina
    assert f"({orgao_b.orgao.nome})" not in pagina
