"""Demo data loader and the daily reminder task."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from comites import demo, tasks
from comites.models import Comite, Gestor, Sistema, SolicitacaoDeAcesso, VinculoSistemaComite
from portal.models import Pessoa
from tests.factories.comites import SolicitacaoFactory

pytestmark = pytest.mark.django_db


def test_demo_creates_gestor_of_a_siorg_and_a_non_siorg_comite_and_two_pending_requests_idempotently(capsys):
    resultado = demo.carregar()
    demo.carregar()
    assert resultado == {"email": "gestor@demo.tramita.gov.br", "senha": "Demo-Tramita-2026"}
    gestor = Pessoa.objects.get(email=resultado["email"])
    assert gestor.check_password("Demo-Tramita-2026")
    assert Gestor.objects.filter(pessoa=gestor, ativo=True).count() == 2
    assert Comite.objects.count() == 2
    assert sorted(Comite.objects.values_list("unidade__repositorio__is_siorg", flat=True)) == [False, True]
    pendentes = SolicitacaoDeAcesso.objects.em_aberto()
    assert pendentes.count() == 2
    assert {s.executivo_federal for s in pendentes} == {True, False}
    for sol in pendentes:
        with sol.documento_comprobatorio.open("rb") as arquivo:
            assert arquivo.read(5) == b"%PDF-"
    assert capsys.readouterr().out == ""


def test_demo_registers_the_demo_orgaos_sei_and_links_it_once():
    demo.carregar()
    demo.carregar()

    comite = Comite.objects.get(gestores__pessoa__email="gestor@demo.tramita.gov.br",
                                unidade__repositorio__is_siorg=True)
    sistema = Sistema.objects.get(orgao_responsavel=comite)
    assert sistema.nome == f"{comite.unidade.sigla} - SEI" and sistema.orgao_responsavel == comite
    editavel = Comite.objects.get(unidade__repositorio__is_siorg=False)
    do_editavel = Sistema.objects.get(orgao_responsavel=editavel)
    assert do_editavel.nome == "GOVMG - SEI" and Sistema.objects.count() == 2
    assert sorted(VinculoSistemaComite.objects.values_list("comite_id", "sistema_id")) == sorted(
        [(comite.pk, sistema.pk), (editavel.pk, do_editavel.pk)])


def test_demo_maps_each_comites_units_with_every_mode_a_centralizadora_and_one_drift_entry_once():
    from comites.deriva.models import PendenciaDeEstrutura
    from estrutura import demo as estrutura_demo
    from estrutura.models import ModoDeTramitacao, Unidade

    estrutura_demo.carregar()  # as carregar_demo does (estrutura's demo first)
    demo.carregar()
    demo.carregar()

    for comite in Comite.objects.all():
        mapeadas = Unidade.objects.subarvore(comite.unidade).filter(sistema__orgao_responsavel=comite)
        modos = {ModoDeTramitacao.de_flags(u.permite_envio, u.permite_recebimento) for u in mapeadas}
        assert modos == set(ModoDeTramitacao), comite
        (centralizadora,) = mapeadas.filter(eh_centralizadora=True)
        assert "Protocolo" in centralizadora.nome and 1 <= centralizadora.unidades_atendidas.count() <= 3
    (pendencia,) = PendenciaDeEstrutura.objects.all()
    assert pendencia.aberta and not pendencia.unidade.ativo and pendencia.unidade.sistema is not None
    assert pendencia.comite.unidade.sigla == "GOVMG"


def test_reminder_task_is_scheduled_daily_and_emails_late_requests():
    entrada = django_settings.CELERY_BEAT_SCHEDULE["comites-lembrete-solicitacoes-pendentes"]
    assert entrada["task"] == tasks.lembrar_solicitacoes_pendentes.name
    atrasada = SolicitacaoFactory()
    SolicitacaoDeAcesso.objects.filter(pk=atrasada.pk).update(criado_em=timezone.now() - datetime.timedelta(days=8))
    tasks.lembrar_solicitacoes_pendentes.delay()
    (mensagem,) = mail.outbox
    assert atrasada.protocolo in mensagem.body


def test_purge_of_kept_attachments_is_scheduled_hourly_and_deletes_expired_files(settings, tmp_path, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from comites import anexos
    from tests.factories.comites import PDF_MINIMO

    settings.MEDIA_ROOT = tmp_path
    entrada = django_settings.CELERY_BEAT_SCHEDULE["comites-purgar-anexos-temporarios"]
    assert entrada["task"] == tasks.purgar_anexos_temporarios.name and entrada["schedule"] == 3600.0
    recente = anexos.guardar(SimpleUploadedFile("a.pdf", PDF_MINIMO))
    assert tasks.purgar_anexos_temporarios.delay().get() == 0
    assert anexos.recuperar(recente) is not None
    monkeypatch.setattr(anexos, "VALIDADE", -1)
    assert tasks.purgar_anexos_temporarios.delay().get() == 1
    assert list((tmp_path / anexos.PASTA).iterdir()) == []
