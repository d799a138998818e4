"""The auto-cancel task's ``agora``: the deadline measured from a later moment (the mtls leg's auto-cancel
scenario runs it so), never by the beat."""

import datetime

import pytest
from django.utils import timezone

from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.tarefas.autocancelamento import cancelar_vencidos

S = sm.Status
pytestmark = pytest.mark.django_db
PRAZO = 8


def test_a_fresh_tramite_is_cancelled_only_when_agora_is_past_its_deadline(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    assert cancelar_vencidos.apply().get() == {"cancelados": 0, "lotes": 0}
    cedo = (timezone.now() + datetime.timedelta(days=PRAZO - 1)).isoformat()
    assert cancelar_vencidos.apply(kwargs={"agora": cedo}).get()["cancelados"] == 0
    tarde = (timezone.now() + datetime.timedelta(days=PRAZO, minutes=1)).isoformat()
    assert cancelar_vencidos.apply(kwargs={"agora": tarde}).get()["cancelados"] == 1
    assert Tramite.objects.get(pk=tramite.pk).status == S.CANCELADO_AUTOMATICAMENTE


def test_agora_without_an_offset_is_refused(orgao_a, orgao_b):
    with pytest.raises(ValueError, match="fuso horário"):
        cancelar_vencidos.apply(kwargs={"agora": "2030-01-01T00:00:00"}).get()
