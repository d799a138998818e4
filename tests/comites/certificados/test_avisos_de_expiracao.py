"""Expiry notices: 60 days before, then every 14 days, after expiry until replaced; never sent twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from comites import tasks
from comites.certificados import services
from comites.certificados.models import AvisoDeExpiracao, Certificado
from portal.models import Parametro, RegistroDeAuditoria
from tests.factories.comites import GestorFactory

pytestmark = pytest.mark.django_db

DIA = datetime.timedelta(days=1)


@pytest.fixture
def certificado(ac, sistema, gestor):
    return services.gerar_certificado(sistema, gestor)[0]


def _vencendo_em(certificado, dias):
    """``agora`` for which the certificate has ``dias`` days left."""
    return certificado.valido_ate - dias * DIA


def test_no_notice_earlier_than_60_days_before_expiry(certificado):
    assert services.avisar_expiracoes(_vencendo_em(certificado, 61)) == 0
    assert mail.outbox == []


def test_first_notice_60_days_before_goes_to_the_orgaos_active_gestores(certificado, gestor, comite):
    outro = GestorFactory(comite=comite).pessoa
    GestorFactory(comite=comite, ativo=False)

    assert services.avisar_expiracoes(_vencendo_em(certificado, 60)) == 1

    (mensagem,) = mail.outbox
    esperados = {p.email_unidade or p.email for p in (gestor, outro)}
    assert set(mensagem.to) == esperados
    assert certificado.sistema.nome in mensagem.subject and "expira em 60 dia(s)" in mensagem.subject
    assert certificado.fingerprint_sha256 in mensagem.body
    aviso = AvisoDeExpiracao.objects.get()
    assert aviso.dias_restantes == 60 and aviso.certificado == certificado
    assert RegistroDeAuditoria.objects.filter(acao="certificado.aviso_de_expiracao").count() == 1


def test_notice_is_not_resent_within_14_days_and_is_repeated_after(certificado):
    inicio = _vencendo_em(certificado, 60)
    services.avisar_expiracoes(inicio)

    assert services.avisar_expiracoes(inicio + DIA) == 0
    assert services.avisar_expiracoes(inicio + 13 * DIA) == 0
    assert services.avisar_expiracoes(inicio + 14 * DIA) == 1
    assert len(mail.outbox) == 2 and AvisoDeExpiracao.objects.count() == 2


def test_notices_continue_after_expiry_until_replaced(certificado, sistema, gestor):
    agora = timezone.now()
    Certificado.objects.filter(pk=certificado.pk).update(valido_ate=agora - 3 * DIA)
    assert services.avisar_expiracoes(agora) == 1
    assert "expirado" in mail.outbox[-1].subject
    assert services.avisar_expiracoes(agora + 14 * DIA) == 1

    services.gerar_certificado(sistema, gestor)  # the replacement

    assert services.avisar_expiracoes(agora + 28 * DIA) == 0
    assert len(mail.outbox) == 2


def test_revoked_certificates_get_no_notice(certificado, gestor):
    services.revogar(certificado, gestor, "superseded")

    assert services.avisar_expiracoes(_vencendo_em(certificado, 30)) == 0


def test_email_subject_and_body_come_from_parametros(certificado):
    Parametro.objects.update_or_create(chave="email_certificado_expiracao_assunto",
                                       defaults={"valor": "Atenção: {{ sistema }} vence em {{ valido_ate }}"})

    services.avisar_expiracoes(_vencendo_em(certificado, 10))

    assert mail.outbox[0].subject.startswith(f"Atenção: {certificado.sistema.nome} vence em ")


def test_beat_task_sends_the_notices(certificado, settings):
    Certificado.objects.filter(pk=certificado.pk).update(valido_ate=timezone.now() + 5 * DIA)

    tasks.avisar_expiracao_certificados.delay()

    assert len(mail.outbox) == 1
    assert "comites-avisar-expiracao-certificados" in settings.CELERY_BEAT_SCHEDULE
