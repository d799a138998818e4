"""A certificate seen from two client addresses within a day: marked, shown on the SPE's pages, and the
órgão's gestores e-mailed at most once a day (two installations sharing a certificate, spec §14)."""

import datetime

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from comites.certificados import services
from comites.certificados.models import Certificado
from portal.models import RegistroDeAuditoria
from tests.factories.certificados import cabecalhos, emitir

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)


@pytest.fixture
def certificado(sistema, gestor):
    return emitir(sistema)[0]


def usar(certificado, endereco, quando=None):
    """``registrar_uso`` and what it leaves for the commit (the e-mail), as outside a test transaction."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.registrar_uso(certificado, endereco, quando)


def _recarregar(certificado) -> Certificado:
    return Certificado.objects.get(pk=certificado.pk)


def test_two_addresses_within_a_day_mark_the_certificate_and_email_the_gestores_once(certificado, gestor):
    inicio = timezone.now() - 3 * H
    usar(certificado, "192.0.2.10", inicio)
    usar(certificado, "198.51.100.7", inicio + 2 * H)

    c = _recarregar(certificado)
    assert c.uso_compartilhado_em == inicio + 2 * H and c.uso_compartilhado_recente
    assert (c.uso_anterior_endereco, c.uso_anterior_em) == ("192.0.2.10", inicio)
    assert (c.ultimo_uso_endereco, c.ultimo_uso_em) == ("198.51.100.7", inicio + 2 * H)
    (mensagem,) = mail.outbox
    assert mensagem.to == [gestor.email_unidade or gestor.email]
    assert "dois endereços" in mensagem.subject
    assert "192.0.2.10" in mensagem.body and "198.51.100.7" in mensagem.body
    assert certificado.fingerprint_sha256 in mensagem.body
    assert RegistroDeAuditoria.objects.filter(acao="certificado.uso_compartilhado").count() == 1

    usar(certificado, "192.0.2.10", inicio + 3 * H)  # back and forth, same day
    assert len(mail.outbox) == 1


def test_the_email_is_repeated_the_next_day_while_the_sharing_goes_on(certificado):
    inicio = timezone.now() - 30 * H
    usar(certificado, "192.0.2.10", inicio)
    usar(certificado, "198.51.100.7", inicio + H)
    usar(certificado, "192.0.2.10", inicio + 25 * H)  # 24 h after the first e-mail
    usar(certificado, "198.51.100.7", inicio + 26 * H)
    assert len(mail.outbox) == 2


def test_a_move_to_a_new_address_after_more_than_a_day_is_not_sharing(certificado):
    inicio = timezone.now() - 50 * H
    usar(certificado, "192.0.2.10", inicio)
    usar(certificado, "198.51.100.7", inicio + 25 * H)

    c = _recarregar(certificado)
    assert c.uso_compartilhado_em is None and not c.uso_compartilhado_recente
    assert c.uso_anterior_endereco == "192.0.2.10"  # still shown as the previous address
    assert mail.outbox == []


def test_the_same_address_again_is_not_sharing(certificado):
    usar(certificado, "192.0.2.10", timezone.now() - H)
    usar(certificado, "192.0.2.10")
    assert _recarregar(certificado).uso_compartilhado_em is None and mail.outbox == []


def test_requests_through_the_proxy_from_two_client_addresses_raise_the_warning(proxy_confiavel, certificado):
    pem = certificado.certificado_pem
    with TestCase.captureOnCommitCallbacks(execute=True):
        Client(**cabecalhos(pem, cliente="192.0.2.10")).get("/interoperabilidade/rest/v3/especies")
        Client(**cabecalhos(pem, cliente="198.51.100.7")).get("/interoperabilidade/rest/v3/especies")

    assert _recarregar(certificado).uso_compartilhado_recente
    assert len(mail.outbox) == 1
    registro = RegistroDeAuditoria.objects.get(acao="certificado.uso_compartilhado")
    assert (registro.origem, registro.perfil, registro.ip) == ("api", "SPE MGI - SEI", "198.51.100.7")


def test_certificates_page_and_comite_page_show_the_warning_with_addresses_and_times(
        certificado, sistema, client_gestor):
    momento = timezone.now() - 2 * H
    usar(certificado, "192.0.2.10", momento)
    usar(certificado, "198.51.100.7", momento + H)

    html = client_gestor.get(reverse("certificados:lista", args=[sistema.pk])).content.decode()
    assert "Certificado usado a partir de dois endereços" in html
    assert "192.0.2.10" in html and "198.51.100.7" in html
    assert timezone.localtime(momento).strftime("%d/%m/%Y %H:%M") in html
    comite = client_gestor.get(reverse("comites:comite_detalhe", args=[sistema.orgao_responsavel_id]))
    assert "Certificado usado a partir de dois endereços" in comite.content.decode()


def test_no_warning_without_sharing_and_after_the_warning_period(certificado, sistema, client_gestor):
    usar(certificado, "192.0.2.10")
    url = reverse("certificados:lista", args=[sistema.pk])
    assert "dois endereços" not in client_gestor.get(url).content.decode()

    antigo = timezone.now() - datetime.timedelta(days=8)
    Certificado.objects.filter(pk=certificado.pk).update(
        uso_compartilhado_em=antigo, uso_anterior_endereco="198.51.100.7", uso_anterior_em=antigo,
    )
    assert "Certificado usado a partir de dois endereços" not in client_gestor.get(url).content.decode()
