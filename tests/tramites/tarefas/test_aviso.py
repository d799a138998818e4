"""Warning e-mail before the auto-cancel (``tramites.services.aviso_de_cancelamento``)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from portal.models import Parametro, RegistroDeAuditoria
from portal.services import parametros
from tests.factories.comites import GestorFactory
from tests.factories.portal import PessoaFactory
from tests.factories.tramites import enviar, levar_a
from tests.tramites.tarefas.conftest import envelhecer
from tramites import services
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.services import autocancelamento, aviso_de_cancelamento
from tramites.tarefas.aviso import avisar_cancelamento_proximo

S, E, A = sm.Status, sm.Evento, sm.Ator
PRAZO = 8

pytestmark = pytest.mark.django_db


@pytest.fixture
def gestores_a(orgao_a):
    return [GestorFactory(comite=orgao_a.comite, pessoa=PessoaFactory(email_unidade=f"protocolo{i}@a.gov.br"))
            for i in range(2)]


def _em(status, de, para, dias, horas=0):
    tramite = levar_a(enviar(de, para), status, de, para)
    envelhecer(tramite, dias, horas=horas)
    return tramite


def test_um_email_por_orgao_com_os_tramites_que_vencem_em_um_dia(orgao_a, orgao_b, gestores_a):
    vencem = [_em(S.INICIADO, orgao_a, orgao_b, PRAZO - 1, horas=2),
              _em(S.COMPONENTES_RECEBIDOS_DESTINATARIO, orgao_a, orgao_b, PRAZO - 1, horas=20)]
    longe = _em(S.INICIADO, orgao_a, orgao_b, PRAZO - 2)  # 2 days to go
    ja_vencido = _em(S.INICIADO, orgao_a, orgao_b, PRAZO + 1)  # the auto-cancel's, not a warning's
    encerrado = _em(S.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b, PRAZO - 1, horas=2)

    resultado = aviso_de_cancelamento.avisar()

    assert (resultado.orgaos, resultado.tramites) == (1, 2)
    (email,) = mail.outbox
    assert sorted(email.to) == ["protocolo0@a.gov.br", "protocolo1@a.gov.br"]
    assert "2 trâmite(s) de Órgão ORGA (ORGA) será(ão) cancelado(s) automaticamente" in email.subject
    for tramite in vencem:
        status = sm.Status(tramite.status)
        assert f"IDT {tramite.idt} · protocolo {tramite.protocolo}" in email.body
        assert status.rotulo_com_numero in email.body
        assert f"Onde está o processo: {status.onde_esta}" in email.body
        assert f"O que pode ser feito: {status.o_que_fazer}" in email.body
    for tramite in (longe, ja_vencido, encerrado):
        assert f"IDT {tramite.idt} " not in email.body
    avisados = set(Tramite.objects.filter(cancelamento_avisado_em__isnull=False).values_list("idt", flat=True))
    assert avisados == {t.idt for t in vencem}
    registro = RegistroDeAuditoria.objects.get(acao="tramite.aviso_de_cancelamento")
    assert registro.comite_id == orgao_a.comite.pk and registro.depois["quantidade"] == 2


def test_nunca_avisa_duas_vezes_o_mesmo_tramite(orgao_a, orgao_b, gestores_a):
    _em(S.INICIADO, orgao_a, orgao_b, PRAZO - 1, horas=2)
    assert aviso_de_cancelamento.avisar().tramites == 1
    assert aviso_de_cancelamento.avisar() == aviso_de_cancelamento.Resultado(0, 0)
    assert len(mail.outbox) == 1


def test_cada_orgao_remetente_recebe_o_seu_email(orgao_a, orgao_b, orgao_c, gestores_a):
    gestor_c = GestorFactory(comite=orgao_c.comite, pessoa=PessoaFactory(email_unidade="protocolo@c.gov.br"))
    de_a = _em(S.INICIADO, orgao_a, orgao_b, PRAZO - 1, horas=1)
    de_c = _em(S.INICIADO, orgao_c, orgao_b, PRAZO - 1, horas=1)
    para_a = _em(S.INICIADO, orgao_b, orgao_a, PRAZO - 1, horas=1)  # órgão B has no gestor: no e-mail, no mark

    assert aviso_de_cancelamento.avisar() == aviso_de_cancelamento.Resultado(2, 2)

    por_destinatario = {tuple(m.to): m.body for m in mail.outbox}
    assert set(por_destinatario) == {("protocolo0@a.gov.br", "protocolo1@a.gov.br"),
                                     (gestor_c.pessoa.email_unidade,)}
    assert f"IDT {de_a.idt} " in por_destinatario[("protocolo0@a.gov.br", "protocolo1@a.gov.br")]
    assert f"IDT {de_c.idt} " in por_destinatario[(gestor_c.pessoa.email_unidade,)]
    assert not any(f"IDT {para_a.idt} " in corpo for corpo in por_destinatario.values())
    assert Tramite.objects.get(pk=para_a.pk).cancelamento_avisado_em is None


def test_tramite_que_andou_depois_do_aviso_e_avisado_do_novo_prazo(orgao_a, orgao_b, gestores_a):
    tramite = _em(S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b, PRAZO - 1, horas=2)
    assert aviso_de_cancelamento.avisar().tramites == 1
    services.aplicar(tramite, E.METADADOS_OBTIDOS, orgao_b.agente(A.DESTINATARIO))  # a new status, a new deadline
    assert aviso_de_cancelamento.avisar().tramites == 0  # the new deadline is 8 days away
    sete_dias_depois = timezone.now() + datetime.timedelta(days=PRAZO - 1, hours=2)
    assert aviso_de_cancelamento.avisar(sete_dias_depois).tramites == 1
    assert len(mail.outbox) == 2 and S.METADADOS_RECEBIDO_DESTINATARIO.rotulo_com_numero in mail.outbox[1].body


def test_antecedencia_vem_do_parametro(orgao_a, orgao_b, gestores_a):
    parametros.alterar(Parametro.objects.get(chave="dias_aviso_cancelamento"), "3")
    dentro = _em(S.INICIADO, orgao_a, orgao_b, PRAZO - 3, horas=1)
    fora = _em(S.INICIADO, orgao_a, orgao_b, PRAZO - 4)
    assert aviso_de_cancelamento.avisar().tramites == 1
    assert f"IDT {dentro.idt} " in mail.outbox[0].body and f"IDT {fora.idt} " not in mail.outbox[0].body


def test_falha_no_envio_nao_marca_e_a_proxima_execucao_avisa(orgao_a, orgao_b, gestores_a, settings):
    tramite = _em(S.INICIADO, orgao_a, orgao_b, PRAZO - 1, horas=2)
    settings.EMAIL_BACKEND = "tests.tramites.tarefas.test_aviso.BackendQueFalha"
    with pytest.raises(ConnectionRefusedError):
        aviso_de_cancelamento.avisar()
    assert Tramite.objects.get(pk=tramite.pk).cancelamento_avisado_em is None
    assert not RegistroDeAuditoria.objects.filter(acao="tramite.aviso_de_cancelamento").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert aviso_de_cancelamento.avisar().tramites == 1


def test_tarefa_avisa_e_depois_o_cancelamento_automatico_cancela(orgao_a, orgao_b, gestores_a):
    tramite = _em(S.INICIADO, orgao_a, orgao_b, PRAZO - 1, horas=2)
    assert avisar_cancelamento_proximo.apply().get() == {"orgaos": 1, "tramites": 1}
    envelhecer(tramite, PRAZO, horas=1)
    assert autocancelamento.cancelar_vencidos().cancelados == 1


class BackendQueFalha:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, mensagens):
        raise ConnectionRefusedError("SMTP fora do ar")
