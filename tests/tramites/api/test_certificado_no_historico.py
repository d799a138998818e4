"""Each history row a system causes names the client certificate it authenticated with; the Painel's detail
shows it as the side's "Tipo de autenticação" (spec §8.4)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import entrar
from tests.factories.certificados import cabecalhos, emitir
from tests.factories.comites import GestorFactory
from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus

from .conftest import API

pytestmark = pytest.mark.django_db


def test_the_receiver_s_certificate_is_recorded_and_shown(proxy_confiavel, orgao_a, orgao_b, client):
    certificado, pem = emitir(orgao_b.sistema)
    tramite = levar_a(enviar(orgao_a, orgao_b), sm.Status.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    assert Client(**cabecalhos(pem)).get(f"{API}tramites/{tramite.idt}").status_code == 200
    leitura = HistoricoDeStatus.objects.get(tramite=tramite, evento=sm.Evento.METADADOS_OBTIDOS.value)
    assert leitura.certificado_id == certificado.pk
    criacao = HistoricoDeStatus.objects.get(tramite=tramite, evento=sm.Evento.ENVIO.value)
    assert criacao.certificado_id is None  # created by the factory, not through the API
    gestor = GestorFactory(comite=orgao_a.comite).pessoa
    html = entrar(client, gestor).get(reverse("tramites:tramite", args=[tramite.idt])).content.decode()
    assert certificado.fingerprint_sha256 in html and certificado.common_name in html
