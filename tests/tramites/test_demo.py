"""The demo loader creates trâmites in every outcome through the services, and can run twice."""

import pytest

from portal.models import RegistroDeAuditoria
from tramites import demo
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Tramite

pytestmark = pytest.mark.django_db


def test_demo_cria_tramites_em_cada_desfecho_de_forma_idempotente():
    demo.carregar()
    total, historico = Tramite.objects.count(), HistoricoDeStatus.objects.count()
    demo.carregar()
    assert (Tramite.objects.count(), HistoricoDeStatus.objects.count()) == (total, historico) == (9, 9 + 24)
    status = sorted(Tramite.objects.values_list("status", flat=True))
    assert status == [1, 2, 4, 6, 6, 7, 8, 9, 10]
    assert {sm.como_status(s).grupo for s in status} == set(sm.Grupo)
    ida, volta = Tramite.objects.filter(protocolo="19975.000104/2026-72").order_by("idt")
    assert ida.nre == volta.nre and ida.unidade_remetente == volta.unidade_destinatario
    assert ida.comite_remetente != ida.comite_destinatario and ida.sistema_destinatario is not None
    assert RegistroDeAuditoria.objects.filter(acao="tramite.cancelamento").count() == 1
    assert Tramite.objects.get(status=sm.Status.RECUSADO).recusa_motivo == "01"


def test_demo_spreads_its_trames_over_past_days_with_two_stuck_but_none_due_for_autocancel():
    from django.utils import timezone

    from tramites.alertas import parados
    from tramites.services import autocancelamento

    demo.carregar()
    parados_da_demo = sorted(parados(3).values_list("status", flat=True))
    assert parados_da_demo == [sm.Status.COMPONENTES_ENVIADOS_REMETENTE, sm.Status.RECUSADO]
    assert not autocancelamento.vencidos(autocancelamento.limite_do_prazo(dias=8)).exists()
    agora = timezone.now()
    idades = sorted((agora - t.criado_em).days for t in Tramite.objects.all())
    assert idades[0] == 0 and 15 <= idades[-1] < 30  # a spread, all within the Painel's default 30 days
    for tramite in Tramite.objects.select_related("registro"):
        momentos = list(tramite.historico.order_by("pk").values_list("momento", flat=True))
        assert momentos == sorted(momentos) and momentos[0] >= tramite.criado_em
        assert momentos[-1] == tramite.status_desde
        assert tramite.registro.criado_em <= tramite.criado_em
